/**
 * A tenant's Settings node: its domains and limits, editable by those who manage it; its password policy; and for
 * host admins its leaving (exit package, then deletion with proof: tenant-exit-section.tsx).
 * A save that would leave the tenant over a limit (a pool below what is allocated, a mailbox limit below the
 * mailboxes there are) says so and asks first; a save that went through says "Saved".
 */
import { useState } from 'react';
import type { TenantSummary } from '../../shared/model/hosting';
import { fieldValue, stillApplying, type Attempt } from '../state/attempt';
import type { Permissions } from '../state/permissions';
import { useConsoleActions } from '../state/store-context';
import { changedSettings, checkTenantSettings, settingsWarnings, tenantFieldAliases, tenantFormDiffers, tenantFormFrom, type TenantForm } from '../state/tenant-form';
import { ConfirmDialog } from './dialogs/confirm-dialog';
import { ErrorNotice } from './error-notice';
import { PasswordPolicySection } from './password-policy-section';
import { TenantExitSection } from './tenant-exit-section';
import { TenantFields } from './tenant-fields';
import { TenantMailServices } from './tenant-mail-services';

export function TenantSettingsPane({ tenant, permissions }: { tenant: TenantSummary; permissions: Permissions }) {
  const actions = useConsoleActions();
  const [form, setForm] = useState<TenantForm>(() => tenantFormFrom(tenant));
  // The tenant the form was filled from: a newer one (saved, or reloaded) replaces an untouched form.
  const [baseline, setBaseline] = useState(tenant);
  const [confirmSave, setConfirmSave] = useState<string[] | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState<Attempt<TenantForm> | null>(null);
  const canEdit = permissions.manageTenants || permissions.editTenant(tenant.name);

  if (baseline !== tenant) {
    setBaseline(tenant);
    if (!tenantFormDiffers(baseline, form)) setForm(tenantFormFrom(tenant));
  }

  const { settings, issues } = checkTenantSettings(form);
  const changes = settings !== null ? changedSettings(tenant, settings) : {};
  const dirty = tenantFormDiffers(tenant, form);
  const server = stillApplying(attempt, form, (values, key) => fieldValue(values, key, tenantFieldAliases));

  // What the mailboxes already take of the pool, read only when a save lowers the pool (on 10,000 mailboxes it
  // is a walk over all of them in main, which opening the page should not cost).
  const check = async (): Promise<string[]> => {
    const pool = changes.storagePoolBytes;
    if (pool === undefined || pool === null) return settingsWarnings(tenant, changes, null);
    setBusy(true);
    const usage = await actions.getTenantUsage({ tenant: tenant.name });
    setBusy(false);
    return settingsWarnings(tenant, changes, usage.ok ? usage.value : null);
  };

  const save = async () => {
    const sent = form;
    setBusy(true);
    const result = await actions.updateTenant({ tenant: tenant.name, changes });
    setBusy(false);
    if (result.ok) {
      setAttempt(null);
      setSaved(true);
      setForm(tenantFormFrom(result.value));
    } else setAttempt({ error: result.error, sent });
    return result;
  };

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
        aria-label={`Settings of ${tenant.name}`}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (settings === null || Object.keys(changes).length === 0) return;
          setSaved(false);
          void check().then(async (warnings) => {
            if (warnings.length > 0) setConfirmSave(warnings);
            else await save();
          });
        }}
      >
        <TenantFields form={form} issues={{ ...server.issues, ...issues }} readOnly={!canEdit} onChange={(patch) => { setForm({ ...form, ...patch }); setSaved(false); }} />
        {server.notice !== null && <ErrorNotice title="The settings were not saved" error={server.notice} />}
        {saved && !dirty && <p className="notice notice--ok" role="status">Saved.</p>}
        {canEdit && (
          <div className="button-row">
            <button type="button" className="button" disabled={!dirty || busy} onClick={() => { setForm(tenantFormFrom(tenant)); setAttempt(null); }}>
              Discard changes
            </button>
            <button type="submit" className="button button--primary" disabled={Object.keys(changes).length === 0 || settings === null || busy}>
              {busy ? 'Saving…' : 'Save settings'}
            </button>
          </div>
        )}
      </form>
      <TenantMailServices tenant={tenant} canEdit={permissions.manageTenants} />
      <div className="content-pane__form">
        <PasswordPolicySection tenant={tenant.name} canEdit={permissions.manageTenants} />
        {permissions.manageTenants && <TenantExitSection tenant={tenant} />}
      </div>
      {confirmSave !== null && (
        <ConfirmDialog
          title={`Save the settings of ${tenant.name}?`}
          confirmLabel="Save anyway"
          tone="caution"
          onCancel={() => setConfirmSave(null)}
          onConfirm={save}
          onDone={() => setConfirmSave(null)}
        >
          <p>After this save the tenant is over its limits:</p>
          <ul className="confirm__list" aria-label="What the save leaves over its limits">
            {confirmSave.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </ConfirmDialog>
      )}
    </section>
  );
}
