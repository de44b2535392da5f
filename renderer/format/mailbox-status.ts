/** The one-word account state shown in the mailbox table. */
import type { Mailbox } from '../../shared/model/hosting';

import { hasExpired } from './account-expiry';

export type MailboxStatus = 'enabled' | 'disabled' | 'locked' | 'expired';

/**
 * Disabled wins over expired, expired over locked: an administrator disabled it on purpose, an expiry ends it
 * whatever else, and a lockout (failed logins) only matters once the account may sign in at all.
 */
export function mailboxStatus(mailbox: Pick<Mailbox, 'enabled' | 'locked' | 'expiresAt'>, now = Date.now()): MailboxStatus {
  if (!mailbox.enabled) return 'disabled';
  if (hasExpired(mailbox.expiresAt, now)) return 'expired';
  return mailbox.locked ? 'locked' : 'enabled';
}

export const mailboxStatusLabel: Readonly<Record<MailboxStatus, string>> = {
  enabled: 'Enabled',
  disabled: 'Disabled',
  locked: 'Locked',
  expired: 'Expired',
};
