/**
 * A tenant leaving cleanly: its exit package (everything it had, with the SHA-256 of every file) and the teardown
 * that follows it, with its proof (what was removed, what was searched, what is left). docs/tenant-lifecycle.md.
 */
import { z } from 'zod';
import { tenantNameField } from './fields';
import type { DirectoryFlavor } from './hosting';

export const exportTenantRequest = z.object({ tenant: tenantNameField });

/** One file of an exit package. */
export interface ExitPackageFile {
  /** Relative to the package folder, with forward slashes. */
  path: string;
  bytes: number;
  sha256: string;
}

/** What an exit package holds, as its manifest states it. */
export interface TenantExitPackage {
  tenant: string;
  tenantDn: string;
  flavor: DirectoryFlavor;
  /** The folder the package was written to. */
  folder: string;
  createdAt: string;
  createdBy: string;
  counts: { entries: number; mailboxes: number; groups: number; lists: number; certificates: number; consoleRecords: number; serverRecords: number };
  /** Every file but the manifest itself (SHA256SUMS covers the manifest too). */
  files: ExitPackageFile[];
  /** Mailboxes holding certificates: mail encrypted to them needs the private keys the tenant holds, not in the package. */
  certificateWarning: { message: string; mailboxes: string[] } | null;
  /** What the package could not hold, and why (e.g. no server log on AD). */
  notes: string[];
  /** SHA-256 over every entry's DN and change stamp: a teardown checks the tenant has not changed since. */
  contentDigest: string;
  elapsedMs: number;
}

export const teardownTenantRequest = z.object({
  tenant: tenantNameField,
  /** The tenant's name typed again: nothing is removed unless it matches exactly. */
  confirm: z.string().max(128),
});
export type TeardownTenantRequest = z.infer<typeof teardownTenantRequest>;

/** A value somewhere in the directory that still names the removed tenant. */
export interface ResidueFinding {
  dn: string;
  attribute: string;
  value: string;
  /** What it names: a DN of the tenant, one of its domains, addresses or logins. */
  matched: 'entry' | 'dn' | 'domain' | 'address' | 'login';
}

/** A trace the server keeps by design (its log, tombstones, authorship stamps), which no LDAP client can remove. */
export interface RetainedTraceReport {
  what: string;
  count: number;
  why: string;
}

/** One mailbox's mail-store folder, keyed as the mail servers key it (docs/mail-servers.md). */
export interface MailStoreFolder {
  key: string;
  login: string;
  address: string;
}

export interface TeardownStep {
  step: 'planned' | 'members-removed' | 'entries-removed' | 'policies-removed' | 'residue-checked' | 'reported';
  at: string;
  detail: string;
}

/** The proof of a teardown. */
export interface TeardownReport {
  tenant: string;
  tenantDn: string;
  flavor: DirectoryFlavor;
  /** complete: nothing of the tenant is left in the directory; residue: the findings list what is. */
  outcome: 'complete' | 'residue';
  startedAt: string;
  finishedAt: string;
  /** How many runs it took (more than one when an interrupted teardown was run again). */
  runs: number;
  actor: string;
  /** The exit package it followed. */
  exitPackage: { folder: string; createdAt: string; contentDigest: string };
  removed: {
    entries: number;
    /** Policy entries outside the tenant's subtree (AD: its PSO). */
    policyEntries: string[];
    /** Member values naming the tenant's entries in groups outside it. */
    memberValues: { group: string; member: string }[];
    domains: string[];
    addresses: number;
    logins: number;
  };
  checked: { namingContexts: string[]; entriesScanned: number; valuesScanned: number; dns: number; domains: number; addresses: number; logins: number };
  /** Where the tenant's access rules and constraints were, and what became of them. */
  accessPolicy: string;
  residue: ResidueFinding[];
  retained: RetainedTraceReport[];
  /** The mail store's folders of the removed mailboxes, for the mail host to purge. */
  mailStore: MailStoreFolder[];
  /** The attribute the folders are named by (entryUUID, objectGUID). */
  mailStoreKey: string;
  steps: TeardownStep[];
  /** Where the report was written (JSON and text). */
  reportFiles: string[];
  elapsedMs: number;
}

/** Where a tenant stands in leaving: its last exit package, and an unfinished teardown to run again. */
export interface TenantLifecycleStatus {
  tenant: string;
  lastExport: { folder: string; createdAt: string; contentDigest: string; current: boolean } | null;
  unfinishedTeardown: { startedAt: string; lastStep: TeardownStep['step'] } | null;
}
