/**
 * V8's compile cache for the bundled CLI (Node 22.1+): the second start reuses the compiled code of the chunks it
 * loads instead of parsing a megabyte of JavaScript again (docs/cli.md has the numbers). The cache is per user
 * (a shared /tmp folder would let another account plant compiled code), and is skipped on older Node.
 */
import nodeModule from 'node:module';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** The per-user cache folder: $XDG_CACHE_HOME/enclave (Linux), ~/Library/Caches/Enclave, %LOCALAPPDATA%\Enclave. */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir(), platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'Enclave', 'compile-cache');
  if (platform === 'win32') return join(env['LOCALAPPDATA'] || join(home, 'AppData', 'Local'), 'Enclave', 'compile-cache');
  const xdgCacheHome = env['XDG_CACHE_HOME'];
  return join(xdgCacheHome && isAbsolute(xdgCacheHome) ? xdgCacheHome : join(home, '.cache'), 'enclave', 'compile-cache');
}

/** Turns the cache on for every module loaded from now on; a failure only costs speed. */
export function enableCompileCache(): void {
  const enable = (nodeModule as { enableCompileCache?: (directory?: string) => unknown }).enableCompileCache;
  if (typeof enable !== 'function' || process.env['NODE_DISABLE_COMPILE_CACHE']) return;
  try {
    enable(compileCacheDir());
  } catch {
    // An unwritable home folder: run uncached.
  }
}
