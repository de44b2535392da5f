/**
 * The properties of one mailbox, in tabs. Reads the mailbox fresh (with its revision) when opened; Save
 * sends only the fields that changed and the revision it read, so a change made elsewhere meanwhile is
 * reported as a conflict instead of being overwritten.
 */
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { EnclaveError } from '../../../shared/errors';
import type { Mailbox, TenantSummary } from '../../../shared/model/hosting';
import { draftChanges, draftFrom, issuesFromServer, type MailboxDraft } from '../../state/mailbox-draft';
import type { Permissions } from '../../state/permissions';
import { useConsoleActions } from '../../state/store-context';
import { ConfirmDialog } from '../dialogs/confirm-dialog';
import { ErrorNotice } from '../error-notice';
import { AccountTab } from './account-tab';
import { AddressesTab } from './addresses-tab';
import { GeneralTab } from './general-tab';
import { MemberOfTab } from './member-of-tab';
import { QuotaTab } from './quota-tab';

const tabs = ['General', 'Addresses', 'Quota', 'Member of', 'Account'] as const;
type Tab = (typeof tabs)[number];

interface MailboxEditorProps {
  tenant: TenantSummary;
  login: string;
  permissions: Permissions;
}

export function MailboxEditor({ tenant, login, permissions }: MailboxEditorProps) {
  const actions = useConsoleActions();
  const idPrefix = useId();
  const [mailbox, setMailbox] = useState<Mailbox | null>(null);
  const [draft, setDraft] = useState<MailboxDraft | null>(null);
  const [loadError, setLoadError] = useState<EnclaveError | null>(null);
  const [saveError, setSaveError] = useState<EnclaveError | null>(null);
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
        setSaveError(null);
      } else setLoadError(result.error);
    });
    return () => {
      live = false;
    };
  }, [actions, tenant.name, login, generation]);

  const load = () => {
    setLoadError(null);
    setGeneration((current) => current + 1);
  };

  // The store already has it (its actions report writes); the editor takes it as its new baseline.
  const adopt = (updated: Mailbox) => {
    setMailbox(updated);
    setDraft(draftFrom(updated));
  };

  const title = `Properties of ${login}`;
  if (loadError !== null) {
    return (
      <aside className="pane properties" aria-label={title}>
        <ErrorNotice title={`Could not open ${login}`} error={loadError} onRetry={load} />
      </aside>
    );
  }
  if (mailbox === null || draft === null) {
    return (
      <aside className="pane properties" aria-label={title} aria-busy="true">
        <p className="pane__placeholder">Loading {login}…</p>
      </aside>
    );
  }

  const { changes, issues } = draftChanges(mailbox, draft, tenant.mailDomains);
  const serverIssues = saveError?.kind === 'invalid-input' ? issuesFromServer(saveError.issues) : {};
  const shownIssues = { ...serverIssues, ...issues };
  const dirty = Object.keys(changes).length > 0;
  const blocked = Object.keys(issues).length > 0;

  const save = async () => {
    setSaving(true);
    setSaved(false);
    setSaveError(null);
    const result = await actions.updateMailbox({ tenant: tenant.name, login, changes, expectedRevision: mailbox.revision });
    setSaving(false);
    if (result.ok) {
      adopt(result.value);
      setSaved(true);
    } else setSaveError(result.error);
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
    <aside className="pane properties" aria-label={title} data-revision={mailbox.revision}>
      <div className="pane__header">
        <h2 className="pane__title">{mailbox.displayName || login}</h2>
        <span className="pane__actions">
          <button type="button" className="button button--quiet" aria-label="Close properties" onClick={() => actions.openMailbox(null)}>
            ✕
          </button>
        </span>
      </div>
      <p className="properties__subtitle">
        <span className="mono">{mailbox.primaryAddress}</span> · {tenant.name}
        {!canEdit && <span className="badge">Read-only</span>}
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
        {tab === 'Quota' && <QuotaTab {...tabProps} mailbox={mailbox} />}
        {tab === 'Member of' && <MemberOfTab mailbox={mailbox} readOnly={!canEdit} />}
        {tab === 'Account' && (
          <AccountTab mailbox={mailbox} canEdit={canEdit} canResetPassword={permissions.resetPasswords(tenant.name)} onChanged={adopt} onDelete={() => setConfirmDelete(true)} />
        )}
      </div>
      {canEdit && tab !== 'Member of' && tab !== 'Account' && (
        <div className="properties__footer">
          {saveError !== null && (
            <ErrorNotice
              title={saveError.kind === 'conflict' ? 'Changed elsewhere — not saved' : 'Could not save the mailbox'}
              error={saveError}
              {...(saveError.kind === 'conflict' ? { onRetry: load, retryLabel: 'Reload (discard my edits)' } : {})}
            />
          )}
          {saved && !dirty && <p className="notice notice--ok" role="status">Saved.</p>}
          <div className="button-row">
            <button type="button" className="button" disabled={!dirty || saving} onClick={() => { setDraft(draftFrom(mailbox)); setSaveError(null); }}>
              Discard changes
            </button>
            <button type="button" className="button button--primary" disabled={!dirty || blocked || saving} onClick={() => void save()}>
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
            This removes the mailbox <strong>{login}</strong> of {tenant.name} with its addresses{' '}
            <span className="mono">{[mailbox.primaryAddress, ...mailbox.aliases].join(', ')}</span> and takes it out of every group and list. Mail sent to these
            addresses will bounce. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </aside>
  );
}
