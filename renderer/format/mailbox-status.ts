/** The one-word account state shown in the mailbox table. */
import type { Mailbox } from '../../shared/model/hosting';

export type MailboxStatus = 'enabled' | 'disabled' | 'locked';

/**
 * Disabled wins over locked: an administrator disabled it on purpose, while a lockout (failed logins)
 * only matters once the account is enabled again.
 */
export function mailboxStatus(mailbox: Pick<Mailbox, 'enabled' | 'locked'>): MailboxStatus {
  if (!mailbox.enabled) return 'disabled';
  return mailbox.locked ? 'locked' : 'enabled';
}

export const mailboxStatusLabel: Readonly<Record<MailboxStatus, string>> = {
  enabled: 'Enabled',
  disabled: 'Disabled',
  locked: 'Locked',
};
