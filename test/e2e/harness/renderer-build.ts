/**
 * The e2e suites test the built renderer, never a dev server. `npm test` builds it first; a suite run
 * on its own builds it here when the output is missing.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { rendererOutDir, repoRoot } from './repo-paths';

const run = promisify(execFile);

/** Build out/renderer unless it already holds an index.html; returns the folder. */
export async function ensureRendererBuilt(): Promise<string> {
  if (existsSync(join(rendererOutDir, 'index.html'))) return rendererOutDir;
  try {
    await run('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts'], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`Building the renderer failed:\n${stdout}\n${stderr}`);
  }
  if (!existsSync(join(rendererOutDir, 'index.html'))) throw new Error(`The renderer build wrote no ${rendererOutDir}index.html`);
  return rendererOutDir;
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
