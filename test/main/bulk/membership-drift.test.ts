/**
 * Memberships whose memberOf the server never wrote (slapd's memberof overlay writes it after the group's modify,
 * in writes of its own: a server stopped in between leaves the member listed without memberOf). Made on a real slapd
 * by switching the overlay off through cn=config (test/harness/memberof-drift.ts); a resume, an upsert and a
 * create-mode re-run write such memberships again, so memberOf is back, and say so in the report.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import type { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../../../main/app/directory-session';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { csvFile } from '../../../main/bulk/csv-writing';
import { JobRunner } from '../../../main/bulk/job-runner';
import { sameDn } from '../../../main/directory/dn';
import { importColumns, type ImportMode } from '../../../shared/model/bulk-import';
import { ldapOps, startLdapCutProxy, type LdapCutProxy } from '../../harness/ldap-cut-proxy';
import { openSession, testProfile } from '../../harness/hosting-session';
import { adminClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { startTlsProxy, type TlsProxy } from '../../harness/tls-proxy';
import { memberOfByLogin, memberValues, withoutMemberOf } from '../../harness/memberof-drift';

let dir: TestDirectory;
let session: DirectorySession;
let admin: Client;
let jobsRoot: string;
let runner: JobRunner;

/** `count` rows named `prefix1…`; every third joins Staff. */
const rowsFor = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({ login: `${prefix}${i + 1}`, staff: i % 3 === 0 }));
type TestRow = ReturnType<typeof rowsFor>[number];
const csvOf = (rows: TestRow[]) =>
  csvFile(
    importColumns.map((column) => column.header),
    rows.map((r) => [r.login, 'Zoë', `Müller ${r.login}`, '', `${r.login}@acme.test`, '', '100 MiB', `Password-${r.login}`, r.staff ? 'Staff' : '', 'yes']),
  );

const dialect = () => session.services.context.dialect;
const groupDn = (name: string) => dialect().groupDn('Acme', 'security', name).toLowerCase();
const mailboxDn = (login: string) => `uid=${login},${dialect().layout.mailboxesDn('Acme')}`.toLowerCase();

/** The report's rows by login. */
async function reportOf(jobRunner: JobRunner, jobId: string): Promise<Map<string, { result: string; message: string }>> {
  const records = parse((await jobRunner.reportCsv(jobId)).csv, { bom: true, columns: true }) as Record<string, string>[];
  return new Map(records.map((r) => [r['login'] ?? '', { result: r['result'] ?? '', message: r['message'] ?? '' }]));
}

/** Both sides agree for every row: the groups list it, its memberOf names them, and the console lists it. */
async function expectConsistent(rows: TestRow[]) {
  const memberOf = await memberOfByLogin(admin, dialect().layout.mailboxesDn('Acme'));
  const allUsers = await memberValues(admin, groupDn('all-users'));
  const staff = await memberValues(admin, groupDn('Staff'));
  for (const row of rows) {
    const dn = mailboxDn(row.login);
    expect(memberOf.get(row.login), `${row.login}'s memberOf`).toContain(groupDn('all-users'));
    expect(allUsers, `all-users lists ${row.login}`).toContain(dn);
    expect(memberOf.get(row.login)?.includes(groupDn('Staff')), `${row.login}'s memberOf names Staff`).toBe(row.staff);
    expect(staff.includes(dn), `Staff lists ${row.login}`).toBe(row.staff);
  }
  const groups = await session.services.groups.list('Acme');
  const logins = (name: string) => groups.find((g) => g.name === name)?.members.map((m) => m.login) ?? [];
  expect(logins('all-users')).toEqual(expect.arrayContaining(rows.map((r) => r.login)));
  expect(logins('Staff')).toEqual(expect.arrayContaining(rows.filter((r) => r.staff).map((r) => r.login)));
}

/** Runs `csv` to the end in `mode` and returns the finished job's id and info. */
async function runToEnd(csv: string, mode: ImportMode, on: DirectorySession = session) {
  const job = await runner.start(on.services, { tenant: 'Acme', csv, mode, onlyValid: false, fileName: 'drift.csv' });
  return { jobId: job.jobId, end: await runner.wait(job.jobId) };
}

async function expectRerunChangesNothing(csv: string, rows: number) {
  for (const mode of ['create', 'upsert'] as const) expect((await runToEnd(csv, mode)).end).toMatchObject({ state: 'completed', created: 0, updated: 0, unchanged: rows, failed: 0 });
}

const repairedAllUsers = /^Memberships repaired: "all-users"(, "Staff")? listed this mailbox but its memberOf did not/;

beforeAll(async () => {
  dir = await startTestDirectory();
  session = await openSession(dir);
  admin = await adminClient(dir.info);
  jobsRoot = await mkdtemp(path.join(tmpdir(), 'enclave-drift-'));
  runner = new JobRunner({ root: jobsRoot, emit: () => {}, auditJournal: new AuditJournal(path.join(jobsRoot, 'journal.jsonl')) });
  await session.services.tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test'] } });
  await session.services.groups.create({ tenant: 'Acme', kind: 'security', name: 'Staff', description: '', address: null, members: [] });
});
afterAll(async () => {
  await admin?.unbind();
  await session?.connection.dispose();
  await dir?.stop();
  await rm(jobsRoot, { recursive: true, force: true });
});

describe('memberships whose memberOf the server did not write', () => {
  it('upsert writes them again: memberOf is back, the report says so, and a re-run changes nothing', async () => {
    const rows = rowsFor('up', 9);
    const csv = csvOf(rows);
    const first = await withoutMemberOf(dir, () => runToEnd(csv, 'create'));
    expect(first.end).toMatchObject({ state: 'completed', created: rows.length, failed: 0 });
    // The drift: every group lists its members, no memberOf names a group.
    const drifted = await memberOfByLogin(admin, dialect().layout.mailboxesDn('Acme'));
    expect(rows.map((r) => drifted.get(r.login))).toEqual(rows.map(() => []));
    expect(await memberValues(admin, groupDn('all-users'))).toHaveLength(rows.length);

    const preview = await runner.preview(session.services, 'Acme', csv, 'upsert', 100);
    expect(preview.counts).toMatchObject({ update: rows.length, unchanged: 0 });
    expect(preview.rows.map((r) => r.changes)).toEqual(rows.map(() => ['groups']));

    const repair = await runToEnd(csv, 'upsert');
    expect(repair.end).toMatchObject({ state: 'completed', updated: rows.length, failed: 0 });
    const report = await reportOf(runner, repair.jobId);
    for (const row of rows) {
      expect(report.get(row.login)?.message, row.login).toMatch(repairedAllUsers);
      expect(report.get(row.login)?.message.includes('"Staff"'), `${row.login}'s report names Staff`).toBe(row.staff);
    }
    await expectConsistent(rows);
    await expectRerunChangesNothing(csv, rows.length);
  });

  it('clears a memberOf that names a group no longer listing the mailbox, in create mode too', async () => {
    const rows = rowsFor('left', 3);
    const csv = csvOf(rows);
    expect((await runToEnd(csv, 'create')).end).toMatchObject({ created: rows.length, failed: 0 });
    // left2 is not in Staff by the file; put it there, then take it out with the overlay off: its memberOf keeps Staff.
    const left2 = { tenant: 'Acme', kind: 'security' as const, name: 'Staff' };
    await session.services.groups.addMembers(left2, ['left2']);
    await withoutMemberOf(dir, () => session.services.groups.removeMembers(left2, ['left2']));
    expect((await memberOfByLogin(admin, dialect().layout.mailboxesDn('Acme'))).get('left2')).toContain(groupDn('Staff'));

    const repair = await runToEnd(csv, 'create');
    expect(repair.end).toMatchObject({ state: 'completed', updated: 1, unchanged: rows.length - 1, failed: 0 });
    expect((await reportOf(runner, repair.jobId)).get('left2')?.message).toMatch(/^Memberships repaired: its memberOf still named "Staff", which did not list it/);
    await expectConsistent(rows);
    await expectRerunChangesNothing(csv, rows.length);
  });

  describe('resume', () => {
    let keyDir: string;
    let tls: TlsProxy;
    let proxy: LdapCutProxy;
    let throughProxy: DirectorySession;

    beforeAll(async () => {
      // The cut proxy speaks TLS on both sides: slapd behind the harness's TLS proxy, the cut proxy with a certificate of its own.
      tls = await startTlsProxy(Number(new URL(dir.info.url).port));
      keyDir = await mkdtemp(path.join(tmpdir(), 'enclave-cut-'));
      const [key, cert, serverName] = [path.join(keyDir, 'key.pem'), path.join(keyDir, 'cert.pem'), 'cut.enclave.test'];
      await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${serverName}`, '-addext', `subjectAltName=DNS:${serverName}`]);
      const certPem = await readFile(cert, 'utf8');
      proxy = await startLdapCutProxy({ host: '127.0.0.1', port: Number(new URL(tls.url).port), caPem: tls.caPem, serverName: tls.serverName, keyPem: await readFile(key, 'utf8'), certPem });
      const profile = { ...testProfile(dir), urls: [proxy.url], tlsMode: 'ldaps' as const, caCertificatePem: certPem, tlsServerName: serverName };
      throughProxy = await openDirectorySession(profile, settingsFromProfile(profile, dir.info.password), false, () => {});
    });
    afterAll(async () => {
      await throughProxy?.connection.dispose();
      await proxy?.close();
      await tls?.close();
      if (keyDir) await rm(keyDir, { recursive: true, force: true });
    });

    it('writes again the memberships of rows cut off after their group modify, before memberOf', async () => {
      const rows = rowsFor('cut', 6);
      const csv = csvOf(rows);
      // One chunk: the adds are answered, then all-users' modify is applied (memberOf not written: the overlay is
      // off, standing in for a server stopped before its own writes) and its answer is lost, so nothing is journaled.
      const cut = proxy.cutAt({ lose: 'answer', matches: (r) => r.op === ldapOps.modify && sameDn(r.dn, groupDn('all-users')) });
      const first = await withoutMemberOf(dir, () => runToEnd(csv, 'create', throughProxy));
      await cut;
      expect(first.end).toMatchObject({ state: 'interrupted', done: 0 });
      expect(await memberValues(admin, groupDn('all-users'))).toEqual(expect.arrayContaining(rows.map((r) => mailboxDn(r.login))));

      // A new runner on a direct session stands for the restarted app.
      const resumer = new JobRunner({ root: jobsRoot, emit: () => {}, auditJournal: new AuditJournal(path.join(jobsRoot, 'journal.jsonl')) });
      await resumer.resume(session.services, first.jobId);
      expect(await resumer.wait(first.jobId)).toMatchObject({ state: 'completed', created: rows.length, failed: 0 });
      const report = await reportOf(resumer, first.jobId);
      expect([...report.values()].map((r) => r.result)).toEqual(rows.map(() => 'created'));
      for (const row of rows) expect(report.get(row.login)?.message, row.login).toMatch(repairedAllUsers);
      await expectConsistent(rows);
      await expectRerunChangesNothing(csv, rows.length);
    });
  });
});
