/**
 * Where bytes actually stored per mailbox come from: a mail store (Dovecot: dovecot-usage-source.ts). The
 * directory only knows allocations, so without a connected source every usage figure is null.
 */

/** A mailbox as the usage source is asked about it. */
export interface UsageQuery {
  tenant: string;
  login: string;
  dn: string;
  /** The key of its mail folder and last-login record (entryUUID on OpenLDAP), when the caller read it. */
  storeKey?: string | null;
}

/** What the mail store says about one mailbox. */
export interface MailboxUsage {
  /** Bytes stored (what the quota counts). */
  usedBytes: number;
  messages: number;
  /** Its last login (ISO 8601), when asked with its store key and the store records logins. */
  lastLogin: string | null;
}

export interface MailboxUsageSource {
  /** Shown in the report ("Dovecot at imap1"), or null when nothing is connected. */
  readonly name: string | null;
  /** Usage per mailbox DN, for a batch (one directory page); mailboxes it does not know are left out. */
  usage(batch: UsageQuery[]): Promise<Map<string, MailboxUsage>>;
}

/** The source used until a mail store is connected: knows nothing, says so. */
export const notConnectedUsageSource: MailboxUsageSource = {
  name: null,
  usage: async () => new Map(),
};
