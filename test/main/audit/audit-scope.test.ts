/**
 * The audit viewer's calls scoped to the bound identity, on a real slapd: a tenant admin's console lists, exports
 * and verifies only its own tenant's records (a host admin's changes to other tenants in the same journal stay
 * out), and its own writes are anchored and verified like anyone's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../../../main/app/directory-session';
import { createReportHandlers, fixedSession } from '../../../main/app/handlers/report-handlers';
import { runInAuditContext } from '../../../main/audit/audit-context';
import { AuditJournal } from '../../../main/audit/audit-journal';
import type { JournaledConnection } from '../../../main/audit/journaled-connection';
import { childDn } from '../../../main/directory/dn';
import { applySandboxIsolation } from '../../../main/flavors/openldap/sandbox/sandbox-isolation';
import { notConnectedUsageSource } from '../../../main/quota/mailbox-usage-source';
import type { AuditRecord } from '../../../shared/model/audit';
import { expectFailure } from '../../harness/expect-failure';
import { testProfile } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let folder: string;
let journal: AuditJournal;
let host: DirectorySession;
let tenantAdmin: DirectorySession;
const password = 'Correct-Horse-9';

const open = (bindDN: string, secret: string) => {
  const profile = testProfile(dir, bindDN);
  return openDirectorySession(profile, settingsFromProfile(profile, secret), true, () => {}, { journal: journal });
};
const handlersFor = (session: DirectorySession | null) =>
  createReportHandlers({ journal, usage: notConnectedUsageSource, sessions: fixedSession(session) });

beforeAll(async () => {
  dir = await startTestDirectory();
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-scope-'));
  journal = new AuditJournal(path.join(folder, 'journal.jsonl'), { anchorEveryMs: 0 });
  host = await open(dir.info.bindDN, dir.info.password);
  for (const name of ['Mine', 'Theirs']) {
    await runInAuditContext({ operation: 'createTenant' }, () => host.services.tenants.create({ name, settings: { mailDomains: [`${name.toLowerCase()}.test`] } }));
  }
  // The per-tenant rules (a tenant admin's quota ceiling) for the new tenants, as the console's sandbox applies them.
  await applySandboxIsolation(dir.info);
  await runInAuditContext({ operation: 'createMailbox', tenant: 'Mine' }, () =>
    host.services.mailboxes.create({ tenant: 'Mine', login: 'boss', givenName: '', surname: 'Boss', displayName: '', primaryAddress: 'boss@mine.test', aliases: [], hiddenFromAddressBook: false, password, enabled: true, groups: [], quotaBytes: 1000 }),
  );
  await runInAuditContext({ operation: 'addGroupMembers', tenant: 'Mine' }, () => host.services.groups.addMembers({ tenant: 'Mine', kind: 'security', name: 'tenant-admins' }, ['boss']));
  await runInAuditContext({ operation: 'updateTenant', tenant: 'Theirs' }, () => host.services.tenants.update('Theirs', { displayName: 'Secret plans of Theirs' }));
  // One console session at a time, as in the app: the tenant admin's session anchors its own writes.
  await host.connection.dispose();
  tenantAdmin = await open(childDn(host.services.context.dialect.layout.mailboxesDn('Mine'), 'uid', 'boss'), password);
  await runInAuditContext({ operation: 'createMailbox', tenant: 'Mine' }, () =>
    tenantAdmin.services.mailboxes.create({ tenant: 'Mine', login: 'worker', givenName: '', surname: 'Worker', displayName: '', primaryAddress: 'worker@mine.test', aliases: [], hiddenFromAddressBook: false, password, enabled: true, groups: [], quotaBytes: 1000 }),
  );
  await (tenantAdmin.connection as JournaledConnection).settled();
  host = await open(dir.info.bindDN, dir.info.password);
});
afterAll(async () => {
  await tenantAdmin?.connection.dispose();
  await host?.connection.dispose();
  await dir?.stop();
  await rm(folder, { recursive: true, force: true });
});

describe('audit records scoped by role', () => {
  it("lists a tenant admin's own tenant only, whoever made the change", async () => {
    expect(tenantAdmin.info.role).toEqual({ kind: 'tenant-admin', tenants: ['Mine'] });
    const page = await handlersFor(tenantAdmin).listAuditRecords({ source: 'both', filters: {}, pageSize: 1000 });
    expect(page.items.length).toBeGreaterThan(6);
    expect(page.items.every((r: AuditRecord) => r.tenant === 'Mine')).toBe(true);
    expect(page.items.some((r) => r.actor === dir.info.bindDN && r.operation === 'createTenant')).toBe(true);
    expect(JSON.stringify(page.items)).not.toMatch(/Theirs|Secret plans/);
    // A host admin sees both tenants.
    const everything = await handlersFor(host).listAuditRecords({ source: 'console', filters: {}, pageSize: 1000 });
    expect(new Set(everything.items.map((r) => r.tenant))).toEqual(new Set(['Mine', 'Theirs']));
  });

  it("exports a tenant admin's full trail of its own tenant, and refuses another tenant's", async () => {
    const own = await handlersFor(tenantAdmin).exportAuditRecords({ source: 'both', filters: { tenant: 'Mine' }, format: 'json', limit: 1000 });
    expect((JSON.parse(own.content) as AuditRecord[]).every((r) => r.tenant === 'Mine')).toBe(true);
    await expectFailure(handlersFor(tenantAdmin).exportAuditRecords({ source: 'both', filters: { tenant: 'Theirs' }, format: 'json', limit: 1000 }), 'invalid-input', /audit records of Mine only, not of Theirs/);
    const all = await handlersFor(tenantAdmin).exportAuditRecords({ source: 'both', filters: {}, format: 'csv', limit: 1000 });
    expect(all.content).not.toMatch(/Theirs/);
  });

  it("anchors a tenant admin's writes and verifies them against the checkpoints it may read", async () => {
    const report = await handlersFor(tenantAdmin).verifyAuditJournal({});
    expect(report).toMatchObject({ intact: true, anchor: { state: 'agrees' } });
    // It reads only the checkpoints it added itself, so it sees one console: this one.
    expect(report.consoles).toEqual([expect.objectContaining({ thisJournal: true })]);
  });

  it('shows nothing when not connected', async () => {
    const page = await handlersFor(null).listAuditRecords({ source: 'both', filters: {}, pageSize: 10 });
    expect(page.items).toEqual([]);
    expect(page.unavailable.map((u) => u.source)).toEqual(['console', 'server']);
  });
});
