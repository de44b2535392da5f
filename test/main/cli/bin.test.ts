/**
 * The bundled CLI as the package ships it (scripts/build-cli.mjs, built privately): it runs on its own (no
 * node_modules beside it), says the same as the sources under tsx, and keeps its V8 code cache per user and command.
 */
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandKey, compileCacheDir } from '../../../main/cli/compile-cache';
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

  it('runs a call command\'s code (cli-core, the contract, ldapts) from its one script', async () => {
    const run = await runEnclave(['tenant', 'show', '--tenant', 'Acme', '--json'], { ENCLAVE_DATA_DIR: folder }, { bundle });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr)).toMatchObject({ error: { kind: 'invalid-input', message: expect.stringContaining('--url and --bind-dn') } });
  });

  it("keeps a code cache per command in the user's cache folder, made by the command's first run and used after", async () => {
    const cacheHome = path.join(folder, 'cache-home');
    const cache = compileCacheDir({ XDG_CACHE_HOME: cacheHome }, '/nowhere', 'linux');
    expect(cache).toBe(path.join(cacheHome, 'enclave', 'compile-cache'));
    const first = await runEnclave(['tenant', 'show', '--help'], { XDG_CACHE_HOME: cacheHome }, { bundle });
    expect(first.code).toBe(0);
    const files = await readdir(cache);
    expect(files).toEqual([expect.stringMatching(/^[0-9a-f]{24}-tenant\+show\+--help\.v8cache$/)]);
    const file = path.join(cache, files[0] ?? '');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const made = (await stat(file)).mtimeMs;
    // A second run takes the cache as it is (V8 accepted it, so it is not written again) and says the same.
    const second = await runEnclave(['tenant', 'show', '--help'], { XDG_CACHE_HOME: cacheHome }, { bundle });
    expect(second).toEqual(first);
    expect((await stat(file)).mtimeMs).toBe(made);
    // Another command gets a cache of its own.
    await runEnclave(['--help'], { XDG_CACHE_HOME: cacheHome }, { bundle });
    expect(await readdir(cache)).toHaveLength(2);
    // A run that fails (here before connecting: no connection options) leaves none: it ran little of its command.
    const failed = await runEnclave(['tenant', 'show', '--tenant', 'Acme', '--json'], { XDG_CACHE_HOME: cacheHome, ENCLAVE_DATA_DIR: folder }, { bundle });
    expect(failed.code).toBe(2);
    expect(await readdir(cache)).toHaveLength(2);
  });

  it('runs the same with a damaged or foreign cache, which V8 refuses and the run replaces', async () => {
    const cacheHome = path.join(folder, 'cache-damaged');
    const first = await runEnclave(['--help'], { XDG_CACHE_HOME: cacheHome }, { bundle });
    const cache = compileCacheDir({ XDG_CACHE_HOME: cacheHome }, '/nowhere', 'linux');
    const [name] = await readdir(cache);
    const file = path.join(cache, name ?? '');
    for (const planted of [Buffer.from('not a code cache'), await readFile(path.join(folder, 'elsewhere', 'enclave.cjs'))]) {
      await writeFile(file, planted);
      const run = await runEnclave(['--help'], { XDG_CACHE_HOME: cacheHome }, { bundle });
      expect(run).toEqual(first);
      expect((await readFile(file)).equals(planted)).toBe(false);
    }
  });

  it('runs without a cache when NODE_DISABLE_COMPILE_CACHE is set, and writes none', async () => {
    const cacheHome = path.join(folder, 'cache-off');
    const run = await runEnclave(['--help'], { XDG_CACHE_HOME: cacheHome, NODE_DISABLE_COMPILE_CACHE: '1' }, { bundle });
    expect(run.code).toBe(0);
    await expect(readdir(compileCacheDir({ XDG_CACHE_HOME: cacheHome }, '/nowhere', 'linux'))).rejects.toThrow(/ENOENT/);
  });
});

describe('commandKey()', () => {
  it('keeps the command words and the flags that change its path, not names, files or values', () => {
    expect(commandKey(['import', '--tenant', 'Acme', 'users.csv', '--json'])).toBe('import --json');
    expect(commandKey(['import', 'users.csv', '--dry-run'])).toBe('import --dry-run');
    expect(commandKey(['tenant', 'show', '--tenant', 'Acme'])).toBe('tenant show');
    expect(commandKey(['--help'])).toBe('--help');
    expect(commandKey([])).toBe('none');
    expect(commandKey(['../../etc/passwd'])).toBe('none');
  });
});

describe('compileCacheDir()', () => {
  it('follows each platform\'s per-user cache folder', () => {
    expect(compileCacheDir({}, '/home/ann', 'linux')).toBe('/home/ann/.cache/enclave/compile-cache');
    expect(compileCacheDir({ XDG_CACHE_HOME: 'relative' }, '/home/ann', 'linux')).toBe('/home/ann/.cache/enclave/compile-cache');
    expect(compileCacheDir({}, '/Users/ann', 'darwin')).toBe('/Users/ann/Library/Caches/Enclave/compile-cache');
  });
});
