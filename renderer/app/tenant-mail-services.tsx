/**
 * A tenant's mail services in its Settings: IMAP, POP3, sending outside the hosted domains, and the largest message
 * its mailboxes receive. Host admins change them (the mail servers read them from the tenant entry: saving writes
 * that entry only); everyone else who sees the tenant reads them. A mailbox may override each in its editor.
 */
import { useState } from 'react';
import type { TenantSummary } from '../../shared/model/hosting';
import { mailServiceLabels } from '../../shared/model/mail-services';
import { changedTenantServices, checkTenantServices, serviceKeys, tenantServicesFormFrom, type TenantServicesForm } from '../state/mail-services-form';
import { useConsoleActions } from '../state/store-context';
import { ErrorNotice } from './error-notice';
import { Field } from './field';
import { useCall } from './use-call';

const hints: Record<(typeof serviceKeys)[number], string> = {
  imap: 'Mail clients read mail over IMAP. Off: webmail or other access only.',
  pop3: 'Mail clients download mail over POP3.',
  externalForwarding: 'Mail sent or forwarded by its users may leave the hosted domains. Off: only to addresses Enclave hosts.',
};

export function TenantMailServices({ tenant, canEdit }: { tenant: TenantSummary; canEdit: boolean }) {
  const actions = useConsoleActions();
  const call = useCall();
  const [form, setForm] = useState<TenantServicesForm>(() => tenantServicesFormFrom(tenant.services));
  const [baseline, setBaseline] = useState(tenant.services);
  const [saved, setSaved] = useState(false);
  if (baseline !== tenant.services) {
    // A newer tenant (saved here or reloaded) replaces the form when it was not being edited.
    if (JSON.stringify(form) === JSON.stringify(tenantServicesFormFrom(baseline))) setForm(tenantServicesFormFrom(tenant.services));
    setBaseline(tenant.services);
  }
  const { services, issue } = checkTenantServices(form);
  const changes = services === null ? {} : changedTenantServices(tenant.services, services);
  const dirty = JSON.stringify(form) !== JSON.stringify(tenantServicesFormFrom(tenant.services));
  const patch = (next: Partial<TenantServicesForm>) => {
    setForm({ ...form, ...next });
    setSaved(false);
  };

  return (
    <form
      className="form-grid content-pane__form"
      aria-label={`Mail services of ${tenant.name}`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (Object.keys(changes).length === 0) return;
        void call.run(() => actions.updateTenant({ tenant: tenant.name, changes: { services: changes } })).then((updated) => {
          if (updated === null) return;
          setForm(tenantServicesFormFrom(updated.services));
          setSaved(true);
        });
      }}
    >
      <h3 className="section-title">Mail services</h3>
      <p className="field__hint">What the tenant’s mailboxes may use. The mail servers read these from the tenant; a mailbox can override them in its editor (Services).</p>
      {serviceKeys.map((key) => (
        <label key={key} className="checkbox" title={hints[key]}>
          <input type="checkbox" checked={form[key]} disabled={!canEdit} onChange={(event) => patch({ [key]: event.target.checked })} />
          {mailServiceLabels[key]} allowed
        </label>
      ))}
      <Field label="Largest message (MiB)" issue={issue} hint="Messages over it are refused at delivery. Leave empty for no limit.">
        {(props) => <input {...props} className="input" inputMode="decimal" value={form.maxMessageMiB} readOnly={!canEdit} onChange={(event) => patch({ maxMessageMiB: event.target.value })} />}
      </Field>
      {call.error !== null && <ErrorNotice title="The mail services were not saved" error={call.error} />}
      {saved && !dirty && <p className="notice notice--ok" role="status">Mail services saved.</p>}
      {canEdit && (
        <div className="button-row">
          <button type="button" className="button" disabled={!dirty || call.busy} onClick={() => setForm(tenantServicesFormFrom(tenant.services))}>
            Discard changes
          </button>
          <button type="submit" className="button button--primary" disabled={Object.keys(changes).length === 0 || services === null || call.busy}>
            {call.busy ? 'Saving…' : 'Save mail services'}
          </button>
        </div>
      )}
    </form>
  );
}
