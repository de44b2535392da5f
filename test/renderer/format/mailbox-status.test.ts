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

  it('has a label for every state', () => {
    expect(Object.keys(mailboxStatusLabel).sort()).toEqual(['disabled', 'enabled', 'locked']);
  });
});
