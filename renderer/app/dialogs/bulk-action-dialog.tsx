/**
 * One action on the mailboxes selected in the grid: what it will do (a quota, a group, the typed confirmation a
 * delete needs), then its progress as main reports it, then every mailbox that failed with the reason. The grid
 * takes all outcomes in one step at the end.
 */
import { useEffect, useState } from 'react';
import type { EnclaveError } from '../../../shared/errors';
import { bulkDeleteConfirmation, type BulkAction, type BulkMailboxesReport, type BulkProgress } from '../../../shared/model/bulk-mailboxes';
import type { Group, TenantSummary } from '../../../shared/model/hosting';
import { formatBytes } from '../../format/format-bytes';
import { countOf, formatCount } from '../../format/format-number';
import { parseQuota, splitQuota, type QuotaUnit } from '../../format/quota-units';
import { useConsoleActions, useConsoleState } from '../../state/store-context';
import { ErrorNotice } from '../error-notice';
import { Field } from '../field';
import { QuotaInput } from '../quota-input';
import { DataTable, type Column } from '../table/data-table';
import { Dialog } from './dialog';

export type BulkKind = BulkAction['kind'];

const titles: Record<BulkKind, string> = {
  disable: 'Disable',
  enable: 'Enable',
  quota: 'Set the quota of',
  'add-to-group': 'Add to a group or list:',
  delete: 'Delete',
};

let runs = 0;
const newRunId = () => `bulk-${Date.now().toString(36)}-${(runs += 1)}`;

interface BulkActionDialogProps {
  tenant: TenantSummary;
  kind: BulkKind;
  logins: readonly string[];
  onClose(): void;
  /** The run ended (some may have failed): the caller clears the selection. */
  onFinished(): void;
}

interface Failure {
  login: string;
  message: string;
}

const failureColumns: readonly Column<Failure>[] = [
  { key: 'login', header: 'Login', width: 'minmax(120px, 0.6fr)', mono: true, cell: (f) => f.login },
  { key: 'reason', header: 'Why not', width: 'minmax(200px, 2fr)', wrap: true, cell: (f) => f.message },
];

export function BulkActionDialog({ tenant, kind, logins, onClose, onFinished }: BulkActionDialogProps) {
  const actions = useConsoleActions();
  const groups = useConsoleState().groups[tenant.name];
  const count = logins.length;
  const [quota, setQuota] = useState<{ amount: string; unit: QuotaUnit }>(() => splitQuota(tenant.defaultQuotaBytes));
  const [group, setGroup] = useState('');
  const [typed, setTyped] = useState('');
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const [report, setReport] = useState<BulkMailboxesReport | null>(null);
  const [error, setError] = useState<EnclaveError | null>(null);
  const [running, setRunning] = useState(false);

  useEffect(() => {
    if (kind === 'add-to-group' && groups === undefined) void actions.loadGroups(tenant.name);
  }, [kind, groups, actions, tenant.name]);

  const choices: Group[] = groups?.status === 'ready' ? groups.value.filter((g) => g.name !== 'all-users') : [];
  const parsedQuota = parseQuota(quota.amount, quota.unit);
  const expected = bulkDeleteConfirmation(count);
  const chosen = choices.find((g) => `${g.kind}:${g.name}` === group);
  const action: BulkAction | null =
    kind === 'quota'
      ? parsedQuota.ok
        ? { kind, quotaBytes: parsedQuota.bytes }
        : null
      : kind === 'add-to-group'
        ? chosen !== undefined
          ? { kind, groupKind: chosen.kind, group: chosen.name }
          : null
        : kind === 'delete'
          ? typed.trim().toLowerCase() === expected
            ? { kind, confirmation: typed }
            : null
          : { kind };

  const run = async () => {
    if (action === null) return;
    const runId = newRunId();
    setRunning(true);
    setError(null);
    setProgress({ runId, done: 0, failed: 0, total: count });
    const stop = actions.watchBulkProgress(runId, setProgress);
    const result = await actions.bulkMailboxes({ tenant: tenant.name, logins: [...logins], action, runId });
    stop();
    setRunning(false);
    if (result.ok) {
      setReport(result.value);
      onFinished();
    } else setError(result.error);
  };

  const failures: Failure[] = report?.results.filter((r) => !r.ok).map((r) => ({ login: r.login, message: r.message ?? 'failed' })) ?? [];
  const succeeded = report === null ? 0 : report.results.length - failures.length;
  const title = `${titles[kind]} ${countOf(count, 'mailbox', 'mailboxes')}`;
  const shown = logins.slice(0, 6).join(', ') + (count > 6 ? ` and ${formatCount(count - 6)} more` : '');

  return (
    <Dialog title={title} onClose={running ? () => undefined : onClose} size="wide">
      {report === null ? (
        <form
          className="form-grid"
          onSubmit={(event) => {
            event.preventDefault();
            void run();
          }}
        >
          <p className="form-note">
            Of {tenant.name}: <span className="mono">{shown}</span>.
          </p>
          {kind === 'quota' && (
            <QuotaInput
              label="New quota"
              amount={quota.amount}
              unit={quota.unit}
              issue={parsedQuota.ok ? undefined : parsedQuota.message}
              hint={`Each of them gets it; checked against the pool of ${tenant.name} once for all${tenant.storagePoolBytes !== null ? ` (${formatBytes(tenant.storagePoolBytes)})` : ''}. Empty: unlimited.`}
              onChange={(amount, unit) => setQuota({ amount, unit })}
            />
          )}
          {kind === 'add-to-group' && (
            <Field label="Group or list">
              {(props) => (
                <select {...props} className="input" value={group} onChange={(event) => setGroup(event.target.value)}>
                  <option value="">Choose…</option>
                  {choices.map((g) => (
                    <option key={`${g.kind}:${g.name}`} value={`${g.kind}:${g.name}`}>
                      {g.name} ({g.kind === 'security' ? 'group' : 'distribution list'})
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {kind === 'delete' && (
            <Field label={`Type “${expected}” to confirm`} hint="They go to Deleted items, out of every group and list; a host admin can restore them until they are purged.">
              {(props) => <input {...props} className="input input--mono" autoComplete="off" value={typed} onChange={(event) => setTyped(event.target.value)} />}
            </Field>
          )}
          {(kind === 'disable' || kind === 'enable') && (
            <p>{kind === 'disable' ? 'They can no longer sign in or receive mail until enabled again.' : 'They can sign in and receive mail again.'}</p>
          )}
          {progress !== null && (
            <div className="bulk-progress">
              <progress aria-label="Bulk progress" max={progress.total} value={progress.done} />
              <span role="status" aria-label="Bulk state">
                {formatCount(progress.done)} of {formatCount(progress.total)} done{progress.failed > 0 ? `, ${formatCount(progress.failed)} failed` : ''}
              </span>
            </div>
          )}
          {error !== null && <ErrorNotice title="Nothing was done" error={error} />}
          <div className="dialog__actions">
            <button type="button" className="button" disabled={running} onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className={kind === 'delete' ? 'button button--danger' : 'button button--primary'} disabled={action === null || running}>
              {running ? 'Working…' : title}
            </button>
          </div>
        </form>
      ) : (
        <div className="form-grid">
          <p className={failures.length === 0 ? 'notice notice--ok' : 'notice notice--warn'} role="status" aria-label="Bulk result">
            {countOf(succeeded, 'mailbox', 'mailboxes')} done{failures.length > 0 ? `, ${countOf(failures.length, 'failed', 'failed')}` : ''} in {(report.elapsedMs / 1000).toFixed(1)} s.
          </p>
          {failures.length > 0 && <DataTable label="Mailboxes not done" columns={failureColumns} rows={failures} rowKey={(f) => f.login} />}
          <div className="dialog__actions">
            <button type="button" className="button button--primary" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
