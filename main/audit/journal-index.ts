/**
 * The journal's sidecar time index (`<journal>.idx`): one line per 10-minute bucket that holds records,
 * giving the byte offset of the bucket's first record. A cache only: rebuilt from the journal when it
 * is missing or does not fit, never trusted for anything but where to start reading.
 */
import { createReadStream } from 'node:fs';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** Bucket width. */
export const bucketMs = 10 * 60_000;

export interface IndexEntry {
  /** Bucket start, ms since the epoch. */
  b: number;
  /** Byte offset of the bucket's first record. */
  o: number;
}

export const bucketOf = (time: string): number => Math.floor(Date.parse(time) / bucketMs) * bucketMs;

export const indexPathOf = (journalPath: string): string => `${journalPath}.idx`;

/** Notes a record written at `offset` when it opens a new bucket (the previous record's time is `previousTime`). */
export async function noteInIndex(journalPath: string, offset: number, time: string, previousTime: string | null): Promise<void> {
  if (previousTime !== null && bucketOf(previousTime) === bucketOf(time) && offset > 0) return;
  const entry: IndexEntry = { b: bucketOf(time), o: offset };
  await appendFile(indexPathOf(journalPath), `${JSON.stringify(entry)}\n`, { mode: 0o600 });
}

/** The index entries in journal order, rebuilt first when the file is missing or points past the journal. */
export async function loadIndex(journalPath: string): Promise<IndexEntry[]> {
  const size = await stat(journalPath).then((info) => info.size, () => 0);
  if (size === 0) return [];
  const raw = await readFile(indexPathOf(journalPath), 'utf8').catch(() => null);
  const entries = raw === null ? null : parseIndex(raw);
  const last = entries?.[entries.length - 1];
  if (entries !== null && entries.length > 0 && entries[0]?.o === 0 && last !== undefined && last.o < size) return entries;
  return rebuildIndex(journalPath);
}

function parseIndex(raw: string): IndexEntry[] | null {
  const entries: IndexEntry[] = [];
  for (const line of raw.split('\n')) {
    if (line === '') continue;
    try {
      const entry = JSON.parse(line) as IndexEntry;
      if (!Number.isSafeInteger(entry.b) || !Number.isSafeInteger(entry.o)) return null;
      if (entries.length > 0 && entry.o <= (entries[entries.length - 1]?.o ?? -1)) return null;
      entries.push(entry);
    } catch {
      return null;
    }
  }
  return entries;
}

/** Scans the whole journal once and writes a fresh index. */
export async function rebuildIndex(journalPath: string): Promise<IndexEntry[]> {
  const entries: IndexEntry[] = [];
  let offset = 0;
  let lastBucket: number | null = null;
  const lines = createInterface({ input: createReadStream(journalPath), crlfDelay: Infinity });
  for await (const line of lines) {
    const time = /"time":"([^"]+)"/.exec(line)?.[1];
    if (time !== undefined) {
      const bucket = bucketOf(time);
      if (bucket !== lastBucket) entries.push({ b: bucket, o: offset });
      lastBucket = bucket;
    }
    offset += Buffer.byteLength(line) + 1;
  }
  await writeFile(indexPathOf(journalPath), entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''), { mode: 0o600 });
  return entries;
}

/** Offset at which reading backwards can stop for records at or after `since`. */
export function offsetForSince(entries: IndexEntry[], since: string): number {
  const bucket = bucketOf(since);
  let found = 0;
  for (const entry of entries) {
    if (entry.b > bucket) break;
    found = entry.o;
  }
  return found;
}

/** Offset from which reading backwards finds every record before `until` (exclusive). */
export function offsetForUntil(entries: IndexEntry[], until: string, size: number): number {
  const limit = Date.parse(until);
  return entries.find((entry) => entry.b >= limit)?.o ?? size;
}
