/**
 * Saved connections: connect or switch, add, edit, remove, and test with a precise report. Passwords are
 * only ever shown as "saved"; a CA certificate can be pasted or read from a file (its text goes to main).
 */
import { useCallback, useEffect, useState } from 'react';
import type { ConnectionTestReport, SavedConnection } from '../../../shared/model/connection';
import { tlsModes } from '../../../shared/model/connection';
import { checkConnectionForm, connectionFormFrom, lookupPasswordToSave, passwordToSave, suggestedTlsMode, type ConnectionForm } from '../../state/connection-form';
import { issuesFromServer } from '../../state/mailbox-draft';
import { useConsoleActions, useConsoleState } from '../../state/store-context';
import { ErrorNotice } from '../error-notice';
import { Field } from '../field';
import { useCall } from '../use-call';
import { ConfirmDialog } from './confirm-dialog';
import { Dialog } from './dialog';

const tlsLabels = { ldaps: 'LDAPS (TLS from the start)', starttls: 'STARTTLS', none: 'None (unencrypted)' } as const;

export function ConnectionManager({ onClose }: { onClose(): void }) {
  const actions = useConsoleActions();
  const session = useConsoleState().session;
  const activeId = session.status === 'ready' ? (session.value.connection?.profileId ?? null) : null;
  const [saved, setSaved] = useState<SavedConnection[] | null>(null);
  const [editing, setEditing] = useState<ConnectionForm | null>(null);
  const [askPassword, setAskPassword] = useState<{ id: string; password: string } | null>(null);
  const [removing, setRemoving] = useState<SavedConnection | null>(null);
  const list = useCall();
  const connect = useCall();

  const { run: runList } = list;
  const reload = useCallback(() => void runList(() => actions.listConnections({})).then((value) => value !== null && setSaved(value)), [runList, actions]);
  // Once, when the dialog opens.
  useEffect(reload, [reload]);

  const doConnect = async (connection: SavedConnection, password?: string) => {
    const result = await connect.run(() => actions.switchConnection(connection, password));
    if (result !== null) onClose();
  };

  if (editing !== null) {
    return <ConnectionEditor form={editing} onCancel={() => setEditing(null)} onSaved={() => { setEditing(null); reload(); }} />;
  }
  return (
    <Dialog title="Connections" onClose={onClose} size="wide">
      {list.error !== null && <ErrorNotice title="Could not read the saved connections" error={list.error} onRetry={reload} />}
      <ul className="connection-list" aria-label="Saved connections">
        {saved?.map((connection) => (
          <li key={connection.id} className="connection-list__item" aria-label={connection.name}>
            <div>
              <strong>{connection.name}</strong> {connection.isSandbox && <span className="badge badge--sandbox">Sandbox</span>}
              {connection.id === activeId && <span className="badge badge--connected">Connected</span>}
              <div className="muted mono">{connection.urls.join(', ')}</div>
              <div className="muted">
                {connection.bindDN} · {connection.hasSavedPassword ? 'password saved' : 'no saved password'}
              </div>
            </div>
            <div className="button-row">
              <button type="button" className="button button--primary" disabled={connect.busy} aria-label={`Connect to ${connection.name}`} onClick={() => (connection.hasSavedPassword ? void doConnect(connection) : setAskPassword({ id: connection.id, password: '' }))}>
                {connection.id === activeId ? 'Reconnect' : 'Connect'}
              </button>
              {!connection.isSandbox && (
                <>
                  <button type="button" className="button" aria-label={`Edit ${connection.name}`} onClick={() => setEditing(connectionFormFrom(connection))}>
                    Edit
                  </button>
                  <button type="button" className="button button--quiet" aria-label={`Remove ${connection.name}`} onClick={() => setRemoving(connection)}>
                    Remove
                  </button>
                </>
              )}
            </div>
            {askPassword?.id === connection.id && (
              <form className="inline-form" onSubmit={(event) => { event.preventDefault(); void doConnect(connection, askPassword.password); }}>
                <label className="field__label" htmlFor={`pw-${connection.id}`}>
                  Password for {connection.bindDN}
                </label>
                <input id={`pw-${connection.id}`} type="password" className="input" autoFocus value={askPassword.password} onChange={(event) => setAskPassword({ id: connection.id, password: event.target.value })} />
                <button type="submit" className="button button--primary" disabled={connect.busy || askPassword.password === ''}>
                  Connect
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {connect.busy && <p role="status">Connecting…</p>}
      {connect.error !== null && <ErrorNotice title="Could not connect" error={connect.error} />}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={() => setEditing(connectionFormFrom(null))}>
          Add connection…
        </button>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      {removing !== null && (
        <ConfirmDialog
          title={`Remove connection ${removing.name}?`}
          confirmLabel="Remove connection"
          onCancel={() => setRemoving(null)}
          onConfirm={() => actions.deleteConnection({ profileId: removing.id })}
          onDone={() => { setRemoving(null); reload(); }}
        >
          <p>
            This forgets the connection <strong>{removing.name}</strong> ({removing.urls.join(', ')}){removing.hasSavedPassword ? ' and its saved password' : ''}. The directory itself is not changed.
          </p>
        </ConfirmDialog>
      )}
    </Dialog>
  );
}

function ConnectionEditor({ form: initial, onCancel, onSaved }: { form: ConnectionForm; onCancel(): void; onSaved(): void }) {
  const actions = useConsoleActions();
  const [form, setForm] = useState(initial);
  const [submitted, setSubmitted] = useState(false);
  const [report, setReport] = useState<ConnectionTestReport | null>(null);
  const save = useCall();
  const test = useCall();
  const { profile, issues: local } = checkConnectionForm(form);
  const server = { ...(save.error?.kind === 'invalid-input' ? issuesFromServer(save.error.issues.map((i) => ({ ...i, path: i.path.filter((p) => p !== 'profile') }))) : {}) };
  const issues = submitted ? { ...server, ...local } : server;
  const set = (patch: Partial<ConnectionForm>) => { setForm((current) => ({ ...current, ...patch })); setReport(null); };
  const password = passwordToSave(form);
  const lookupPassword = lookupPasswordToSave(form);

  return (
    <Dialog title={initial.id === null ? 'Add connection' : `Edit connection ${initial.name}`} onClose={onCancel} size="wide">
      <form
        className="form-grid form-grid--two"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setSubmitted(true);
          if (profile === null) return;
          void save.run(() => actions.saveConnection({ profile, ...(password !== undefined ? { password } : {}), ...(lookupPassword !== undefined ? { lookupPassword } : {}) })).then((done) => done !== null && onSaved());
        }}
      >
        <Field label="Name" issue={issues['name']}>
          {(props) => <input {...props} className="input" value={form.name} onChange={(event) => set({ name: event.target.value })} />}
        </Field>
        <Field label="Servers" issue={issues['urls']} hint="One URL per line, tried in order, e.g. ldaps://ldap1.example.com:636">
          {(props) => <textarea {...props} className="input input--mono" rows={2} value={form.urls} onChange={(event) => set({ urls: event.target.value, ...(form.tlsModeChosen ? {} : { tlsMode: suggestedTlsMode(event.target.value) }) })} />}
        </Field>
        <Field label="Sign in as" issue={issues['bindDN']} hint="A login, a mail address or a full DN. Active Directory also takes DOMAIN\login.">
          {(props) => <input {...props} className="input input--mono" value={form.bindDN} onChange={(event) => set({ bindDN: event.target.value })} />}
        </Field>
        <Field label="TLS mode" issue={issues['tlsMode']} hint={form.tlsMode === 'none' ? 'Unencrypted: only for a server on this machine or a network you trust.' : 'Follows the server URLs until you pick one.'}>
          {(props) => (
            <select {...props} className="input" value={form.tlsMode} onChange={(event) => set({ tlsMode: event.target.value as ConnectionForm['tlsMode'], tlsModeChosen: true })}>
              {tlsModes.map((mode) => <option key={mode} value={mode}>{tlsLabels[mode]}</option>)}
            </select>
          )}
        </Field>
        <Field label="CA certificate (PEM)" issue={issues['caCertificatePem']} hint="Paste it, or choose the file below. Empty: the system’s CAs.">
          {(props) => <textarea {...props} className="input input--mono" rows={3} value={form.caCertificatePem} onChange={(event) => set({ caCertificatePem: event.target.value })} />}
        </Field>
        <Field label="CA certificate file">
          {(props) => (
            <input {...props} type="file" accept=".pem,.crt,.cer,text/plain" className="input" onChange={(event) => {
              const file = event.target.files?.[0];
              if (file !== undefined) void file.text().then((text) => set({ caCertificatePem: text }));
            }} />
          )}
        </Field>
        <Field label="TLS server name" issue={issues['tlsServerName']} hint="Only when the certificate names another host.">
          {(props) => <input {...props} className="input input--mono" value={form.tlsServerName} onChange={(event) => set({ tlsServerName: event.target.value })} />}
        </Field>
        <Field label="Lookup account (DN)" issue={issues['lookupBindDN']} hint="OpenLDAP only, to sign in by an address or a tenant’s login: a read-only account such as the mail service’s. Host staff sign in by login without it.">
          {(props) => <input {...props} className="input input--mono" value={form.lookupBindDN} onChange={(event) => set({ lookupBindDN: event.target.value })} />}
        </Field>
        <Field label="Lookup account password" hint={form.hasSavedLookupPassword ? 'Saved. Type a new one to replace it.' : 'Saved with the connection.'}>
          {(props) => <input {...props} type="password" autoComplete="off" className="input" disabled={form.lookupBindDN.trim() === ''} placeholder={form.hasSavedLookupPassword ? 'saved' : ''} value={form.lookupPassword} onChange={(event) => set({ lookupPassword: event.target.value })} />}
        </Field>
        <Field label="Base DN" issue={issues['baseDN']} hint="Empty: read from the server.">
          {(props) => <input {...props} className="input input--mono" value={form.baseDN} onChange={(event) => set({ baseDN: event.target.value })} />}
        </Field>
        <Field label="Mail usage" hint="Where used size, messages and last logins come from (docs/mail-servers.md).">
          {(props) => (
            <select {...props} className="input" value={form.usageKind} onChange={(event) => set({ usageKind: event.target.value as typeof form.usageKind })}>
              <option value="none">Not connected (allocations only)</option>
              <option value="doveadm">Dovecot on this machine (doveadm)</option>
              <option value="doveadm-http">Dovecot’s HTTP API</option>
            </select>
          )}
        </Field>
        {form.usageKind === 'doveadm' && (
          <Field label="Dovecot configuration file" issue={issues['doveadmConfig']} hint="The mail host’s dovecot.conf, e.g. /etc/dovecot/dovecot.conf.">
            {(props) => <input {...props} className="input input--mono" value={form.doveadmConfig} onChange={(event) => set({ doveadmConfig: event.target.value })} />}
          </Field>
        )}
        {form.usageKind === 'doveadm-http' && (
          <>
            <Field label="doveadm HTTP API" issue={issues['doveadmUrl']} hint="e.g. http://mail1:8080">
              {(props) => <input {...props} className="input input--mono" value={form.doveadmUrl} onChange={(event) => set({ doveadmUrl: event.target.value })} />}
            </Field>
            <Field label="API key file" issue={issues['doveadmKeyFile']} hint="A file on this machine holding doveadm_api_key (mode 0600).">
              {(props) => <input {...props} className="input input--mono" value={form.doveadmKeyFile} onChange={(event) => set({ doveadmKeyFile: event.target.value })} />}
            </Field>
          </>
        )}
        <Field label="Password" hint={form.hasSavedPassword ? 'A password is saved. Type a new one to replace it.' : 'Needed to test; saved only when “Remember password” is ticked.'}>
          {(props) => <input {...props} type="password" autoComplete="off" className="input" placeholder={form.hasSavedPassword ? 'saved' : ''} value={form.password} onChange={(event) => set({ password: event.target.value })} />}
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={form.rememberPassword} onChange={(event) => set({ rememberPassword: event.target.checked })} />
          Remember password
        </label>
        <div className="test-result" aria-live="polite">
          {test.busy && <p role="status">Testing…</p>}
          {report !== null && (
            <p className="notice notice--ok" role="status">
              Connected to {report.url} as {report.bindDN} in {report.elapsedMs} ms: {report.vendor} ({report.flavor}), suffix {report.suffix}.
            </p>
          )}
          {test.error !== null && <ErrorNotice title="Test failed" error={test.error} />}
        </div>
        {save.error !== null && <ErrorNotice title="The connection was not saved" error={save.error} />}
        <div className="dialog__actions">
          <button type="button" className="button" disabled={test.busy} onClick={() => {
            setSubmitted(true);
            if (profile === null) return;
            setReport(null);
            void test.run(() => actions.testConnection({ profile, ...(form.password !== '' ? { password: form.password } : {}), ...(form.lookupPassword !== '' ? { lookupPassword: form.lookupPassword } : {}) })).then((value) => setReport(value));
          }}>
            Test connection
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={save.busy}>
            Save connection
          </button>
        </div>
      </form>
    </Dialog>
  );
}
