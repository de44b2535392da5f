/** Row-by-row CSV reports: the plan before the run, and each row's result after it. */
import { describeIssues, type PlannedRow, type RowIssue } from '../../shared/model/bulk-import';
import { csvFile } from './csv-writing';
import { describeField } from './import-plan';

/** What happened to one row in a run. `pending`: not reached (the job was paused, cancelled or interrupted). */
export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'failed' | 'rejected' | 'pending';

export interface RowResult {
  row: number;
  login: string;
  outcome: RowOutcome;
  changes: PlannedRow['changes'];
  message: string;
}

const changesText = (changes: PlannedRow['changes']) => changes.map(describeField).join('; ');

/** The plan as CSV: row, login, action, changed fields, reasons, warnings; each reason and warning names its column. */
export function planReportCsv(rows: readonly PlannedRow[]): string {
  return csvFile(
    ['row', 'login', 'action', 'changes', 'reasons', 'warnings'],
    rows.map((r) => [String(r.row), r.login, r.action, changesText(r.changes), describeIssues(r.issues), describeIssues(r.notices ?? [])]),
  );
}

/**
 * The run's result per row, rejected rows included; generated passwords are included because nobody else knows
 * them. `notices` are the plan's warnings by row.
 */
export function resultReportCsv(results: readonly RowResult[], generatedPasswords: ReadonlyMap<number, string>, notices: ReadonlyMap<number, readonly RowIssue[]> = new Map()): string {
  return csvFile(
    ['row', 'login', 'result', 'changes', 'generated password', 'message', 'warnings'],
    [...results]
      .sort((a, b) => a.row - b.row)
      .map((r) => [String(r.row), r.login, r.outcome, changesText(r.changes), r.outcome === 'created' ? (generatedPasswords.get(r.row) ?? '') : '', r.message, describeIssues(notices.get(r.row) ?? [])]),
  );
}
