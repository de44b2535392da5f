/**
 * The job journal: one JSON line per finished row, appended as rows finish and fsync'd at least every
 * `syncEveryMs` (and when closed), so a crash loses at most the last moments, which resume re-checks
 * against the directory. A torn last line (crash mid-write) is ignored when read back.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import type { RowResult } from './csv-report';

/** fsync cadence: bounded loss on a crash without paying a disk flush per row. */
export const defaultSyncEveryMs = 1_000;

export class JobJournal {
  private lastSync = Date.now();
  private dirty = false;

  private constructor(
    private readonly handle: FileHandle,
    private readonly syncEveryMs: number,
  ) {}

  /** Opens (creating) the journal at `path` for appending. */
  static async open(path: string, syncEveryMs = defaultSyncEveryMs): Promise<JobJournal> {
    return new JobJournal(await open(path, 'a', 0o600), syncEveryMs);
  }

  /** The rows already recorded in the journal at `path` (the last line for a row wins); empty when missing. */
  static async read(path: string): Promise<Map<number, RowResult>> {
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const rows = new Map<number, RowResult>();
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const result = JSON.parse(line) as RowResult;
        if (typeof result.row === 'number') rows.set(result.row, result);
      } catch {
        // A line torn by a crash: that row is simply not done, resume re-checks it.
      }
    }
    return rows;
  }

  /** Appends finished rows; flushes to disk when the last flush is older than the cadence. */
  async append(results: readonly RowResult[]): Promise<void> {
    if (results.length === 0) return;
    await this.handle.appendFile(results.map((result) => `${JSON.stringify(result)}\n`).join(''), 'utf8');
    this.dirty = true;
    if (Date.now() - this.lastSync >= this.syncEveryMs) await this.sync();
  }

  /** Flushes what was appended to disk. */
  async sync(): Promise<void> {
    if (!this.dirty) return;
    await this.handle.datasync();
    this.dirty = false;
    this.lastSync = Date.now();
  }

  async close(): Promise<void> {
    await this.sync();
    await this.handle.close();
  }
}
