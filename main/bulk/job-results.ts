/**
 * What a job's row results (its journal, the last line per row) come to: the counts a progress shows and the
 * failed rows a dialog lists, both for a whole job and for the chunk an event reports.
 */
import { failedRowsListed, type FailedImportRow, type ImportProgress } from '../../shared/model/bulk-import';
import type { RowResult } from './csv-report';

export type ResultCounts = Pick<ImportProgress, 'done' | 'created' | 'updated' | 'unchanged' | 'failed'>;

/** Rows created, updated, unchanged and failed, and all of them together as done. */
export function countResults(results: ReadonlyMap<number, RowResult>): ResultCounts {
  const counts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  for (const result of results.values()) if (result.outcome in counts) counts[result.outcome as keyof typeof counts] += 1;
  return { ...counts, done: counts.created + counts.updated + counts.unchanged + counts.failed };
}

const failedRow = (result: RowResult): FailedImportRow => ({ row: result.row, login: result.login, message: result.message });

/** The job's failed rows so far, by row number, the first `failedRowsListed` of them. */
export function failedRowsOf(results: ReadonlyMap<number, RowResult>): FailedImportRow[] {
  const failed = [...results.values()].filter((result) => result.outcome === 'failed');
  return failed.sort((a, b) => a.row - b.row).slice(0, failedRowsListed).map(failedRow);
}

/**
 * What one chunk changes in the failed list, read before its results replace the earlier ones: the rows that
 * failed in it, and the rows that had failed in an earlier run and are done now (a resume retried them).
 */
export function chunkFailures(before: ReadonlyMap<number, RowResult>, chunk: readonly RowResult[]): Pick<ImportProgress, 'failedRows' | 'recoveredRows'> {
  const failedRows = chunk.filter((result) => result.outcome === 'failed').slice(0, failedRowsListed).map(failedRow);
  const recoveredRows = chunk.filter((result) => result.outcome !== 'failed' && before.get(result.row)?.outcome === 'failed').map((result) => result.row);
  return { ...(failedRows.length > 0 ? { failedRows } : {}), ...(recoveredRows.length > 0 ? { recoveredRows } : {}) };
}
