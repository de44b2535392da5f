import { describe, expect, it } from 'vitest';
import { generateAccessRules } from '../../../../../main/flavors/openldap/isolation/access-rules';
import { escapeUrlDn, quoteConfigValue } from '../../../../../main/flavors/openldap/config/config-quoting';
import { generateConstraintRules } from '../../../../../main/flavors/openldap/isolation/constraint-rules';
import { escapeRegexLiteral, integerAtMostRegex } from '../../../../../main/flavors/openldap/isolation/regex-text';
import { EnclaveFailure } from '../../../../../shared/errors';

const suffix = 'dc=hosting,dc=test';
const tenant = (name: string, dnValue: string, pool: number | null = null, domains = ['acme.test']) => ({
  name,
  dn: `ou=${dnValue},ou=tenants,${suffix}`,
  mailDomains: domains,
  storagePoolBytes: pool,
});
// Names with regex and DN metacharacters, as the server returns their DNs.
const nasty = [
  tenant('a.*', 'a.*'),
  tenant('x,ou=tenants', 'x\\2Cou\\3Dtenants'),
  tenant('Globex, Inc.', 'Globex\\2C Inc.', 10 * 2 ** 30, ['globex.test']),
  tenant('(.+)', '(.\\2B)', 5),
];

describe('#integerAtMostRegex()', () => {
  it('matches exactly the integers 0..N without leading zeros', () => {
    for (const max of [0, 1, 5, 9, 10, 99, 100, 1000, 4096, 10737418240]) {
      const re = new RegExp(integerAtMostRegex(BigInt(max)));
      const samples = [0, 1, 7, 9, 10, 11, 99, 100, 101, 999, 1000, 1001, 4095, 4096, 4097, max - 1, max, max + 1, max * 10].filter((n) => n >= 0);
      for (const n of samples) expect(re.test(String(n)), `${n} against ≤ ${max}`).toBe(n <= max);
      for (const bad of ['-1', '007', '', ' 1', '1e3', `${max}0`]) expect(re.test(bad), bad).toBe(false);
    }
  });

  it('from 1: leaves out 0, the stored "unlimited"', () => {
    for (const max of [1, 5, 10, 4096]) {
      const re = new RegExp(integerAtMostRegex(BigInt(max), 1n));
      for (const n of [0, 1, max, max + 1]) expect(re.test(String(n)), `${n} against 1..${max}`).toBe(n >= 1 && n <= max);
    }
    expect(() => integerAtMostRegex(0n, 1n)).toThrow();
  });
});

describe('#escapeRegexLiteral()', () => {
  it('turns dots and letters into bracket expressions, so no backslash can be lost', () => {
    const re = new RegExp(`^${escapeRegexLiteral('acme-x.test')}$`);
    expect(re.test('acme-x.test')).toBe(true);
    expect(re.test('ACME-X.TEST')).toBe(true);
    expect(re.test('acme-xXtest')).toBe(false);
    expect(() => escapeRegexLiteral('a.*')).toThrow();
  });
});

describe('#quoteConfigValue()', () => {
  it('refuses a double quote or a line break, which could end the quoted value', () => {
    expect(() => quoteConfigValue('cn=a" by * write')).toThrow(EnclaveFailure);
    expect(() => quoteConfigValue('a\nb')).toThrow(EnclaveFailure);
    expect(quoteConfigValue('ou=x\\2Cy')).toBe('"ou=x\\2Cy"');
  });

  it('percent-encodes every URL delimiter of a DN', () => {
    expect(escapeUrlDn('ou=a?b,ou=(c)*')).toBe('ou%3Da%3Fb%2Cou%3D%28c%29%2A');
  });
});

describe('#generateAccessRules()', () => {
  it('has the same generic rules for 0 and 1,000 tenants plus a member and a quota rule per tenant', () => {
    const none = generateAccessRules(suffix);
    const many = generateAccessRules(suffix, Array.from({ length: 1000 }, (_, i) => tenant(`t${i}`, `t${i}`, i % 2 ? 1000 : null)));
    expect(many.length).toBe(none.length + 2000);
    expect(many.filter((rule) => !rule.startsWith('to dn.children='))).toEqual(none);
  });

  it('never puts a tenant name into a regular expression', () => {
    const rules = generateAccessRules(suffix, nasty);
    for (const rule of rules) {
      const regexes = [...rule.matchAll(/(?:dn|val)\.regex="([^"]*)"/g)].map((m) => m[1] ?? '');
      for (const re of regexes) for (const t of nasty) expect(re).not.toContain(t.dn);
    }
    // Tenants appear only as quoted DNs of dn.children / member.exact clauses.
    expect(rules.join('\n')).toContain('dn.children="ou=mailboxes,ou=Globex\\2C Inc.,ou=tenants,dc=hosting,dc=test"');
    expect(rules.join('\n')).toContain('val.regex="^([1-4]|5)$"');
    expect(rules.join('\n')).toContain('to dn.children="ou=Globex\\2C Inc.,ou=tenants,dc=hosting,dc=test" attrs=member val.onelevel="ou=mailboxes,ou=Globex\\2C Inc.,ou=tenants,dc=hosting,dc=test"');
  });

  it('refuses a tenant DN that is not directly below the tenants container', () => {
    expect(() => generateAccessRules(suffix, [{ ...tenant('evil', 'x'), dn: 'ou=x,ou=host,dc=hosting,dc=test' }])).toThrow(/not directly below/);
    expect(() => generateAccessRules(suffix, [{ ...tenant('deep', 'x'), dn: `ou=y,ou=x,ou=tenants,${suffix}` }])).toThrow(/not directly below/);
  });

  it('refuses suffixes that would need escaping in a regex', () => {
    expect(() => generateAccessRules('dc=a.*,dc=test')).toThrow(/plain attr=value/);
  });
});

describe('#generateConstraintRules()', () => {
  it('limits each tenant to its domains, as literals, under its own subtree only', () => {
    const rules = generateConstraintRules(suffix, nasty);
    expect(rules).toHaveLength(1 + nasty.length);
    const globex = rules.find((rule) => rule.includes('Globex'));
    expect(globex).toBe('mail,mailLocalAddress regex "^[^@]+@([gG][lL][oO][bB][eE][xX][.][tT][eE][sS][tT])$" restrict="ldap:///ou%3DGlobex%5C2C%20Inc.%2Cou%3Dtenants%2Cdc%3Dhosting%2Cdc%3Dtest??sub"');
  });

  it('refuses a domain that is not a DNS name', () => {
    expect(() => generateConstraintRules(suffix, [tenant('bad', 'bad', null, ['a.*|b.test'])])).toThrow(/not a DNS mail domain/);
  });
});
