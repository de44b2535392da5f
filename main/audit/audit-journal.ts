/**
 * Enclave's own journal: append-only JSONL at `<dataDir>/audit/journal.jsonl`, one canonical-JSON line
 * per intent and per outcome, each carrying the SHA-256 of the line before it. An intent is written and
 * fsynced before its change is sent; when that fails, the caller must not send the change (fail closed).
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { failure } from '../../shared/errors';
import type { AuditRecord } from '../../shared/model/audit';
import { canonicalJson } from './canonical-json';
import { noteInIndex } from './journal-index';
import { genesisHash, lineHash, recordOfLine, type JournalLine, type JournalWrite } from './journal-line';
import { acquireLock } from './journal-lock';

/** The journal's default place inside the app's data folder. */
export const defaultJournalPath = (dataDir: string): string => join(dataDir, 'audit', 'journal.jsonl');

export type JournalListener = (record: AuditRecord) => void;

interface Tail {
  seq: number;
  hash: string;
  time: string | null;
}

export class AuditJournal {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<JournalListener>();

  constructor(readonly path: string) {}

  /** Called with every outcome appended (live tail); returns the disposer. */
  onAppend(listener: JournalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes and fsyncs the intent; throws `audit-unavailable` when it cannot (then send nothing). */
  recordIntent(write: JournalWrite): Promise<JournalLine> {
    return this.append((seq) => ({ ...write, phase: 'intent', intentSeq: seq, result: 'pending', error: null }));
  }

  /** Writes the outcome of an intent. */
  async recordOutcome(intent: JournalLine, outcome: { result: 'ok' | 'failed'; error: JournalLine['error'] }): Promise<JournalLine> {
    const { v: _v, seq: _seq, time: _time, prev: _prev, hash: _hash, phase: _phase, ...write } = intent;
    const line = await this.append(() => ({ ...write, phase: 'outcome', intentSeq: intent.seq, result: outcome.result, error: outcome.error }));
    const record = recordOfLine(line);
    for (const listener of [...this.listeners]) listener(record);
    return line;
  }

  /** Appends one line; calls are serialized here and across processes by the lock file. */
  private append(build: (seq: number) => Omit<JournalLine, 'v' | 'seq' | 'time' | 'prev' | 'hash'>): Promise<JournalLine> {
    const run = this.queue.then(() => this.appendNow(build));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async appendNow(build: (seq: number) => Omit<JournalLine, 'v' | 'seq' | 'time' | 'prev' | 'hash'>): Promise<JournalLine> {
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const release = await acquireLock(`${this.path}.lock`);
      try {
        const handle = await open(this.path, 'a+', 0o600);
        try {
          const { tail, size } = await readTail(handle);
          const now = new Date().toISOString();
          // Times never go backwards in the journal, so it stays sorted by time (a clock stepped back shows as equal times).
          const time = tail.time !== null && tail.time > now ? tail.time : now;
          const seq = tail.seq + 1;
          const unhashed = { v: 1 as const, seq, time, prev: tail.hash, ...build(seq) };
          const line: JournalLine = { ...unhashed, hash: lineHash(unhashed) };
          await handle.write(`${canonicalJson(line)}\n`);
          await handle.sync();
          await noteInIndex(this.path, size, time, tail.time);
          return line;
        } finally {
          await handle.close();
        }
      } finally {
        await release();
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw failure({
        kind: 'audit-unavailable',
        journal: this.path,
        message: `The change was not made: the audit journal ${this.path} cannot be written (${reason}).`,
      });
    }
  }
}

/** The last complete line's seq, hash and time; a torn last line (crash mid-write) is cut off first. */
async function readTail(handle: FileHandle): Promise<{ tail: Tail; size: number }> {
  let size = (await handle.stat()).size;
  if (size === 0) return { tail: { seq: 0, hash: genesisHash, time: null }, size };
  let chunk = 64 * 1024;
  for (;;) {
    const start = Math.max(0, size - chunk);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8');
    if (!text.endsWith('\n')) {
      // The torn line's change was never sent (its intent never finished): drop it so the chain goes on.
      const cut = text.lastIndexOf('\n');
      if (cut < 0 && start > 0) {
        chunk *= 4;
        continue;
      }
      size = start + Buffer.byteLength(text.slice(0, cut + 1));
      await handle.truncate(size);
      if (size === 0) return { tail: { seq: 0, hash: genesisHash, time: null }, size };
      continue;
    }
    const previousBreak = text.lastIndexOf('\n', text.length - 2);
    if (previousBreak < 0 && start > 0) {
      chunk *= 4;
      continue;
    }
    const last = JSON.parse(text.slice(previousBreak + 1, -1)) as JournalLine;
    return { tail: { seq: last.seq, hash: last.hash, time: last.time }, size };
  }
}
