/** One record in full: who, where, what, and each attribute's values before and after, differences marked. */
import type { AuditChange, AuditRecord } from '../../shared/model/audit';

function ValueList({ values, other, mark }: { values: string[] | null; other: string[] | null; mark: 'removed' | 'added' }) {
  if (values === null) return <span className="audit-diff__unknown">not recorded</span>;
  if (values.length === 0) return <span className="audit-diff__unknown">(none)</span>;
  return (
    <ul className="audit-diff__values">
      {values.map((value, index) => (
        <li key={`${index}:${value}`} data-diff={other !== null && !other.includes(value) ? mark : 'same'}>
          {value}
        </li>
      ))}
    </ul>
  );
}

const afterOf = (change: AuditChange): string[] =>
  change.op === 'replace' ? change.after : change.op === 'add' ? [...(change.before ?? []), ...change.after] : (change.before ?? []).filter((v) => change.after.length > 0 && !change.after.includes(v));

export function AuditDetail({ record, onClose }: { record: AuditRecord; onClose: () => void }) {
  return (
    <section className="audit-detail" aria-label="Record detail">
      <div className="quota-view__header">
        <h3 className="pane__title">
          {record.operation} · {record.result}
        </h3>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="audit-detail__facts">
        <dt>Time</dt>
        <dd>{new Date(record.time).toLocaleString()}</dd>
        <dt>Source</dt>
        <dd>{record.source === 'console' ? 'Console journal' : 'Server log'}</dd>
        <dt>Who</dt>
        <dd>
          {record.actor}
          {record.workstation !== null && ` on ${record.workstation}`}
        </dd>
        <dt>Tenant</dt>
        <dd>{record.tenant ?? '–'}</dd>
        <dt>Target</dt>
        <dd>
          {record.target}
          {record.newTarget !== null && ` → ${record.newTarget}`}
        </dd>
        {record.error !== null && (
          <>
            <dt>Error</dt>
            <dd>
              {record.error.ldapCode !== null && `LDAP ${record.error.ldapCode}: `}
              {record.error.message}
            </dd>
          </>
        )}
      </dl>
      <table className="audit-diff" aria-label="Changed attributes">
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
                <th scope="row">{change.attribute}</th>
                <td>{change.op}</td>
                <td>
                  <ValueList values={change.before} other={after} mark="removed" />
                </td>
                <td>
                  <ValueList values={record.kind === 'delete' ? [] : after} other={change.before} mark="added" />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
