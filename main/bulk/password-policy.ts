/**
 * The password rules an import's rows are checked against: the target tenant's own password policy, read once per
 * job. A tenant without one (made before per-tenant policies) is refused before any row is read: its new mailboxes
 * would name a policy that does not exist, which ppolicy treats as no policy at all (docs/tenant-lifecycle.md).
 */
import { checkPassword, fallbackPasswordPolicy, type PasswordPolicy, type PasswordPolicySupport } from '../../shared/model/password-policy';
import type { HostingServices } from '../hosting/hosting-services';

/** What a row's password is checked with. */
export interface ImportPasswordRules {
  /** The shortest password the policy accepts (generated passwords are at least this long). */
  minLength: number;
  /** Why `password` breaks the policy, or null when it meets every rule the console can check. */
  problem(password: string): string | null;
}

/** The rules of `policy` as the server counts them. */
export function importPasswordRules(policy: PasswordPolicy, support: PasswordPolicySupport): ImportPasswordRules {
  return {
    minLength: policy.minLength,
    problem: (password) => {
      const broken = checkPassword(policy, support, password).filter((check) => check.met === false);
      return broken.length === 0 ? null : `Password does not meet the tenant's password policy: ${broken.map((check) => check.text.toLowerCase()).join('; ')}`;
    },
  };
}

/** The target tenant's rules; refuses (naming the fix) a tenant without its own policy where the flavor keeps one. */
export async function readImportPasswordRules(services: HostingServices, tenant: string): Promise<ImportPasswordRules> {
  const store = services.context.dialect.passwordPolicy;
  if (!store) return importPasswordRules(fallbackPasswordPolicy, { complexity: false, lengthUnit: 'characters' });
  const own = await services.passwordPolicies.requireOwn(tenant);
  return importPasswordRules(own.policy, store.support);
}
