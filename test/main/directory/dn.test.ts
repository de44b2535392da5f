import { DN } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { childDn, isBelow, leafValue, normalizeDn, parseDn, sameDn, valuesBelow } from '../../../main/directory/dn';

const awkward = ['Smith, Jones + Partners', 'a"b\\c<d>e;f=g', '#1 Hosting', 'Müller & Söhne', '日本語 株式会社', 'trailing\\'];

describe('#childDn() / #parseDn()', () => {
  it.each(awkward)('round-trips %j through escaping and parsing', (value) => {
    const dn = childDn('ou=tenants,dc=hosting,dc=test', 'ou', value);
    expect(parseDn(dn)[0]).toEqual([{ attribute: 'ou', value }]);
    expect(leafValue(dn)).toBe(value);
  });

  it('spells every value as ldapts does, plain ones included (those skip the DN object)', () => {
    for (const value of [...awkward, '', 'u00042', 'Zoë Surname 00001', 'a b', ' lead', 'trail ', ' ', 'x#y', 'x=y', 'tab\there', 'nul\u0000x']) {
      expect(childDn('dc=test', 'cn', value)).toBe(`${new DN().addPairRDN('cn', value).toString()},dc=test`);
    }
  });

  it('never lets a value add an RDN', () => {
    const dn = childDn('dc=test', 'uid', 'x,ou=admins');
    expect(parseDn(dn)).toHaveLength(2);
  });

  it('decodes hex escapes of UTF-8 as servers send them', () => {
    expect(leafValue('cn=M\\C3\\BCller,dc=test')).toBe('Müller');
  });

  it('reads multi-valued RDNs', () => {
    expect(parseDn('cn=a+uid=b,dc=test')[0]).toEqual([
      { attribute: 'cn', value: 'a' },
      { attribute: 'uid', value: 'b' },
    ]);
  });

  it('rejects text that is not a DN', () => {
    expect(() => parseDn('no equals sign')).toThrow(/Not a DN/);
  });
});

describe('#sameDn() / #isBelow() / #valuesBelow()', () => {
  it('compares case- and escaping-insensitively', () => {
    expect(sameDn('OU=Acme, OU=Tenants,DC=hosting,DC=test', 'ou=acme,ou=tenants,dc=hosting,dc=test')).toBe(true);
    expect(normalizeDn('cn=M\\C3\\BCller,dc=test')).toBe(normalizeDn('cn=Müller,dc=test'));
  });

  it('knows descendants from look-alike siblings', () => {
    expect(isBelow('uid=a,ou=acme,dc=test', 'ou=acme,dc=test')).toBe(true);
    expect(isBelow('uid=a,ou=xacme,dc=test', 'ou=acme,dc=test')).toBe(false);
    expect(isBelow('ou=acme,dc=test', 'ou=acme,dc=test')).toBe(false);
  });

  it('lists the values between an ancestor and an entry', () => {
    expect(valuesBelow('uid=a,ou=mailboxes,ou=Acme\\, Inc.,ou=tenants,dc=test', 'ou=tenants,dc=test')).toEqual(['Acme, Inc.', 'mailboxes', 'a']);
  });
});
