/** Row-by-row CSV reports: the plan before the run, and each row's result after it. */
import type { ChangedField, PlannedRow } from '../../shared/model/bulk-import';
import { csvFile } from './csv-writing';
import { describeField } from './import-plan';

/** What happened to one row in a run. `pending`: not reached (the job was paused, cancelled or interrupted). */
export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'failed' | 'rejected' | 'pending';

export interface RowResult {
  row: number;
  login: string;
  outcome: RowOutcome;
  changes: ChangedField[];
  message: string;
}

const changesText = (changes: ChangedField[]) => changes.map(describeField).join('; ');

/** The plan as CSV: row, login, action, changed fields, reasons. */
export function planReportCsv(rows: readonly PlannedRow[]): string {
  return csvFile(
    ['row', 'login', 'action', 'changes', 'reasons'],
    rows.map((r) => [String(r.row), r.login, r.action, changesText(r.changes), r.issues.map((issue) => issue.message).join('; ')]),
  );
}

/** The run's result per row; generated passwords are included because nobody else knows them. */
export function resultReportCsv(results: readonly RowResult[], generatedPasswords: ReadonlyMap<number, string>): string {
  return csvFile(
    ['row', 'login', 'result', 'changes', 'generated password', 'message'],
    [...results]
      .sort((a, b) => a.row - b.row)
      .map((r) => [String(r.row), r.login, r.outcome, changesText(r.changes), r.outcome === 'created' ? (generatedPasswords.get(r.row) ?? '') : '', r.message]),
  );
}
