/**
 * Resuming an import on Active Directory after the connection dropped in the middle of a create — a real Samba AD
 * DC behind a proxy that closes the job's connection at one chosen LDAP request (test/harness/ldap-cut-proxy.ts). A create is
 * several writes (add the user disabled without password, memberships, password + enabling, primary group, leaving
 * Domain Users); at every point between them the resumed job must finish the user as a normal create would:
 * bindable with the row's password, enabled as asked, all-users as primary group, one user per row, and a second
 * run that changes nothing. A row the job never started stays an update, as before.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { EqualityFilter } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../../../main/app/directory-session';
import { readObjectSid } from '../../../main/flavors/active-directory/directory/object-sid';
import { ridOf } from '../../../main/flavors/active-directory/directory/security-descriptor';
import { AuditJournal } from '../../../main/audit/audit-journal';
import type { JournalLine } from '../../../main/audit/journal-line';
import { csvFile } from '../../../main/bulk/csv-writing';
import { JobRunner } from '../../../main/bulk/job-runner';
import { values } from '../../../main/directory/entry';
import { domainFactsReader, type DomainFacts } from '../../../main/flavors/active-directory/ad-domain';
import { importColumns } from '../../../shared/model/bulk-import';
import type { CreateMailboxRequest } from '../../../shared/model/hosting';
import { adTestProfile, canBindToDc, openAdSession } from '../../harness/samba-session';
import { sambaUnavailableReason, startSambaTestDc, type SambaTestDc } from '../../harness/samba-test-dc';
import { skipWithoutServer } from '../../harness/required-server';
import { ldapOps, startLdapCutProxy, type CutRule, type LdapCutProxy, type LdapRequest } from '../../harness/ldap-cut-proxy';

const skip = skipWithoutServer('the Active Directory import resume suite', await sambaUnavailableReason());

const tenant = 'Initrode';
const domainName = 'initrode.test';
let dc: SambaTestDc;
let proxy: LdapCutProxy;
let host: DirectorySession;
let domain: DomainFacts;
let jobsRoot: string;
const auditJournalFile = () => path.join(jobsRoot, 'journal.jsonl');
const journalLines = async () => (await readFile(auditJournalFile(), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as JournalLine);

/** A session through the proxy, as the host admin or another identity. */
function openThroughProxy(bindDN = dc.credentials.bindDN, password = dc.credentials.password): Promise<DirectorySession> {
  const profile = { ...adTestProfile(dc, bindDN), urls: [proxy.url] };
  return openDirectorySession(profile, settingsFromProfile(profile, password), false, () => {});
}

interface TestRow {
  login: string;
  password: string;
  enabled: boolean;
  groups: string;
}

/** Rows of one scenario: one generated password, one disabled, one joining Staff. */
const rowsFor = (prefix: string): TestRow[] =>
  Array.from({ length: 5 }, (_, i) => ({ login: `${prefix}${i + 1}`, password: i === 1 ? 'generate' : `Resume-Pass-${prefix}${i + 1}`, enabled: i !== 2, groups: i === 3 ? 'Staff' : '' }));

const csvOf = (rows: TestRow[]) =>
  csvFile(
    importColumns.map((column) => column.header),
    rows.map((r) => [r.login, 'Zoë', `Müller ${r.login}`, '', `${r.login}@${domainName}`, `alias.${r.login}@${domainName}`, '100 MiB', r.password, r.groups, r.enabled ? 'yes' : 'no']),
  );

const isMailbox = (request: LdapRequest) => request.dn.toLowerCase().includes(`ou=mailboxes,ou=${tenant.toLowerCase()}`);
const sets = (request: LdapRequest, attribute: string) => request.op === ldapOps.modify && request.bytes.includes(Buffer.from(attribute));

/** The interruption points between a create's writes, as cut rules. */
const cuts: { point: string; rule: () => CutRule }[] = [
  { point: 'after the add, before the memberships', rule: () => ({ lose: 'answer', matches: (r) => r.op === ldapOps.add && isMailbox(r) }) },
  { point: 'after the memberships, before the password', rule: () => ({ lose: 'request', matches: (r) => sets(r, 'unicodePwd') }) },
  { point: 'after the password and enabling, before the primary group', rule: () => ({ lose: 'answer', matches: (r) => sets(r, 'unicodePwd') }) },
  { point: 'after the primary group, before leaving Domain Users', rule: () => ({ lose: 'answer', matches: (r) => sets(r, 'primaryGroupID') }) },
  { point: 'after every step, before the job journal', rule: () => ({ lose: 'answer', matches: (r) => r.op === ldapOps.modify && r.dn.toLowerCase() === domain.domainUsersDn.toLowerCase() }) },
];

/** The user entries named `login` anywhere in the domain, with what a create sets. */
async function usersNamed(login: string) {
  return host.connection.search(dc.suffix, {
    filter: new EqualityFilter({ attribute: 'sAMAccountName', value: login }),
    attributes: ['userAccountControl', 'pwdLastSet', 'primaryGroupID', 'memberOf'],
  });
}

const allUsersRid = async () => String(ridOf((await readObjectSid(host.connection, host.services.context.dialect.groupDn(tenant, 'security', 'all-users'))) ?? ''));
const domainUsersMembers = async () => values((await host.connection.read(domain.domainUsersDn, ['member'])) ?? { dn: '' }, 'member').map((dn) => dn.toLowerCase());

/** The report's rows by login: result, generated password, message. */
async function reportOf(runner: JobRunner, jobId: string): Promise<Map<string, { result: string; generated: string; message: string }>> {
  const records = parse((await runner.reportCsv(jobId)).csv, { bom: true, columns: true }) as Record<string, string>[];
  return new Map(records.map((r) => [r['login'] ?? '', { result: r['result'] ?? '', generated: r['generated password'] ?? '', message: r['message'] ?? '' }]));
}

/** Checks on the DC that every row is one complete user, as a normal create leaves it. */
async function expectComplete(rows: TestRow[], report: Map<string, { generated: string }>, primaryGroup: 'all-users' | 'Domain Users' = 'all-users') {
  const wantedRid = primaryGroup === 'all-users' ? await allUsersRid() : '513';
  const inDomainUsers = await domainUsersMembers();
  for (const row of rows) {
    const users = await usersNamed(row.login);
    expect(users, row.login).toHaveLength(1);
    const [user] = users;
    expect(user?.['userAccountControl'], row.login).toBe(row.enabled ? '512' : '514');
    expect(user?.['pwdLastSet'], `${row.login} has a password`).not.toBe('0');
    expect(user?.['primaryGroupID'], row.login).toBe(wantedRid);
    expect(inDomainUsers, row.login).not.toContain(user?.dn.toLowerCase());
    const password = row.password === 'generate' ? (report.get(row.login)?.generated ?? '') : row.password;
    expect(password, `${row.login}'s password`).not.toBe('');
    // A disabled account cannot bind at all; the password of an enabled one must work.
    if (row.enabled) expect(await canBindToDc(dc, `${row.login}@${domainName}`, password), `${row.login} binds`).toBe(true);
  }
  const staff = await host.services.groups.get({ tenant, kind: 'security', name: 'Staff' });
  const staffLogins = staff.members.map((m) => m.login);
  for (const row of rows) expect(staffLogins.includes(row.login), `${row.login} in Staff`).toBe(row.groups === 'Staff');
}

/** Runs the same file again in both modes: nothing to do. */
async function expectSecondRunChangesNothing(runner: JobRunner, session: DirectorySession, csv: string, rows: number) {
  for (const mode of ['create', 'upsert'] as const) {
    const again = await runner.start(session.services, { tenant, csv, mode, onlyValid: false, fileName: 'again.csv' });
    expect(await runner.wait(again.jobId)).toMatchObject({ state: 'completed', created: 0, updated: 0, unchanged: rows, failed: 0 });
  }
}

describe.skipIf(skip)('resuming an import on Active Directory after a dropped connection (Samba AD DC)', () => {
  beforeAll(async () => {
    dc = await startSambaTestDc();
    const tls = path.join(dc.dir, 'private', 'tls');
    proxy = await startLdapCutProxy({
      host: dc.host, port: 636, caPem: dc.caPem, serverName: dc.tlsServerName,
      keyPem: await readFile(path.join(tls, 'key.pem'), 'utf8'), certPem: await readFile(path.join(tls, 'cert.pem'), 'utf8'),
    });
    host = await openAdSession(dc);
    domain = await domainFactsReader(dc.suffix)(host.connection);
    jobsRoot = await mkdtemp(path.join(tmpdir(), 'enclave-ad-resume-'));
    await host.services.tenants.create({ name: tenant, settings: { mailDomains: [domainName] } });
    await host.services.groups.create({ tenant, kind: 'security', name: 'Staff', description: '', address: null, members: [] });
  }, 240_000);
  afterAll(async () => {
    await host?.connection.dispose();
    await proxy?.close();
    await dc?.stop();
    if (jobsRoot) await rm(jobsRoot, { recursive: true, force: true });
  });

  const newRunner = (chunkSize?: number) =>
    new JobRunner({ root: jobsRoot, emit: () => {}, auditJournal: new AuditJournal(auditJournalFile()), ...(chunkSize ? { chunkSize } : {}) });

  /** Starts a create job for `rows` on `session`, lets the proxy cut its connection, then resumes it in a new runner (an app restart). */
  async function interruptAndResume(session: DirectorySession, rows: TestRow[], rule: CutRule, options: { chunkSize?: number; beforeResume?: () => Promise<void> } = {}) {
    const csv = csvOf(rows);
    const cut = proxy.cutAt(rule);
    const runner = newRunner(options.chunkSize);
    const job = await runner.start(session.services, { tenant, csv, mode: 'create', onlyValid: false, fileName: 'resume.csv' });
    const stopped = await runner.wait(job.jobId);
    const at = await cut;
    expect(stopped.state, `cut at ${at.dn}`).toBe('interrupted');
    await options.beforeResume?.();
    const resumer = newRunner(options.chunkSize);
    const recording = proxy.record();
    await resumer.resume(session.services, job.jobId);
    const end = await resumer.wait(job.jobId);
    recording.stop();
    // Windows enables an account only together with its password (Samba would take either alone): never one without it.
    const enablings = recording.requests.filter((r) => sets(r, 'userAccountControl') && isMailbox(r));
    expect(enablings.filter((r) => !sets(r, 'unicodePwd')).map((r) => r.dn)).toEqual([]);
    const report = await reportOf(resumer, job.jobId);
    /** The row whose request the proxy cut at (its DN is the entry, or the value written). */
    const cutRow = rows.find((row) => at.bytes.toString('utf8').toLowerCase().includes(`cn=${row.login},`));
    return { csv, jobId: job.jobId, end, report, cutRow, resumer };
  }

  for (const [index, { point, rule }] of cuts.entries()) {
    it(`completes the creates when the connection dropped ${point}`, async () => {
      const rows = rowsFor(`cut${index + 1}r`);
      const session = await openThroughProxy();
      try {
        const { csv, jobId, end, report, cutRow, resumer } = await interruptAndResume(session, rows, rule());
        expect(end).toMatchObject({ state: 'completed', created: rows.length, failed: 0 });
        expect([...report.values()].map((r) => r.result)).toEqual(rows.map(() => 'created'));
        // The row cut at was added by the first run and completed by the resume: its report row says so.
        expect(report.get(cutRow?.login ?? '')?.message, `the report row of ${cutRow?.login}`).toMatch(/^Created in two runs: the job was interrupted/);
        await expectComplete(rows, report);
        // The resumed chunk's audit intent names the password it set (never its value).
        const intents = (await journalLines()).filter((line) => line.phase === 'intent' && line.callId === jobId);
        const completion = intents.at(-1)?.changes.find((change) => change.attribute === cutRow?.login);
        expect(completion?.after).toEqual(expect.arrayContaining(['update', 'unicodePwd: (set)', 'userAccountControl']));
        expect(await readFile(auditJournalFile(), 'utf8')).not.toContain('Resume-Pass');
        await expectSecondRunChangesNothing(resumer, session, csv, rows.length);
      } finally {
        await session.connection.dispose();
      }
    }, 120_000);
  }

  it('a row the job never started stays an update: a mailbox someone made meanwhile keeps its own password', async () => {
    const rows = rowsFor('never');
    const handMade = rows[3] as TestRow;
    const handPassword = 'Hand-Made-Pass-9';
    const session = await openThroughProxy();
    try {
      // Chunks of two: the cut loses the first add, so rows 3–5 are never started.
      const { csv, end, report } = await interruptAndResume(session, rows, { lose: 'request', matches: (r) => r.op === ldapOps.add && isMailbox(r) }, {
        chunkSize: 2,
        beforeResume: async () => {
          await host.services.mailboxes.create({ ...mailboxRequest(handMade.login), password: handPassword, groups: ['Staff'] });
        },
      });
      expect(end).toMatchObject({ state: 'completed', failed: 0 });
      // As before this change: a planned create that found its mailbox reports as this job's, updated, password untouched.
      expect(report.get(handMade.login)).toMatchObject({ result: 'created', message: '' });
      expect(await canBindToDc(dc, `${handMade.login}@${domainName}`, handPassword)).toBe(true);
      expect(await canBindToDc(dc, `${handMade.login}@${domainName}`, handMade.password)).toBe(false);
      expect([...report.values()].filter((r) => /two runs/.test(r.message))).toEqual([]);
      await expectComplete(rows.filter((row) => row !== handMade), report);
      expect(await usersNamed(handMade.login)).toHaveLength(1);
      await expectSecondRunChangesNothing(newRunner(), session, csv, rows.length);
    } finally {
      await session.connection.dispose();
    }
  }, 120_000);

  it("a tenant admin's resumed creates are completed as the tenant admin's creates are: Domain Users left to the host, with the warning", async () => {
    const bossPassword = 'Boss-Pass-77x';
    await host.services.mailboxes.create({ ...mailboxRequest('boss'), password: bossPassword });
    await host.services.groups.addMembers({ tenant, kind: 'security', name: 'tenant-admins' }, ['boss']);
    const bossDn = (await host.services.mailboxes.get(tenant, 'boss')).dn;
    const rows = rowsFor('admin');
    const session = await openThroughProxy(bossDn, bossPassword);
    try {
      const { csv, end, report, cutRow } = await interruptAndResume(session, rows, { lose: 'request', matches: (r) => sets(r, 'unicodePwd') });
      expect(end).toMatchObject({ state: 'completed', created: rows.length, failed: 0 });
      expect(report.get(cutRow?.login ?? '')?.message).toMatch(/^Created in two runs: .* still in Domain Users/);
      expect([...report.values()].every((r) => /still in Domain Users/.test(r.message))).toBe(true);
      await expectComplete(rows, report, 'Domain Users');
      await expectSecondRunChangesNothing(newRunner(), session, csv, rows.length);
    } finally {
      await session.connection.dispose();
    }
  }, 120_000);
});

/** A mailbox of the tenant as the services create it (the test supplies the password). */
const mailboxRequest = (login: string): Omit<CreateMailboxRequest, 'password'> => ({
  tenant, login, givenName: 'Hand', surname: `Made ${login}`, displayName: '', primaryAddress: `${login}@${domainName}`, aliases: [], hiddenFromAddressBook: false, enabled: true, groups: [],
});
