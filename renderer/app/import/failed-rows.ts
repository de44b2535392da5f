/**
 * The failed rows a dialog lists for a job, gathered from its info (the rows failed so far, when the dialog
 * attaches) and from each progress event (the rows of one chunk). One entry per row: a row retried by a resume
 * replaces its entry, and leaves the list when it is done now. At most `failedRowsListed` are held, so a job
 * with 10,000 failures costs no more than one with 500; the rest is counted from `failed` and is in the report.
 */
import { failedRowsListed, type FailedImportRow, type ImportProgress } from '../../../shared/model/bulk-import';

/** Row number → failed row, in the order they arrived. */
export type FailedRowList = ReadonlyMap<number, FailedImportRow>;

export const noFailedRows: FailedRowList = new Map();

/** `list` with the failed and recovered rows of `progress`; the same object when nothing changes. */
export function mergeFailedRows(list: FailedRowList, progress: ImportProgress): FailedRowList {
  const failed = progress.failedRows ?? [];
  const recovered = (progress.recoveredRows ?? []).filter((row) => list.has(row));
  if (failed.length === 0 && recovered.length === 0) return list;
  const next = new Map(list);
  for (const row of recovered) next.delete(row);
  for (const row of failed) {
    if (next.has(row.row) || next.size < failedRowsListed) next.set(row.row, row);
  }
  return next;
}

/** What the dialog shows: the listed rows by row number, and how many more of the job's `failed` rows only the report has. */
export function shownFailedRows(list: FailedRowList, failed: number): { rows: FailedImportRow[]; more: number } {
  const rows = [...list.values()].sort((a, b) => a.row - b.row);
  return { rows, more: Math.max(0, failed - rows.length) };
}
