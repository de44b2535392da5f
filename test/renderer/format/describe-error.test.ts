import { describe, expect, it } from 'vitest';
import { describeError } from '../../../renderer/format/describe-error';

describe('describeError()', () => {
  it('shows the message alone when there is nothing more to say', () => {
    expect(describeError({ kind: 'not-connected', message: 'Not connected to a directory.' })).toEqual({
      message: 'Not connected to a directory.',
      detail: null,
    });
  });

  it('adds the LDAP result code and the server diagnostic', () => {
    const described = describeError({
      kind: 'insufficient-access',
      message: 'The bind account may not read this tenant.',
      ldapCode: 50,
      serverMessage: 'no read access to parent',
    });
    expect(described.detail).toBe('LDAP result code 50 · server said: no read access to parent');
  });

  it('does not repeat a diagnostic the message already quotes', () => {
    const described = describeError({
      kind: 'ldap',
      message: 'The server refused: size limit exceeded',
      ldapCode: 4,
      serverMessage: 'size limit exceeded',
    });
    expect(described.detail).toBe('LDAP result code 4');
  });

  it('keeps the code for invalid credentials', () => {
    expect(describeError({ kind: 'invalid-credentials', message: 'Wrong password.', ldapCode: 49 }).detail).toBe(
      'LDAP result code 49',
    );
  });

  it('lists input issues with their field paths', () => {
    const described = describeError({
      kind: 'invalid-input',
      message: 'Some fields need attention.',
      issues: [
        { path: ['aliases', 1], message: 'Not a valid mail address' },
        { path: [], message: 'Request is empty' },
      ],
    });
    expect(described.detail).toBe('aliases.1: Not a valid mail address · Request is empty');
  });

  it('gives the TLS failure reason', () => {
    const described = describeError({
      kind: 'tls-verification-failed',
      message: 'The server certificate is not trusted.',
      url: 'ldaps://dc1:636',
      reason: 'self-signed certificate',
    });
    expect(described.detail).toBe('self-signed certificate');
  });
});
