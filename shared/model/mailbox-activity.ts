/**
 * What helpdesk needs when reviewing one mailbox (issue 15): its stored size and message count and its last login
 * (from the mail store, when one is connected), and its lock state with when and why (from the directory).
 */
import type { MailboxRef } from './hosting';

export type MailboxActivityRequest = MailboxRef;

export interface MailboxLockState {
  /** active: may log in; locked: the password policy locked it after failed logins; disabled: an administrator's decision. */
  state: 'active' | 'locked' | 'disabled';
  /** When the lock began (ISO 8601), when the directory records it (an administrator's disable has no time). */
  since: string | null;
  /** In words, for the editor. */
  reason: string;
  /** Failed logins the directory counted (0 when failures are not counted, as for mailboxes by default). */
  failedLogins: number;
  lastFailure: string | null;
}

export interface MailboxActivity {
  tenant: string;
  login: string;
  quotaBytes: number | null;
  usage: {
    connected: boolean;
    source: string | null;
    /** The source is configured but could not be read. */
    error?: string;
    usedBytes: number | null;
    messages: number | null;
    lastLogin: string | null;
  };
  lock: MailboxLockState;
}
