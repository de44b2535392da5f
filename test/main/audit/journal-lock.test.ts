/** The journal lock against real processes: a holder killed while holding it, a live holder, empty and garbled lock files. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../../../main/audit/journal-lock';

let folder: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-lock-'));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(folder, { recursive: true, force: true });
});

/** A separate process that takes the lock and keeps it; resolves once it holds it. */
function holdInChild(lockPath: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/harness/journal-lock-holder.ts'), lockPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (data: Buffer) => {
      if (data.toString().includes('locked')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`the lock holder exited early (${code})`)));
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.on('exit', () => resolve())));

describe('acquireLock', () => {
  it('names a live holder and waits for it, then takes over once that process is killed', async () => {
    const lockPath = path.join(folder, 'killed.lock');
    const child = await holdInChild(lockPath);
    const holder = JSON.parse(await readFile(lockPath, 'utf8')) as { pid: number; host: string; processStart: string | null; since: string };
    expect(holder).toMatchObject({ pid: child.pid, host: hostname() });
    expect(holder.processStart).not.toBeNull();
    await expect(acquireLock(lockPath, { timeoutMs: 200 })).rejects.toThrow(new RegExp(`held by process ${child.pid} on ${hostname()}`));

    child.kill('SIGKILL');
    await exited(child);
    // The lock file is still there, naming a process that is gone: taken over, not waited for.
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: child.pid });
    const release = await acquireLock(lockPath, { timeoutMs: 200 });
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: process.pid });
    await release();
    expect(await readdir(folder)).not.toContain('killed.lock');
  });

  it('takes over a pid that now belongs to another process (the holder died and the pid was reused)', async () => {
    const lockPath = path.join(folder, 'reused.lock');
    // This test's own pid, but with a start time that is not this process's: a holder that is long gone.
    await writeFile(lockPath, JSON.stringify({ pid: process.pid, host: hostname(), processStart: '1', since: '2020-01-01T00:00:00Z', token: 'old' }));
    const release = await acquireLock(lockPath, { timeoutMs: 200 });
    await release();
  });

  it('takes over an empty or garbled lock file once it is older than the grace period, not before', async () => {
    for (const [name, content] of [['empty.lock', ''], ['garbled.lock', '{"pid":']] as const) {
      const lockPath = path.join(folder, name);
      await writeFile(lockPath, content);
      await expect(acquireLock(lockPath, { timeoutMs: 100, garbledGraceMs: 60_000 })).rejects.toThrow(/held by another process/);
      const old = new Date(Date.now() - 120_000);
      await utimes(lockPath, old, old);
      const release = await acquireLock(lockPath, { timeoutMs: 200, garbledGraceMs: 60_000 });
      await release();
    }
  });

  it('never takes over a lock held by a process on another host (a shared folder): it names it instead', async () => {
    const lockPath = path.join(folder, 'remote.lock');
    await writeFile(lockPath, JSON.stringify({ pid: 1, host: 'elsewhere.example', processStart: null, since: '2020-01-01T00:00:00Z', token: 'remote' }));
    await expect(acquireLock(lockPath, { timeoutMs: 100 })).rejects.toThrow(/held by process 1 on elsewhere\.example/);
    await rm(lockPath);
  });

  it('lets one of several processes in at a time and leaves no lock or temporary file behind', async () => {
    const lockPath = path.join(folder, 'busy.lock');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const release = await acquireLock(lockPath);
        inside += 1;
        most = Math.max(most, inside);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inside -= 1;
        await release();
      }),
    );
    expect(most).toBe(1);
    expect((await readdir(folder)).filter((name) => name.startsWith('busy.lock'))).toEqual([]);
  });
});
