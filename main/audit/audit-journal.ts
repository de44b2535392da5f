/**
 * Enclave's own journal: append-only JSONL at `<dataDir>/audit/journal.jsonl`, one canonical-JSON line
 * per intent, outcome and reconciliation, each carrying the SHA-256 of the line before it. An intent is
 * written whole and synced before its change is sent; when that fails, the caller must not send the change
 * (fail closed).
 */
import { mkdir, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { failure } from '../../shared/errors';
import type { AuditConfirmation, AuditRecord } from '../../shared/model/audit';
import { canonicalJson } from './canonical-json';
import { noteInIndex } from './journal-index';
import { lineHash, recordOfLine, type JournalLine, type JournalWrite } from './journal-line';
import { acquireLock } from './journal-lock';
import { readTail } from './journal-tail';

/** The journal's default place inside the app's data folder. */
export const defaultJournalPath = (dataDir: string): string => join(dataDir, 'audit', 'journal.jsonl');

export type JournalListener = (record: AuditRecord) => void;
export type JournalLineListener = (line: JournalLine) => void;

/** How a change ended, as its outcome (or reconciliation) line states it. */
export interface OutcomeWrite {
  result: 'ok' | 'failed' | 'unknown';
  error: JournalLine['error'];
  confirmation?: AuditConfirmation;
}

type LineBody = Omit<JournalLine, 'v' | 'seq' | 'time' | 'prev' | 'hash'>;

export interface JournalOptions {
  /**
   * Outcomes within this long of the last checkpoint are anchored together by one trailing checkpoint (default
   * 2 s): at most one checkpoint entry per console and interval, whatever the rate of changes.
   */
  anchorEveryMs?: number;
}

export class AuditJournal {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<JournalListener>();
  private readonly lineListeners = new Set<JournalLineListener>();
  readonly anchorEveryMs: number;

  constructor(
    readonly path: string,
    options: JournalOptions = {},
  ) {
    this.anchorEveryMs = options.anchorEveryMs ?? 2_000;
  }

  /** Called with every outcome and reconciliation appended (live tail); returns the disposer. */
  onAppend(listener: JournalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called with every line this process appends, intents included (anchoring); returns the disposer. */
  onLine(listener: JournalLineListener): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  /** Writes and syncs the intent; throws `audit-unavailable` when it cannot (then send nothing). */
  recordIntent(write: JournalWrite): Promise<JournalLine> {
    return this.append((seq) => ({ ...write, phase: 'intent', intentSeq: seq, result: 'pending', error: null }));
  }

  /** Writes the outcome of an intent. */
  recordOutcome(intent: JournalLine, outcome: OutcomeWrite): Promise<JournalLine> {
    return this.appendAbout(intent, 'outcome', outcome);
  }

  /** Settles an earlier intent whose outcome stayed unknown: a new line naming it (the journal is append-only). */
  recordReconciliation(earlier: JournalLine, outcome: OutcomeWrite): Promise<JournalLine> {
    return this.appendAbout(earlier, 'reconciliation', outcome);
  }

  private async appendAbout(earlier: JournalLine, phase: 'outcome' | 'reconciliation', outcome: OutcomeWrite): Promise<JournalLine> {
    const { v: _v, seq: _seq, time: _time, prev: _prev, hash: _hash, phase: _phase, intentSeq, result: _result, error: _error, confirmation: _confirmation, ...write } = earlier;
    const line = await this.append(() => ({
      ...write,
      phase,
      intentSeq,
      result: outcome.result,
      error: outcome.error,
      ...(outcome.confirmation ? { confirmation: outcome.confirmation } : {}),
    }));
    const record = recordOfLine(line);
    for (const listener of [...this.listeners]) listener(record);
    return line;
  }

  /** Appends one line; calls are serialized here and across processes by the lock file. */
  private append(build: (seq: number) => LineBody): Promise<JournalLine> {
    const run = this.queue.then(() => this.appendNow(build));
    this.queue = run.catch(() => undefined);
    return run.then((line) => {
      for (const listener of [...this.lineListeners]) listener(line);
      return line;
    });
  }

  /**
   * Write-then-verify: the whole line and its newline in one write, the byte count checked, then synced. A short
   * write or a failed sync is rolled back to the previous length (else it stays as a torn tail, moved aside by
   * the next append) and the append fails.
   */
  private async appendNow(build: (seq: number) => LineBody): Promise<JournalLine> {
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const release = await acquireLock(`${this.path}.lock`);
      try {
        const handle = await open(this.path, 'a+', 0o600);
        try {
          const { tail, size } = await readTail(handle, this.path);
          const now = new Date().toISOString();
          // Times never go backwards in the journal, so it stays sorted by time (a clock stepped back shows as equal times).
          const time = tail.time !== null && tail.time > now ? tail.time : now;
          const seq = tail.seq + 1;
          const unhashed = { v: 1 as const, seq, time, prev: tail.hash, ...build(seq) };
          const line: JournalLine = { ...unhashed, hash: lineHash(unhashed) };
          const bytes = Buffer.from(`${canonicalJson(line)}\n`, 'utf8');
          try {
            const { bytesWritten } = await handle.write(bytes, 0, bytes.length);
            if (bytesWritten !== bytes.length) throw new Error(`only ${bytesWritten} of ${bytes.length} bytes could be written (disk full?)`);
            await handle.sync();
          } catch (error) {
            await handle.truncate(size).then(() => handle.sync()).catch(() => undefined);
            throw error;
          }
          // The index is a cache: a record it misses only makes a time-filtered read start earlier.
          await noteInIndex(this.path, size, time, tail.time).catch(() => undefined);
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
