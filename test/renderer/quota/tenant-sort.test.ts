import { describe, expect, it } from 'vitest';
import { pressure, sortTenants } from '../../../renderer/quota/tenant-sort';
import type { TenantQuota } from '../../../shared/model/quota';

const tenant = (name: string, poolRatio: number | null, mailboxRatio: number | null): TenantQuota => ({
  tenant: name, displayName: '', poolBytes: poolRatio === null ? null : 100, allocatedBytes: (poolRatio ?? 0) * 100, usedBytes: null,
  mailboxCount: 1, mailboxLimit: mailboxRatio === null ? null : 10, unlimitedMailboxes: 0, defaultQuotaBytes: null, allowOvercommit: false,
  overcommitBytes: 0, poolRatio, mailboxRatio,
});

describe('sortTenants', () => {
  const tenants = [tenant('b', 0.5, null), tenant('a', null, 0.9), tenant('c', 1.2, 0.1)];

  it('sorts by a ratio either way, tenants without a pool last both times', () => {
    expect(sortTenants(tenants, { key: 'poolRatio', direction: 'descending' }).map((t) => t.tenant)).toEqual(['c', 'b', 'a']);
    expect(sortTenants(tenants, { key: 'poolRatio', direction: 'ascending' }).map((t) => t.tenant)).toEqual(['b', 'c', 'a']);
  });

  it('sorts by name', () => {
    expect(sortTenants(tenants, { key: 'tenant', direction: 'ascending' }).map((t) => t.tenant)).toEqual(['a', 'b', 'c']);
  });

  it('ranks pressure by the higher of the two ratios', () => {
    expect(tenants.map(pressure)).toEqual([0.5, 0.9, 1.2]);
  });
});
