/**
 * The mapping step: the format the preview recognised and the encoding it read, every header of the file with
 * what it is used for (or why it is ignored), and, when required columns are not mapped or the admin asks, a
 * choice of header for each import column. The choice goes to main with the next preview and the start.
 */
import { importColumns, type ColumnChoice, type ImportColumnKey, type ImportMapping } from '../../../shared/model/bulk-import';

/** A select value meaning "leave this column out" (an empty header in the choice). */
const leaveOut = '\u0000none';

interface ImportMappingViewProps {
  mapping: ImportMapping;
  encoding: string;
  choice: ColumnChoice;
  editing: boolean;
  onEdit(): void;
  onChange(choice: ColumnChoice): void;
  /** Runs the preview again with the choice. */
  onApply(): void;
  busy: boolean;
}

const headerOf = (key: ImportColumnKey) => importColumns.find((column) => column.key === key)?.header ?? key;

export function ImportMappingView({ mapping, encoding, choice, editing, onEdit, onChange, onApply, busy }: ImportMappingViewProps) {
  const missing = mapping.missing.map(headerOf);
  const isLdif = mapping.format === 'ldif';
  return (
    <section className="import-mapping" aria-label="Column mapping">
      <p className="import-mapping__format">
        <strong>{mapping.formatLabel}</strong> · read as {encoding}
      </p>
      {missing.length > 0 && (
        <p className="notice" role="alert">
          Nothing in the file is mapped to the required column{missing.length > 1 ? 's' : ''} {missing.join(', ')}. Choose the header{missing.length > 1 ? 's' : ''} below, then preview again.
        </p>
      )}
      <div className="import-table-scroll">
        <table className="simple-table" aria-label="File headers">
          <thead>
            <tr>
              <th scope="col">{isLdif ? 'Attribute' : 'Header'}</th>
              <th scope="col">Used for</th>
            </tr>
          </thead>
          <tbody>
            {mapping.headers.map((seen) => (
              <tr key={seen.header}>
                <td className="mono">{seen.header}</td>
                <td className={seen.columns.length === 0 ? 'import-mapping__ignored' : undefined}>{seen.use}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {mapping.notes.length > 0 && (
        <ul className="import-mapping__notes">
          {mapping.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {!isLdif && !editing && (
        <div>
          <button type="button" className="button" onClick={onEdit}>
            Change the mapping
          </button>
        </div>
      )}
      {!isLdif && editing && (
        <div className="import-mapping__editor">
          <table className="simple-table" aria-label="Map columns">
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">From the file</th>
              </tr>
            </thead>
            <tbody>
              {mapping.columns.map((column) => {
                const spec = importColumns.find((c) => c.key === column.column);
                const chosen = choice[column.column];
                const value = chosen === undefined ? '' : chosen === '' ? leaveOut : chosen;
                const recognised = column.chosen ? 'as chosen before' : column.headers.length > 0 ? `as recognised: ${column.headers.join(', ')}` : column.how;
                return (
                  <tr key={column.column}>
                    <th scope="row">
                      {spec?.header ?? column.column}
                      {spec?.required ? ' (required)' : ''}
                    </th>
                    <td>
                      <select
                        className="input"
                        aria-label={`Header for ${spec?.header ?? column.column}`}
                        value={value}
                        onChange={(event) => {
                          const next: ColumnChoice = { ...choice };
                          const picked = event.target.value;
                          if (picked === '') delete next[column.column];
                          else next[column.column] = picked === leaveOut ? '' : picked;
                          onChange(next);
                        }}
                      >
                        <option value="">{recognised}</option>
                        <option value={leaveOut}>leave out</option>
                        {mapping.headers.map((seen) => (
                          <option key={seen.header} value={seen.header}>
                            {seen.header}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="dialog__actions">
            <button type="button" className="button button--primary" disabled={busy} onClick={onApply}>
              {busy ? 'Checking…' : 'Preview with this mapping'}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
