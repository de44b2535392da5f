/**
 * A new password, typed or generated, with the tenant's password policy (main: `getTenantPasswordPolicy`) shown as
 * it is typed: each rule met or not, and what only the directory checks (history, lockout). A generated password is
 * shown in clear so it can be handed over. The directory still decides.
 */
import { useId, useState } from 'react';
import { generatePassword } from '../../shared/model/password-policy';
import { PasswordRules, passwordRuleIssue } from './password-rules';
import { usePasswordPolicy } from './use-password-policy';

interface PasswordFieldProps {
  tenant: string;
  label: string;
  value: string;
  repeat: string;
  onChange(value: string, repeat: string): void;
  /** "Must change at the next sign-in" (OpenLDAP: pwdReset under the tenant's policy, which has pwdMustChange; AD: pwdLastSet 0). */
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

export function PasswordField({ tenant, label, value, repeat, onChange, mustChange, issue }: PasswordFieldProps) {
  const id = useId();
  const policy = usePasswordPolicy(tenant);
  const [shown, setShown] = useState(false);
  const weak = passwordRuleIssue(policy, value);
  const mismatch = repeat !== '' && repeat !== value ? 'The two passwords differ' : undefined;
  const rulesId = `${id}-rules`;
  return (
    <div className="password-field">
      <div className={(issue ?? weak) !== undefined ? 'field field--invalid' : 'field'}>
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
            aria-invalid={(issue ?? weak) !== undefined}
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
              const generated = generatePassword(policy.policy, randomBelow);
              setShown(true);
              onChange(generated, generated);
            }}
          >
            Generate
          </button>
        </div>
        {(issue ?? weak) !== undefined && <p className="field__issue">{issue ?? weak}</p>}
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
        <label className="checkbox">
          <input type="checkbox" checked={mustChange.checked} onChange={(event) => mustChange.onChange(event.target.checked)} />
          {mustChange.label}
        </label>
      )}
      <div id={rulesId} aria-live="polite">
        <PasswordRules policy={policy} password={value} />
      </div>
    </div>
  );
}
