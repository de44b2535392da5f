/**
 * Runs the bundled CLI's script (out/cli/enclave.cjs) with a V8 code cache per user and per command. The cache is
 * made at the end of a command's first run, so it holds every function that run compiled: a start then
 * compiles nothing it has run before. (Node's module compile cache, used before, is made right after a module is
 * compiled, when only its top level is: every function called later was compiled again on every start, about a
 * quarter of an import's CPU before its first write; docs/cli.md has the numbers.) The cache is per user (a
 * shared /tmp folder would let another account plant compiled code), named after the script's content, and V8
 * refuses one made by another V8 or for other flags; a refused or unreadable cache only costs speed.
 */
import { isAscii } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import vm from 'node:vm';

/** The per-user cache folder: $XDG_CACHE_HOME/enclave (Linux), ~/Library/Caches/Enclave, %LOCALAPPDATA%\Enclave. */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir(), platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'Enclave', 'compile-cache');
  if (platform === 'win32') return join(env['LOCALAPPDATA'] || join(home, 'AppData', 'Local'), 'Enclave', 'compile-cache');
  const xdgCacheHome = env['XDG_CACHE_HOME'];
  return join(xdgCacheHome && isAbsolute(xdgCacheHome) ? xdgCacheHome : join(home, '.cache'), 'enclave', 'compile-cache');
}

/** Flags that take a command down a different path than the same command without them. */
const pathFlags = ['--help', '-h', '--dry-run', '--resume', '--json'];

/**
 * What a command's cache is kept under: its words (the first two arguments that look like command words) and the
 * flags above. Other arguments (names, files, values) do not change what code runs.
 */
export function commandKey(args: readonly string[]): string {
  const words: string[] = [];
  for (const arg of args.slice(0, 2)) {
    if (!/^[a-z][a-z-]{0,30}$/.test(arg)) break;
    words.push(arg);
  }
  const flags = pathFlags.filter((flag) => args.includes(flag));
  return [...words, ...flags].join(' ') || 'none';
}

/** The cache file of `script` (its content's hash) for `args`' command, in `folder` (the key is letters, dashes and spaces). */
export function scriptCacheFile(folder: string, scriptId: string, args: readonly string[]): string {
  return join(folder, `${scriptId}-${commandKey(args).replaceAll(' ', '+')}.v8cache`);
}

/**
 * Runs `file`, a CommonJS script, in this process. `scriptId` names its content (the build's hash of it). The
 * code cache is read from, and after a successful run without a usable one written to, the user's cache folder,
 * unless NODE_DISABLE_COMPILE_CACHE is set.
 */
export function runCachedScript(file: string, scriptId: string, args: readonly string[], folder: string = compileCacheDir()): void {
  const useCache = !process.env['NODE_DISABLE_COMPILE_CACHE'];
  const cacheFile = scriptCacheFile(folder, scriptId, args);
  let cachedData: Buffer | undefined;
  if (useCache) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // None yet: this run makes it.
    }
  }
  // The build keeps the script ASCII: read as such it is copied into a one-byte string instead of decoded.
  const bytes = readFileSync(file);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  if (useCache && (!cachedData || script.cachedDataRejected === true)) {
    // At exit every function the command ran is compiled, so the cache holds them all. Only a run that succeeded:
    // one that stopped early (no connection, a wrong option) would leave a cache without the command's work, and a
    // cache V8 accepts is never made again.
    process.once('exit', (code) => {
      if (code === 0) saveCache(script, folder, cacheFile, scriptId);
    });
  }
  const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  const module = { exports: {} };
  run(module.exports, createRequire(file), module, file, dirname(file));
}

/** Writes the cache (a new file moved into place, owner-only) and removes caches of other builds of the script. */
function saveCache(script: vm.Script, folder: string, cacheFile: string, scriptId: string): void {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    renameSync(temporary, cacheFile);
    for (const name of readdirSync(folder)) {
      if (name.endsWith('.v8cache') && !name.startsWith(`${scriptId}-`)) rmSync(join(folder, name), { force: true });
    }
  } catch {
    // An unwritable cache folder: the next run compiles again.
  }
}
