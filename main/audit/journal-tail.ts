/**
 * The journal's last record, read before each append, and what to do with a torn tail: bytes after the last
 * newline are a record that was never completed (a crash or a full disk mid-write, where the change was never
 * sent). They are never cut silently: they move to a side file `<journal>.torn-<time>` (written and synced
 * first), and `audit verify` and the viewer report every such file.
 */
import { readdir, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { genesisHash, type JournalLine } from './journal-line';

export interface JournalTail {
  seq: number;
  hash: string;
  time: string | null;
}

export const emptyTail: JournalTail = { seq: 0, hash: genesisHash, time: null };

/** The prefix of the side files holding torn tails. */
export const tornPrefix = (journalPath: string): string => `${basename(journalPath)}.torn-`;

/**
 * The last complete line's seq, hash and time, and the journal's size after any torn tail was moved aside.
 * Throws when the last complete line is unreadable (the append must then fail closed).
 */
export async function readTail(handle: FileHandle, journalPath: string): Promise<{ tail: JournalTail; size: number }> {
  let size = (await handle.stat()).size;
  if (size === 0) return { tail: emptyTail, size };
  let chunk = 64 * 1024;
  for (;;) {
    const start = Math.max(0, size - chunk);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    if (buffer[buffer.length - 1] !== 0x0a) {
      const cut = buffer.lastIndexOf(0x0a);
      if (cut < 0 && start > 0) {
        chunk *= 4;
        continue;
      }
      size = await quarantineTail(handle, journalPath, start + cut + 1, buffer.subarray(cut + 1));
      if (size === 0) return { tail: emptyTail, size };
      continue;
    }
    const previousBreak = buffer.lastIndexOf(0x0a, buffer.length - 2);
    if (previousBreak < 0 && start > 0) {
      chunk *= 4;
      continue;
    }
    const last = JSON.parse(buffer.toString('utf8', previousBreak + 1, buffer.length - 1)) as JournalLine;
    if (!Number.isSafeInteger(last.seq) || typeof last.hash !== 'string') throw new Error('the last record of the journal is damaged');
    return { tail: { seq: last.seq, hash: last.hash, time: last.time }, size };
  }
}

/** Moves the torn bytes to a side file, synced, then cuts them from the journal; returns the new size. */
async function quarantineTail(handle: FileHandle, journalPath: string, keep: number, torn: Buffer): Promise<number> {
  const side = join(dirname(journalPath), `${tornPrefix(journalPath)}${new Date().toISOString().replace(/[:.]/g, '-')}-${keep}`);
  await writeFile(side, torn, { flag: 'wx', mode: 0o600, flush: true });
  await handle.truncate(keep);
  await handle.sync();
  return keep;
}

/** A torn tail kept aside, for reports. */
export interface TornTailFile {
  file: string;
  bytes: number;
}

/** The side files holding torn tails of `journalPath`, oldest first. */
export async function tornTailFiles(journalPath: string): Promise<TornTailFile[]> {
  const folder = dirname(journalPath);
  const prefix = tornPrefix(journalPath);
  const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => name.startsWith(prefix)).sort();
  const files: TornTailFile[] = [];
  for (const name of names) {
    const info = await stat(join(folder, name)).catch(() => null);
    if (info?.isFile()) files.push({ file: join(folder, name), bytes: info.size });
  }
  return files;
}
