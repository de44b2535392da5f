/** What a preview found: counts, every rejected row with its reasons, rows with warnings, and the first rows of the plan. */
import { describeIssues, type ImportCounts, type ImportPreview, type PlannedRow } from '../../../shared/model/bulk-import';
import { formatCount } from '../../format/format-number';
import { DataTable, type Column } from '../table/data-table';

/** How many plan rows the dialog shows (the preview may return more). */
export const shownPlanRows = 20;

const actionLabels: Record<PlannedRow['action'], string> = { create: 'Create', update: 'Update', unchanged: 'Unchanged', rejected: 'Rejected' };

const entityLabels: Record<NonNullable<PlannedRow['entity']>, string> = { mailbox: 'Mailbox', security: 'Group', distribution: 'List' };

const count = (key: keyof ImportCounts, header: string): Column<ImportCounts> => ({
  key,
  header,
  width: 'minmax(70px, 1fr)',
  align: 'end',
  cell: (counts) => (key === 'rejected' && counts.rejected > 0 ? <span data-tone="bad">{formatCount(counts.rejected)}</span> : formatCount(counts[key])),
});
const countColumns = [count('rows', 'Rows'), count('create', 'Create'), count('update', 'Update'), count('unchanged', 'Unchanged'), count('rejected', 'Rejected')];
const rowColumn: Column<PlannedRow> = { key: 'row', header: 'Row', width: '64px', align: 'end', cell: (row) => row.row };
const whatColumn: Column<PlannedRow> = { key: 'what', header: 'What', width: 'minmax(70px, 0.6fr)', cell: (row) => entityLabels[row.entity ?? 'mailbox'] };
const loginColumn: Column<PlannedRow> = { key: 'login', header: 'Login', width: 'minmax(110px, 1fr)', mono: true, cell: (row) => row.login, title: (row) => row.login };
const reasonColumn = (header: string, text: (row: PlannedRow) => string, tone: 'bad' | 'warn'): Column<PlannedRow> => ({
  key: 'reason',
  header,
  width: 'minmax(200px, 3fr)',
  wrap: true,
  cell: (row) => <span data-tone={tone}>{text(row)}</span>,
});
const rejectedColumns = [rowColumn, loginColumn, reasonColumn('Reason', (row) => describeIssues(row.issues), 'bad')];
const noticedColumns = [rowColumn, loginColumn, reasonColumn('Warning', (row) => describeIssues(row.notices ?? []), 'warn')];
const planColumns: readonly Column<PlannedRow>[] = [
  loginColumn,
  { key: 'action', header: 'Action', width: 'minmax(80px, 0.7fr)', cell: (row) => actionLabels[row.action] },
  { key: 'changes', header: 'Changes', width: 'minmax(160px, 2fr)', wrap: true, cell: (row) => (row.action === 'rejected' ? describeIssues(row.issues) : row.changes.join(', ')) },
];
const rowNumber = (row: PlannedRow) => String(row.row);

export function ImportPreviewView({ preview }: { preview: ImportPreview }) {
  const { counts } = preview;
  // Files with groups and lists (LDIF) say which row is what.
  const mixed = preview.rows.some((row) => row.entity !== undefined && row.entity !== 'mailbox');
  return (
    <div className="import-preview">
      <DataTable label="Preview counts" className="import-counts" columns={countColumns} rows={[counts]} rowKey={() => 'counts'} />
      {(preview.warnings.length > 0 || preview.ignoredHeaders.length > 0) && (
        <ul className="import-warnings" aria-label="File warnings">
          {preview.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
          {preview.mapping.format === 'enclave' && preview.ignoredHeaders.length > 0 && <li>Ignored columns: {preview.ignoredHeaders.join(', ')}</li>}
        </ul>
      )}
      {preview.rejected.length > 0 && (
        <>
          <h3 className="section-title">Rejected rows</h3>
          <div className="import-table-scroll">
            <DataTable label="Rejected rows" columns={rejectedColumns} rows={preview.rejected} rowKey={rowNumber} />
          </div>
        </>
      )}
      {preview.noticed.length > 0 && (
        <>
          <h3 className="section-title">Rows with warnings (imported as they are)</h3>
          <div className="import-table-scroll">
            <DataTable label="Rows with warnings" columns={noticedColumns} rows={preview.noticed} rowKey={rowNumber} />
          </div>
        </>
      )}
      <h3 className="section-title">
        Planned rows{preview.rows.length > shownPlanRows ? ` (first ${shownPlanRows})` : ''}
      </h3>
      <div className="import-table-scroll">
        <DataTable label="Planned rows" columns={[rowColumn, ...(mixed ? [whatColumn] : []), ...planColumns]} rows={preview.rows.slice(0, shownPlanRows)} rowKey={rowNumber} />
      </div>
    </div>
  );
}
