/**
 * Where bytes actually stored per mailbox come from: a mail store (Dovecot's quota service later). The
 * directory only knows allocations, so without a connected source every usage figure is null.
 */

/** A mailbox as the usage source is asked about it. */
export interface UsageQuery {
  tenant: string;
  login: string;
  dn: string;
}

export interface MailboxUsageSource {
  /** Shown in the report ("Dovecot at imap1"), or null when nothing is connected. */
  readonly name: string | null;
  /** Bytes stored per mailbox DN, for a batch (one directory page); mailboxes it does not know are left out. */
  usage(batch: UsageQuery[]): Promise<Map<string, number>>;
}

/** The source used until a mail store is connected: knows nothing, says so. */
export const notConnectedUsageSource: MailboxUsageSource = {
  name: null,
  usage: async () => new Map(),
};
