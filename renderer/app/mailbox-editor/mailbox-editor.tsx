/**
 * The properties of one mailbox, in tabs. Reads the mailbox fresh (with its revision) when opened; Save
 * sends only the fields that changed and the revision it read, so a change made elsewhere meanwhile is
 * reported as a conflict instead of being overwritten. A quota the tenant's pool has no room for is refused
 * as it is typed; the server's problems with a field go once the field is changed. Escape closes the panel.
 */
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { EnclaveError } from '../../../shared/errors';
import type { Mailbox, TenantSummary, TenantUsage } from '../../../shared/model/hosting';
import { fieldValue, stillApplying, type Attempt } from '../../state/attempt';
import { draftChanges, draftDiffers, draftFrom, type MailboxDraft } from '../../state/mailbox-draft';
import type { Permissions } from '../../state/permissions';
import { useConsoleActions } from '../../state/store-context';
import { ConfirmDialog } from '../dialogs/confirm-dialog';
import { ErrorNotice } from '../error-notice';
import { AccountTab } from './account-tab';
import { AddressesTab } from './addresses-tab';
import { CertificatesTab } from './certificates-tab';
import { GeneralTab } from './general-tab';
import { MemberOfTab } from './member-of-tab';
import { QuotaTab } from './quota-tab';
import { ActivityTab } from './activity-tab';
import { ServicesTab } from './services-tab';

const tabs = ['General', 'Addresses', 'Quota', 'Member of', 'Certificates', 'Services', 'Activity', 'Account'] as const;
type Tab = (typeof tabs)[number];

/** The draft fields behind a server issue key (`quota` is typed as amount and unit). */
const draftFieldAliases = { quota: ['quotaAmount', 'quotaUnit'] } as const;

interface MailboxEditorProps {
  tenant: TenantSummary;
  login: string;
  permissions: Permissions;
  /** "Copy…": a new mailbox like this one (groups, quota, domain). */
  onCopy?(mailbox: Mailbox): void;
}

export function MailboxEditor({ tenant, login, permissions, onCopy }: MailboxEditorProps) {
  const actions = useConsoleActions();
  const idPrefix = useId();
  const [mailbox, setMailbox] = useState<Mailbox | null>(null);
  const [draft, setDraft] = useState<MailboxDraft | null>(null);
  const [usage, setUsage] = useState<TenantUsage | null>(null);
  const [usageError, setUsageError] = useState<EnclaveError | null>(null);
  const [loadError, setLoadError] = useState<EnclaveError | null>(null);
  const [attempt, setAttempt] = useState<Attempt<MailboxDraft> | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [tab, setTab] = useState<Tab>('General');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const canEdit = permissions.editTenant(tenant.name);

  // The panel is keyed by tenant and login (app.tsx): a fresh one starts empty and reads once; Reload reads again.
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    void actions.getMailbox({ tenant: tenant.name, login }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setMailbox(result.value);
        setDraft(draftFrom(result.value));
        setAttempt(null);
      } else setLoadError(result.error);
    });
    return () => {
      live = false;
    };
  }, [actions, tenant.name, login, generation]);

  // The tenant's pool as it is now, once the quota is shown or typed (on a large tenant it is a walk over every
  // mailbox in main, which opening a mailbox should not cost), and again whenever this mailbox's quota changed.
  const quotaBytes = mailbox?.quotaBytes;
  const quotaTouched = mailbox !== null && draft !== null && (draft.quotaAmount !== draftFrom(mailbox).quotaAmount || draft.quotaUnit !== draftFrom(mailbox).quotaUnit);
  const needUsage = tab === 'Quota' || quotaTouched;
  useEffect(() => {
    if (!needUsage) return;
    let live = true;
    void actions.getTenantUsage({ tenant: tenant.name }).then((result) => {
      if (!live) return;
      setUsage(result.ok ? result.value : null);
      setUsageError(result.ok ? null : result.error);
    });
    return () => {
      live = false;
    };
  }, [actions, tenant.name, quotaBytes, needUsage]);

  const load = () => {
    setLoadError(null);
    setGeneration((current) => current + 1);
  };

  // The store already has it (its actions report writes); the editor takes it as its new baseline.
  const adopt = (updated: Mailbox) => {
    setMailbox(updated);
    setDraft(draftFrom(updated));
  };

  const close = () => actions.openMailbox(null);
  // Escape anywhere in the panel closes it, unless a dialog opened from it takes the key first.
  const onPanelKey = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    if (event.target instanceof Element && event.target.closest('dialog') !== null) return;
    event.preventDefault();
    close();
  };

  const title = `Properties of ${login}`;
  if (loadError !== null) {
    return (
      <aside className="pane properties" aria-label={title} onKeyDown={onPanelKey}>
        <ErrorNotice title={`Could not open ${login}`} error={loadError} onRetry={load} />
      </aside>
    );
  }
  if (mailbox === null || draft === null) {
    return (
      <aside className="pane properties" aria-label={title} aria-busy="true" onKeyDown={onPanelKey}>
        <p className="pane__placeholder">Loading {login}…</p>
      </aside>
    );
  }

  const { changes, issues } = draftChanges(mailbox, draft, tenant.mailDomains, usage);
  const server = stillApplying(attempt, draft, (values, key) => fieldValue(values, key, draftFieldAliases));
  const shownIssues = { ...server.issues, ...issues };
  const dirty = draftDiffers(mailbox, draft);
  const blocked = Object.keys(issues).length > 0 || Object.keys(changes).length === 0;

  const save = async () => {
    const sent = draft;
    setSaving(true);
    setSaved(false);
    const result = await actions.updateMailbox({ tenant: tenant.name, login, changes, expectedRevision: mailbox.revision });
    setSaving(false);
    if (result.ok) {
      setAttempt(null);
      adopt(result.value);
      setSaved(true);
    } else setAttempt({ error: result.error, sent });
  };

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.indexOf(tab);
    const next = event.key === 'ArrowRight' ? (index + 1) % tabs.length : event.key === 'ArrowLeft' ? (index + tabs.length - 1) % tabs.length : -1;
    if (next < 0) return;
    event.preventDefault();
    const target = tabs[next] as Tab;
    setTab(target);
    document.getElementById(`${idPrefix}tab-${next}`)?.focus();
  };

  const tabProps = { draft, issues: shownIssues, readOnly: !canEdit, onChange: (next: MailboxDraft) => { setDraft(next); setSaved(false); } };
  return (
    <aside className="pane properties" aria-label={title} data-revision={mailbox.revision} onKeyDown={onPanelKey}>
      <div className="pane__header">
        <h2 className="pane__title" title={mailbox.displayName || login}>
          {mailbox.displayName || login}
        </h2>
        <span className="pane__actions">
          <button type="button" className="button button--quiet" aria-label="Close properties" title="Close (Esc)" onClick={close}>
            ✕
          </button>
        </span>
      </div>
      <p className="properties__subtitle">
        <span className="mono">{mailbox.primaryAddress}</span> · {tenant.name}
        {!canEdit && <span className="badge">Read-only</span>}
        {canEdit && onCopy !== undefined && (
          <button type="button" className="button button--quiet button--small" title="A new mailbox with the same groups, quota and domain" onClick={() => onCopy(mailbox)}>
            Copy…
          </button>
        )}
      </p>
      <div className="tabs" role="tablist" aria-label={`Sections of ${login}`} onKeyDown={onTabKey}>
        {tabs.map((name, index) => (
          <button key={name} id={`${idPrefix}tab-${index}`} type="button" role="tab" className="tabs__tab" aria-selected={tab === name} aria-controls={`${idPrefix}panel`} tabIndex={tab === name ? 0 : -1} onClick={() => setTab(name)}>
            {name}
          </button>
        ))}
      </div>
      <div className="properties__body" id={`${idPrefix}panel`} role="tabpanel" aria-labelledby={`${idPrefix}tab-${tabs.indexOf(tab)}`}>
        {tab === 'General' && <GeneralTab {...tabProps} />}
        {tab === 'Addresses' && <AddressesTab {...tabProps} domains={tenant.mailDomains} />}
        {tab === 'Quota' && <QuotaTab {...tabProps} mailbox={mailbox} usage={usage} usageError={usageError} />}
        {tab === 'Member of' && <MemberOfTab mailbox={mailbox} readOnly={!canEdit} />}
        {tab === 'Certificates' && <CertificatesTab tenant={tenant.name} login={login} canEdit={canEdit} />}
        {tab === 'Services' && <ServicesTab key={mailbox.revision} mailbox={mailbox} tenant={tenant} canEdit={permissions.manageTenants} onChanged={adopt} />}
        {tab === 'Activity' && <ActivityTab mailbox={mailbox} />}
        {tab === 'Account' && (
          <AccountTab mailbox={mailbox} canEdit={canEdit} canResetPassword={permissions.resetPasswords(tenant.name)} onChanged={adopt} onDelete={() => setConfirmDelete(true)} />
        )}
      </div>
      {canEdit && tab !== 'Member of' && tab !== 'Certificates' && tab !== 'Account' && tab !== 'Services' && tab !== 'Activity' && (
        <div className="properties__footer">
          {server.notice !== null && (
            <ErrorNotice
              title={server.notice.kind === 'conflict' ? 'Changed elsewhere — not saved' : 'Could not save the mailbox'}
              error={server.notice}
              {...(server.notice.kind === 'conflict' ? { onRetry: load, retryLabel: 'Reload (discard my edits)' } : {})}
            />
          )}
          {saved && !dirty && <p className="notice notice--ok" role="status">Saved.</p>}
          <div className="button-row">
            <button type="button" className="button" disabled={!dirty || saving} onClick={() => { setDraft(draftFrom(mailbox)); setAttempt(null); }}>
              Discard changes
            </button>
            <button type="button" className="button button--primary" disabled={blocked || saving} onClick={() => void save()}>
              {saving ? 'Saving…' : 'Save'}
            </button>
          </div>
        </div>
      )}
      {confirmDelete && (
        <ConfirmDialog
          title={`Delete mailbox ${login}?`}
          confirmLabel="Delete mailbox"
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => actions.deleteMailbox({ tenant: tenant.name, login })}
          onDone={() => setConfirmDelete(false)}
        >
          <p>
            This deletes the mailbox <strong>{login}</strong> of {tenant.name} with its addresses{' '}
            <span className="mono">{[mailbox.primaryAddress, ...mailbox.aliases].join(', ')}</span> and takes it out of every group and list. It can no longer sign in,
            and mail sent to these addresses bounces. Where the directory keeps deleted items, it waits there for a host admin to restore or purge it,
            its login and addresses reserved meanwhile.
          </p>
        </ConfirmDialog>
      )}
    </aside>
  );
}
