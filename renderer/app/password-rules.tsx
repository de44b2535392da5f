/**
 * The tenant's password rules under a password field, each checked as the password is typed (met, not yet, or —
 * history, lockout — told without a verdict: the server checks those). The server still decides.
 */
import { checkPassword, type TenantPasswordPolicy } from '../../shared/model/password-policy';

export function PasswordRules({ policy, password }: { policy: TenantPasswordPolicy | null; password: string }) {
  if (policy === null) return <p className="form-note">Loading the tenant’s password rules…</p>;
  const checks = checkPassword(policy.policy, policy.supports, password);
  return (
    <ul className="password-rules" aria-label={`Password rules of ${policy.tenant}`}>
      {checks.map((check) => {
        const state = check.met === null ? 'info' : password === '' ? 'pending' : check.met ? 'met' : 'unmet';
        return (
          <li key={check.rule} className={`password-rules__rule password-rules__rule--${state}`} data-rule={check.rule} data-state={state}>
            <span aria-hidden="true">{state === 'met' ? '✓' : state === 'unmet' ? '✗' : '•'}</span> {check.text}
            {state === 'met' && <span className="visually-hidden"> (met)</span>}
            {state === 'unmet' && <span className="visually-hidden"> (not met)</span>}
          </li>
        );
      })}
      {policy.source === 'default' && <li className="password-rules__rule password-rules__rule--info">This tenant has no policy of its own yet: the directory’s default applies.</li>}
    </ul>
  );
}

/** The first rule `password` breaks, for the field's problem (undefined when none, or nothing typed). */
export function passwordRuleIssue(policy: TenantPasswordPolicy | null, password: string): string | undefined {
  if (policy === null || password === '') return undefined;
  const broken = checkPassword(policy.policy, policy.supports, password).find((check) => check.met === false);
  return broken ? `Does not meet the password policy: ${broken.text.toLowerCase()}` : undefined;
}
