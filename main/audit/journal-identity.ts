/**
 * A journal's name in the directory's checkpoints: the first 32 hex digits of its first record's hash. It needs
 * no side file (nothing to lose or swap), stays the same for the life of the chain, and a journal replaced by a
 * new one gets a new name, so the old one's checkpoints stand out as a console whose trail is gone.
 */
import { open } from 'node:fs/promises';
import type { JournalLine } from './journal-line';

/** The console id of a journal whose first record has `firstHash`. */
export const consoleIdOf = (firstHash: string): string => firstHash.slice(0, 32);

/** The console id of the journal at `path`, or null while it has no complete record. */
export async function readConsoleId(path: string): Promise<string | null> {
  const handle = await open(path, 'r').catch(() => null);
  if (handle === null) return null;
  try {
    // A first record can be large (a rule change lists every rule): read on until its newline.
    let buffer = Buffer.alloc(0);
    let end = -1;
    while (end < 0) {
      const chunk = Buffer.alloc(Math.max(64 * 1024, buffer.length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, buffer.length);
      if (bytesRead === 0) return null;
      buffer = Buffer.concat([buffer, chunk.subarray(0, bytesRead)]);
      end = buffer.indexOf(0x0a);
    }
    const first = JSON.parse(buffer.toString('utf8', 0, end)) as Partial<JournalLine>;
    return typeof first.hash === 'string' && /^[0-9a-f]{64}$/.test(first.hash) ? consoleIdOf(first.hash) : null;
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}
