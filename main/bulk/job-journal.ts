/**
 * The job journal: one JSON line per finished row, appended as rows finish and fsync'd at least every
 * `syncEveryMs` (and when closed), so a crash loses at most the last moments, which resume re-checks
 * against the directory. A torn last line (crash mid-write) is ignored when read back.
 *
 * Where a create is several writes (AD: add, then password, enabling and primary group), a row's create is also
 * marked as started, on disk before its add is sent. A row whose last line is that mark was cut off mid-create:
 * its entry, if there, is this job's own and unfinished, and resume finishes it rather than treating it as a
 * mailbox someone else made.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import type { RowResult } from './csv-report';

/** fsync cadence: bounded loss on a crash without paying a disk flush per row. */
export const defaultSyncEveryMs = 1_000;

/** A row as the journal names it. */
type JournalRow = Pick<RowResult, 'row' | 'login'>;

/** A row whose create the job has begun; `started` tells it apart from a result line. */
interface StartedLine extends JournalRow {
  started: 'create';
}

const startedLine = ({ row, login }: JournalRow): StartedLine => ({ row, login, started: 'create' });

/** What the journal holds: each row's last result, and the rows whose last line is a started create. */
interface JournalState {
  results: Map<number, RowResult>;
  unfinishedCreates: Set<number>;
}

export class JobJournal {
  private lastSync = Date.now();
  private dirty = false;
  // Appends one after another: a chunk's marks and the previous chunk's results may be written at the same time.
  private tail: Promise<void> = Promise.resolve();

  private constructor(
    private readonly handle: FileHandle,
    private readonly syncEveryMs: number,
    /** Rows an earlier run began to create and did not finish or undo (read when opened). */
    readonly unfinishedCreates: ReadonlySet<number>,
  ) {}

  /** Opens (creating) the journal at `path` for appending. */
  static async open(path: string, syncEveryMs = defaultSyncEveryMs): Promise<JobJournal> {
    const { unfinishedCreates } = await readState(path);
    return new JobJournal(await open(path, 'a', 0o600), syncEveryMs, unfinishedCreates);
  }

  /** The rows already recorded in the journal at `path` (the last result for a row wins); empty when missing. */
  static async read(path: string): Promise<Map<number, RowResult>> {
    return (await readState(path)).results;
  }

  /**
   * Appends finished rows, then marks again the failed ones among them whose create is still half-made (`unfinished`:
   * their entry exists, their steps are not done); flushes to disk when the last flush is older than the cadence.
   */
  async append(results: readonly RowResult[], unfinished: readonly JournalRow[] = []): Promise<void> {
    await this.write([...results, ...unfinished.map(startedLine)]);
    if (Date.now() - this.lastSync >= this.syncEveryMs) await this.sync();
  }

  /**
   * Marks rows whose create begins, flushed to disk before returning: an add sent before its mark is durable could
   * come back after a crash as a mailbox nobody knows this job made.
   */
  async markCreatesStarted(rows: readonly JournalRow[]): Promise<void> {
    await this.write(rows.map(startedLine));
    await this.sync();
  }

  /** Flushes what was appended to disk. */
  async sync(): Promise<void> {
    // A write that failed has told its caller; what did get written is still flushed.
    await this.tail.catch(() => {});
    if (!this.dirty) return;
    this.dirty = false;
    await this.handle.datasync();
    this.lastSync = Date.now();
  }

  async close(): Promise<void> {
    await this.sync();
    await this.handle.close();
  }

  private write(lines: readonly (RowResult | StartedLine)[]): Promise<void> {
    if (lines.length === 0) return this.tail;
    const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
    const written = this.tail
      .catch(() => {})
      .then(async () => {
        await this.handle.appendFile(text, 'utf8');
        this.dirty = true;
      });
    this.tail = written;
    return written;
  }
}

async function readState(path: string): Promise<JournalState> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const state: JournalState = { results: new Map(), unfinishedCreates: new Set() };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let parsed: RowResult | StartedLine;
    try {
      parsed = JSON.parse(line) as RowResult | StartedLine;
    } catch {
      // A line torn by a crash: that row is simply not done, resume re-checks it.
      continue;
    }
    if (typeof parsed.row !== 'number') continue;
    if ('started' in parsed) {
      state.unfinishedCreates.add(parsed.row);
    } else {
      state.results.set(parsed.row, parsed);
      state.unfinishedCreates.delete(parsed.row);
    }
  }
  return state;
}
