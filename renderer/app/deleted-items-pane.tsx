/**
 * A tenant's Deleted items: the mailboxes deleted within the retention period, when and by whom, until when they are
 * kept. Host admins restore one (it returns with its groups, if the tenant has room for it) or purge it (its login
 * and addresses become free); tenant admins see the list. How the directory keeps them is said first.
 */
import { useCallback, useEffect, useState } from 'react';
import type { EnclaveError } from '../../shared/errors';
import type { DeletedItems, DeletedMailbox } from '../../shared/model/deleted-items';
import type { TenantSummary } from '../../shared/model/hosting';
import { dnLabel, formatDnLabel } from '../../shared/model/audit-labels';
import { countOf } from '../format/format-number';
import type { Permissions } from '../state/permissions';
import { useConsoleActions } from '../state/store-context';
import { ConfirmDialog } from './dialogs/confirm-dialog';
import { ErrorNotice } from './error-notice';
import { DataTable, type Column } from './table/data-table';
import { compareText } from './table/table-sort';

/** "2026-12-03 09:14" (UTC, as the headers say): deletion and purge times, to the minute. */
const when = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

const modeWords = (items: DeletedItems): string => {
  if (items.mode === 'kept') return `Deleted mailboxes are kept ${items.retentionDays} days: hidden, signed out and out of their groups, their logins and addresses reserved. Host admins restore them or purge them.`;
  if (items.mode === 'recycle-bin') return `Active Directory's Recycle Bin keeps deleted mailboxes ${items.retentionDays} days with everything they had. Host admins restore them or purge them.`;
  return 'This directory keeps no deleted mailboxes: a delete is final here. (On Samba, Active Directory’s Recycle Bin cannot restore what it keeps; see docs/console.md.)';
};

export function DeletedItemsPane({ tenant, permissions }: { tenant: TenantSummary; permissions: Permissions }) {
  const actions = useConsoleActions();
  const [items, setItems] = useState<DeletedItems | null>(null);
  const [error, setError] = useState<EnclaveError | null>(null);
  const [generation, setGeneration] = useState(0);
  const [purging, setPurging] = useState<DeletedMailbox | 'expired' | null>(null);
  const [restoreError, setRestoreError] = useState<EnclaveError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // When the list was read: what has expired is judged against it (not the clock at each render).
  const [readAt, setReadAt] = useState(0);
  const canDecide = permissions.manageTenants;

  useEffect(() => {
    let live = true;
    void actions.listDeletedMailboxes({ tenant: tenant.name }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setItems(result.value);
        setReadAt(Date.now());
        setError(null);
      } else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [actions, tenant.name, generation]);
  const reload = useCallback(() => setGeneration((current) => current + 1), []);

  const restore = async (item: DeletedMailbox) => {
    setBusy(true);
    setRestoreError(null);
    const result = await actions.restoreMailbox({ tenant: tenant.name, login: item.login });
    setBusy(false);
    if (result.ok) {
      setDone(`${item.login} is back, with its groups.`);
      reload();
    } else setRestoreError(result.error);
  };

  const columns: readonly Column<DeletedMailbox>[] = [
    { key: 'name', header: 'Display name', width: 'minmax(120px, 1.2fr)', cell: (m) => m.displayName || m.login, title: (m) => m.displayName, compare: (a, b) => compareText(a.displayName, b.displayName) },
    { key: 'login', header: 'Login', width: 'minmax(110px, 1fr)', mono: true, cell: (m) => m.login, compare: (a, b) => compareText(a.login, b.login) },
    { key: 'address', header: 'Primary address', width: 'minmax(140px, 1.4fr)', mono: true, cell: (m) => m.primaryAddress, title: (m) => [m.primaryAddress, ...m.aliases].join(', '), compare: (a, b) => compareText(a.primaryAddress, b.primaryAddress) },
    { key: 'deleted', header: 'Deleted (UTC)', width: '136px', cell: (m) => when(m.deletedAt), compare: (a, b) => a.deletedAt.localeCompare(b.deletedAt), firstDirection: 'descending' },
    { key: 'by', header: 'By', width: 'minmax(90px, 0.8fr)', cell: (m) => (m.deletedBy === null ? '' : formatDnLabel(dnLabel(m.deletedBy))), title: (m) => m.deletedBy ?? '' },
    { key: 'purge', header: 'Kept until (UTC)', width: '136px', cell: (m) => when(m.purgeAfter), compare: (a, b) => a.purgeAfter.localeCompare(b.purgeAfter) },
    ...(canDecide
      ? [
          {
            key: 'actions',
            header: 'Actions',
            width: '184px',
            cell: (m: DeletedMailbox) => (
              <span className="button-row button-row--tight">
                <button type="button" className="button" disabled={busy} aria-label={`Restore ${m.login}`} onClick={() => void restore(m)}>
                  Restore
                </button>
                <button type="button" className="button button--danger" disabled={busy} aria-label={`Purge ${m.login}`} onClick={() => setPurging(m)}>
                  Purge…
                </button>
              </span>
            ),
          } satisfies Column<DeletedMailbox>,
        ]
      : []),
  ];

  const expired = items?.items.filter((m) => Date.parse(m.purgeAfter) <= readAt) ?? [];
  return (
    <section className="pane content-pane" aria-labelledby="content-pane-title" data-state={error !== null ? 'failed' : items === null ? 'loading' : 'ready'}>
      <div className="pane__header">
        <h2 id="content-pane-title" className="pane__title">
          Deleted items of {tenant.name}
        </h2>
        <span className="pane__actions">
          {canDecide && expired.length > 0 && (
            <button type="button" className="button" onClick={() => setPurging('expired')}>
              Purge expired ({expired.length})
            </button>
          )}
          <button type="button" className="button button--quiet" onClick={reload}>
            Reload
          </button>
        </span>
      </div>
      {error !== null && <ErrorNotice title="Could not read the deleted items" error={error} onRetry={reload} />}
      {items === null && error === null && <p className="pane__placeholder">Reading deleted items…</p>}
      {items !== null && (
        <>
          <p className="form-note content-pane__note">{modeWords(items)}</p>
          {done !== null && (
            <p className="notice notice--ok" role="status">
              {done}
            </p>
          )}
          {restoreError !== null && <ErrorNotice title="Not restored" error={restoreError} />}
          {items.items.length === 0 ? (
            <p className="pane__placeholder">Nothing deleted in {tenant.name}.</p>
          ) : (
            <>
              <p className="content-pane__progress" role="status" aria-label="Deleted items count">
                {countOf(items.items.length, 'deleted mailbox', 'deleted mailboxes')}
              </p>
              <DataTable label={`Deleted items of ${tenant.name}`} className="data-table--pane" columns={columns} rows={items.items} rowKey={(m) => m.login} sort={{ key: 'deleted', direction: 'descending' }} />
            </>
          )}
        </>
      )}
      {purging !== null && (
        <ConfirmDialog
          title={purging === 'expired' ? `Purge ${countOf(expired.length, 'expired mailbox', 'expired mailboxes')}?` : `Purge ${purging.login} for good?`}
          confirmLabel={purging === 'expired' ? 'Purge expired' : 'Purge mailbox'}
          onCancel={() => setPurging(null)}
          onConfirm={async () => {
            const result = purging === 'expired' ? await actions.purgeExpiredMailboxes({ tenant: tenant.name }) : await actions.purgeMailbox({ tenant: tenant.name, login: purging.login });
            return result;
          }}
          onDone={() => {
            setDone(purging === 'expired' ? 'The expired mailboxes were purged.' : `${purging.login} was purged: its login and addresses are free again.`);
            setPurging(null);
            reload();
          }}
        >
          {purging === 'expired' ? (
            <p>These mailboxes were kept past their retention and go for good: {expired.map((m) => m.login).join(', ')}. Their logins and addresses become free.</p>
          ) : (
            <p>
              <strong>{purging.login}</strong> (<span className="mono">{[purging.primaryAddress, ...purging.aliases].join(', ')}</span>) goes for good: it can no longer be restored, and its
              login and addresses become free for someone else. The mail store's folder is for the mail host to remove.
            </p>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}
