/**
 * Storage allocation across tenants: each tenant's pool against the sum of its mailbox quotas, its
 * mailbox count against its limit, how quotas are distributed, and the largest mailboxes. Usage (bytes
 * actually stored) appears only when a mail store feeds it; otherwise the fields are null.
 */
import { z } from 'zod';
import { tenantNameField } from './fields';

export const quotaReportRequest = z.object({
  /** One tenant only; every visible tenant when absent. */
  tenant: tenantNameField.optional(),
  /** How many of the largest mailboxes to list. */
  top: z.number().int().min(1).max(100).default(10),
});
export type QuotaReportRequest = z.infer<typeof quotaReportRequest>;

/** One tenant's allocation. */
export interface TenantQuota {
  tenant: string;
  displayName: string;
  poolBytes: number | null;
  /** Sum of the tenant's mailbox quotas. */
  allocatedBytes: number;
  /** Bytes stored, when a usage source is connected. */
  usedBytes: number | null;
  mailboxCount: number;
  mailboxLimit: number | null;
  /** Mailboxes with no quota of their own (not counted in allocatedBytes). */
  unlimitedMailboxes: number;
  defaultQuotaBytes: number | null;
  allowOvercommit: boolean;
  /** allocated − pool when positive (only possible with allowOvercommit, or a pool lowered later), else 0. */
  overcommitBytes: number;
  /** allocated / pool, or null without a pool. */
  poolRatio: number | null;
  /** mailboxCount / limit, or null without a limit. */
  mailboxRatio: number | null;
}

/** A quota size range and how many mailboxes fall in it. */
export interface QuotaBucket {
  /** Inclusive lower bound; null for "no quota set". */
  fromBytes: number | null;
  /** Exclusive upper bound; null for the open-ended last bucket. */
  toBytes: number | null;
  label: string;
  mailboxes: number;
}

export interface TopMailbox {
  tenant: string;
  login: string;
  quotaBytes: number;
  usedBytes: number | null;
}

/** A mailbox by what it stores (the "largest mailboxes by use" chart). */
export interface UsedMailbox {
  tenant: string;
  login: string;
  usedBytes: number;
  messages: number;
  /** null: unlimited. */
  quotaBytes: number | null;
}

export interface QuotaReport {
  generatedAt: string;
  /** How long the aggregation took in main. */
  elapsedMs: number;
  /** `error`: the source is configured but could not be read (the report then shows allocations only). */
  usage: { connected: boolean; source: string | null; error?: string };
  tenants: TenantQuota[];
  /** Over every mailbox in the report. */
  distribution: QuotaBucket[];
  topMailboxes: TopMailbox[];
  /** The mailboxes storing most, largest first (empty when usage is not connected). */
  largestByUse: UsedMailbox[];
  totals: { poolBytes: number; allocatedBytes: number; usedBytes: number | null; mailboxes: number; tenants: number; overcommitted: number };
}
