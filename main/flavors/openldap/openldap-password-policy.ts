/**
 * A tenant's password policy on OpenLDAP: a ppolicy entry `cn=password-policy` right below the tenant entry, named
 * by every mailbox of the tenant in pwdPolicySubentry. Inside the tenant, so the generic access rules isolate it
 * like the tenant's other entries, an export carries it and a teardown removes it with the tenant; changing it
 * writes that one entry (docs/tenant-lifecycle.md). The server allows a tenant admin exactly this value on a new
 * mailbox (access-rules.ts): not another tenant's policy, not the default, not none.
 */
import type { Entry } from 'ldapts';
import { failure } from '../../../shared/errors';
import { fallbackPasswordPolicy, type PasswordPolicy } from '../../../shared/model/password-policy';
import { replace } from '../../directory/changes';
import type { DirectoryConnection } from '../../directory/directory-connection';
import { first, integer } from '../../directory/entry';
import { sameDn } from '../../directory/dn';
import type { TenantPasswordPolicyStore } from '../../hosting/password-policy-store';
import { tenantPolicyName, type OpenLdapLayout } from './openldap-layout';

/** The ppolicy attributes Enclave writes; the rest of an entry's settings are left as they are. */
export const ppolicyAttributes = ['pwdAttribute', 'pwdMinLength', 'pwdCheckQuality', 'pwdInHistory', 'pwdMaxAge', 'pwdMaxFailure', 'pwdLockout', 'pwdLockoutDuration', 'pwdFailureCountInterval', 'pwdAllowUserChange', 'pwdMustChange'] as const;

/** The mailbox attribute naming the policy a mailbox follows. */
export const policySubentryAttribute = 'pwdPolicySubentry';

/** ppolicy's settings for `policy`. */
export function ppolicyValues(policy: PasswordPolicy): Record<(typeof ppolicyAttributes)[number], string> {
  const lockoutSeconds = String(policy.lockoutMinutes * 60);
  return {
    pwdAttribute: 'userPassword',
    pwdMinLength: String(policy.minLength),
    // 2: the server must see the cleartext and check it, so a pre-hashed value is refused for everyone.
    pwdCheckQuality: '2',
    pwdInHistory: String(policy.historyCount),
    pwdMaxAge: String(policy.maxAgeDays * 86_400),
    pwdMaxFailure: String(policy.maxFailures),
    // Always on: "disabled" is ppolicy's administrative lock, which slapd ignores with pwdLockout FALSE.
    pwdLockout: 'TRUE',
    pwdLockoutDuration: lockoutSeconds,
    pwdFailureCountInterval: lockoutSeconds,
    pwdAllowUserChange: 'TRUE',
    // pwdReset ("must change at the next sign-in", set by the console when asked) is honoured only with this on; an
    // administrator's reset does not set pwdReset by itself on slapd 2.5 (measured).
    pwdMustChange: 'TRUE',
  };
}

/** The policy an entry holds (absent settings mean what ppolicy does without them). */
export function policyOfEntry(entry: Entry): PasswordPolicy {
  const seconds = (name: string) => integer(entry, name) ?? 0;
  const lockout = seconds('pwdLockoutDuration');
  return {
    minLength: Math.max(1, integer(entry, 'pwdMinLength') ?? 0),
    historyCount: Math.min(24, seconds('pwdInHistory')),
    maxAgeDays: Math.min(999, Math.round(seconds('pwdMaxAge') / 86_400)),
    maxFailures: Math.min(999, seconds('pwdMaxFailure')),
    lockoutMinutes: lockout > 0 ? Math.max(1, Math.round(lockout / 60)) : fallbackPasswordPolicy.lockoutMinutes,
    requireComplexity: false,
  };
}

/** A tenant's policy entry (`cn=password-policy` inside the tenant) with `policy`'s settings. */
export function tenantPolicyEntry(policy: PasswordPolicy): Record<string, string | string[]> {
  return { objectClass: ['device', 'pwdPolicy'], cn: tenantPolicyName, description: 'Password policy of this tenant', ...ppolicyValues(policy) };
}

export function openLdapPasswordPolicyStore(layout: OpenLdapLayout): TenantPasswordPolicyStore {
  const readPolicy = async (connection: DirectoryConnection, dn: string) => {
    const entry = await connection.read(dn, [...ppolicyAttributes, 'objectClass']).catch(() => null);
    return entry && first(entry, 'pwdAttribute') !== '' ? entry : null;
  };
  return {
    support: { complexity: false, lengthUnit: 'bytes' },
    readDefault: async (connection) => {
      const entry = await readPolicy(connection, layout.defaultPolicyDn);
      return entry ? policyOfEntry(entry) : fallbackPasswordPolicy;
    },
    read: async (connection, tenant) => {
      const dn = layout.tenantPolicyDn(tenant);
      const entry = await readPolicy(connection, dn);
      return entry ? { dn, policy: policyOfEntry(entry) } : null;
    },
    create: async (connection, tenant, policy) => {
      assertEnforceable(policy);
      const dn = layout.tenantPolicyDn(tenant);
      await connection.add(dn, tenantPolicyEntry(policy));
      return dn;
    },
    write: async (connection, stored, policy) => {
      assertEnforceable(policy);
      await connection.modify(stored.dn, Object.entries(ppolicyValues(policy)).map(([name, value]) => replace(name, value)));
    },
    // Everything of the policy lives inside the tenant.
    entriesOutsideTenant: async () => [],
    mailboxAttributes: [policySubentryAttribute],
    entryInsideTenant: (tenant) => layout.tenantPolicyDn(tenant),
    tenantFacts: async (_connection, tenant) => ({ policyDn: layout.tenantPolicyDn(tenant) }),
    strayReason: (mailbox, facts) => {
      const named = first(mailbox, policySubentryAttribute);
      const wanted = facts['policyDn'] ?? '';
      if (named === '') return 'Follows no password policy of its tenant (pwdPolicySubentry is missing): the directory’s default applies.';
      return sameDn(named, wanted) ? null : `Follows the password policy ${named}, not its tenant’s (${wanted}).`;
    },
    fixMailbox: async (connection, tenant, dn) => {
      await connection.modify(dn, [replace(policySubentryAttribute, layout.tenantPolicyDn(tenant))]);
      return true;
    },
  };
}

/** OpenLDAP's ppolicy checks length and history; the character-class rule needs a check module slapd here lacks. */
function assertEnforceable(policy: PasswordPolicy): void {
  if (!policy.requireComplexity) return;
  throw failure({
    kind: 'invalid-input',
    message: 'OpenLDAP’s password policy cannot require character classes (it checks length and history; classes need a check module this server does not load). Use a longer minimum length instead.',
    issues: [{ path: ['changes', 'requireComplexity'], message: 'not enforceable on OpenLDAP' }],
  });
}
