/** Sorting the host-wide tenant table: each column's order, no pool or no limit always last. */
import type { TenantQuota } from '../../shared/model/quota';
import { compareNullable, compareText, sortRows, type SortDirection, type TableSort } from '../app/table/table-sort';

export const tenantSortKeys = ['tenant', 'poolBytes', 'allocatedBytes', 'usedBytes', 'poolRatio', 'mailboxCount', 'mailboxLimit', 'mailboxRatio', 'overcommitBytes'] as const;
export type TenantSortKey = (typeof tenantSortKeys)[number];

/** Ascending order of one column; null values (no pool, no limit) after every value in either direction. */
export function compareTenants(key: TenantSortKey): (a: TenantQuota, b: TenantQuota, direction: SortDirection) => number {
  if (key === 'tenant') return (a, b) => compareText(a.tenant, b.tenant);
  return (a, b, direction) => compareNullable(a[key], b[key], direction);
}

/** A sorted copy, as the table shows it (the CSV export keeps the same order). */
export const sortTenants = (tenants: readonly TenantQuota[], sort: TableSort): readonly TenantQuota[] =>
  sortRows(tenants, sort, (key) => ((tenantSortKeys as readonly string[]).includes(key) ? compareTenants(key as TenantSortKey) : undefined), (t) => t.tenant);

/** The tenants closest to (or past) a limit: the higher of the two ratios. */
export const pressure = (tenant: TenantQuota): number => Math.max(tenant.poolRatio ?? 0, tenant.mailboxRatio ?? 0);
