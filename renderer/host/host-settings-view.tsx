/**
 * Host settings: the mail hosts' read-only directory accounts (docs/mail-servers.md). Host admins create one per
 * mail host (its generated password is shown once, here, and nowhere else) and remove them; helpdesk sees the list.
 */
import { useEffect, useState } from 'react';
import type { EnclaveError } from '../../shared/errors';
import { serviceAccountNameField, type CreatedServiceAccount, type ServiceAccount } from '../../shared/model/service-accounts';
import { ConfirmDialog } from '../app/dialogs/confirm-dialog';
import { Dialog } from '../app/dialogs/dialog';
import { ErrorNotice } from '../app/error-notice';
import { Field } from '../app/field';
import { useCall } from '../app/use-call';
import { useConsoleActions } from '../state/store-context';

export function HostSettingsView({ canEdit }: { canEdit: boolean }) {
  const actions = useConsoleActions();
  const [accounts, setAccounts] = useState<ServiceAccount[] | null>(null);
  const [loadError, setLoadError] = useState<EnclaveError | null>(null);
  const [generation, setGeneration] = useState(0);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [created, setCreated] = useState<CreatedServiceAccount | null>(null);
  const [removing, setRemoving] = useState<ServiceAccount | null>(null);
  const create = useCall();

  useEffect(() => {
    let live = true;
    void actions.listServiceAccounts({}).then((result) => {
      if (!live) return;
      setAccounts(result.ok ? result.value : null);
      setLoadError(result.ok ? null : result.error);
    });
    return () => {
      live = false;
    };
  }, [actions, generation]);
  const reload = () => setGeneration((n) => n + 1);
  const nameCheck = name.trim() === '' ? null : serviceAccountNameField.safeParse(name);
  const nameIssue = nameCheck !== null && !nameCheck.success ? nameCheck.error.issues[0]?.message : undefined;

  return (
    <section className="quota-view host-settings" aria-label="Host settings">
      <div className="quota-view__header">
        <h2 className="pane__title">Host settings</h2>
        <button type="button" className="button button--quiet" onClick={reload}>
          Reload
        </button>
      </div>
      <h3 className="section-title">Mail service accounts</h3>
      <p className="field__hint">
        One read-only directory account per mail host (Dovecot, Postfix): it reads logins, addresses, quotas, list members and account states of every
        tenant, never a password, and changes nothing. Then write the mail host’s configuration with <span className="mono">enclave mail-config</span>.
      </p>
      {loadError !== null && <ErrorNotice title="Could not list the service accounts" error={loadError} onRetry={reload} />}
      {accounts !== null && accounts.length === 0 && <p className="pane__placeholder">No service accounts yet.</p>}
      {accounts !== null && accounts.length > 0 && (
        <table className="simple-table" aria-label="Service accounts">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Mail service</th>
              <th scope="col">Created</th>
              <th scope="col">Description</th>
              {canEdit && <th scope="col" aria-label="Actions" />}
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.dn} data-account={account.name}>
                <td title={account.dn}>{account.name}</td>
                <td>{account.mailService ? 'Yes' : 'No (not in mail-services: it reads nothing)'}</td>
                <td>{account.createdAt === null ? '–' : new Date(account.createdAt).toLocaleString()}</td>
                <td>{account.description}</td>
                {canEdit && (
                  <td>
                    <button type="button" className="button button--quiet" onClick={() => setRemoving(account)}>
                      Remove…
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && (
        <form
          className="form-grid content-pane__form"
          aria-label="New service account"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (nameCheck === null || !nameCheck.success) return;
            void create.run(() => actions.createServiceAccount({ name: nameCheck.data, description })).then((result) => {
              if (result === null) return;
              setCreated(result);
              setName('');
              setDescription('');
              reload();
            });
          }}
        >
          <h3 className="section-title">New service account</h3>
          <Field label="Name" issue={nameIssue} hint="The mail host’s name, e.g. mail1 (it becomes the account’s login).">
            {(props) => <input {...props} className="input" autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />}
          </Field>
          <Field label="Description">
            {(props) => <input {...props} className="input" value={description} onChange={(event) => setDescription(event.target.value)} />}
          </Field>
          {create.error !== null && <ErrorNotice title="The service account was not created" error={create.error} />}
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={nameCheck === null || !nameCheck.success || create.busy}>
              {create.busy ? 'Creating…' : 'Create service account'}
            </button>
          </div>
        </form>
      )}
      {created !== null && (
        <Dialog title={`Service account ${created.account.name} created`} onClose={() => setCreated(null)}>
          <p>Its password is shown this once: Enclave keeps no copy. Put it on the mail host now (a file of mode 0600), then close this.</p>
          <p className="mono password-once" aria-label="Generated password">
            {created.password}
          </p>
          <p className="field__hint">
            Account: <span className="mono">{created.account.dn}</span>. Next, on the mail host: <span className="mono">enclave mail-config --server dovecot --service-account {created.account.name} --service-password-file FILE --out DIR</span>
          </p>
          <div className="dialog__actions">
            <button type="button" className="button button--primary" onClick={() => setCreated(null)}>
              I have saved the password
            </button>
          </div>
        </Dialog>
      )}
      {removing !== null && (
        <ConfirmDialog
          title={`Remove service account ${removing.name}?`}
          confirmLabel="Remove service account"
          onCancel={() => setRemoving(null)}
          onConfirm={() => actions.deleteServiceAccount({ name: removing.name })}
          onDone={() => {
            setRemoving(null);
            reload();
          }}
        >
          <p>
            The mail host using <strong>{removing.name}</strong> can no longer read the directory: its logins and deliveries stop at once. This cannot be undone (create a new
            account and give the mail host its password instead).
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
