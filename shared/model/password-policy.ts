/**
 * The password policy that applies to a mailbox, as the directory keeps it (OpenLDAP ppolicy, AD's domain policy or
 * a fine-grained one), in one shape: what the person typing a password is shown, what the generator satisfies.
 * Main reads it (`getPasswordPolicy`); the checks here only say what the directory will check, the directory decides.
 */
import { z } from 'zod';
import { loginNameField, tenantNameField } from './fields';

export interface PasswordPolicy {
  /** Where it comes from, in words ("Directory default", "Domain policy", a fine-grained policy's name). */
  name: string;
  minLength: number;
  /** Three of upper case, lower case, digits and symbols, and not the login or a name (AD's complexity). */
  requiresComplexity: boolean;
  /** Earlier passwords that may not be used again (0: none remembered). */
  historyCount: number;
  /** Days until a password must be changed; null when it never expires. */
  maxAgeDays: number | null;
  /** Failed sign-ins that lock the account; null when failures do not lock. */
  lockoutAfter: number | null;
  /** Whether the directory holds a user to "must change at next sign-in" (OpenLDAP: the policy's pwdMustChange). */
  mustChangeEnforced: boolean;
}

export const passwordPolicyRequest = z.object({
  tenant: tenantNameField,
  /** The mailbox whose policy applies; absent for a mailbox about to be created. */
  login: loginNameField.optional(),
});

/** What a password must have, each with whether the typed one has it. */
export interface PasswordRuleCheck {
  rule: string;
  met: boolean;
}

const kinds = [/[A-Z]/u, /[a-z]/u, /[0-9]/u, /[^A-Za-z0-9]/u];

/** The policy's rules for `password`, as the directory will judge them (history is the directory's alone). */
export function passwordRuleChecks(policy: PasswordPolicy, password: string, names: { login?: string; displayName?: string } = {}): PasswordRuleCheck[] {
  const length = [...password].length;
  const checks: PasswordRuleCheck[] = [{ rule: `At least ${policy.minLength} characters`, met: length >= policy.minLength }];
  if (policy.requiresComplexity) {
    checks.push({ rule: 'Three of: capitals, small letters, digits, symbols', met: kinds.filter((kind) => kind.test(password)).length >= 3 });
    // AD refuses the login, and any part of the display name of three characters or more, anywhere in it.
    const lower = password.toLowerCase();
    const parts = [names.login ?? '', ...(names.displayName ?? '').split(/[\s,.\-_#\t]+/)].filter((part) => part.length >= 3).map((part) => part.toLowerCase());
    checks.push({ rule: 'Not the login or a part of the name', met: password !== '' && parts.every((part) => !lower.includes(part)) });
  }
  return checks;
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
