/**
 * Bulk import on Active Directory — a real Samba AD DC over LDAPS (test/harness/samba-test-dc.ts): passwords only
 * over an encrypted connection, every new mailbox enabled with its password and the tenant's all-users group as
 * its primary group (no Domain Users), one journal record per chunk, and a re-run that changes nothing.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EqualityFilter } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../../../main/app/directory-session';
import { readObjectSid } from '../../../main/flavors/active-directory/directory/object-sid';
import { ridOf } from '../../../main/flavors/active-directory/directory/security-descriptor';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { csvFile } from '../../../main/bulk/csv-writing';
import { JobRunner } from '../../../main/bulk/job-runner';
import type { ConnectionProfile, TlsMode } from '../../../shared/model/connection';
import { importColumns } from '../../../shared/model/bulk-import';
import { expectFailure } from '../../harness/expect-failure';
import { sambaUnavailableReason, startSambaTestDc, type SambaTestDc } from '../../harness/samba-test-dc';
import { skipWithoutServer } from '../../harness/required-server';
import { canBindToDc } from '../../harness/samba-session';

const skip = skipWithoutServer('the Active Directory bulk import suite', await sambaUnavailableReason());

let dc: SambaTestDc;
let session: DirectorySession;
let jobsRoot: string;
let runner: JobRunner;
const rows = 20;

const profile = (tlsMode: TlsMode): ConnectionProfile => ({
  id: 'ad-bulk', name: 'ad bulk', urls: [tlsMode === 'ldaps' ? dc.ldapsUrl : dc.ldapUrl], bindDN: dc.credentials.bindDN, tlsMode,
  caCertificatePem: dc.caPem, tlsServerName: dc.tlsServerName, baseDN: dc.suffix, flavor: 'auto',
});
const open = (tlsMode: TlsMode) => openDirectorySession(profile(tlsMode), settingsFromProfile(profile(tlsMode), dc.credentials.password), false, () => {});

/** 20 rows; every fourth one also joins Staff. */
const csv = csvFile(
  importColumns.map((column) => column.header),
  Array.from({ length: rows }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return [`bulk${n}`, 'Zoë', `Müller ${n}`, '', `bulk${n}@initrode.test`, `b${n}@initrode.test`, '100 MiB', `Bulk-Pass-${n}x`, i % 4 === 0 ? 'Staff' : '', 'yes'];
  }),
);

describe.skipIf(skip)('bulk import on Active Directory (Samba AD DC)', () => {
  beforeAll(async () => {
    dc = await startSambaTestDc();
    session = await open('ldaps');
    jobsRoot = await mkdtemp(path.join(tmpdir(), 'enclave-ad-jobs-'));
    runner = new JobRunner({ root: jobsRoot, emit: () => {}, auditJournal: new AuditJournal(path.join(jobsRoot, 'journal.jsonl')) });
    await session.services.tenants.create({ name: 'Initrode', settings: { mailDomains: ['initrode.test'] } });
    await session.services.groups.create({ tenant: 'Initrode', kind: 'security', name: 'Staff', description: '', address: null, members: [] });
  }, 240_000);
  afterAll(async () => {
    await session?.connection.dispose();
    await dc?.stop();
    if (jobsRoot) await rm(jobsRoot, { recursive: true, force: true });
  });

  it('refuses to start over a plain connection, before anything is written', async () => {
    const plain = await open('none');
    try {
      await expectFailure(runner.start(plain.services, { tenant: 'Initrode', csv, mode: 'create', onlyValid: false, fileName: 'plain.csv' }), 'invalid-input', /encrypted connection/);
    } finally {
      await plain.connection.dispose();
    }
    expect(await session.services.tenants.countMailboxes('Initrode')).toBe(0);
  });

  it('creates every mailbox enabled, with its password, all-users as primary group and its groups', async () => {
    const job = await runner.start(session.services, { tenant: 'Initrode', csv, mode: 'create', onlyValid: false, fileName: 'ad.csv' });
    expect(await runner.wait(job.jobId)).toMatchObject({ state: 'completed', created: rows, failed: 0 });

    const { connection, dialect } = session.services.context;
    const mailboxes = [];
    for await (const page of session.services.mailboxes.pages('Initrode')) mailboxes.push(...page);
    expect(mailboxes).toHaveLength(rows);
    expect(mailboxes.every((m) => m.enabled && m.quotaBytes === 100 * 2 ** 20)).toBe(true);
    expect(mailboxes.find((m) => m.login === 'bulk07')).toMatchObject({ givenName: 'Zoë', surname: 'Müller 07', primaryAddress: 'bulk07@initrode.test', aliases: ['b07@initrode.test'] });
    expect(await canBindToDc(dc, 'bulk07@initrode.test', 'Bulk-Pass-07x')).toBe(true);
    expect(await canBindToDc(dc, 'bulk07@initrode.test', 'wrong-password')).toBe(false);

    const allUsersDn = dialect.groupDn('Initrode', 'security', 'all-users');
    const allUsersRid = String(ridOf((await readObjectSid(connection, allUsersDn)) ?? ''));
    for (const mailbox of mailboxes) expect((await connection.read(mailbox.dn, ['primaryGroupID']))?.['primaryGroupID']).toBe(allUsersRid);
    const [domainUsers] = await connection.search(dc.suffix, { filter: new EqualityFilter({ attribute: 'sAMAccountName', value: 'Domain Users' }), attributes: ['member'] });
    expect([domainUsers?.['member'] ?? []].flat().filter((dn) => String(dn).includes('Initrode'))).toEqual([]);
    const staff = await session.services.groups.get({ tenant: 'Initrode', kind: 'security', name: 'Staff' });
    expect(staff.members.map((m) => m.login).sort()).toEqual(['bulk01', 'bulk05', 'bulk09', 'bulk13', 'bulk17']);

    const journal = (await readFile(path.join(jobsRoot, 'journal.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { phase: string; operation: string; tenant: string; result: string; changes: { attribute: string; after: string[] }[] });
    expect(journal.map((line) => [line.phase, line.operation, line.tenant, line.result])).toEqual([
      ['intent', 'bulk import', 'Initrode', 'pending'],
      ['outcome', 'bulk import', 'Initrode', 'ok'],
    ]);
    expect(journal[0]?.changes.find((change) => change.attribute === 'bulk01')?.after).toEqual(expect.arrayContaining(['create', 'password: (set)', 'joins all-users', 'joins Staff']));
    expect(JSON.stringify(journal)).not.toContain('Bulk-Pass');
  });

  it('running the same file again changes nothing, in both modes', async () => {
    for (const mode of ['create', 'upsert'] as const) {
      const preview = await runner.preview(session.services, 'Initrode', csv, mode, 0);
      expect(preview.counts).toMatchObject({ create: 0, update: 0, unchanged: rows, rejected: 0 });
      const job = await runner.start(session.services, { tenant: 'Initrode', csv, mode, onlyValid: false, fileName: 'ad.csv' });
      expect(await runner.wait(job.jobId)).toMatchObject({ state: 'completed', created: 0, updated: 0, unchanged: rows, failed: 0 });
    }
  });
});
