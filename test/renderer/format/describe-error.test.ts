import { describe, expect, it } from 'vitest';
import { describeError, plainWords } from '../../../renderer/format/describe-error';

describe('describeError()', () => {
  it('shows words alone when there is nothing technical to add', () => {
    expect(describeError({ kind: 'not-connected', message: 'Not connected to a directory. Choose a connection first.' })).toEqual({
      message: 'Not connected to a directory. Choose one in Connections.',
      detail: 'Not connected to a directory. Choose a connection first.',
    });
    expect(describeError({ kind: 'already-exists', target: 'Acme', field: 'name', message: 'A tenant named "Acme" already exists.' })).toEqual({
      message: 'A tenant named "Acme" already exists.',
      detail: null,
    });
  });

  it('says an access refusal in words and keeps the code and the server diagnostic in the detail', () => {
    const described = describeError({
      kind: 'insufficient-access',
      message: 'The directory refused this for your account (uid=ann,ou=people,ou=Acme,ou=tenants,dc=hosting,dc=test): insufficient access rights.',
      ldapCode: 50,
      serverMessage: 'no write access to parent',
    });
    expect(described.message).toBe('Your account is not allowed to do this here.');
    expect(described.message).not.toMatch(/uid=|LDAP|50/);
    expect(described.detail).toContain('uid=ann,ou=people,ou=Acme');
    expect(described.detail).toContain('LDAP result code 50');
    expect(described.detail).toContain('server said: no write access to parent');
  });

  it('explains the password policy refusals of OpenLDAP and of Samba without their codes', () => {
    const openldap = describeError({ kind: 'policy-violation', ldapCode: 19, serverMessage: 'Password fails quality checking policy', message: "The directory's policy refused this (uid=peter,ou=people,ou=Initech,ou=tenants,dc=hosting,dc=test): Password fails quality checking policy." });
    const samba = describeError({
      kind: 'policy-violation',
      ldapCode: 19,
      serverMessage: '0000052D: Constraint violation - check_password_restrictions: the password is too short. It should be equal or longer than 7 characters! Code: 0x13',
      message: "The directory's policy refused this (CN=Peter Gibbons,OU=People,OU=Initech,DC=ad,DC=test): 0000052D: Constraint violation - check_password_restrictions: the password is too short. Code: 0x13.",
    });
    for (const described of [openldap, samba]) {
      expect(described.message).toMatch(/password policy refused this password/);
      expect(described.message).not.toMatch(/0x13|code|=/i);
      expect(described.detail).toContain('LDAP result code 19');
    }
    expect(samba.detail).toContain('Code: 0x13');
  });

  it('says a uniqueness refusal in words', () => {
    const described = describeError({ kind: 'policy-violation', ldapCode: 19, serverMessage: 'non-unique attributes found with (|(mail=a@acme.test))', message: "The directory's policy refused this (uid=a,ou=people,ou=Acme,dc=test): non-unique attributes found with (|(mail=a@acme.test))." });
    expect(described.message).toBe('Another entry in the directory already uses this value (an address or login must be unique).');
  });

  it('writes the sizes of a quota refusal in the console format and lists input issues in the detail', () => {
    const described = describeError({
      kind: 'invalid-input',
      message: 'A quota of 40.00 GiB exceeds what is left in the storage pool of "Acme": 2.00 GiB of 100.00 GiB.',
      issues: [{ path: ['quotaBytes'], message: 'at most 2147483648 bytes are left in the tenant\'s pool' }],
    });
    expect(described.message).toBe('A quota of 40 GiB exceeds what is left in the storage pool of "Acme": 2 GiB of 100 GiB.');
    expect(described.detail).toContain('quotaBytes: at most 2147483648 bytes');
  });

  it('gives the TLS failure reason and the server in the detail', () => {
    const described = describeError({
      kind: 'tls-verification-failed',
      message: 'The TLS certificate of ldaps://dc1:636 could not be verified (SELF_SIGNED_CERT_IN_CHAIN).',
      url: 'ldaps://dc1:636',
      reason: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    expect(described.message).toMatch(/certificate is not trusted/);
    expect(described.detail).toContain('SELF_SIGNED_CERT_IN_CHAIN');
    expect(described.detail).toContain('ldaps://dc1:636');
  });
});

describe('plainWords()', () => {
  it('drops DNs (escaped commas and spaces included), codes and what they leave behind', () => {
    expect(plainWords('Not found (uid=ann,ou=people,ou=Globex\\, Inc.,ou=tenants,dc=hosting,dc=test): it does not exist.')).toBe('Not found: it does not exist.');
    expect(plainWords('Refused (CN=Front desk,OU=People,DC=ad,DC=test): too short. Code: 0x13.')).toBe('Refused: too short.');
    expect(plainWords("The directory's policy refused this (uid=live.0003,…): taken.")).toBe("The directory's policy refused this: taken.");
    expect(plainWords('Nothing to delete at cn=x,ou=y,dc=z.')).toBe('Nothing to delete at the entry.');
  });

  it('leaves ordinary sentences and single filters alone', () => {
    expect(plainWords('Tenant "Acme" has no mailbox with login "ann".')).toBe('Tenant "Acme" has no mailbox with login "ann".');
    expect(plainWords('found with (|(mail=a@acme.test)).')).toBe('found with (|(mail=a@acme.test)).');
  });
});
