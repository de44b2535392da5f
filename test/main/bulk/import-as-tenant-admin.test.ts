/**
 * Bulk import bound as a tenant admin on a real slapd with the generated access rules: the plan refuses what
 * the server's ceiling would refuse (unlimited mailboxes in a tenant with a pool), and what it lets through is
 * written, attribute by attribute, under olcAddContentAcl.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { csvFile } from '../../../main/bulk/csv-writing';
import { JobRunner } from '../../../main/bulk/job-runner';
import { openIsolatedSession, openSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';

const gib = 2 ** 30;
const header = ['login', 'givenName', 'surname', 'displayName', 'primaryAddress', 'aliases', 'quota', 'password', 'groups', 'enabled'];
const row = (login: string, quota: string, domain: string) => [login, '', login, '', `${login}@${domain}`, '', quota, 'Correct-Horse-9', '', 'yes'];

let dir: TestDirectory;
let host: DirectorySession;
let jobsRoot: string;
let runner: JobRunner;
const sessions: DirectorySession[] = [];

async function tenantAdmin(tenant: string, domain: string): Promise<DirectorySession> {
  const login = `boss-${domain.split('.')[0]}`;
  const boss = await host.services.mailboxes.create({ tenant, login, givenName: '', surname: 'Boss', displayName: '', primaryAddress: `${login}@${domain}`, aliases: [], hiddenFromAddressBook: false, password: 'Correct-Horse-9', enabled: true, groups: [], quotaBytes: gib });
  await host.services.groups.addMembers({ tenant, kind: 'security', name: 'tenant-admins' }, [login]);
  const session = await openSession(dir, boss.dn, 'Correct-Horse-9');
  sessions.push(session);
  return session;
}

beforeAll(async () => {
  dir = await startTestDirectory();
  // As in the console's sandbox: every tenant change applies the per-tenant rules through cn=config.
  host = await openIsolatedSession(dir);
  await host.services.tenants.create({ name: 'Pooled', settings: { mailDomains: ['pooled.test'], storagePoolBytes: 10 * gib } });
  await host.services.tenants.create({ name: 'Open', settings: { mailDomains: ['open.test'] } });
  jobsRoot = await mkdtemp(path.join(tmpdir(), 'enclave-jobs-'));
  runner = new JobRunner({ root: jobsRoot, emit: () => {}, auditJournal: new AuditJournal(path.join(jobsRoot, 'journal.jsonl')) });
}, 60_000);

afterAll(async () => {
  for (const session of sessions) await session.connection.dispose();
  await host?.connection.dispose();
  await dir?.stop();
  await rm(jobsRoot, { recursive: true, force: true });
});

describe('bulk import as a tenant admin', () => {
  it('refuses unlimited rows before writing in a tenant with a pool, and the server takes the rest', async () => {
    const admin = await tenantAdmin('Pooled', 'pooled.test');
    const csv = csvFile(header, [row('within', '2 GiB', 'pooled.test'), row('endless', 'unlimited', 'pooled.test'), row('nodefault', '', 'pooled.test')]);
    const preview = await runner.preview(admin.services, 'Pooled', csv, 'create', 10);
    expect(preview.counts).toMatchObject({ create: 1, rejected: 2 });
    expect(preview.rejected.map((r) => [r.row, r.issues.map((i) => i.message)])).toEqual([
      [3, ['Tenant admins cannot make a mailbox unlimited while "Pooled" has a storage pool (the row asks for unlimited); give it a quota within the pool']],
      [4, ['Tenant admins cannot make a mailbox unlimited while "Pooled" has a storage pool (the row has no quota and "Pooled" has no default quota); give it a quota within the pool']],
    ]);
    const job = await runner.start(admin.services, { tenant: 'Pooled', csv, mode: 'create', onlyValid: true, fileName: 'pooled.csv' });
    const done = await runner.wait(job.jobId);
    expect(done).toMatchObject({ state: 'completed', done: 1, failed: 0 });
    expect((await host.services.mailboxes.get('Pooled', 'within')).quotaBytes).toBe(2 * gib);
  });

  it('may import unlimited mailboxes into a tenant without a pool', async () => {
    const admin = await tenantAdmin('Open', 'open.test');
    const csv = csvFile(header, [row('free', 'unlimited', 'open.test'), row('sized', '1 GiB', 'open.test')]);
    const job = await runner.start(admin.services, { tenant: 'Open', csv, mode: 'create', onlyValid: false, fileName: 'open.csv' });
    expect(await runner.wait(job.jobId)).toMatchObject({ state: 'completed', done: 2, failed: 0 });
    expect((await host.services.mailboxes.get('Open', 'free')).quotaBytes).toBeNull();
    // The plan counts a membership only when memberOf agrees, read here under the tenant rules: were it unreadable,
    // every membership would look lost and be written again.
    const again = await runner.start(admin.services, { tenant: 'Open', csv, mode: 'upsert', onlyValid: false, fileName: 'open.csv' });
    expect(await runner.wait(again.jobId)).toMatchObject({ state: 'completed', unchanged: 2, updated: 0, failed: 0 });
  });
});
