import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { notConnectedUsageSource, type MailboxUsageSource } from '../../../main/quota/mailbox-usage-source';
import { buildQuotaReport } from '../../../main/quota/quota-report';
import { gib, seedQuotaTenants } from './quota-fixture';
import { openSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let session: DirectorySession;


beforeAll(async () => {
  dir = await startTestDirectory();
  session = await openSession(dir);
  await seedQuotaTenants(session.services);
});
afterAll(async () => {
  await session?.connection.dispose();
  await dir?.stop();
});

describe('buildQuotaReport', () => {
  it('sums quotas per tenant against pool and limit, from one subtree search', async () => {
    const report = await buildQuotaReport(session.services.context, { top: 3, usage: notConnectedUsageSource });
    expect(report.tenants.map((t) => t.tenant)).toEqual(['Empty', 'Over, Inc.', 'Pooled']);
    const [empty, over, pooled] = report.tenants;
    // p3 took the tenant's default quota (2 GiB) when created.
    expect(pooled).toMatchObject({ poolBytes: 10 * gib, allocatedBytes: 9 * gib, mailboxCount: 3, mailboxLimit: 4, overcommitBytes: 0, poolRatio: 0.9, mailboxRatio: 0.75, usedBytes: null });
    expect(over).toMatchObject({ poolBytes: 2 * gib, allocatedBytes: 2.5 * gib, mailboxCount: 3, unlimitedMailboxes: 1, allowOvercommit: true, overcommitBytes: 0.5 * gib, poolRatio: 1.25 });
    expect(empty).toMatchObject({ allocatedBytes: 0, mailboxCount: 0, poolRatio: null, mailboxRatio: null });
    expect(report.totals).toMatchObject({ tenants: 3, mailboxes: 6, allocatedBytes: 11.5 * gib, overcommitted: 1, usedBytes: null });
    expect(report.usage).toEqual({ connected: false, source: null });
    expect(report.topMailboxes).toEqual([
      { tenant: 'Pooled', login: 'p1', quotaBytes: 4 * gib, usedBytes: null },
      { tenant: 'Pooled', login: 'p2', quotaBytes: 3 * gib, usedBytes: null },
      expect.objectContaining({ quotaBytes: 2 * gib }),
    ]);
    const counts = Object.fromEntries(report.distribution.map((b) => [b.label, b.mailboxes]));
    expect(counts).toMatchObject({ 'No quota': 1, '512 MiB – < 1 GiB': 1, '2 GiB – < 4 GiB': 3, '4 GiB – < 8 GiB': 1 });
  });

  it('reports one tenant alone', async () => {
    const report = await buildQuotaReport(session.services.context, { tenant: 'Over, Inc.', top: 10, usage: notConnectedUsageSource });
    expect(report.tenants.map((t) => t.tenant)).toEqual(['Over, Inc.']);
    expect(report.topMailboxes.map((m) => m.login)).toEqual(['o1', 'o2']);
  });

  it('adds usage when a source is connected', async () => {
    const usage: MailboxUsageSource = {
      name: 'fixed numbers',
      usage: async (batch) => new Map(batch.filter((m) => m.login !== 'o3').map((m) => [m.dn, { usedBytes: m.login.startsWith('p') ? gib : 100, messages: 2, lastLogin: null }])),
    };
    const report = await buildQuotaReport(session.services.context, { top: 2, usage });
    expect(report.usage).toEqual({ connected: true, source: 'fixed numbers' });
    expect(report.tenants.find((t) => t.tenant === 'Pooled')?.usedBytes).toBe(3 * gib);
    expect(report.tenants.find((t) => t.tenant === 'Empty')?.usedBytes).toBe(0);
    expect(report.topMailboxes[0]).toEqual({ tenant: 'Pooled', login: 'p1', quotaBytes: 4 * gib, usedBytes: gib });
    expect(report.largestByUse.map((m) => m.usedBytes)).toEqual([gib, gib]);
    expect(report.largestByUse[0]).toMatchObject({ tenant: 'Pooled', messages: 2 });
  });

  it('shows allocations only, with the reason, when the usage source cannot be read', async () => {
    const usage: MailboxUsageSource = {
      name: 'a broken store',
      usage: async () => {
        throw new Error('doveadm: connection refused');
      },
    };
    const report = await buildQuotaReport(session.services.context, { top: 2, usage });
    expect(report.usage).toEqual({ connected: false, source: 'a broken store', error: 'doveadm: connection refused' });
    expect(report.totals.usedBytes).toBeNull();
    expect(report.largestByUse).toEqual([]);
  });
});
