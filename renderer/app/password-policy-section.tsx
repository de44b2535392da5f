/**
 * A tenant's password policy on its settings page: host admins change it (its entry only), everyone of the tenant
 * reads it. A tenant made before per-tenant policies says so, and a host admin gives it its own with one click.
 */
import { useEffect, useState } from 'react';
import type { EnclaveError } from '../../shared/errors';
import { passwordPolicySchema, type PasswordPolicy, type TenantPasswordPolicy } from '../../shared/model/password-policy';
import { useConsoleActions } from '../state/store-context';
import { ErrorNotice } from './error-notice';
import { Field } from './field';

type NumberKey = Exclude<keyof PasswordPolicy, 'requireComplexity'>;
type PolicyForm = Record<NumberKey, string> & { requireComplexity: boolean };

const fields: { key: NumberKey; label: string; hint: string }[] = [
  { key: 'minLength', label: 'Minimum password length', hint: 'Characters a password has at least.' },
  { key: 'historyCount', label: 'Passwords remembered', hint: 'Earlier passwords that may not be used again (0: any).' },
  { key: 'maxAgeDays', label: 'Password expires after (days)', hint: '0: never.' },
  { key: 'maxFailures', label: 'Failed logins before a lock', hint: '0: failed logins never lock a mailbox.' },
  { key: 'lockoutMinutes', label: 'Lock lasts (minutes)', hint: 'How long such a lock keeps the mailbox out.' },
];

const formOf = (policy: PasswordPolicy): PolicyForm => ({
  minLength: String(policy.minLength),
  historyCount: String(policy.historyCount),
  maxAgeDays: String(policy.maxAgeDays),
  maxFailures: String(policy.maxFailures),
  lockoutMinutes: String(policy.lockoutMinutes),
  requireComplexity: policy.requireComplexity,
});

/** The policy the form describes, or the problem of each field. */
function checkForm(form: PolicyForm): { policy: PasswordPolicy | null; issues: Partial<Record<keyof PasswordPolicy, string>> } {
  const issues: Partial<Record<keyof PasswordPolicy, string>> = {};
  const numbers: Partial<Record<NumberKey, number>> = {};
  for (const { key } of fields) {
    const text = form[key].trim();
    if (!/^\d+$/.test(text)) issues[key] = 'A whole number';
    else numbers[key] = Number(text);
  }
  const parsed = passwordPolicySchema.safeParse({ ...numbers, requireComplexity: form.requireComplexity });
  if (!parsed.success) for (const issue of parsed.error.issues) issues[issue.path[0] as keyof PasswordPolicy] ??= issue.message;
  return { policy: parsed.success && Object.keys(issues).length === 0 ? parsed.data : null, issues };
}

export function PasswordPolicySection({ tenant, canEdit }: { tenant: string; canEdit: boolean }) {
  const actions = useConsoleActions();
  const [loaded, setLoaded] = useState<TenantPasswordPolicy | null>(null);
  const [form, setForm] = useState<PolicyForm | null>(null);
  const [error, setError] = useState<EnclaveError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  const show = (policy: TenantPasswordPolicy) => {
    setLoaded(policy);
    setForm(formOf(policy.policy));
  };
  useEffect(() => {
    let live = true;
    void actions.getTenantPasswordPolicy({ tenant }).then((result) => {
      if (!live) return;
      if (result.ok) show(result.value);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [actions, tenant]);

  if (loaded === null || form === null) {
    return (
      <section className="settings-section" aria-label="Password policy">
        <h3 className="section-title">Password policy</h3>
        {error !== null ? <ErrorNotice title="Could not read the password policy" error={error} /> : <p className="form-note">Loading…</p>}
      </section>
    );
  }
  const { policy, issues } = checkForm(form);
  const changes = policy === null ? {} : Object.fromEntries(Object.entries(policy).filter(([key, value]) => loaded.policy[key as keyof PasswordPolicy] !== value));
  const editable = canEdit && loaded.source === 'tenant';
  const run = async (call: () => ReturnType<typeof actions.getTenantPasswordPolicy>) => {
    setBusy(true);
    setSaved(false);
    const result = await call();
    setBusy(false);
    if (result.ok) {
      show(result.value);
      setError(null);
      setSaved(true);
    } else setError(result.error);
  };

  return (
    <section className="settings-section" aria-label="Password policy">
      <h3 className="section-title">Password policy</h3>
      {loaded.source === 'default' && (
        <div className="notice notice--warn" role="status">
          <p>This tenant has no password policy of its own yet (it was made before per-tenant policies): the directory’s default applies, and new mailboxes cannot be created until it has one.</p>
          {canEdit && (
            <button type="button" className="button" disabled={busy} onClick={() => void run(async () => {
              const adopted = await actions.adoptTenantPasswordPolicies({ tenant });
              return adopted.ok ? actions.getTenantPasswordPolicy({ tenant }) : adopted;
            })}>
              Give the tenant its own password policy
            </button>
          )}
        </div>
      )}
      <form
        className="form-grid"
        aria-label={`Password policy of ${tenant}`}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (policy !== null && Object.keys(changes).length > 0) void run(() => actions.updateTenantPasswordPolicy({ tenant, changes }));
        }}
      >
        {fields.map(({ key, label, hint }) => (
          <Field key={key} label={label} hint={hint} issue={issues[key]}>
            {(props) => <input {...props} className="input" inputMode="numeric" value={form[key]} readOnly={!editable} onChange={(event) => { setForm({ ...form, [key]: event.target.value }); setSaved(false); }} />}
          </Field>
        ))}
        {loaded.supports.complexity && (
          <label className="checkbox">
            <input type="checkbox" checked={form.requireComplexity} disabled={!editable} onChange={(event) => setForm({ ...form, requireComplexity: event.target.checked })} />
            Require three of: upper case, lower case, digits, symbols
          </label>
        )}
        {error !== null && <ErrorNotice title="The password policy was not changed" error={error} />}
        {saved && Object.keys(changes).length === 0 && <p className="notice notice--ok" role="status">Password policy saved.</p>}
        {editable && (
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={busy || policy === null || Object.keys(changes).length === 0}>
              {busy ? 'Saving…' : 'Save password policy'}
            </button>
          </div>
        )}
      </form>
    </section>
  );
}
