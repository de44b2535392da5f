import { describe, expect, it } from 'vitest';
import { checkPassword, fallbackPasswordPolicy, passwordMeetsPolicy, passwordPolicySchema } from '../../../shared/model/password-policy';

const openldap = { complexity: false, lengthUnit: 'bytes' } as const;
const ad = { complexity: true, lengthUnit: 'characters' } as const;

describe('#checkPassword()', () => {
  it('counts the length as the server does: bytes on OpenLDAP, characters on AD', () => {
    const policy = { ...fallbackPasswordPolicy, minLength: 8 };
    // Four umlauts are eight UTF-8 bytes (slapd's pwdMinLength counts bytes) but four characters.
    expect(checkPassword(policy, openldap, 'ääää')[0]).toMatchObject({ rule: 'length', met: true });
    expect(checkPassword(policy, ad, 'ääää')[0]).toMatchObject({ rule: 'length', met: false });
    expect(checkPassword(policy, ad, '12345678')[0]?.met).toBe(true);
  });

  it('checks complexity only where the server enforces it', () => {
    const policy = { ...fallbackPasswordPolicy, requireComplexity: true };
    expect(checkPassword(policy, ad, 'lowercaseonly').find((c) => c.rule === 'complexity')?.met).toBe(false);
    expect(checkPassword(policy, ad, 'Lower-and-1').find((c) => c.rule === 'complexity')?.met).toBe(true);
    expect(checkPassword(policy, openldap, 'lowercaseonly').some((c) => c.rule === 'complexity')).toBe(false);
  });

  it('names what only the server can check, without judging it', () => {
    const checks = checkPassword({ ...fallbackPasswordPolicy, historyCount: 5, maxAgeDays: 90, maxFailures: 10, lockoutMinutes: 30 }, ad, 'Long-Enough-1');
    expect(checks.map((c) => [c.rule, c.met])).toEqual([['length', true], ['history', null], ['expiry', null], ['lockout', null]]);
    expect(checks.find((c) => c.rule === 'lockout')?.text).toBe('10 failed logins lock the mailbox for 30 minutes');
    expect(passwordMeetsPolicy(checks)).toBe(true);
    expect(passwordMeetsPolicy(checkPassword(fallbackPasswordPolicy, ad, 'short'))).toBe(false);
  });
});

describe('passwordPolicySchema', () => {
  it('refuses settings no server takes, with a reason', () => {
    expect(passwordPolicySchema.safeParse({ ...fallbackPasswordPolicy, minLength: 0 }).success).toBe(false);
    expect(passwordPolicySchema.safeParse({ ...fallbackPasswordPolicy, historyCount: 25 }).success).toBe(false);
    expect(passwordPolicySchema.safeParse({ ...fallbackPasswordPolicy, lockoutMinutes: 0 }).success).toBe(false);
    expect(passwordPolicySchema.safeParse(fallbackPasswordPolicy).success).toBe(true);
  });
});
