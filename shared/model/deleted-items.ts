/**
 * Deleted items: deleted mailboxes kept for a retention period so a deletion can be undone (docs/console.md). On
 * OpenLDAP the console keeps them itself (marked in place, locked, hidden, login and addresses reserved); on Active
 * Directory the domain's Recycle Bin does, where it is on.
 */
import { z } from 'zod';
import { tenantNameField } from './fields';

/** How long a deleted mailbox is kept before a host admin's "purge expired" removes it. */
export const deletedMailboxRetentionDays = 30;

export interface DeletedMailbox {
  tenant: string;
  login: string;
  displayName: string;
  primaryAddress: string;
  aliases: string[];
  /** When it was deleted (ISO 8601). */
  deletedAt: string;
  /** Who deleted it, as the console noted (the audit trail is the record); null when unknown. */
  deletedBy: string | null;
  /** From when "purge expired" removes it. */
  purgeAfter: string;
  /** The groups and lists it is joined to again on restore (their names). */
  groups: string[];
  /** Its quota, which counts against the tenant's pool again once it is restored. */
  quotaBytes: number | null;
}

/** How this directory keeps deleted mailboxes: by the console, by AD's Recycle Bin, or not at all (AD with it off). */
export type DeletedItemsMode = 'kept' | 'recycle-bin' | 'off';

export interface DeletedItems {
  tenant: string;
  mode: DeletedItemsMode;
  retentionDays: number;
  items: DeletedMailbox[];
}

export const purgeExpiredRequest = z.object({ tenant: tenantNameField });

/** What "purge expired" removed. */
export interface PurgeReport {
  tenant: string;
  purged: string[];
}
