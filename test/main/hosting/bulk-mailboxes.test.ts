/**
 * Bulk actions on selected mailboxes, on a real slapd with the access policy in force: each mailbox through the same
 * service as a single edit, a quota checked against the pool once for the whole selection, every mailbox with its
 * own outcome, progress as it goes, a delete only with the typed confirmation, and a tenant admin's bulk action on
 * another tenant refused for each mailbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { runBulkAction } from '../../../main/hosting/bulk-mailboxes';
import type { BulkAction, BulkProgress } from '../../../shared/model/bulk-mailboxes';
import { expectFailure } from '../../harness/expect-failure';
import { openIsolatedSession, openSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { childDn } from '../../../main/directory/dn';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDirectorySession, settingsFromProfile } from '../../../main/app/directory-session';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { runInAuditContext } from '../../../main/audit/audit-context';
import { testProfile } from '../../harness/hosting-session';

let dir: TestDirectory;
let host: DirectorySession;
const gib = 2 ** 30;
const logins = Array.from({ length: 40 }, (_, i) => `bulk${String(i).padStart(2, '0')}`);

beforeAll(async () => {
  dir = await startTestDirectory();
  host = await openIsolatedSession(dir);
  await host.services.tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test'], storagePoolBytes: 100 * gib } });
  await host.services.tenants.create({ name: 'Globex', settings: { mailDomains: ['globex.test'] } });
  for (const login of logins) {
    await host.services.mailboxes.create({ tenant: 'Acme', login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@acme.test`, aliases: [], quotaBytes: gib, hiddenFromAddressBook: false, password: 'Correct-Horse-9', enabled: true, groups: [] });
  }
  await host.services.mailboxes.create({ tenant: 'Globex', login: 'gadmin', givenName: '', surname: 'Admin', displayName: '', primaryAddress: 'gadmin@globex.test', aliases: [], hiddenFromAddressBook: false, password: 'Correct-Horse-9', enabled: true, groups: [] });
  await host.services.groups.addMembers({ tenant: 'Globex', kind: 'security', name: 'tenant-admins' }, ['gadmin']);
  await host.services.groups.create({ tenant: 'Acme', kind: 'distribution', name: 'Everyone', description: '', address: 'everyone@acme.test', members: [] });
}, 120_000);

afterAll(async () => {
  await host?.connection.dispose();
  await dir?.stop();
});

const run = async (session: DirectorySession, selected: string[], action: BulkAction, tenant = 'Acme') => {
  const progress: BulkProgress[] = [];
  const report = await runBulkAction(session.services, { tenant, logins: selected, action, runId: 'test-run' }, (p) => progress.push(p));
  return { report, progress };
};

describe('runBulkAction', () => {
  it('disables and enables a selection, each mailbox with its outcome, progress up to the total', async () => {
    const { report, progress } = await run(host, logins.slice(0, 30), { kind: 'disable' });
    expect(report.results.every((r) => r.ok && r.mailbox?.enabled === false)).toBe(true);
    expect(progress.at(-1)).toEqual({ runId: 'test-run', done: 30, failed: 0, total: 30 });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect((await host.services.mailboxes.get('Acme', 'bulk29')).enabled).toBe(false);
    expect((await host.services.mailboxes.get('Acme', 'bulk30')).enabled).toBe(true);
    const back = await run(host, logins.slice(0, 30), { kind: 'enable' });
    expect(back.report.results.filter((r) => !r.ok)).toEqual([]);
  });

  it('refuses a quota the pool has no room for as a whole, changing nothing; one that fits goes to each', async () => {
    await expectFailure(runBulkAction(host.services, { tenant: 'Acme', logins, action: { kind: 'quota', quotaBytes: 3 * gib }, runId: 'r' }, () => {}), 'invalid-input', /Nothing was changed/);
    expect((await host.services.mailboxes.get('Acme', 'bulk00')).quotaBytes).toBe(gib);
    const { report } = await run(host, logins.slice(0, 20), { kind: 'quota', quotaBytes: 2 * gib });
    expect(report.results.every((r) => r.ok && r.mailbox?.quotaBytes === 2 * gib)).toBe(true);
    expect((await host.services.mailboxes.get('Acme', 'bulk19')).quotaBytes).toBe(2 * gib);
  });

  it('adds a selection to a list, saying which one is no mailbox of the tenant', async () => {
    const { report } = await run(host, ['bulk00', 'bulk01', 'gadmin'], { kind: 'add-to-group', groupKind: 'distribution', group: 'Everyone' });
    expect(report.results.map((r) => [r.login, r.ok])).toEqual([['bulk00', true], ['bulk01', true], ['gadmin', false]]);
    expect(report.results[2]?.message).toMatch(/"gadmin" is not a mailbox of tenant "Acme"/);
    expect((await host.services.groups.get({ tenant: 'Acme', kind: 'distribution', name: 'Everyone' })).members.map((m) => m.login)).toEqual(['bulk00', 'bulk01']);
  });

  it('deletes only with the typed confirmation, into deleted items', async () => {
    await expectFailure(runBulkAction(host.services, { tenant: 'Acme', logins: ['bulk37', 'bulk38', 'bulk39'], action: { kind: 'delete', confirmation: 'yes' }, runId: 'r' }, () => {}), 'invalid-input', /type “delete 3”/);
    const { report } = await run(host, ['bulk37', 'bulk38', 'bulk39'], { kind: 'delete', confirmation: 'Delete 3' });
    expect(report.results.every((r) => r.ok)).toBe(true);
    expect((await host.services.mailboxes.deletedItems('Acme')).items.map((m) => m.login).sort()).toEqual(['bulk37', 'bulk38', 'bulk39']);
  });

  it('journals a chunk of changes as one intent and one outcome, naming every mailbox of it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'enclave-bulk-journal-'));
    const journalPath = join(folder, 'journal.jsonl');
    const profile = testProfile(dir);
    const journaled = await openDirectorySession(profile, settingsFromProfile(profile, dir.info.password), true, () => {}, { journal: new AuditJournal(journalPath) });
    try {
      await runInAuditContext({ operation: 'bulkMailboxes', tenant: 'Acme' }, () => runBulkAction(journaled.services, { tenant: 'Acme', logins: logins.slice(30, 36), action: { kind: 'disable' }, runId: 'r' }, () => {}));
      const lines = (await readFile(journalPath, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { phase?: string; operation?: string; result?: string; changes?: { attribute: string; after: string[] }[] });
      const ours = lines.filter((line) => line.operation === 'bulkMailboxes');
      expect(ours.map((line) => [line.phase, line.result])).toEqual([['intent', 'pending'], ['outcome', 'ok']]);
      const intents = ours.filter((line) => line.phase === 'intent');
      expect(intents[0]?.changes?.map((change) => change.attribute)).toEqual(logins.slice(30, 36));
      expect(intents[0]?.changes?.[0]?.after).toEqual(['disable']);
      expect((await host.services.mailboxes.get('Acme', 'bulk31')).enabled).toBe(false);
    } finally {
      await journaled.connection.dispose();
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('refuses a tenant admin any bulk action on another tenant, which it cannot even see', async () => {
    const globexAdmin = await openSession(dir, childDn(host.services.context.dialect.layout.mailboxesDn('Globex'), 'uid', 'gadmin'), 'Correct-Horse-9');
    try {
      for (const action of [{ kind: 'disable' }, { kind: 'quota', quotaBytes: gib }, { kind: 'delete', confirmation: 'delete 1' }] as const) {
        await expectFailure(runBulkAction(globexAdmin.services, { tenant: 'Acme', logins: ['bulk00'], action, runId: 'r' }, () => {}), 'not-found');
      }
      expect((await host.services.mailboxes.get('Acme', 'bulk00')).enabled).toBe(true);
    } finally {
      await globexAdmin.connection.dispose();
    }
  });
});
