import { describe, expect, it } from 'vitest';
import { connectionFormFrom, suggestedTlsMode } from '../../../renderer/state/connection-form';

describe('suggestedTlsMode', () => {
  it('is none for a plain server on this machine, StartTLS for one elsewhere, LDAPS for ldaps://', () => {
    expect(suggestedTlsMode('ldap://127.0.0.1:38999')).toBe('none');
    expect(suggestedTlsMode('ldap://localhost:389/')).toBe('none');
    expect(suggestedTlsMode('ldap://[::1]:389')).toBe('none');
    expect(suggestedTlsMode('ldap://ldap.example.com')).toBe('starttls');
    expect(suggestedTlsMode('ldap://127.0.0.1:389\nldap://ldap2.example.com')).toBe('starttls');
    expect(suggestedTlsMode('ldap://127.0.0.1.evil.example:389')).toBe('starttls');
    expect(suggestedTlsMode('ldaps://dc1.example.com:636')).toBe('ldaps');
    expect(suggestedTlsMode('')).toBe('starttls');
  });

  it('leaves a saved connection’s mode alone', () => {
    expect(connectionFormFrom(null).tlsModeChosen).toBe(false);
    const saved = { id: 'x', name: 'x', urls: ['ldap://127.0.0.1:1'], bindDN: 'cn=a', tlsMode: 'starttls' as const, flavor: 'auto' as const, hasSavedPassword: false, isSandbox: false };
    expect(connectionFormFrom(saved)).toMatchObject({ tlsMode: 'starttls', tlsModeChosen: true });
  });
});
