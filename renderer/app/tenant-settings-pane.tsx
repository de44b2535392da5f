/** A tenant's Settings node: its domains and limits, editable by those who manage it; delete with confirmation. */
import { useEffect, useState } from 'react';
import type { TenantSummary } from '../../shared/model/hosting';
import { issuesFromServer } from '../state/mailbox-draft';
import type { Permissions } from '../state/permissions';
import { useConsoleActions } from '../state/store-context';
import { changedSettings, checkTenantSettings, tenantFormFrom, type TenantForm } from '../state/tenant-form';
import { ConfirmDialog } from './dialogs/confirm-dialog';
import { ErrorNotice } from './error-notice';
import { TenantFields } from './tenant-fields';
import { useCall } from './use-call';

export function TenantSettingsPane({ tenant, permissions }: { tenant: TenantSummary; permissions: Permissions }) {
  const actions = useConsoleActions();
  const [form, setForm] = useState<TenantForm>(() => tenantFormFrom(tenant));
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [saved, setSaved] = useState(false);
  const call = useCall();
  const canEdit = permissions.manageTenants || permissions.editTenant(tenant.name);

  useEffect(() => {
    setForm(tenantFormFrom(tenant));
  }, [tenant]);

  const { settings, issues } = checkTenantSettings(form);
  const changes = settings !== null ? changedSettings(tenant, settings) : {};
  const dirty = Object.keys(changes).length > 0;
  const server = call.error?.kind === 'invalid-input' ? issuesFromServer(call.error.issues) : {};

  return (
    <section className="pane content-pane" aria-labelledby="content-pane-title" data-state="ready">
      <div className="pane__header">
        <h2 id="content-pane-title" className="pane__title">
          Settings of {tenant.name}
        </h2>
        {!canEdit && <span className="badge">Read-only</span>}
      </div>
      <form
        className="form-grid content-pane__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!dirty) return;
          setSaved(false);
          void call.run(() => actions.updateTenant({ tenant: tenant.name, changes })).then((updated) => {
            if (updated !== null) setSaved(true);
          });
        }}
      >
        <TenantFields form={form} issues={{ ...server, ...issues }} readOnly={!canEdit} onChange={(patch) => { setForm({ ...form, ...patch }); setSaved(false); }} />
        {call.error !== null && <ErrorNotice title="The settings were not saved" error={call.error} />}
        {saved && !dirty && <p className="notice notice--ok" role="status">Saved.</p>}
        {canEdit && (
          <div className="button-row">
            <button type="button" className="button" disabled={!dirty} onClick={() => setForm(tenantFormFrom(tenant))}>
              Discard changes
            </button>
            <button type="submit" className="button button--primary" disabled={!dirty || settings === null || call.busy}>
              {call.busy ? 'Saving…' : 'Save settings'}
            </button>
          </div>
        )}
      </form>
      {permissions.manageTenants && (
        <div className="danger-zone">
          <button type="button" className="button button--danger" onClick={() => setConfirmDelete(true)}>
            Delete tenant…
          </button>
        </div>
      )}
      {confirmDelete && (
        <ConfirmDialog
          title={`Delete tenant ${tenant.name}?`}
          confirmLabel="Delete tenant"
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => actions.deleteTenant({ tenant: tenant.name, force: true })}
          onDone={() => setConfirmDelete(false)}
        >
          <p>
            This removes the tenant <strong>{tenant.name}</strong> and everything in it: <strong>{tenant.mailboxCount.toLocaleString()} mailbox{tenant.mailboxCount === 1 ? '' : 'es'}</strong>, all its
            groups and distribution lists, and its claim on {tenant.mailDomains.join(', ')}. Mail to these domains will bounce. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
