import { describe, expect, it } from 'vitest';
import { generateAccessRules, mailServiceAttributes } from '../../../../../main/flavors/openldap/isolation/access-rules';
import { escapeUrlDn, quoteConfigValue } from '../../../../../main/flavors/openldap/config/config-quoting';
import { generateConstraintRules, generateLimits, generateUniqueUris } from '../../../../../main/flavors/openldap/isolation/constraint-rules';
import { generateIsolationRules } from '../../../../../main/flavors/openldap/isolation/isolation-rules';
import { policyCells } from '../../../../../main/policy/access-policy';
import { EnclaveFailure } from '../../../../../shared/errors';

const suffix = 'dc=hosting,dc=test';

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

describe('#generateIsolationRules()', () => {
  it('is one configuration per suffix: nothing in it depends on the tenants', () => {
    // The generator takes no tenants at all; the same call twice gives the same text.
    expect(generateIsolationRules(suffix)).toEqual(generateIsolationRules(suffix));
    const all = Object.values(generateIsolationRules(suffix)).flatMap((part) => (Array.isArray(part) ? part : Object.values(part).flat()));
    expect(all.join('\n')).not.toMatch(/ou=(?!tenants|host|people|groups|services|audit|mailboxes|lists|policies)[a-z]/i);
  });

  it('uses only the validated suffix, [^,]+ and [^,+]+ in its regular expressions, so no tenant name can widen a rule', () => {
    for (const rule of generateAccessRules(suffix)) {
      for (const [, re] of rule.matchAll(/dn\.regex="([^"]*)"/g)) {
        expect(re?.replace(/\[\^,\+?\]\+/g, '').replace(suffix, '')).toMatch(/^[\^$().|a-z=,+?:-]*$/);
      }
    }
  });

  it('writes lower-case DNs, so they match normalized ones', () => {
    const rules = generateAccessRules('DC=Hosting,DC=Test').join('\n');
    expect(rules).toContain('cn=host-admins,ou=groups,ou=host,dc=hosting,dc=test');
    expect(rules).not.toContain('DC=Hosting');
  });

  it('refuses suffixes that would need escaping in a regex', () => {
    expect(() => generateAccessRules('dc=a.*,dc=test')).toThrow(/plain attr=value/);
  });

  it('never parses request text as set syntax: value captures appear only in DN expansions and after a digits-or-domain regex', () => {
    for (const rule of generateAccessRules(suffix)) {
      if (!rule.includes('${v')) continue;
      const valueRegex = /val\.regex="([^"]*)"/.exec(rule)?.[1] ?? '';
      if (rule.includes('set.expand')) expect(['^[1-9][0-9]{0,18}$', '^[^@]+@([a-z0-9.-]+)$']).toContain(valueRegex);
      else expect(rule).toMatch(/realdn\.children,expand="ou=mailboxes,\$\{v1\}"/);
    }
  });

  it('gives the mail service exactly the attributes the policy lets it read, never a password', () => {
    const attributes = mailServiceAttributes();
    expect(attributes).toEqual(expect.arrayContaining(['uid', 'mail', 'mailLocalAddress', 'enclaveMailDomain', 'member', 'enclaveMailboxQuotaBytes', 'enclaveAccountState', 'pwdAccountLockedTime', 'entryUUID']));
    expect(attributes).not.toContain('userPassword');
    expect(generateLimits(suffix)).toEqual(['group/enclaveGroup/member="cn=mail-services,ou=groups,ou=host,dc=hosting,dc=test" size=unlimited time=unlimited']);
  });

  it('makes logins unique across the whole suffix, host staff included, and domains unique across tenants', () => {
    expect(generateUniqueUris(suffix)).toEqual([
      'ldap:///dc=hosting,dc=test?uid?sub',
      'ldap:///ou=tenants,dc=hosting,dc=test?mail?sub',
      'ldap:///ou=tenants,dc=hosting,dc=test?mailLocalAddress?sub',
      'ldap:///ou=tenants,dc=hosting,dc=test?enclaveMailDomain?one',
    ]);
    expect(generateConstraintRules(suffix)).toEqual(expect.arrayContaining(['uid count 1', expect.stringMatching(/^mail count 1 /), expect.stringMatching(/^enclaveMailDomain regex /)]));
  });

  it('follows the policy table: a by-clause level changes when the table changes', () => {
    // Tenant users read names in the table, and the address-book rule gives them read.
    expect(policyCells().some((c) => c.role === 'tenant-user' && c.kind === 'mailbox' && c.set === 'names' && c.operation === 'read' && c.allowed)).toBe(true);
    const book = generateAccessRules(suffix).find((rule) => rule.includes('attrs=entry,objectClass,uid,cn,sn'));
    expect(book).toMatch(/by dn\.children,expand="ou=mailboxes,\$2" read by \* break$/);
  });
});
