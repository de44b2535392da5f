/**
 * Settles changes whose result is not known: an outcome recorded as `unknown` (the response was lost and the
 * target could not be read back), or an intent with no outcome at all (the process died after sending). On the
 * next connection of the same identity each is read back again, and what is found is appended as a
 * reconciliation line naming the intent (the journal is append-only). Still unreadable: left for the next time.
 *
 * Only the writer's own changes are reconciled: another identity may not see the same entries, and an entry it
 * cannot see would look deleted. Intents younger than the in-flight horizon may still be on their way (another
 * process): they wait too. A sidecar `<journal>.reconciled` remembers how far the journal was scanned and which
 * intents were still open, so a session does not re-read the whole file (a cache: rebuilt from the start when
 * missing or not fitting the journal).
 */
import { createReadStream } from 'node:fs';
import { open as openFile, readFile, stat, writeFile } from 'node:fs/promises';
import type { AuditJournal } from './audit-journal';
import type { JournalLine } from './journal-line';
import type { ReadBackFinding } from './outcome-read-back';
import { sameDn } from '../directory/dn';

/** An intent this young without outcome may still be in flight (operation timeout, read-back, slack). */
export const inFlightHorizonMs = 5 * 60_000;

export interface ReconcileOptions {
  /** The bind DN of the connection reading back: only its own changes are reconciled. */
  actor: string;
  readBack(line: JournalLine): Promise<ReadBackFinding>;
  /** Default Date.now(), for the in-flight horizon. */
  now?: number;
}

/** What a pass did. */
export interface ReconcileReport {
  settled: { seq: number; finding: 'applied' | 'not-applied' }[];
  stillOpen: number;
}

interface Progress {
  /** Bytes of the journal scanned. */
  offset: number;
  /** Intents not settled before `offset`: where their latest line starts. */
  open: { seq: number; offset: number }[];
}

const progressPath = (journalPath: string) => `${journalPath}.reconciled`;

/** One pass over the part of the journal not scanned yet plus the intents still open. */
export async function reconcileJournal(journal: AuditJournal, options: ReconcileOptions): Promise<ReconcileReport> {
  const size = await stat(journal.path).then((info) => info.size, () => 0);
  const report: ReconcileReport = { settled: [], stillOpen: 0 };
  if (size === 0) return report;
  const progress = await loadProgress(journal.path, size);
  const open = new Map<number, { line: JournalLine; offset: number }>();
  for (const item of progress.open) {
    const line = await lineAt(journal.path, item.offset);
    if (line !== null) open.set(item.seq, { line, offset: item.offset });
  }
  let offset = progress.offset;
  for await (const { line, at } of linesFrom(journal.path, progress.offset, size)) {
    offset = at.end;
    if (line.phase === 'intent') open.set(line.seq, { line, offset: at.start });
    else if (line.result === 'unknown') open.set(line.intentSeq, { line, offset: at.start });
    else open.delete(line.intentSeq);
  }
  const now = options.now ?? Date.now();
  for (const [seq, { line }] of [...open]) {
    const ours = sameActor(line.actor, options.actor);
    const settled = line.phase !== 'intent' || now - Date.parse(line.time) > inFlightHorizonMs;
    if (!ours || !settled) continue;
    const found = await options.readBack(line);
    // No server answers: the rest would only wait for the same timeouts. The next session tries again.
    if (found.unreachable) break;
    if (found.finding === 'unknown') continue;
    const outcome = found.finding === 'applied'
      ? { result: 'ok' as const, error: null }
      : { result: 'failed' as const, error: { kind: line.error?.kind ?? 'connection-lost', ldapCode: null, message: 'Not applied (found on a later connection).' } };
    const why = line.phase === 'intent' ? 'No outcome was recorded (the process ended after sending).' : 'The outcome was unknown.';
    await journal.recordReconciliation(line, { ...outcome, confirmation: { how: 'reconciliation', finding: found.finding, detail: `${why} Read back on a later connection: ${found.detail}` } });
    open.delete(seq);
    report.settled.push({ seq, finding: found.finding });
  }
  report.stillOpen = open.size;
  // Up to what this pass read: lines appended since (its own reconciliations, other processes' writes) come next time.
  await saveProgress(journal.path, { offset, open: [...open.entries()].map(([seq, item]) => ({ seq, offset: item.offset })) });
  return report;
}

function sameActor(a: string, b: string): boolean {
  try {
    return sameDn(a, b);
  } catch {
    return a.toLowerCase() === b.toLowerCase();
  }
}

async function loadProgress(journalPath: string, size: number): Promise<Progress> {
  const fresh: Progress = { offset: 0, open: [] };
  const raw = await readFile(progressPath(journalPath), 'utf8').catch(() => null);
  if (raw === null) return fresh;
  try {
    const parsed = JSON.parse(raw) as Progress;
    const valid = Number.isSafeInteger(parsed.offset) && parsed.offset <= size && Array.isArray(parsed.open) && parsed.open.every((item) => Number.isSafeInteger(item.seq) && Number.isSafeInteger(item.offset) && item.offset < parsed.offset);
    // The scanned part must still end on a line boundary (a journal rolled back or replaced does not).
    if (!valid || (parsed.offset > 0 && (await byteAt(journalPath, parsed.offset - 1)) !== 0x0a)) return fresh;
    return parsed;
  } catch {
    return fresh;
  }
}

async function saveProgress(journalPath: string, progress: Progress): Promise<void> {
  await writeFile(progressPath(journalPath), JSON.stringify(progress), { mode: 0o600 }).catch(() => undefined);
}

async function byteAt(path: string, offset: number): Promise<number | null> {
  const handle = await openFile(path, 'r');
  try {
    const buffer = Buffer.alloc(1);
    const { bytesRead } = await handle.read(buffer, 0, 1, offset);
    return bytesRead === 1 ? (buffer[0] ?? null) : null;
  } finally {
    await handle.close();
  }
}

async function lineAt(path: string, offset: number): Promise<JournalLine | null> {
  for await (const { line } of linesFrom(path, offset, Infinity)) return line;
  return null;
}

/** Complete lines from `start` up to `end` (a torn tail is never complete), with their byte positions. */
async function* linesFrom(path: string, start: number, end: number): AsyncGenerator<{ line: JournalLine; at: { start: number; end: number } }> {
  if (start >= end) return;
  let position = start;
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { start, ...(Number.isFinite(end) ? { end: end - 1 } : {}) }) as AsyncIterable<Buffer>) {
    let data: Buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    for (;;) {
      const newline = data.indexOf(0x0a);
      if (newline < 0) break;
      const raw = data.toString('utf8', 0, newline);
      const at = { start: position, end: position + newline + 1 };
      position = at.end;
      data = data.subarray(newline + 1);
      try {
        yield { line: JSON.parse(raw) as JournalLine, at };
      } catch {
        // A damaged line: `audit verify` names it; it settles nothing.
      }
    }
    carry = data;
  }
}
