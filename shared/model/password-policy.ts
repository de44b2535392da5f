/**
 * A tenant's password policy, the same shape on every flavor: OpenLDAP keeps it in a ppolicy entry inside the
 * tenant, Active Directory in a fine-grained password policy (PSO) applied to the tenant's all-users group
 * (docs/tenant-lifecycle.md). The rules a password must meet are computed here once, so the console checks a
 * password as it is typed exactly as the server will, and the server still decides.
 */
import { z } from 'zod';
import { tenantNameField } from './fields';

export const passwordPolicySchema = z.object({
  /** Shortest password accepted (OpenLDAP counts UTF-8 bytes, Active Directory characters). */
  minLength: z.number().int('Must be a whole number').min(1, 'At least 1').max(128, 'At most 128'),
  /** How many earlier passwords may not be used again (0: any). */
  historyCount: z.number().int('Must be a whole number').min(0, 'Cannot be negative').max(24, 'At most 24'),
  /** Days until a password expires (0: never). */
  maxAgeDays: z.number().int('Must be a whole number').min(0, 'Cannot be negative').max(999, 'At most 999'),
  /** Failed logins that lock the mailbox (0: failed logins never lock it). */
  maxFailures: z.number().int('Must be a whole number').min(0, 'Cannot be negative').max(999, 'At most 999'),
  /** How long such a lock lasts. */
  lockoutMinutes: z.number().int('Must be a whole number').min(1, 'At least 1 minute').max(99_999, 'At most 99,999 minutes'),
  /** Three of: upper case, lower case, digits, other characters (Active Directory only; Windows also refuses the login in it). */
  requireComplexity: z.boolean(),
});
export type PasswordPolicy = z.infer<typeof passwordPolicySchema>;

/** What a flavor's server can enforce. */
export interface PasswordPolicySupport {
  /** The character-class rule (AD's complexity); OpenLDAP's ppolicy has none without a check module. */
  complexity: boolean;
  /** How the minimum length is counted by the server. */
  lengthUnit: 'bytes' | 'characters';
}

/** The tenant's policy as the console shows it. */
export interface TenantPasswordPolicy {
  tenant: string;
  policy: PasswordPolicy;
  /** `tenant`: its own policy entry; `default`: none yet (made before per-tenant policies), the directory's default applies. */
  source: 'tenant' | 'default';
  supports: PasswordPolicySupport;
}

/** Used when a directory's default policy cannot be read. */
export const fallbackPasswordPolicy: PasswordPolicy = { minLength: 8, historyCount: 0, maxAgeDays: 0, maxFailures: 0, lockoutMinutes: 15, requireComplexity: false };

export const updatePasswordPolicyRequest = z.object({
  tenant: tenantNameField,
  changes: passwordPolicySchema.partial(),
});
export type UpdatePasswordPolicyRequest = z.infer<typeof updatePasswordPolicyRequest>;

export const adoptPasswordPoliciesRequest = z.object({
  /** One tenant; every tenant when absent. */
  tenant: tenantNameField.optional(),
});

/** What giving tenants their own policy did (the conformance scan's explicit fix). */
export interface PasswordPolicyAdoption {
  /** Tenants that got their own policy entry (a copy of the directory's default). */
  tenantsGivenPolicy: string[];
  /** Mailboxes pointed at their tenant's policy (OpenLDAP; on AD membership in all-users does it). */
  mailboxesFixed: number;
  /** Mailboxes that could not be fixed, with why. */
  failed: { tenant: string; dn: string; message: string }[];
  elapsedMs: number;
}

/** One rule of a policy, checked against a typed password: met, broken, or not checkable here (history). */
export interface PasswordRuleCheck {
  rule: 'length' | 'complexity' | 'history' | 'lockout' | 'expiry';
  text: string;
  /** null: the server checks it (history) or it is no condition on the password itself (lockout, expiry). */
  met: boolean | null;
}

/** Every rule of `policy` in words, each checked against `password` where it can be. */
export function checkPassword(policy: PasswordPolicy, support: PasswordPolicySupport, password: string): PasswordRuleCheck[] {
  const length = support.lengthUnit === 'bytes' ? utf8Length(password) : [...password].length;
  const rules: PasswordRuleCheck[] = [{ rule: 'length', text: `At least ${policy.minLength} characters`, met: length >= policy.minLength }];
  if (policy.requireComplexity && support.complexity) rules.push({ rule: 'complexity', text: 'Three of: upper case, lower case, digits, symbols', met: isComplex(password) });
  if (policy.historyCount > 0) rules.push({ rule: 'history', text: `Not one of the last ${policy.historyCount} passwords (the server checks)`, met: null });
  if (policy.maxAgeDays > 0) rules.push({ rule: 'expiry', text: `Expires after ${policy.maxAgeDays} days`, met: null });
  if (policy.maxFailures > 0) rules.push({ rule: 'lockout', text: `${policy.maxFailures} failed logins lock the mailbox for ${policy.lockoutMinutes} minutes`, met: null });
  return rules;
}

/** True when every rule the console can check is met. */
export const passwordMeetsPolicy = (checks: readonly PasswordRuleCheck[]): boolean => checks.every((check) => check.met !== false);

/** The length of `text` in UTF-8 bytes (slapd's ppolicy counts those). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * Active Directory's complexity rule as far as the console can know it: three of four character classes. Windows
 * also refuses a password holding the account name, Samba 4.17 does not (measured): the server has the last word.
 */
function isComplex(password: string): boolean {
  return [/\p{Lu}/u, /\p{Ll}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((pattern) => pattern.test(password)).length >= 3;
}

// No look-alikes (0/O, 1/l/I): generated passwords are read out and typed by people.
const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const lower = 'abcdefghijkmnopqrstuvwxyz';
const digits = '23456789';
const symbols = '-_.!#%+=';
const alphabet = upper + lower + digits + symbols;

/**
 * A password that meets the policy: at least 16 characters (4 more than a longer minimum), with every kind of
 * character. `randomBelow(n)` gives a uniform integer in [0, n) from a cryptographic source.
 */
export function generatePassword(policy: PasswordPolicy, randomBelow: (n: number) => number): string {
  const length = Math.max(16, policy.minLength + 4);
  const pick = (set: string) => set[randomBelow(set.length)] ?? '';
  const chars = [pick(upper), pick(lower), pick(digits), pick(symbols)];
  while (chars.length < length) chars.push(pick(alphabet));
  // Fisher–Yates, so the guaranteed kinds are not always first.
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomBelow(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}
