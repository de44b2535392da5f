/** The storage pool and mailbox limit checks on writes, and how overcommit shows in the quota report. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { notConnectedUsageSource } from '../../../main/quota/mailbox-usage-source';
import { buildQuotaReport } from '../../../main/quota/quota-report';
import type { CreateMailboxRequest } from '../../../shared/model/hosting';
import { expectFailure } from '../../harness/expect-failure';
import { openSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';

const gib = 2 ** 30;
let dir: TestDirectory;
let session: DirectorySession;

const mailbox = (tenant: string, login: string, domain: string, quotaBytes: number | null): CreateMailboxRequest => ({
  tenant, login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@${domain}`, aliases: [], quotaBytes,
  hiddenFromAddressBook: false, password: 'Quota-pass-1', enabled: true, groups: [],
});

beforeAll(async () => {
  dir = await startTestDirectory();
  session = await openSession(dir);
  const { tenants, mailboxes } = session.services;
  await tenants.create({ name: 'Pooled', settings: { mailDomains: ['pooled.test'], storagePoolBytes: 10 * gib, mailboxLimit: 4, defaultQuotaBytes: 2 * gib } });
  await tenants.create({ name: 'Over, Inc.', settings: { mailDomains: ['over.test'], storagePoolBytes: 2 * gib, mailboxLimit: null, allowOvercommit: true } });
  await tenants.create({ name: 'Empty', settings: { mailDomains: ['empty.test'] } });
  await mailboxes.create(mailbox('Pooled', 'p1', 'pooled.test', 4 * gib));
  await mailboxes.create(mailbox('Pooled', 'p2', 'pooled.test', 3 * gib));
  await mailboxes.create({ ...mailbox('Pooled', 'p3', 'pooled.test', null), quotaBytes: undefined });
  await mailboxes.create(mailbox('Over, Inc.', 'o1', 'over.test', 2 * gib));
  await mailboxes.create(mailbox('Over, Inc.', 'o2', 'over.test', 512 * 2 ** 20));
  await mailboxes.create(mailbox('Over, Inc.', 'o3', 'over.test', null));
});
afterAll(async () => {
  await session?.connection.dispose();
  await dir?.stop();
});

describe('quota checks (assertQuotaFits, mailbox limit)', () => {
  it('refuses a new mailbox, or a raised quota, beyond the pool', async () => {
    const { mailboxes } = session.services;
    await expectFailure(mailboxes.create(mailbox('Pooled', 'p4', 'pooled.test', 2 * gib)), 'invalid-input', /exceeds what is left in the storage pool of "Pooled": 1\.00 GiB of 10\.00 GiB/);
    await expectFailure(mailboxes.update('Pooled', 'p2', { quotaBytes: 5 * gib }), 'invalid-input', /storage pool/);
    // Lowering, or raising within what is left, is fine.
    await mailboxes.update('Pooled', 'p2', { quotaBytes: 4 * gib });
    expect((await mailboxes.get('Pooled', 'p2')).quotaBytes).toBe(4 * gib);
    await mailboxes.update('Pooled', 'p2', { quotaBytes: 3 * gib });
  });

  it('allows overcommit when the tenant allows it, and the report shows it as a warning', async () => {
    await session.services.mailboxes.create(mailbox('Over, Inc.', 'o4', 'over.test', 4 * gib));
    const report = await buildQuotaReport(session.services.context, { tenant: 'Over, Inc.', top: 1, usage: notConnectedUsageSource });
    expect(report.tenants[0]).toMatchObject({ allowOvercommit: true, allocatedBytes: 6.5 * gib, overcommitBytes: 4.5 * gib });
    expect(report.totals.overcommitted).toBe(1);
  });

  it('refuses a mailbox beyond the mailbox limit', async () => {
    await session.services.mailboxes.create(mailbox('Pooled', 'p4', 'pooled.test', gib));
    await expectFailure(session.services.mailboxes.create(mailbox('Pooled', 'p5', 'pooled.test', 0)), 'policy-violation', /4 of its 4 allowed/);
  });
});
