/**
 * A new password, typed or generated, with the password policy that applies to the mailbox shown as it is typed:
 * each rule with whether the password meets it, and what only the directory checks (history, lockout). The policy
 * comes from main (`getPasswordPolicy`): the directory's default, the mailbox's own, a tenant's or AD's domain
 * policy — whichever the directory says applies. A generated password is shown in clear so it can be handed over.
 */
import { useEffect, useId, useState } from 'react';
import type { EnclaveError } from '../../shared/errors';
import { generatePassword, passwordRuleChecks, type PasswordPolicy } from '../../shared/model/password-policy';
import { useConsoleActions } from '../state/store-context';
import { ErrorNotice } from './error-notice';

interface PasswordFieldProps {
  tenant: string;
  /** The mailbox whose policy applies; absent for one about to be created. */
  login?: string;
  /** The login and name typed so far (AD's complexity refuses passwords containing them). */
  names?: { login?: string; displayName?: string };
  label: string;
  value: string;
  repeat: string;
  onChange(value: string, repeat: string): void;
  /** "Must change at the next sign-in", offered when the policy holds users to it. */
  mustChange?: { label: string; checked: boolean; onChange(checked: boolean): void };
  issue?: string | undefined;
}

/** A uniform integer in [0, n) from the browser's cryptographic source (rejection sampling: no modulo bias). */
function randomBelow(n: number): number {
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  const buffer = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buffer);
    const value = buffer[0] ?? 0;
    if (value < limit) return value % n;
  }
}

export function PasswordField({ tenant, login, names, label, value, repeat, onChange, mustChange, issue }: PasswordFieldProps) {
  const actions = useConsoleActions();
  const id = useId();
  const [policy, setPolicy] = useState<PasswordPolicy | null>(null);
  const [policyError, setPolicyError] = useState<EnclaveError | null>(null);
  const [shown, setShown] = useState(false);

  useEffect(() => {
    let live = true;
    void actions.getPasswordPolicy({ tenant, ...(login !== undefined ? { login } : {}) }).then((result) => {
      if (!live) return;
      if (result.ok) setPolicy(result.value);
      else setPolicyError(result.error);
    });
    return () => {
      live = false;
    };
  }, [actions, tenant, login]);

  const checks = policy === null ? [] : passwordRuleChecks(policy, value, names);
  const mismatch = repeat !== '' && repeat !== value ? 'The two passwords differ' : undefined;
  const rulesId = `${id}-rules`;
  return (
    <div className="password-field">
      <div className={issue !== undefined ? 'field field--invalid' : 'field'}>
        <label className="field__label" htmlFor={`${id}-value`}>
          {label}
        </label>
        <div className="password-field__row">
          <input
            id={`${id}-value`}
            type={shown ? 'text' : 'password'}
            autoComplete="new-password"
            className={shown ? 'input input--mono' : 'input'}
            value={value}
            aria-invalid={issue !== undefined}
            aria-describedby={rulesId}
            onChange={(event) => onChange(event.target.value, repeat)}
          />
          <button type="button" className="button" aria-pressed={shown} onClick={() => setShown(!shown)}>
            {shown ? 'Hide' : 'Show'}
          </button>
          <button
            type="button"
            className="button"
            disabled={policy === null}
            onClick={() => {
              if (policy === null) return;
              const generated = generatePassword(policy, randomBelow);
              setShown(true);
              onChange(generated, generated);
            }}
          >
            Generate
          </button>
        </div>
        {issue !== undefined && <p className="field__issue">{issue}</p>}
      </div>
      {!shown && (
        <div className={mismatch !== undefined ? 'field field--invalid' : 'field'}>
          <label className="field__label" htmlFor={`${id}-repeat`}>
            Repeat {label.charAt(0).toLowerCase() + label.slice(1)}
          </label>
          <input id={`${id}-repeat`} type="password" autoComplete="new-password" className="input" value={repeat} aria-invalid={mismatch !== undefined} onChange={(event) => onChange(value, event.target.value)} />
          {mismatch !== undefined && <p className="field__issue">{mismatch}</p>}
        </div>
      )}
      {shown && value !== '' && <p className="field__hint">Shown in clear: give it to its user, then close this panel. It is not kept anywhere.</p>}
      {mustChange !== undefined && (
        <label className="checkbox" title={policy?.mustChangeEnforced === false ? 'The password policy that applies here does not hold users to it' : undefined}>
          <input type="checkbox" checked={mustChange.checked && policy?.mustChangeEnforced === true} disabled={policy?.mustChangeEnforced !== true} onChange={(event) => mustChange.onChange(event.target.checked)} />
          {mustChange.label}
        </label>
      )}
      <div id={rulesId} className="password-rules" aria-live="polite">
        {policy === null && policyError === null && <p className="field__hint">Reading the password policy…</p>}
        {policyError !== null && <ErrorNotice title="Could not read the password policy (the directory still checks it)" error={policyError} />}
        {policy !== null && (
          <>
            <p className="field__hint">{policy.name} — what the directory checks:</p>
            <ul className="password-rules__list" aria-label="Password rules">
              {checks.map((check) => (
                <li key={check.rule} className={check.met ? 'password-rules__rule password-rules__rule--met' : 'password-rules__rule'} data-met={check.met}>
                  <span aria-hidden="true">{check.met ? '✓' : '✗'}</span> {check.rule}
                  <span className="visually-hidden">{check.met ? ' (met)' : ' (not met yet)'}</span>
                </li>
              ))}
              {policy.historyCount > 0 && <li className="password-rules__rule password-rules__rule--server">Not one of the last {policy.historyCount} passwords (the directory knows them)</li>}
            </ul>
            {(policy.lockoutAfter !== null || policy.maxAgeDays !== null) && (
              <p className="field__hint">
                {policy.lockoutAfter !== null ? `Locks after ${policy.lockoutAfter} failed sign-ins. ` : ''}
                {policy.maxAgeDays !== null ? `Expires after ${policy.maxAgeDays} days.` : ''}
              </p>
            )}
          </>
        )}
      </div>
    </div>
  );
}

