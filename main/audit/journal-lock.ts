/**
 * A lock file beside the journal, so the console and a CLI run appending to the same journal keep one
 * chain. A lock whose owner process is gone is taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';

const retryMs = 5;

/** Takes `<path>`, waiting up to `timeoutMs`; resolves to the release function. */
export async function acquireLock(path: string, timeoutMs = 10_000): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await ownerIsGone(path)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`the journal lock ${path} is held by another process`);
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}

async function ownerIsGone(path: string): Promise<boolean> {
  const pid = Number(await readFile(path, 'utf8').catch(() => ''));
  // An empty file is a lock being written right now: not stale.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
