/**
 * The e2e suites test the built renderer, never a dev server. `npm test` builds it first; a suite run on its own
 * builds it here when the output is missing or older than a source it is built from — a suite run alone must never
 * test yesterday's build (it did: every issue-17 check failed against a renderer built before the change). Suites
 * run in parallel workers, so one builds under a lock and the others wait for it, then find the build fresh.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { rendererOutDir, repoRoot } from './repo-paths';

const run = promisify(execFile);

/** What the renderer build reads: its own sources, the shared layer, and the build's configuration. */
const buildInputs = ['renderer', 'shared', 'package-lock.json'];
const lockFile = join(repoRoot, 'out', '.renderer-build.lock');
const lockWaitMs = 300_000;

/** Newest modification time (ms) of any file under the given paths. */
async function newestMtime(paths: readonly string[]): Promise<number> {
  let newest = 0;
  const visit = async (path: string): Promise<void> => {
    const info = await stat(path).catch(() => null);
    if (!info) return;
    if (!info.isDirectory()) {
      newest = Math.max(newest, info.mtimeMs);
      return;
    }
    for (const name of await readdir(path)) if (name !== 'node_modules') await visit(join(path, name));
  };
  for (const path of paths) await visit(join(repoRoot, path));
  return newest;
}

/** Whether out/renderer holds a build made after its newest input changed. */
export async function rendererBuildIsFresh(): Promise<boolean> {
  const built = await stat(join(rendererOutDir, 'index.html')).catch(() => null);
  if (!built) return false;
  return built.mtimeMs >= (await newestMtime(buildInputs));
}

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Takes the build lock, or answers false when another live process holds it (a dead holder's lock is removed). */
async function tryLock(): Promise<boolean> {
  await mkdir(dirname(lockFile), { recursive: true });
  try {
    const handle = await open(lockFile, 'wx');
    await handle.writeFile(String(process.pid));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number(await readFile(lockFile, 'utf8').catch(() => ''));
    if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) return false;
    await rm(lockFile, { force: true });
    return tryLock();
  }
}

/** Build out/renderer unless a build newer than every input is there; returns the folder. */
export async function ensureRendererBuilt(): Promise<string> {
  const deadline = Date.now() + lockWaitMs;
  while (!(await rendererBuildIsFresh())) {
    if (!(await tryLock())) {
      // Another suite is building: wait for its lock to go, then look again.
      if (Date.now() > deadline) throw new Error(`Waited ${lockWaitMs / 1000} s for another renderer build (${lockFile})`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    try {
      if (!(await rendererBuildIsFresh())) await buildRenderer();
    } finally {
      await rm(lockFile, { force: true });
    }
  }
  return rendererOutDir;
}

async function buildRenderer(): Promise<void> {
  try {
    await run('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts'], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`Building the renderer failed:\n${stdout}\n${stderr}`);
  }
  if (!existsSync(join(rendererOutDir, 'index.html'))) throw new Error(`The renderer build wrote no ${rendererOutDir}index.html`);
}

/**
 * What in the built index.html the CSP (`script-src 'self'; style-src 'self'`) would refuse: inline
 * scripts, <style> blocks, style attributes and inline event handlers. Empty when the page is clean.
 */
export async function inlineCodeInBuiltPage(): Promise<string[]> {
  const html = await readFile(join(rendererOutDir, 'index.html'), 'utf8');
  const problems: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const [, attributes = '', body = ''] = match;
    if (!/\bsrc\s*=/.test(attributes) || body.trim() !== '') problems.push(`inline script: ${match[0].slice(0, 120)}`);
  }
  for (const match of html.matchAll(/<style\b[^>]*>/gi)) problems.push(`style element: ${match[0]}`);
  for (const match of html.matchAll(/\sstyle\s*=\s*["']/gi)) problems.push(`style attribute near: ${match.input.slice(match.index, match.index + 80)}`);
  for (const match of html.matchAll(/\son[a-z]+\s*=\s*["']/gi)) problems.push(`event handler attribute near: ${match.input.slice(match.index, match.index + 80)}`);
  return problems;
}
