/**
 * The quota report on a real Samba AD DC: quotas come from msDS-cloudExtensionAttribute1 and tenant settings from
 * the OU's adminDescription, both through the AD dialect; the pool and the mailbox limit refuse new mailboxes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { notConnectedUsageSource } from '../../../main/quota/mailbox-usage-source';
import { buildQuotaReport } from '../../../main/quota/quota-report';
import { gib, quotaMailbox as mailbox, seedQuotaTenants } from './quota-fixture';
import { expectFailure } from '../../harness/expect-failure';
import { openAdSession } from '../../harness/samba-session';
import { sambaUnavailableReason, startSambaTestDc, type SambaTestDc } from '../../harness/samba-test-dc';
import { skipWithoutServer } from '../../harness/required-server';

const skip = skipWithoutServer('the Active Directory quota report tests', await sambaUnavailableReason());

let dc: SambaTestDc;
let session: DirectorySession;


describe.skipIf(skip)('buildQuotaReport on Active Directory (Samba AD DC)', () => {
  beforeAll(async () => {
    dc = await startSambaTestDc();
    session = await openAdSession(dc);
    await seedQuotaTenants(session.services);
  }, 240_000);
  afterAll(async () => {
    await session?.connection.dispose();
    await dc?.stop();
  });

  it('sums the AD quota attribute per tenant against the pool and limit kept in adminDescription', async () => {
    expect(session.services.context.dialect.quotaAttribute).toBe('msDS-cloudExtensionAttribute1');
    const report = await buildQuotaReport(session.services.context, { top: 3, usage: notConnectedUsageSource });
    expect(report.tenants.map((t) => t.tenant)).toEqual(['Empty', 'Over, Inc.', 'Pooled']);
    const [empty, over, pooled] = report.tenants;
    // p3 took the tenant's default quota (2 GiB) when created.
    expect(pooled).toMatchObject({ poolBytes: 10 * gib, allocatedBytes: 9 * gib, mailboxCount: 3, mailboxLimit: 4, defaultQuotaBytes: 2 * gib, overcommitBytes: 0, poolRatio: 0.9, mailboxRatio: 0.75 });
    expect(over).toMatchObject({ poolBytes: 2 * gib, allocatedBytes: 2.5 * gib, mailboxCount: 3, unlimitedMailboxes: 1, mailboxLimit: null, allowOvercommit: true, overcommitBytes: 0.5 * gib, poolRatio: 1.25 });
    expect(empty).toMatchObject({ poolBytes: null, allocatedBytes: 0, mailboxCount: 0, poolRatio: null, mailboxRatio: null });
    expect(report.totals).toMatchObject({ tenants: 3, mailboxes: 6, allocatedBytes: 11.5 * gib, overcommitted: 1 });
    expect(report.topMailboxes.map((m) => [m.tenant, m.login, m.quotaBytes])).toEqual([['Pooled', 'p1', 4 * gib], ['Pooled', 'p2', 3 * gib], expect.arrayContaining([2 * gib])]);
    const counts = Object.fromEntries(report.distribution.map((b) => [b.label, b.mailboxes]));
    expect(counts).toMatchObject({ 'No quota': 1, '512 MiB – < 1 GiB': 1, '2 GiB – < 4 GiB': 3, '4 GiB – < 8 GiB': 1 });
  });

  it('reports one tenant alone', async () => {
    const report = await buildQuotaReport(session.services.context, { tenant: 'Over, Inc.', top: 10, usage: notConnectedUsageSource });
    expect(report.tenants.map((t) => t.tenant)).toEqual(['Over, Inc.']);
    expect(report.topMailboxes.map((m) => m.login)).toEqual(['o1', 'o2']);
  });

  it('refuses a mailbox whose quota does not fit the pool, and one past the mailbox limit; nothing is written', async () => {
    await expectFailure(session.services.mailboxes.create(mailbox('Pooled', 'big', 'pooled.test', 2 * gib)), 'invalid-input', /exceeds what is left in the storage pool of "Pooled": 1\.00 GiB of 10\.00 GiB/);
    await expectFailure(session.services.mailboxes.get('Pooled', 'big'), 'not-found');
    await session.services.mailboxes.create(mailbox('Pooled', 'p4', 'pooled.test', gib));
    await expectFailure(session.services.mailboxes.create(mailbox('Pooled', 'p5', 'pooled.test', 0)), 'policy-violation');
    // Overcommit allowed: past the pool is accepted, and the report shows the excess.
    await session.services.mailboxes.create(mailbox('Over, Inc.', 'o4', 'over.test', gib));
    const report = await buildQuotaReport(session.services.context, { top: 1, usage: notConnectedUsageSource });
    expect(report.tenants.find((t) => t.tenant === 'Pooled')).toMatchObject({ allocatedBytes: 10 * gib, mailboxCount: 4, poolRatio: 1, mailboxRatio: 1 });
    expect(report.tenants.find((t) => t.tenant === 'Over, Inc.')).toMatchObject({ allocatedBytes: 3.5 * gib, overcommitBytes: 1.5 * gib });
  });
});
