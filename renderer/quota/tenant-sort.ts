/** Sorting the host-wide tenant table: each column's key, nulls (no pool, no limit) always last. */
import type { TenantQuota } from '../../shared/model/quota';

export const tenantSortKeys = ['tenant', 'poolBytes', 'allocatedBytes', 'poolRatio', 'mailboxCount', 'mailboxLimit', 'mailboxRatio', 'overcommitBytes'] as const;
export type TenantSortKey = (typeof tenantSortKeys)[number];

export interface TenantSort {
  key: TenantSortKey;
  descending: boolean;
}

/** A sorted copy. */
export function sortTenants(tenants: TenantQuota[], sort: TenantSort): TenantQuota[] {
  const direction = sort.descending ? -1 : 1;
  return [...tenants].sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    if (x === y) return a.tenant.localeCompare(b.tenant);
    if (x === null) return 1;
    if (y === null) return -1;
    if (typeof x === 'string' && typeof y === 'string') return direction * x.localeCompare(y);
    return direction * (Number(x) - Number(y));
  });
}

/** The tenants closest to (or past) a limit: the higher of the two ratios. */
export const pressure = (tenant: TenantQuota): number => Math.max(tenant.poolRatio ?? 0, tenant.mailboxRatio ?? 0);
