/** "New tenant": name, domains and limits; the server refuses a domain another tenant owns. */
import { useState } from 'react';
import type { Tenant } from '../../../shared/model/hosting';
import { issuesFromServer } from '../../state/mailbox-draft';
import { useConsoleActions } from '../../state/store-context';
import { checkNewTenant, tenantFormFrom, type TenantForm } from '../../state/tenant-form';
import { ErrorNotice } from '../error-notice';
import { Field } from '../field';
import { TenantFields } from '../tenant-fields';
import { useCall } from '../use-call';
import { Dialog } from './dialog';

export function CreateTenantDialog({ onClose, onCreated }: { onClose(): void; onCreated(tenant: Tenant): void }) {
  const actions = useConsoleActions();
  const [form, setForm] = useState<TenantForm>(() => tenantFormFrom(null));
  const [submitted, setSubmitted] = useState(false);
  const call = useCall();
  const { request, issues } = checkNewTenant(form);
  const server = call.error?.kind === 'invalid-input' ? issuesFromServer(call.error.issues) : {};
  const shown = submitted ? { ...server, ...issues } : server;

  return (
    <Dialog title="New tenant" onClose={onClose} size="wide">
      <form
        className="form-grid"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setSubmitted(true);
          if (request === null) return;
          void call.run(() => actions.createTenant(request)).then((tenant) => {
            if (tenant !== null) onCreated(tenant);
          });
        }}
      >
        <Field label="Tenant name" issue={shown['name']} hint="Also the name of its unit in the directory; cannot be changed later.">
          {(props) => <input {...props} className="input" value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />}
        </Field>
        <TenantFields form={form} issues={shown} readOnly={false} onChange={(patch) => setForm({ ...form, ...patch })} />
        <p className="form-note">The tenant is created with its Mailboxes, Groups and Lists containers and the groups tenant-admins and all-users.</p>
        {call.error !== null && <ErrorNotice title="The tenant was not created" error={call.error} />}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={call.busy}>
            {call.busy ? 'Creating…' : 'Create tenant'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
