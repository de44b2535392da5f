/**
 * A lock file beside the journal, so the console and a CLI run appending to the same journal keep one
 * chain. The file names its holder (pid, host, the process's start, a random token) and appears whole:
 * it is written under a temporary name and linked into place, so no holder ever leaves an empty lock. A lock
 * left by a holder that is gone (same host, no such process, or the pid now belongs to a newer process) or an
 * empty or garbled one older than a few seconds (older versions, a crash mid-write) is taken over: renamed
 * aside first, so of two processes taking over the same stale lock only one succeeds.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';

const retryMs = 5;

/** Who holds a lock, as written in the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  /** The holder process's start (Linux: clock ticks after boot from /proc), telling a reused pid apart. */
  processStart: string | null;
  /** When the lock was taken (ISO 8601). */
  since: string;
  token: string;
}

export interface LockOptions {
  /** How long to wait for a live holder. */
  timeoutMs?: number;
  /** An unreadable lock file younger than this may be one being written right now (older versions): wait. */
  garbledGraceMs?: number;
}

/** Takes `path`, waiting up to `timeoutMs`; resolves to the release function. */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const garbledGraceMs = options.garbledGraceMs ?? 3_000;
  const deadline = Date.now() + timeoutMs;
  const holder: LockHolder = { pid: process.pid, host: hostname(), processStart: processStart(process.pid), since: new Date().toISOString(), token: randomUUID() };
  for (;;) {
    if (await tryCreate(path, holder)) return () => release(path, holder.token);
    const judged = await judge(path, garbledGraceMs);
    if (judged.state === 'gone') continue;
    if (judged.state === 'stale') {
      await takeOver(path, judged.ino);
      continue;
    }
    if (Date.now() > deadline) {
      const who = judged.holder ? `process ${judged.holder.pid} on ${judged.holder.host} since ${judged.holder.since}` : 'another process';
      throw new Error(`the journal lock ${path} is held by ${who}`);
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}

/** Creates the lock whole: written under a private name, then linked to `path` (fails if it exists). */
async function tryCreate(path: string, holder: LockHolder): Promise<boolean> {
  const temporary = `${path}.${holder.token}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(holder), { flag: 'wx', mode: 0o600 });
    try {
      await link(temporary, path);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      // Filesystems without hard links: exclusive create, then the content (a crash in between leaves an
      // empty lock, which the next process takes over after the grace period).
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EOPNOTSUPP') return await createInPlace(path, holder);
      throw error;
    }
  } finally {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}

async function createInPlace(path: string, holder: LockHolder): Promise<boolean> {
  try {
    await writeFile(path, JSON.stringify(holder), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

type Judgement = { state: 'gone' } | { state: 'stale'; ino: number } | { state: 'held'; holder: LockHolder | null };

/** Whether the lock at `path` still stands for a live holder. */
async function judge(path: string, garbledGraceMs: number): Promise<Judgement> {
  const info = await stat(path).catch(() => null);
  if (info === null) return { state: 'gone' };
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return { state: 'gone' };
  const holder = parseHolder(text);
  if (holder === null) return Date.now() - info.mtimeMs > garbledGraceMs ? { state: 'stale', ino: info.ino } : { state: 'held', holder: null };
  // A holder on another machine (a shared folder) cannot be checked from here: it is waited for.
  if (holder.host !== hostname()) return { state: 'held', holder };
  return isAlive(holder) ? { state: 'held', holder } : { state: 'stale', ino: info.ino };
}

function parseHolder(text: string): LockHolder | null {
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isInteger(parsed.pid) || typeof parsed.host !== 'string' || typeof parsed.token !== 'string') return null;
    return { pid: parsed.pid as number, host: parsed.host, processStart: typeof parsed.processStart === 'string' ? parsed.processStart : null, since: String(parsed.since ?? ''), token: parsed.token };
  } catch {
    return null;
  }
}

function isAlive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  // The pid exists: is it still the process that took the lock, or a newer one given the same pid?
  const start = processStart(holder.pid);
  return holder.processStart === null || start === null || start === holder.processStart;
}

/**
 * Moves the stale lock aside (rename is atomic: of two processes only one moves it), then checks it moved the
 * file it judged: if a live process had replaced it in between, that lock is put back.
 */
async function takeOver(path: string, judgedIno: number): Promise<void> {
  const aside = `${path}.stale-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await stat(aside).catch(() => null);
  if (moved !== null && moved.ino !== judgedIno) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

/** Removes the lock if it is still ours. */
async function release(path: string, token: string): Promise<void> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text !== null && parseHolder(text)?.token === token) await unlink(path).catch(() => undefined);
}

/** The process's start time in clock ticks after boot (field 22 of /proc/PID/stat), or null off Linux. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}
