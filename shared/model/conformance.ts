/**
 * The conformance scan: what the existing directory holds that the access policy forbids or that the server
 * cannot refuse on its own (totals such as a tenant's pool and mailbox limit), per tenant.
 */
import { z } from 'zod';
import { tenantNameField } from './fields';

/** Every kind of finding, each named after the rule the entry breaks. */
export const conformanceRules = [
  'over-pool',
  'over-mailbox-limit',
  'missing-classes',
  'unexpected-entry',
  'foreign-address',
  'foreign-member',
  'staff-login-collision',
  'duplicate-login',
  'duplicate-address',
  'duplicate-domain',
  'pre-hashed-password',
  'password-on-non-mailbox',
  'disabled-not-locked',
  'tenant-without-password-policy',
  'mailbox-without-tenant-policy',
] as const;
export type ConformanceRule = (typeof conformanceRules)[number];

export const conformanceScanRequest = z.object({
  /** One tenant only (the directory-wide checks still read every tenant); all when absent. */
  tenant: tenantNameField.optional(),
});
export type ConformanceScanRequest = z.infer<typeof conformanceScanRequest>;

/** One entry (or tenant total) breaking one rule. */
export interface ConformanceFinding {
  rule: ConformanceRule;
  /** The tenant the finding belongs to; null for entries outside any tenant. */
  tenant: string | null;
  /** The offending entry (for totals: the tenant entry). */
  dn: string;
  /** In words: what is wrong and by how much. */
  message: string;
}

/** A rule the scan could not check with the bound identity's rights, and why. */
export interface UncheckedRule {
  rule: ConformanceRule;
  reason: string;
}

export interface ConformanceReport {
  passed: boolean;
  tenantCount: number;
  /** Entries read below the tenants container. */
  entryCount: number;
  findings: ConformanceFinding[];
  /** Finding counts per tenant, for marking tenants in the tree and the quota view (tenants without findings left out). */
  tenantsWithFindings: { tenant: string; findingCount: number; rules: ConformanceRule[] }[];
  checked: ConformanceRule[];
  unchecked: UncheckedRule[];
  elapsedMs: number;
}
