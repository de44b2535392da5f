/**
 * "New mailbox": the same checks as the editor as you type (the tenant's pool included), then the server's
 * (uniqueness, pool, policy). The server's problem with a field goes once the field is changed.
 */
import { useEffect, useState } from 'react';
import type { Group, Mailbox, TenantSummary, TenantUsage } from '../../../shared/model/hosting';
import { parseQuota } from '../../format/quota-units';
import { fieldValue, stillApplying, type Attempt } from '../../state/attempt';
import { checkMailboxForm, copiedMailboxForm, emptyMailboxForm, type NewMailboxForm } from '../../state/create-mailbox-form';
import type { Loadable } from '../../state/loadable';
import { domainOf } from '../../../shared/model/fields';
import { quotaFitIssue, quotaRoom, type DraftIssues } from '../../state/mailbox-draft';
import { useConsoleActions, useConsoleState } from '../../state/store-context';
import { ErrorNotice } from '../error-notice';
import { Field } from '../field';
import { PasswordField } from '../password-field';
import { passwordRuleIssue } from '../password-rules';
import { QuotaInput } from '../quota-input';
import { usePasswordPolicy } from '../use-password-policy';
import { Dialog } from './dialog';

/** The groups and lists `login` is a member of, as far as they are loaded. */
const groupsOf = (groups: Loadable<Group[]> | undefined, login: string): string[] =>
  groups?.status === 'ready' ? groups.value.filter((group) => group.members.some((member) => member.login === login)).map((group) => group.name) : [];

export function CreateMailboxDialog({ tenant, copyOf = null, onClose, onCreated }: { tenant: TenantSummary; copyOf?: Mailbox | null; onClose(): void; onCreated(mailbox: Mailbox): void }) {
  const actions = useConsoleActions();
  const groups = useConsoleState().groups[tenant.name];
  const [form, setForm] = useState<NewMailboxForm>(() => (copyOf !== null ? copiedMailboxForm(tenant, copyOf, groupsOf(groups, copyOf.login)) : emptyMailboxForm(tenant)));
  // A copy takes the source's groups once they are loaded (adjusted while rendering, not in an effect).
  const [copiedGroups, setCopiedGroups] = useState(copyOf === null || groups?.status === 'ready');
  if (!copiedGroups && copyOf !== null && groups?.status === 'ready') {
    setCopiedGroups(true);
    setForm((current) => ({ ...current, groups: groupsOf(groups, copyOf.login).filter((name) => name !== 'all-users') }));
  }
  // A copy's address follows the login in the source's domain until it is typed over.
  const [addressTyped, setAddressTyped] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  // A create that left a step to the host (AD: Domain Users) shows its warning before the dialog closes.
  const [createdWithNotice, setCreatedWithNotice] = useState<Mailbox | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState<Attempt<NewMailboxForm> | null>(null);
  const [usage, setUsage] = useState<TenantUsage | null>(null);
  const policy = usePasswordPolicy(tenant.name);

  useEffect(() => {
    if (groups === undefined) void actions.loadGroups(tenant.name);
  }, [groups, actions, tenant.name]);

  useEffect(() => {
    let live = true;
    void actions.getTenantUsage({ tenant: tenant.name }).then((result) => {
      if (live && result.ok) setUsage(result.value);
    });
    return () => {
      live = false;
    };
  }, [actions, tenant.name]);

  const checked = checkMailboxForm(tenant, form);
  const quota = parseQuota(form.quotaAmount, form.quotaUnit);
  const tooBig = quota.ok ? quotaFitIssue(quota.bytes, quotaRoom(usage, null), usage?.storagePoolBytes ?? null) : null;
  const weak = checked.issues['password'] === undefined ? passwordRuleIssue(policy, form.password) : undefined;
  const local: DraftIssues = { ...checked.issues, ...(tooBig !== null && checked.issues['quota'] === undefined ? { quota: tooBig } : {}), ...(weak !== undefined ? { password: weak } : {}) };
  const request = tooBig === null && weak === undefined ? checked.request : null;
  const { issues: server, notice } = stillApplying(attempt, form, (values, key) => fieldValue(values, key, { quota: ['quotaAmount', 'quotaUnit'] }));
  // The quota field's problem is shown at once: it depends on the pool, not on what else is typed.
  const issue = (key: string) => (submitted || touched.has(key) || key === 'quota' ? (local[key] ?? server[key]) : server[key]);
  const set = (patch: Partial<NewMailboxForm>) => setForm((current) => ({ ...current, ...patch }));
  const touch = (key: string) => setTouched((current) => new Set(current).add(key));
  const domain = copyOf !== null ? domainOf(copyOf.primaryAddress) : (tenant.mailDomains[0] ?? '');

  const text = (key: 'login' | 'givenName' | 'surname' | 'displayName', label: string, extra: { hint?: string } = {}) => (
    <Field label={label} issue={issue(key)} {...extra}>
      {(props) => (
        <input
          {...props}
          className="input"
          value={form[key]}
          onBlur={() => touch(key)}
          onChange={(event) => set({ [key]: event.target.value, ...(key === 'login' && copyOf !== null && !addressTyped ? { primaryAddress: event.target.value === '' ? '' : `${event.target.value.trim().toLowerCase()}@${domain}` } : {}) })}
        />
      )}
    </Field>
  );

  if (createdWithNotice !== null) {
    const close = () => onCreated(createdWithNotice);
    return (
      <Dialog title={`New mailbox in ${tenant.name}`} onClose={close} size="wide">
        <div className="notice notice--warn" role="status">
          <p>The mailbox “{createdWithNotice.login}” was created; one step is left to the host admins.</p>
          {createdWithNotice.notices?.map((notice) => <p key={notice.kind}>{notice.message}</p>)}
        </div>
        <div className="dialog__actions">
          <button type="button" className="button button--primary" onClick={close}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={copyOf !== null ? `New mailbox like ${copyOf.login}` : `New mailbox in ${tenant.name}`} onClose={onClose} size="wide">
      {copyOf !== null && (
        <p className="form-note">
          Copied from {copyOf.login}: its quota, its groups and lists, and its domain ({domain}). Names, login and password are this mailbox’s own.
        </p>
      )}
      <form
        className="form-grid form-grid--two"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setSubmitted(true);
          if (request === null) return;
          const sent = form;
          setBusy(true);
          void actions.createMailbox(request).then((result) => {
            setBusy(false);
            if (!result.ok) return setAttempt({ error: result.error, sent });
            if ((result.value.notices ?? []).length > 0) setCreatedWithNotice(result.value);
            else onCreated(result.value);
          });
        }}
      >
        {text('givenName', 'First name')}
        {text('surname', 'Last name')}
        {text('displayName', 'Display name', { hint: 'Leave empty to use first and last name.' })}
        {text('login', 'Login name', { hint: 'Unique in the whole directory.' })}
        <Field label="Primary address" issue={issue('primaryAddress')} hint={`Domains of this tenant: ${tenant.mailDomains.join(', ')}`}>
          {(props) => (
            <input
              {...props}
              className="input input--mono"
              value={form.primaryAddress}
              placeholder={form.login !== '' ? `${form.login}@${domain}` : `name@${domain}`}
              onBlur={() => touch('primaryAddress')}
              onChange={(event) => {
                setAddressTyped(true);
                set({ primaryAddress: event.target.value });
              }}
            />
          )}
        </Field>
        <fieldset className="fieldset">
          <legend>Aliases</legend>
          {form.aliases.map((alias, index) => (
            <div className="alias-row" key={index}>
              <Field label={`Alias ${index + 1}`} issue={issue(`aliases.${index}`)}>
                {(props) => <input {...props} className="input input--mono" value={alias} onBlur={() => touch(`aliases.${index}`)} onChange={(event) => set({ aliases: form.aliases.map((a, i) => (i === index ? event.target.value : a)) })} />}
              </Field>
              <button type="button" className="button button--quiet" aria-label={`Remove alias ${index + 1}`} onClick={() => set({ aliases: form.aliases.filter((_, i) => i !== index) })}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" className="button" onClick={() => set({ aliases: [...form.aliases, ''] })}>
            Add alias
          </button>
        </fieldset>
        <QuotaInput label="Quota" amount={form.quotaAmount} unit={form.quotaUnit} issue={issue('quota')} hint="Pre-filled with the tenant’s default quota." onChange={(quotaAmount, quotaUnit) => set({ quotaAmount, quotaUnit })} />
        <PasswordField
          tenant={tenant.name}
          label="Password"
          value={form.password}
          repeat={form.repeatPassword}
          issue={issue('password') ?? issue('repeatPassword')}
          mustChange={{ label: 'Must change the password at the first sign-in', checked: form.mustChangePassword, onChange: (mustChangePassword) => set({ mustChangePassword }) }}
          onChange={(password, repeatPassword) => {
            touch('password');
            set({ password, repeatPassword });
          }}
        />
        <Field label="Account works until" issue={issue('lastDay')} hint="Optional: the last day it can sign in and receive mail (UTC).">
          {(props) => <input {...props} type="date" className="input" value={form.lastDay} onChange={(event) => set({ lastDay: event.target.value })} />}
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={form.enabled} onChange={(event) => set({ enabled: event.target.checked })} />
          Enabled (can sign in and receive mail)
        </label>
        <fieldset className="fieldset">
          <legend>Also join (all-users is always joined)</legend>
          {groups?.status === 'ready' &&
            groups.value
              .filter((group) => group.name !== 'all-users')
              .map((group) => (
                <label key={`${group.kind}:${group.name}`} className="checkbox">
                  <input
                    type="checkbox"
                    checked={form.groups.includes(group.name)}
                    onChange={(event) => set({ groups: event.target.checked ? [...form.groups, group.name] : form.groups.filter((name) => name !== group.name) })}
                  />
                  {group.name} <span className="muted">({group.kind === 'security' ? 'group' : 'distribution list'})</span>
                </label>
              ))}
          {groups?.status !== 'ready' && <p className="form-note">Loading groups…</p>}
        </fieldset>
        {notice !== null && <ErrorNotice title="The mailbox was not created" error={notice} />}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create mailbox'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
