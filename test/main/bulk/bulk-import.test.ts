import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { decodeCsvBytes } from '../../../main/bulk/csv-reading';
import { exportMailboxesCsv } from '../../../main/bulk/mailbox-export';
import { JobRunner } from '../../../main/bulk/job-runner';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { planToLdif } from '../../../main/bulk/ldif-export';
import { expectFailure } from '../../harness/expect-failure';
import { openSession } from '../../harness/hosting-session';
import { boundClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import type { ImportProgress } from '../../../shared/model/bulk-import';

let dir: TestDirectory;
let session: DirectorySession;
let jobsRoot: string;
let runner: JobRunner;
const progress: ImportProgress[] = [];
const gib = 2 ** 30;
const messy = async () => decodeCsvBytes(await readFile(path.resolve('test/fixtures/bulk/messy.csv'))).text;

beforeAll(async () => {
  dir = await startTestDirectory();
  session = await openSession(dir);
  jobsRoot = await mkdtemp(path.join(tmpdir(), 'enclave-jobs-'));
  runner = new JobRunner({ root: jobsRoot, emit: (p) => progress.push(p), auditJournal: new AuditJournal(path.join(jobsRoot, 'journal.jsonl')) });
  const { tenants, mailboxes, groups } = session.services;
  await tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test', 'acme-mail.test'], storagePoolBytes: 100 * gib, defaultQuotaBytes: gib } });
  await tenants.create({ name: 'Globex', settings: { mailDomains: ['globex.test'] } });
  await groups.create({ tenant: 'Acme', kind: 'distribution', name: 'Sales', description: '', address: 'sales@acme.test', members: [] });
  await groups.create({ tenant: 'Acme', kind: 'security', name: 'Staff', description: '', address: null, members: [] });
  const base = { givenName: '', displayName: '', aliases: [], hiddenFromAddressBook: false, password: 'Correct-Horse-9', enabled: true, groups: [] };
  await mailboxes.create({ ...base, tenant: 'Globex', login: 'taken', surname: 'Taken', primaryAddress: 'taken@globex.test' });
  await mailboxes.create({ ...base, tenant: 'Acme', login: 'existing', givenName: 'Ex', surname: 'Isting', primaryAddress: 'existing@acme.test', quotaBytes: gib });
});
afterAll(async () => {
  await session?.connection.dispose();
  await dir?.stop();
  await rm(jobsRoot, { recursive: true, force: true });
});

const reasons = (rows: { row: number; issues: { message: string }[] }[]) => Object.fromEntries(rows.map((r) => [r.row, r.issues.map((i) => i.message)]));

describe('bulk import', () => {
  describe('#preview()', () => {
    it('reads a messy Excel CSV and reports every rejected row with its spreadsheet row number and reason', async () => {
      const preview = await runner.preview(session.services, 'Acme', await messy(), 'create', 100);
      expect(preview.delimiter).toBe(';');
      expect(preview.columns).toEqual(['login', 'givenName', 'surname', 'displayName', 'primaryAddress', 'aliases', 'quota', 'password', 'groups', 'enabled']);
      expect(preview.counts).toEqual({ rows: 15, create: 3, update: 0, unchanged: 1, rejected: 11 });
      expect(preview.rows.filter((r) => r.action !== 'rejected').map((r) => [r.row, r.login, r.action])).toEqual([
        [2, 'zoe', 'create'],
        [3, 'bjorn', 'create'],
        [14, 'existing', 'unchanged'],
        [17, 'last', 'create'],
      ]);
      expect(reasons(preview.rejected)).toEqual({
        4: ['Login is required'],
        5: ['Login "dup" is also in row 6'],
        6: ['Login "dup" is also in row 5'],
        7: ['cross@globex.test is not in a domain of tenant "Acme" (acme.test, acme-mail.test)'],
        8: ['Address shared@acme.test is also in row 9'],
        9: ['Address shared@acme.test is also in row 8'],
        10: ['Login "taken" is already taken in tenant "Globex"'],
        11: ["Password does not meet the tenant's password policy: at least 8 characters"],
        12: ['Tenant "Acme" has no group or list named "Nope"'],
        13: [
          'not-an-address: Not a valid mail address (expected name@domain)',
          '"10 parsecs" is not a quota: give bytes or a number with KiB, MiB, GiB or TiB (e.g. 2GB, 500 MiB), or "unlimited"',
          '"maybe" is not yes or no',
        ],
        15: ['Address sales@acme.test is already used by list "Sales" in tenant "Acme"'],
      });
      expect(preview.rejected.find((r) => r.row === 13)?.issues.map((i) => i.column)).toEqual(['primaryAddress', 'quota', 'enabled']);
    });

    it('exports the plan as LDIF with special characters base64-encoded and memberships batched per group', async () => {
      const prepared = await runner.prepare(session.services, 'Acme', await messy(), 'create');
      const ldif = planToLdif(prepared.plan.rows, session.services.context.dialect);
      expect(ldif).toContain('dn: uid=zoe,ou=mailboxes,ou=Acme,ou=tenants,dc=hosting,dc=test\nchangetype: add\n');
      // ASCII specials are a SAFE-STRING in LDIF; non-ASCII is base64.
      expect(ldif).toContain('sn: O\'Brien, "Jr." <x>; #+=\\\n');
      expect(ldif).toContain(`sn:: ${Buffer.from('Ångström').toString('base64')}\n`);
      expect(ldif).not.toContain('userPassword');
      expect(ldif.match(/^dn: cn=all-users,/gm)).toHaveLength(1);
      expect(ldif).toMatch(/dn: cn=all-users,ou=groups,ou=Acme[^\n]*\nchangetype: modify\nadd: member\nmember: uid=zoe,[^\n]*\nmember: uid=bjorn,[^\n]*\nmember: uid=last,/);
    });
  });

  describe('#start()', () => {
    it('refuses the whole file when rows are rejected (all or nothing) and writes nothing', async () => {
      await expectFailure(runner.start(session.services, { tenant: 'Acme', csv: await messy(), mode: 'create', onlyValid: false, fileName: 'messy.csv' }), 'invalid-input', /11 of 15 rows are rejected, so nothing was written/);
      await expectFailure(session.services.mailboxes.get('Acme', 'zoe'), 'not-found');
    });

    it('imports only the valid rows, with groups, quotas, generated passwords, a report and an audit log', async () => {
      const started = await runner.start(session.services, { tenant: 'Acme', csv: await messy(), mode: 'create', onlyValid: true, fileName: 'messy.csv' });
      const end = await runner.wait(started.jobId);
      expect(end).toMatchObject({ state: 'completed', total: 4, done: 4, created: 3, unchanged: 1, failed: 0, updated: 0 });
      expect(progress.at(-1)).toMatchObject({ jobId: started.jobId, state: 'completed', done: 4 });

      const zoe = await session.services.mailboxes.get('Acme', 'zoe');
      expect(zoe).toMatchObject({ givenName: 'Zoë', surname: 'O\'Brien, "Jr." <x>; #+=\\', displayName: 'Zoë O\'Brien, "Jr." <x>; #+=\\', primaryAddress: 'zoe@acme.test', aliases: ['z@acme.test', 'zoe.obrien@acme-mail.test'], quotaBytes: 2 * gib, enabled: true });
      const bjorn = await session.services.mailboxes.get('Acme', 'bjorn');
      expect(bjorn).toMatchObject({ displayName: 'Björn Ångström', quotaBytes: 500 * 2 ** 20, enabled: true });
      expect((await session.services.mailboxes.get('Acme', 'last')).quotaBytes).toBe(gib);
      const groups = await session.services.groups.list('Acme');
      const membersOf = (name: string) => groups.find((g) => g.name === name)?.members.map((m) => m.login).sort();
      expect(membersOf('all-users')).toEqual(['bjorn', 'existing', 'last', 'zoe']);
      expect(membersOf('Sales')).toEqual(['zoe']);
      expect(membersOf('Staff')).toEqual(['zoe']);

      const report = (await runner.reportCsv(started.jobId)).csv;
      const lines = report.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('row,login,result,changes,generated password,message,warnings');
      expect(lines).toHaveLength(16);
      expect(lines[1]).toBe('2,zoe,created,,,,');
      expect(lines).toContain('14,existing,unchanged,,,,');
      // Rejected rows are listed too, each reason with the file's header.
      expect(lines).toContain('4,,rejected,,,Login: Login is required,');
      expect(lines).toContain('13,bad,rejected,,,"E-Mail: not-an-address: Not a valid mail address (expected name@domain); Quota: ""10 parsecs"" is not a quota: give bytes or a number with KiB, MiB, GiB or TiB (e.g. 2GB, 500 MiB), or ""unlimited""; Enabled: ""maybe"" is not yes or no",');
      const generated = /^3,bjorn,created,,([^,]+),,$/.exec(lines[2] ?? '')?.[1] ?? '';
      expect(generated).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
      const client = await boundClient(dir.info.url, bjorn.dn, generated);
      await client.unbind();

      const audit = (await readFile(path.join(jobsRoot, started.jobId, 'audit.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { row: number; outcome: string; actor: string });
      expect(audit.map((a) => [a.row, a.outcome])).toEqual([[2, 'created'], [3, 'created'], [14, 'unchanged'], [17, 'created']]);
      expect(audit.every((a) => a.actor === dir.info.bindDN)).toBe(true);
      expect(JSON.stringify(audit)).not.toMatch(/Correct-Horse|Secret-123|userPassword/);
    });

    it('running the same file again changes nothing and says so, in both modes', async () => {
      for (const mode of ['create', 'upsert'] as const) {
        const preview = await runner.preview(session.services, 'Acme', await messy(), mode, 100);
        expect(preview.counts).toMatchObject({ create: 0, update: 0, unchanged: 4 });
        const job = await runner.start(session.services, { tenant: 'Acme', csv: await messy(), mode, onlyValid: true, fileName: 'messy.csv' });
        expect(await runner.wait(job.jobId)).toMatchObject({ state: 'completed', created: 0, updated: 0, unchanged: 4, failed: 0 });
      }
    });

    it('updates names, aliases, quota, groups and state of existing mailboxes in upsert mode', async () => {
      const csv = [
        'login,given name,surname,display name,primary address,aliases,quota,password,groups,enabled',
        'zoe,Zoë,Brien,,zoe@acme.test,z@acme.test,3 GiB,,Sales,no',
        'existing,Ex,Isting,,existing@acme.test,,1 GiB,,,yes',
      ].join('\n');
      const create = await runner.preview(session.services, 'Acme', csv, 'create', 10);
      expect(reasons(create.rejected)).toEqual({ 2: ['Mailbox "zoe" already exists with a different surname, display name, aliases, quota, enabled state, groups; use create-or-update mode to change it'] });
      const upsert = await runner.preview(session.services, 'Acme', csv, 'upsert', 10);
      expect(upsert.rows.map((r) => [r.login, r.action, r.changes])).toEqual([
        ['zoe', 'update', ['surname', 'displayName', 'aliases', 'quota', 'enabled', 'groups']],
        ['existing', 'unchanged', []],
      ]);
      const job = await runner.start(session.services, { tenant: 'Acme', csv, mode: 'upsert', onlyValid: false, fileName: 'edit.csv' });
      expect(await runner.wait(job.jobId)).toMatchObject({ state: 'completed', updated: 1, unchanged: 1 });
      expect(await session.services.mailboxes.get('Acme', 'zoe')).toMatchObject({ surname: 'Brien', displayName: 'Zoë Brien', aliases: ['z@acme.test'], quotaBytes: 3 * gib, enabled: false });
      const staff = await session.services.groups.get({ tenant: 'Acme', kind: 'security', name: 'Staff' });
      expect(staff.members).toEqual([]);
    });

    it('round-trips: export, then import in upsert mode finds every row unchanged', async () => {
      const exported = await exportMailboxesCsv(session.services, 'Acme');
      expect(exported.csv.split('\r\n')[0]).toBe('\uFEFFlogin,given name,surname,display name,primary address,aliases,quota,password,groups,enabled');
      const preview = await runner.preview(session.services, 'Acme', exported.csv, 'upsert', 100);
      expect(preview.counts).toEqual({ rows: 4, create: 0, update: 0, unchanged: 4, rejected: 0 });
    });
  });
});
