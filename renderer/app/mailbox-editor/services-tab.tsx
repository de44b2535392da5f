/**
 * A mailbox's own mail service settings over its tenant's: for each service follow the tenant, allow or refuse;
 * the largest message from the tenant, none, or its own. Shows what applies in the end. Host admins change them
 * (saved on their own, with the revision read, like the other tabs).
 */
import { useState } from 'react';
import type { Mailbox, TenantSummary } from '../../../shared/model/hosting';
import { mailServiceLabels, type ServiceOverride } from '../../../shared/model/mail-services';
import { formatBytes } from '../../format/format-bytes';
import { changedMailboxServices, checkMailboxServices, effectiveServiceLines, mailboxServicesFormFrom, serviceKeys, type MailboxServicesForm, type SizeChoice } from '../../state/mail-services-form';
import { useConsoleActions } from '../../state/store-context';
import { ErrorNotice } from '../error-notice';
import { Field } from '../field';
import { useCall } from '../use-call';

interface ServicesTabProps {
  mailbox: Mailbox;
  tenant: TenantSummary;
  canEdit: boolean;
  onChanged(mailbox: Mailbox): void;
}

export function ServicesTab({ mailbox, tenant, canEdit, onChanged }: ServicesTabProps) {
  const actions = useConsoleActions();
  const call = useCall();
  const [form, setForm] = useState<MailboxServicesForm>(() => mailboxServicesFormFrom(mailbox.services));
  const [saved, setSaved] = useState(false);
  const { services, issue } = checkMailboxServices(form);
  const changes = services === null ? {} : changedMailboxServices(mailbox.services, services);
  const shown = effectiveServiceLines(tenant.services, services ?? mailbox.services);
  const tenantSays = (allowed: boolean) => `Its tenant’s setting (${allowed ? 'allowed' : 'refused'})`;
  const tenantSize = tenant.services.maxMessageBytes === null ? 'no limit' : formatBytes(tenant.services.maxMessageBytes);
  const patch = (next: Partial<MailboxServicesForm>) => {
    setForm({ ...form, ...next });
    setSaved(false);
  };

  return (
    <form
      className="form-grid"
      aria-label="Mail services"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (Object.keys(changes).length === 0) return;
        void call.run(() => actions.updateMailbox({ tenant: mailbox.tenant, login: mailbox.login, changes: { services: changes }, expectedRevision: mailbox.revision })).then((updated) => {
          if (updated === null) return;
          onChanged(updated);
          setForm(mailboxServicesFormFrom(updated.services));
          setSaved(true);
        });
      }}
    >
      {serviceKeys.map((key) => (
        <Field key={key} label={mailServiceLabels[key]}>
          {(props) => (
            <select {...props} className="input" value={form[key]} disabled={!canEdit} onChange={(event) => patch({ [key]: event.target.value as ServiceOverride })}>
              <option value="inherit">{tenantSays(tenant.services[key])}</option>
              <option value="allow">Allowed for this mailbox</option>
              <option value="deny">Refused for this mailbox</option>
            </select>
          )}
        </Field>
      ))}
      <Field label="Largest message" issue={form.size === 'own' ? issue : undefined}>
        {(props) => (
          <select {...props} className="input" value={form.size} disabled={!canEdit} onChange={(event) => patch({ size: event.target.value as SizeChoice })}>
            <option value="inherit">Its tenant’s limit ({tenantSize})</option>
            <option value="none">No limit for this mailbox</option>
            <option value="own">Its own limit…</option>
          </select>
        )}
      </Field>
      {form.size === 'own' && (
        <Field label="Its own limit (MiB)">
          {(props) => <input {...props} className="input" inputMode="decimal" value={form.maxMessageMiB} readOnly={!canEdit} onChange={(event) => patch({ maxMessageMiB: event.target.value })} />}
        </Field>
      )}
      <section className="account-block" aria-label="What applies">
        <h3 className="section-title">What applies</h3>
        <ul className="plain-list">
          {shown.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      {call.error !== null && <ErrorNotice title={call.error.kind === 'conflict' ? 'Changed elsewhere — not saved' : 'The mail services were not saved'} error={call.error} />}
      {saved && <p className="notice notice--ok" role="status">Saved.</p>}
      {canEdit && (
        <div className="button-row">
          <button type="button" className="button" disabled={Object.keys(changes).length === 0 || call.busy} onClick={() => setForm(mailboxServicesFormFrom(mailbox.services))}>
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
