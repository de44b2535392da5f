/**
 * One change in full: what was done in words, who and what by name and tenant with the full DNs, how it ended
 * (and how that was found out when the response was lost), each attribute's values before and after by label,
 * differences marked — for the console record and, tied to it, the server log's record of the same write.
 */
import type { AuditChange, AuditRecord } from '../../shared/model/audit';
import { attributeLabel, dnLabel, formatDnLabel, operationWithOutcome, valueLabel } from '../../shared/model/audit-labels';
import type { AuditRow } from '../../shared/model/audit-rows';

function ValueList({ attribute, values, other, mark }: { attribute: string; values: string[] | null; other: string[] | null; mark: 'removed' | 'added' }) {
  if (values === null) return <span className="audit-diff__unknown">not recorded</span>;
  if (values.length === 0) return <span className="audit-diff__unknown">(none)</span>;
  return (
    <ul className="audit-diff__values">
      {values.map((value, index) => (
        <li key={`${index}:${value}`} data-diff={other !== null && !other.includes(value) ? mark : 'same'} title={value}>
          {valueLabel(attribute, value)}
        </li>
      ))}
    </ul>
  );
}

const afterOf = (change: AuditChange): string[] =>
  change.op === 'replace' ? change.after : change.op === 'add' ? [...(change.before ?? []), ...change.after] : (change.before ?? []).filter((v) => change.after.length > 0 && !change.after.includes(v));

const opWords: Record<AuditChange['op'], string> = { add: 'added', replace: 'set', delete: 'removed' };

/** A DN as "name (tenant)", the full DN below it. */
function DnFact({ dn }: { dn: string }) {
  return (
    <>
      {formatDnLabel(dnLabel(dn))}
      <code className="audit-detail__dn">{dn}</code>
    </>
  );
}

function ResultFact({ record }: { record: AuditRecord }) {
  return (
    <>
      <dt>Result</dt>
      <dd data-result={record.result}>
        {record.result}
        {record.error !== null && (
          <span className="audit-detail__error">
            {' — '}
            {record.error.ldapCode !== null && `LDAP ${record.error.ldapCode}: `}
            {record.error.message}
          </span>
        )}
      </dd>
      {record.confirmation !== undefined && (
        <>
          <dt>{record.confirmation.how === 'read-back' ? 'Read back' : 'Reconciled'}</dt>
          <dd>{record.confirmation.detail}</dd>
        </>
      )}
    </>
  );
}

function ChangeTable({ record, label }: { record: AuditRecord; label: string }) {
  if (record.changes.length === 0) return <p className="pane__placeholder">No attribute values were recorded for this change.</p>;
  return (
    <table className="audit-diff" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Attribute</th>
          <th scope="col">Change</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {record.changes.map((change, index) => {
          const after = afterOf(change);
          return (
            <tr key={`${change.attribute}:${index}`}>
              <th scope="row" title={change.attribute}>
                {attributeLabel(change.attribute)}
              </th>
              <td>{opWords[change.op]}</td>
              <td>
                <ValueList attribute={change.attribute} values={change.before} other={after} mark="removed" />
              </td>
              <td>
                <ValueList attribute={change.attribute} values={record.kind === 'delete' ? [] : after} other={change.before} mark="added" />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The server log's record of the same write. */
function ServerRecord({ record }: { record: AuditRecord }) {
  return (
    <section className="audit-detail__related" aria-label="Server log record">
      <h4 className="audit-detail__subtitle">Server log: the same write as the directory recorded it</h4>
      <dl className="audit-detail__facts">
        <dt>Time</dt>
        <dd>{new Date(record.time).toLocaleString()}</dd>
        <dt>Operation</dt>
        <dd>{record.operation}</dd>
        <dt>Identity</dt>
        <dd>
          <DnFact dn={record.actor} />
        </dd>
        <ResultFact record={record} />
      </dl>
      <ChangeTable record={record} label="Changed attributes (server log)" />
    </section>
  );
}

export function AuditDetail({ row, onClose }: { row: AuditRow; onClose: () => void }) {
  const record = row.primary;
  return (
    <section className="audit-detail" aria-label="Record detail">
      <div className="quota-view__header">
        <h3 className="pane__title">{operationWithOutcome(record)}</h3>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="audit-detail__facts">
        <dt>Time</dt>
        <dd>{new Date(record.time).toLocaleString()}</dd>
        <dt>Source</dt>
        <dd>{record.source === 'console' ? (row.related ? 'Console journal and server log' : 'Console journal') : 'Server log'}</dd>
        <dt>Who</dt>
        <dd>
          <DnFact dn={record.actor} />
          {record.workstation !== null && <span className="audit-detail__workstation">on {record.workstation}</span>}
        </dd>
        <dt>Tenant</dt>
        <dd>{record.tenant ?? '–'}</dd>
        <dt>Target</dt>
        <dd>
          <DnFact dn={record.target} />
          {record.newTarget !== null && (
            <>
              {' → '}
              <DnFact dn={record.newTarget} />
            </>
          )}
        </dd>
        {record.source === 'console' && (
          <>
            <dt>Call</dt>
            <dd>
              <code>{record.operation}</code>
            </dd>
          </>
        )}
        <ResultFact record={record} />
      </dl>
      <ChangeTable record={record} label="Changed attributes" />
      {row.related !== null && <ServerRecord record={row.related} />}
    </section>
  );
}
