/**
 * The bundled CLI as the package ships it (scripts/build-cli.mjs, built privately): it runs on its own (no
 * node_modules beside it), says the same as the sources under tsx, and keeps V8's compile cache per user.
 */
import { cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCacheDir } from '../../../main/cli/compile-cache';
import { buildCliBundle, runEnclave } from './run-enclave';

let folder: string;
let bundle: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-cli-bin-'));
  const built = path.join(folder, 'built');
  buildCliBundle(built);
  // Copied far from the repository: nothing may be resolved from node_modules at run time.
  await cp(built, path.join(folder, 'elsewhere'), { recursive: true });
  bundle = path.join(folder, 'elsewhere', 'enclave.mjs');
}, 60_000);
afterAll(async () => rm(folder, { recursive: true, force: true }));

describe('out/cli/enclave.mjs', () => {
  it('is the package\'s bin, built by npm run build', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.bin).toEqual({ enclave: 'out/cli/enclave.mjs' });
    expect(pkg.scripts['build']).toContain('npm run build:cli');
    expect(pkg.scripts['build:cli']).toBe('node scripts/build-cli.mjs');
  });

  it('is an executable Node script', async () => {
    expect((await readFile(bundle, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect((await stat(bundle)).mode & 0o111).toBe(0o111);
  });

  it('runs --help with no node_modules around it and prints what npm run enclave prints', async () => {
    const fromBundle = await runEnclave(['--help'], {}, { bundle });
    expect(fromBundle).toMatchObject({ code: 0, stderr: '' });
    expect(fromBundle.stdout).toMatch(/^Usage: enclave COMMAND/);
    const fromSources = await runEnclave(['--help']);
    expect(fromBundle.stdout).toBe(fromSources.stdout);
    const commandHelp = await runEnclave(['mailbox', 'create', '--help'], {}, { bundle });
    expect(commandHelp.stdout).toContain('--new-password-file FILE');
  });

  it('runs a call command\'s code (cli-core, the contract, ldapts) from its own chunks', async () => {
    const run = await runEnclave(['tenant', 'show', '--tenant', 'Acme', '--json'], { ENCLAVE_DATA_DIR: folder }, { bundle });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr)).toMatchObject({ error: { kind: 'invalid-input', message: expect.stringContaining('--url and --bind-dn') } });
  });

  const hasCompileCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  if (!hasCompileCache) console.log(`bin.test: Node ${process.version} has no module.enableCompileCache; the compile-cache test is skipped.`);
  it.skipIf(!hasCompileCache)('keeps the compile cache in the user\'s cache folder', async () => {
    const cacheHome = path.join(folder, 'cache-home');
    const run = await runEnclave(['tenant', 'show', '--help'], { XDG_CACHE_HOME: cacheHome }, { bundle });
    expect(run.code).toBe(0);
    const cache = compileCacheDir({ XDG_CACHE_HOME: cacheHome }, '/nowhere', 'linux');
    expect(cache).toBe(path.join(cacheHome, 'enclave', 'compile-cache'));
    expect((await readdir(cache)).length).toBeGreaterThan(0);
  });
});

describe('compileCacheDir()', () => {
  it('follows each platform\'s per-user cache folder', () => {
    expect(compileCacheDir({}, '/home/ann', 'linux')).toBe('/home/ann/.cache/enclave/compile-cache');
    expect(compileCacheDir({ XDG_CACHE_HOME: 'relative' }, '/home/ann', 'linux')).toBe('/home/ann/.cache/enclave/compile-cache');
    expect(compileCacheDir({}, '/Users/ann', 'darwin')).toBe('/Users/ann/Library/Caches/Enclave/compile-cache');
  });
});
