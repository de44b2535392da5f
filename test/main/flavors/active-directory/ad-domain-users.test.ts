/**
 * Mailboxes created by a tenant admin on Active Directory (a real Samba AD DC): complete and usable, Domain Users
 * left as their primary group with a warning (a tenant admin may not write Domain Users), then finished by a host
 * admin, journaled. Host admins' own creates do the whole primary-group sequence at once.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../../main/app/directory-session';
import { readObjectSid } from '../../../../main/flavors/active-directory/directory/object-sid';
import { ridOf } from '../../../../main/flavors/active-directory/directory/security-descriptor';
import { setUnicodePwd } from '../../../../main/flavors/active-directory/directory/unicode-password';
import { runInAuditContext } from '../../../../main/audit/audit-context';
import { AuditJournal } from '../../../../main/audit/audit-journal';
import type { JournalLine } from '../../../../main/audit/journal-line';
import { JobRunner } from '../../../../main/bulk/job-runner';
import { addValues, replace } from '../../../../main/directory/changes';
import { values } from '../../../../main/directory/entry';
import { domainFactsReader, type DomainFacts } from '../../../../main/flavors/active-directory/ad-domain';
import { finishPrimaryGroups, pendingPrimaryGroups } from '../../../../main/flavors/active-directory/ad-domain-users';
import { setPrimaryGroup } from '../../../../main/flavors/active-directory/ad-primary-group';
import type { CreateMailboxRequest } from '../../../../shared/model/hosting';
import { expectFailure } from '../../../harness/expect-failure';
import { canBindToDc, openAdSession } from '../../../harness/samba-session';
import { sambaUnavailableReason, startSambaTestDc, type SambaTestDc } from '../../../harness/samba-test-dc';
import { skipWithoutServer } from '../../../harness/required-server';

const skip = skipWithoutServer('the Domain Users tests', await sambaUnavailableReason());

const password = 'Correct-Horse-9';
const bulkRows = 20;
let dc: SambaTestDc;
let host: DirectorySession;
let tenantAdmin: DirectorySession;
let domain: DomainFacts;
let hostJournal: string;
let adminJournal: string;

const mailbox = (tenant: string, login: string, domainName: string): CreateMailboxRequest => ({
  tenant, login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@${domainName}`, aliases: [], hiddenFromAddressBook: false, password, enabled: true, groups: [],
});
const allUsersDn = (tenant: string) => host.services.context.dialect.groupDn(tenant, 'security', 'all-users');
const allUsersRid = async (tenant: string) => String(ridOf((await readObjectSid(host.connection, allUsersDn(tenant))) ?? ''));
const userDn = async (tenant: string, login: string) => (await host.services.mailboxes.get(tenant, login)).dn;
const lower = (list: string[]) => list.map((dn) => dn.toLowerCase());
/** Domain Users' member values as `viewer` reads them. */
const domainUsersMembers = async (viewer: DirectorySession) => lower(values((await viewer.connection.read(domain.domainUsersDn, ['member'])) ?? { dn: '' }, 'member'));
const outcomes = async (file: string): Promise<JournalLine[]> =>
  (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as JournalLine).filter((line) => line.phase === 'outcome');

describe.skipIf(skip)('mailboxes created by tenant admins and Domain Users (Samba AD DC)', () => {
  beforeAll(async () => {
    dc = await startSambaTestDc();
    hostJournal = path.join(dc.dir, 'host-journal.jsonl');
    adminJournal = path.join(dc.dir, 'admin-journal.jsonl');
    host = await openAdSession(dc, { journal: new AuditJournal(hostJournal) });
    domain = await domainFactsReader(dc.suffix)(host.connection);
    await host.services.tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test'] } });
    await host.services.tenants.create({ name: 'Globex', settings: { mailDomains: ['globex.test'] } });
    await host.services.mailboxes.create(mailbox('Acme', 'boss', 'acme.test'));
    await host.services.mailboxes.create(mailbox('Globex', 'gina', 'globex.test'));
    await host.services.groups.addMembers({ tenant: 'Acme', kind: 'security', name: 'tenant-admins' }, ['boss']);
    tenantAdmin = await openAdSession(dc, { bindDN: await userDn('Acme', 'boss'), password, journal: new AuditJournal(adminJournal) });
  }, 240_000);
  afterAll(async () => {
    await tenantAdmin?.connection.dispose();
    await host?.connection.dispose();
    await dc?.stop();
  });

  it("a host admin's create does the whole sequence at once: all-users is the primary group, no Domain Users, no warning", async () => {
    const created = await host.services.mailboxes.create(mailbox('Acme', 'hostmade', 'acme.test'));
    expect(created.notices).toBeUndefined();
    const raw = await host.connection.read(created.dn, ['primaryGroupID', 'memberOf']);
    expect(raw?.['primaryGroupID']).toBe(await allUsersRid('Acme'));
    expect(values(raw ?? { dn: '' }, 'memberOf')).toEqual([]);
    expect((await pendingPrimaryGroups(host.services.context)).mailboxes).toEqual([]);
  });

  it("a tenant admin's create is complete and usable, keeps Domain Users as primary group (hidden from other tenants) and says so", async () => {
    expect(tenantAdmin.info.role).toEqual({ kind: 'tenant-admin', tenants: ['Acme'] });
    const created = await runInAuditContext({ operation: 'createMailbox', tenant: 'Acme' }, () => tenantAdmin.services.mailboxes.create(mailbox('Acme', 'newbie', 'acme.test')));
    expect(created).toMatchObject({ login: 'newbie', enabled: true, primaryAddress: 'newbie@acme.test' });
    expect(created.notices).toEqual([{ kind: 'domain-users-pending', message: expect.stringMatching(/works now.*still in Domain Users.*host admin/) }]);
    expect(await canBindToDc(dc, created.dn, password)).toBe(true);
    const raw = await host.connection.read(created.dn, ['primaryGroupID', 'memberOf', 'userAccountControl']);
    expect(raw).toMatchObject({ primaryGroupID: '513', userAccountControl: '512' });
    expect(lower(values(raw ?? { dn: '' }, 'memberOf'))).toEqual([allUsersDn('Acme').toLowerCase()]);
    expect((await host.services.groups.get({ tenant: 'Acme', kind: 'security', name: 'all-users' })).members.map((m) => m.login).sort()).toEqual(['boss', 'hostmade', 'newbie']);
    // Not an explicit member of Domain Users: no tenant can read its name in Domain Users' member list.
    expect(await domainUsersMembers(host)).not.toContain(created.dn.toLowerCase());
    const gina = await openAdSession(dc, { bindDN: await userDn('Globex', 'gina'), password });
    try {
      expect((await domainUsersMembers(gina)).filter((dn) => dn.includes('ou=acme'))).toEqual([]);
    } finally {
      await gina.connection.dispose();
    }
    expect((await pendingPrimaryGroups(host.services.context)).mailboxes).toEqual([{ tenant: 'Acme', login: 'newbie', primaryIsDomainUsers: true }]);
    // No doomed write was sent: every write of the tenant admin's create succeeded and is journaled (add, all-users
    // member, password and enabling, the DACL that takes SELF's write of its certificates away).
    const journaled = (await outcomes(adminJournal)).filter((line) => line.operation === 'createMailbox');
    expect(journaled.map((line) => line.result)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(journaled.some((line) => line.target.toLowerCase() === domain.domainUsersDn.toLowerCase())).toBe(false);
  });

  it("a tenant admin's bulk import creates every row, and each report row carries the warning", async () => {
    const runner = new JobRunner({ root: path.join(dc.dir, 'import-jobs'), emit: () => {}, auditJournal: new AuditJournal(adminJournal) });
    const csv = ['login,surname,primary address,password', ...Array.from({ length: bulkRows }, (_, i) => `bulk${i},Bulk,bulk${i}@acme.test,${password}`)].join('\n');
    const started = Date.now();
    const job = await runner.start(tenantAdmin.services, { tenant: 'Acme', csv, mode: 'create', onlyValid: false, fileName: 'bulk.csv' });
    const done = await runner.wait(job.jobId);
    console.info(`tenant admin bulk import: ${bulkRows} mailboxes in ${Date.now() - started} ms`);
    expect(done).toMatchObject({ state: 'completed', created: bulkRows, failed: 0 });
    const report = (await runner.reportCsv(job.jobId)).csv.split('\n').filter((line) => line.includes(',created,'));
    expect(report).toHaveLength(bulkRows);
    expect(report.every((line) => /still in Domain Users/.test(line))).toBe(true);
    expect((await pendingPrimaryGroups(host.services.context)).mailboxes).toHaveLength(bulkRows + 1);
  }, 120_000);

  it('a tenant admin cannot finish: refused before anything is sent', async () => {
    const before = (await outcomes(adminJournal)).length;
    await expectFailure(finishPrimaryGroups(tenantAdmin.services.context), 'insufficient-access', /Refused before sending.*Domain Users/);
    expect((await outcomes(adminJournal)).length).toBe(before);
  });

  it('a host admin finishes every pending mailbox (and a member value an interrupted sequence left), journaled', async () => {
    // The state an interrupted host sequence leaves: all-users is primary, Domain Users names it as member.
    const { dialect } = host.services.context;
    const halfway = mailbox('Globex', 'halfway', 'globex.test');
    const halfwayDn = dialect.newMailboxDn(halfway);
    await host.connection.add(halfwayDn, dialect.mailboxEntry({ ...halfway, quotaBytes: null }));
    await host.connection.modify(allUsersDn('Globex'), [addValues('member', halfwayDn)]);
    await host.connection.modify(halfwayDn, [setUnicodePwd(password), replace('userAccountControl', '512')]);
    await setPrimaryGroup(host.connection, halfwayDn, allUsersDn('Globex'));
    expect(await domainUsersMembers(host)).toContain(halfwayDn.toLowerCase());
    const pending = (await pendingPrimaryGroups(host.services.context)).mailboxes;
    expect(pending).toHaveLength(bulkRows + 2);
    expect(pending.find((m) => m.login === 'halfway')).toEqual({ tenant: 'Globex', login: 'halfway', primaryIsDomainUsers: false });

    const report = await runInAuditContext({ operation: 'finishPrimaryGroups' }, () => finishPrimaryGroups(host.services.context));
    console.info(`finish-primary-groups: ${report.finished.length} mailboxes in ${report.elapsedMs} ms`);
    expect(report.failed).toEqual([]);
    expect(report.finished.map((m) => m.login).sort()).toEqual(pending.map((m) => m.login).sort());
    expect((await pendingPrimaryGroups(host.services.context)).mailboxes).toEqual([]);
    expect((await domainUsersMembers(host)).filter((dn) => dn.includes('ou=tenants'))).toEqual([]);
    const newbie = await host.connection.read(await userDn('Acme', 'newbie'), ['primaryGroupID', 'memberOf']);
    expect(newbie?.['primaryGroupID']).toBe(await allUsersRid('Acme'));
    expect(values(newbie ?? { dn: '' }, 'memberOf')).toEqual([]);
    expect((await host.services.groups.get({ tenant: 'Acme', kind: 'security', name: 'all-users' })).members).toHaveLength(bulkRows + 3);
    // Journaled like every write: per pending-as-primary mailbox its primaryGroupID, then each Domain Users removal.
    const journaled = (await outcomes(hostJournal)).filter((line) => line.operation === 'finishPrimaryGroups');
    expect(journaled.every((line) => line.result === 'ok')).toBe(true);
    expect(journaled.filter((line) => line.target.toLowerCase() === domain.domainUsersDn.toLowerCase())).toHaveLength(bulkRows + 2);
    expect(journaled.filter((line) => line.changes.some((change) => change.attribute === 'primaryGroupID'))).toHaveLength(bulkRows + 1);
    // Nothing left: a second run has nothing to do.
    expect(await finishPrimaryGroups(host.services.context)).toMatchObject({ finished: [], failed: [] });
  }, 120_000);
});
