import { describe, expect, it } from 'vitest';
import { mailboxStatus, mailboxStatusLabel } from '../../../renderer/format/mailbox-status';

describe('mailboxStatus()', () => {
  it('tells enabled, locked and disabled apart', () => {
    expect(mailboxStatus({ enabled: true, locked: false })).toBe('enabled');
    expect(mailboxStatus({ enabled: true, locked: true })).toBe('locked');
    expect(mailboxStatus({ enabled: false, locked: false })).toBe('disabled');
  });

  it('reports a disabled account as disabled even when it is also locked', () => {
    expect(mailboxStatus({ enabled: false, locked: true })).toBe('disabled');
  });

  it('shows an enabled account past its end date as expired; disabled wins, and expired wins over locked', () => {
    const now = Date.parse('2027-01-01T00:00:00Z');
    expect(mailboxStatus({ enabled: true, locked: false, expiresAt: '2026-12-31T00:00:00Z' }, now)).toBe('expired');
    expect(mailboxStatus({ enabled: true, locked: true, expiresAt: '2026-12-31T00:00:00Z' }, now)).toBe('expired');
    expect(mailboxStatus({ enabled: false, locked: false, expiresAt: '2026-12-31T00:00:00Z' }, now)).toBe('disabled');
    expect(mailboxStatus({ enabled: true, locked: false, expiresAt: '2027-06-30T00:00:00Z' }, now)).toBe('enabled');
  });

  it('has a label for every state', () => {
    expect(Object.keys(mailboxStatusLabel).sort()).toEqual(['disabled', 'enabled', 'expired', 'locked']);
  });
});
