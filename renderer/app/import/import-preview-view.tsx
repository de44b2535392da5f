/** What a preview found: counts, every rejected row with its reasons, rows with warnings, and the first rows of the plan. */
import { describeIssues, type ImportPreview, type PlannedRow } from '../../../shared/model/bulk-import';

/** How many plan rows the dialog shows (the preview may return more). */
export const shownPlanRows = 20;

const actionLabels: Record<PlannedRow['action'], string> = { create: 'Create', update: 'Update', unchanged: 'Unchanged', rejected: 'Rejected' };

const entityLabels: Record<NonNullable<PlannedRow['entity']>, string> = { mailbox: 'Mailbox', security: 'Group', distribution: 'List' };

export function ImportPreviewView({ preview }: { preview: ImportPreview }) {
  const { counts } = preview;
  // Files with groups and lists (LDIF) say which row is what.
  const mixed = preview.rows.some((row) => row.entity !== undefined && row.entity !== 'mailbox');
  const what = (row: PlannedRow) => entityLabels[row.entity ?? 'mailbox'];
  return (
    <div className="import-preview">
      <table className="simple-table import-counts" aria-label="Preview counts">
        <thead>
          <tr>
            <th scope="col">Rows</th>
            <th scope="col">Create</th>
            <th scope="col">Update</th>
            <th scope="col">Unchanged</th>
            <th scope="col">Rejected</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{counts.rows}</td>
            <td>{counts.create}</td>
            <td>{counts.update}</td>
            <td>{counts.unchanged}</td>
            <td className={counts.rejected > 0 ? 'import-counts__bad' : undefined}>{counts.rejected}</td>
          </tr>
        </tbody>
      </table>
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
            <table className="simple-table" aria-label="Rejected rows">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Login</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {preview.rejected.map((row) => (
                  <tr key={row.row}>
                    <td>{row.row}</td>
                    <td className="mono">{row.login}</td>
                    <td className="import-reason">{describeIssues(row.issues)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {preview.noticed.length > 0 && (
        <>
          <h3 className="section-title">Rows with warnings (imported as they are)</h3>
          <div className="import-table-scroll">
            <table className="simple-table" aria-label="Rows with warnings">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Login</th>
                  <th scope="col">Warning</th>
                </tr>
              </thead>
              <tbody>
                {preview.noticed.map((row) => (
                  <tr key={row.row}>
                    <td>{row.row}</td>
                    <td className="mono">{row.login}</td>
                    <td className="import-notices">{describeIssues(row.notices ?? [])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <h3 className="section-title">
        Planned rows{preview.rows.length > shownPlanRows ? ` (first ${shownPlanRows})` : ''}
      </h3>
      <div className="import-table-scroll">
        <table className="simple-table" aria-label="Planned rows">
          <thead>
            <tr>
              <th scope="col">Row</th>
              {mixed && <th scope="col">What</th>}
              <th scope="col">Login</th>
              <th scope="col">Action</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.slice(0, shownPlanRows).map((row) => (
              <tr key={row.row}>
                <td>{row.row}</td>
                {mixed && <td>{what(row)}</td>}
                <td className="mono">{row.login}</td>
                <td>{actionLabels[row.action]}</td>
                <td>{row.action === 'rejected' ? describeIssues(row.issues) : row.changes.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
