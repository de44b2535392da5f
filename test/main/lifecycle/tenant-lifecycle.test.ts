/**
 * A tenant leaving, on a real slapd with the access policy in force and a journaled console session: its exit
 * package holds everything it had (and nothing of anyone else), verified file by file; its teardown removes it
 * and proves it by searching the whole directory; a teardown cut off midway (the connection dropped at a delete)
 * is run again and finishes; and no other tenant sees a trace of it at any point.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../../../main/app/directory-session';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { exportMailboxesCsv } from '../../../main/bulk/mailbox-export';
import type { TimelineSources } from '../../../main/audit/audit-timeline';
import { readJournalPage } from '../../../main/audit/journal-reader';
import { addValues, replace } from '../../../main/directory/changes';
import { childDn, normalizeDn } from '../../../main/directory/dn';
import { openLdapFlavor } from '../../../main/flavors/openldap/openldap-flavor';
import { AccesslogReader } from '../../../main/flavors/openldap/server-log/accesslog-reader';
import { verifyPackage } from '../../../main/lifecycle/package-files';
import { TenantLifecycle } from '../../../main/lifecycle/tenant-lifecycle';
import { importColumns } from '../../../shared/model/bulk-import';
import type { TenantExitPackage } from '../../../shared/model/tenant-lifecycle';
import { expectFailure } from '../../harness/expect-failure';
import { openRootSession, testProfile } from '../../harness/hosting-session';
import { ldapOps, startLdapCutProxy, type LdapCutProxy } from '../../harness/ldap-cut-proxy';
import { applySandboxIsolation } from '../../../main/flavors/openldap/sandbox/sandbox-isolation';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';

const run = promisify(execFile);
let dir: TestDirectory;
let work: string;
let journal: AuditJournal;
let host: DirectorySession;
const password = 'Correct-Horse-9';
let certificate: Buffer;

async function open(bindDN = dir.info.bindDN, secret = dir.info.password, url = dir.info.url): Promise<DirectorySession> {
  const profile = { ...testProfile(dir, bindDN), urls: [url] };
  return openDirectorySession(profile, settingsFromProfile(profile, secret), false, () => {}, { journal });
}
const timeline = (session: DirectorySession): TimelineSources => ({
  journalPath: journal.path,
  server: new AccesslogReader(session.connection, session.services.context.dialect.layout, [session.services.context.dialect.layout.auditDn]),
  scope: { kind: 'everything' },
});
const lifecycleOf = (session: DirectorySession, options: { exportFolder?: string; packageFolder?: string } = {}) =>
  new TenantLifecycle(
    { services: session.services, lifecycle: openLdapFlavor.lifecycle, flavor: 'openldap', bindDN: session.info.bindDN, role: session.info.role },
    { dataDir: work, journal, timeline: timeline(session), mailboxesCsv: async (tenant) => (await exportMailboxesCsv(session.services, tenant)).csv, ...options },
  );
const layout = () => host.services.context.dialect.layout;
const mailbox = (tenant: string, domain: string, login: string) => ({
  tenant, login, givenName: 'Given', surname: login, displayName: '', primaryAddress: `${login}@${domain}`, aliases: [`${login}.alias@${domain}`], hiddenFromAddressBook: false, password, enabled: true, groups: [], quotaBytes: 2 ** 20,
});

async function makeTenant(name: string, domain: string, logins: string[]): Promise<void> {
  await host.services.tenants.create({ name, settings: { mailDomains: [domain] } });
  for (const login of logins) await host.services.mailboxes.create(mailbox(name, domain, login));
}

beforeAll(async () => {
  dir = await startTestDirectory();
  await applySandboxIsolation(dir.info);
  work = await mkdtemp(join(tmpdir(), 'enclave-lifecycle-'));
  journal = new AuditJournal(join(work, 'audit', 'journal.jsonl'));
  host = await open();
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=ann@acme.test', '-keyout', join(work, 'key.pem'), '-outform', 'DER', '-out', join(work, 'ann.der')]);
  certificate = await readFile(join(work, 'ann.der'));

  await makeTenant('Acme', 'acme.test', ['ann', 'bob', 'cat']);
  await host.services.groups.addMembers({ tenant: 'Acme', kind: 'security', name: 'tenant-admins' }, ['ann']);
  await host.services.groups.create({ tenant: 'Acme', kind: 'distribution', name: 'Sales, "EU"', description: 'sales', address: 'sales@acme.test', members: ['bob', 'cat'] });
  await host.services.passwordPolicies.update('Acme', { minLength: 12 });
  await host.connection.modify(childDn(layout().mailboxesDn('Acme'), 'uid', 'ann'), [new Change({ operation: 'add', modification: new Attribute({ type: 'userCertificate;binary', values: [certificate] }) })]);
  // A host group outside the tenant naming one of its mailboxes: the teardown must take that value out.
  await host.connection.add(childDn(layout().hostGroupsDn, 'cn', 'newsletter'), { objectClass: 'enclaveGroup', cn: 'newsletter', enclaveGroupKind: 'distribution', member: childDn(layout().mailboxesDn('Acme'), 'uid', 'bob') });
  await makeTenant('Globex, Inc.', 'globex.test', ['gus', 'gia']);
  await host.services.groups.addMembers({ tenant: 'Globex, Inc.', kind: 'security', name: 'tenant-admins' }, ['gus']);
}, 120_000);

afterAll(async () => {
  await host?.connection.dispose();
  await dir?.stop();
  await rm(work, { recursive: true, force: true });
});

/** What a Globex principal sees of Acme anywhere: entries or values naming it (should be nothing, always). */
async function traceOfAcmeSeenBy(login: string): Promise<string[]> {
  const session = await open(childDn(layout().mailboxesDn('Globex, Inc.'), 'uid', login), password);
  try {
    const seen: string[] = [];
    for await (const page of session.connection.searchPages(dir.info.suffix, { scope: 'sub', attributes: ['*', '+'] })) {
      for (const entry of page) {
        const text = JSON.stringify(entry).toLowerCase();
        if (text.includes('acme')) seen.push(entry.dn);
      }
    }
    return seen;
  } finally {
    await session.connection.dispose();
  }
}

describe('the exit package', () => {
  let exported: TenantExitPackage;
  const file = (path: string) => readFile(join(exported.folder, path), 'utf8');

  it('holds every entry of the tenant and nothing of another, each file hashed in the manifest', async () => {
    exported = await lifecycleOf(host).exportTenant('Acme');
    expect(exported).toMatchObject({ tenant: 'Acme', flavor: 'openldap', counts: { mailboxes: 3, groups: 2, lists: 1, certificates: 1 } });
    // Tenant entry, policy, 3 containers, 3 mailboxes, tenant-admins, all-users, the list.
    expect(exported.counts.entries).toBe(11);
    expect(await verifyPackage(exported.folder)).toMatchObject({ contentDigest: exported.contentDigest });
    await run('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: exported.folder });
    const ldif = await file('directory/entries.ldif');
    for (const login of ['ann', 'bob', 'cat']) expect(ldif).toContain(`dn: uid=${login},ou=mailboxes,ou=Acme,ou=tenants,${dir.info.suffix}`);
    expect(ldif).toContain(`dn: cn=password-policy,ou=Acme,ou=tenants,${dir.info.suffix}`);
    expect(ldif.toLowerCase()).not.toContain('globex');
    expect(ldif).toContain(`userCertificate;binary:: ${certificate.toString('base64')}`);
    expect(await file('directory/operational.ldif')).toMatch(/entryUUID: [0-9a-f-]{36}/);
    expect((await stat(exported.folder)).mode & 0o777).toBe(0o700);
    expect((await stat(join(exported.folder, 'directory/entries.ldif'))).mode & 0o777).toBe(0o600);
  });

  it('has the mailboxes in the import columns, groups and lists with members, settings and policy', async () => {
    const csv = await file('mailboxes.csv');
    expect(csv.split('\r\n')[0]).toBe(`\uFEFF${importColumns.map((column) => column.header).join(',')}`);
    expect(csv).toContain('ann@acme.test');
    const groups = JSON.parse(await file('groups.json')) as { name: string; members: { login: string }[] }[];
    expect(groups.find((group) => group.name === 'Sales, "EU"')?.members.map((member) => member.login).sort()).toEqual(['bob', 'cat']);
    expect(JSON.parse(await file('settings/password-policy.json'))).toMatchObject({ source: 'tenant', policy: { minLength: 12 } });
    expect(JSON.parse(await file('settings/tenant.json'))).toMatchObject({ name: 'Acme', mailDomains: ['acme.test'], mailboxCount: 3 });
  });

  it('has the certificates, and warns that mail encrypted to them needs the tenant’s own private keys', async () => {
    expect(await readFile(join(exported.folder, 'certificates/ann/userCertificate-1.der'))).toEqual(certificate);
    expect(await file('certificates/ann/userCertificate-1.pem')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(await file('certificates/index.csv')).toContain('CN=ann@acme.test');
    expect(exported.certificateWarning).toMatchObject({ mailboxes: ['ann'] });
    expect(exported.certificateWarning?.message).toMatch(/private keys/);
    expect(await file('README.txt')).toMatch(/WARNING: 1 mailbox holds certificates/);
  });

  it('has the tenant’s own audit records only, from the console journal and the server log', async () => {
    const consoleRecords = JSON.parse(await file('audit/console-journal.json')) as { tenant: string | null; target: string }[];
    const serverRecords = JSON.parse(await file('audit/server-log.json')) as { tenant: string | null; target: string }[];
    expect(consoleRecords.length).toBeGreaterThan(5);
    expect(serverRecords.length).toBeGreaterThan(5);
    for (const record of [...consoleRecords, ...serverRecords]) expect(record.tenant).toBe('Acme');
    expect(JSON.stringify(serverRecords).toLowerCase()).not.toContain('globex');
    // Passwords never: the server log holds hashes, the package does not.
    expect(JSON.stringify(serverRecords)).not.toMatch(/\{SSHA\}/);
  });

  it('never holds a password hash, even when exported by an identity that may read them (the rootDN)', async () => {
    const root = await openRootSession(dir);
    try {
      const byRoot = await lifecycleOf(root).exportTenant('Globex, Inc.');
      const everything = (await Promise.all(byRoot.files.map((entry) => readFile(join(byRoot.folder, entry.path))))).map((bytes) => bytes.toString('latin1')).join('\n');
      expect(everything).not.toMatch(/\{SSHA\}/);
      // No attribute line of a secret in the LDIF (the audit files name the attribute, its value only as "(set)").
      expect(everything).not.toMatch(/^(userPassword|pwdHistory)::? /im);
      // The rootDN does read them: the package left them out, they were there.
      expect(JSON.stringify(await root.connection.read(childDn(layout().mailboxesDn('Globex, Inc.'), 'uid', 'gus'), ['userPassword']))).toMatch(/\{SSHA\}/);
    } finally {
      await root.connection.dispose();
    }
  });

  it('never overwrites: an existing folder with files in it is refused', async () => {
    const used = join(work, 'used');
    await rm(used, { recursive: true, force: true });
    await lifecycleOf(host, { exportFolder: used }).exportTenant('Globex, Inc.');
    await expectFailure(lifecycleOf(host, { exportFolder: used }).exportTenant('Globex, Inc.'), 'invalid-input', /not empty/);
  });
});

describe('the teardown', () => {
  it('is refused without the typed name, without an exit package, or when the tenant changed since', async () => {
    await makeTenant('Initech', 'initech.test', ['ivy']);
    const lifecycle = lifecycleOf(host);
    await expectFailure(lifecycle.teardown('Initech', 'initech'), 'invalid-input', /type the tenant's name exactly/);
    await expectFailure(lifecycle.teardown('Initech', 'Initech'), 'invalid-input', /no exit package yet/);
    await lifecycle.exportTenant('Initech');
    await host.services.mailboxes.update('Initech', 'ivy', { surname: 'Changed' });
    await expectFailure(lifecycle.teardown('Initech', 'Initech'), 'invalid-input', /changed after its exit package/);
    expect(await host.services.tenants.get('Initech')).toMatchObject({ mailboxCount: 1 });
    expect((await lifecycle.status('Initech')).lastExport).toMatchObject({ current: false });
  });

  it('refuses a tenant admin and helpdesk before anything is read', async () => {
    const admin = await open(childDn(layout().mailboxesDn('Acme'), 'uid', 'ann'), password);
    try {
      await expectFailure(lifecycleOf(admin).teardown('Acme', 'Acme'), 'insufficient-access', /only host admins/);
      await expectFailure(lifecycleOf(admin).exportTenant('Acme'), 'insufficient-access', /only host admins/);
    } finally {
      await admin.connection.dispose();
    }
  });

  it('removes the tenant, its policy and the member values naming it elsewhere, and proves nothing is left', async () => {
    expect(await traceOfAcmeSeenBy('gus')).toEqual([]);
    const globexBefore = await host.connection.search(layout().tenantDn('Globex, Inc.'), { scope: 'sub', attributes: ['*', '+'] });
    const acmeUuids = (await host.connection.search(layout().mailboxesDn('Acme'), { scope: 'one', attributes: ['entryUUID', 'uid'] })).map((entry) => String(entry['entryUUID']));

    const report = await lifecycleOf(host).teardown('Acme', 'Acme');
    expect(report).toMatchObject({ outcome: 'complete', residue: [], runs: 1, tenant: 'Acme' });
    expect(report.removed.entries).toBe(11);
    expect(report.removed.memberValues).toEqual([{ group: childDn(layout().hostGroupsDn, 'cn', 'newsletter'), member: childDn(layout().mailboxesDn('Acme'), 'uid', 'bob') }]);
    expect(report.removed.domains).toEqual(['acme.test']);
    expect(report.checked.entriesScanned).toBeGreaterThan(20);
    expect(report.steps.map((step) => step.step)).toEqual(['planned', 'members-removed', 'entries-removed', 'policies-removed', 'residue-checked', 'reported']);
    expect(report.mailStore.map((folder) => folder.key).sort()).toEqual(acmeUuids.sort());
    expect(report.mailStore.map((folder) => folder.login)).toEqual(['ann', 'bob', 'cat']);
    expect(report.retained.map((trace) => trace.what).join(' ')).toMatch(/server log/);
    expect(report.accessPolicy).toMatch(/same for every tenant/);

    // Gone from the directory, and the freed names are free.
    expect(await host.connection.read(layout().tenantDn('Acme'), ['1.1'])).toBeNull();
    expect(await host.connection.read(childDn(layout().hostGroupsDn, 'cn', 'newsletter'), ['member'])).toMatchObject({ member: [] });
    await makeTenant('Acme Again', 'acme.test', ['ann']);
    // Globex did not change at all.
    expect(await host.connection.search(layout().tenantDn('Globex, Inc.'), { scope: 'sub', attributes: ['*', '+'] })).toEqual(globexBefore);
    expect(await traceOfAcmeSeenBy('gus')).toEqual([]);
    expect(await traceOfAcmeSeenBy('gia')).toEqual([]);

    // The report is on disk (owner-only), and every removal is in the journal under the tenant.
    for (const path of report.reportFiles) expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(report.reportFiles[1] ?? '', 'utf8')).toMatch(/^Teardown of the tenant "Acme"[\s\S]*COMPLETE/);
    const records = (await readJournalPage(journal.path, { tenant: 'Acme', operation: 'tenant teardown' }, null, 100)).hits.map((hit) => hit.record);
    const exportedDns = [...(await readFile(join(report.exitPackage.folder, 'directory/entries.ldif'), 'utf8')).matchAll(/^dn: (.*)$/gm)].map((match) => normalizeDn(match[1] ?? ''));
    const deleted = records.filter((record) => record.kind === 'delete').flatMap((record) => record.changes.map((change) => normalizeDn(change.before?.[0] ?? '')));
    expect(deleted.sort()).toEqual(exportedDns.sort());
    // The groups were emptied first, in one record (each delete from a large group would rewrite the group).
    expect(records.filter((record) => record.kind === 'modify').flatMap((record) => record.changes.map((change) => change.attribute))).toEqual(['member', 'member', 'member']);
    expect(records.every((record) => record.result === 'ok')).toBe(true);
  });

  it('finds residue someone left elsewhere, and says where', async () => {
    await makeTenant('Hooli', 'hooli.test', ['hal']);
    // Another tool wrote a Hooli address into a host entry: outside the tenant, so its export still holds.
    await host.connection.modify(layout().mailServicesGroupDn, [replace('description', 'forward bounces to hal@hooli.test')]);
    await lifecycleOf(host).exportTenant('Hooli');
    const report = await lifecycleOf(host).teardown('Hooli', 'Hooli');
    expect(report.outcome).toBe('residue');
    expect(report.residue).toEqual([{ dn: layout().mailServicesGroupDn, attribute: 'description', value: 'forward bounces to hal@hooli.test', matched: 'domain' }]);
    await host.connection.modify(layout().mailServicesGroupDn, [replace('description', [])]);
  });
});

describe('a teardown cut off midway', () => {
  let proxy: LdapCutProxy;
  afterAll(async () => {
    await proxy?.close();
  });

  it('is run again and finishes, removing everything once', async () => {
    const logins = Array.from({ length: 40 }, (_, i) => `u${i}`);
    await makeTenant('Resume', 'resume.test', logins);
    await host.services.groups.create({ tenant: 'Resume', kind: 'security', name: 'Team', description: '', address: null, members: logins.slice(0, 10) });
    await host.connection.modify(childDn(layout().hostGroupsDn, 'cn', 'newsletter'), [addValues('member', childDn(layout().mailboxesDn('Resume'), 'uid', 'u1'))]);
    proxy = await startLdapCutProxy({ host: '127.0.0.1', port: Number(new URL(dir.info.url).port) });
    const through = await open(dir.info.bindDN, dir.info.password, proxy.url);
    try {
      const lifecycle = lifecycleOf(through);
      await lifecycle.exportTenant('Resume');
      let deletes = 0;
      // The 25th delete never arrives and the connection drops (the ones before it were sent and applied).
      const cut = proxy.cutAt({ lose: 'request', thenRefuse: true, matches: (request) => request.op === ldapOps.delete && ++deletes === 25 });
      await expectFailure(lifecycle.teardown('Resume', 'Resume'), 'connection-lost');
      expect((await cut).op).toBe(ldapOps.delete);
      const status = await lifecycleOf(host).status('Resume');
      expect(status.unfinishedTeardown).toMatchObject({ lastStep: 'members-removed' });
      // Part of it is gone, part is still there.
      const left = await host.connection.search(layout().mailboxesDn('Resume'), { scope: 'one', attributes: ['1.1'] });
      expect(left.length).toBeGreaterThan(0);
      expect(left.length).toBeLessThan(40);

      proxy.acceptAgain();
      const report = await lifecycle.teardown('Resume', 'Resume');
      expect(report).toMatchObject({ outcome: 'complete', residue: [], runs: 2 });
      // 40 mailboxes, Team, tenant-admins, all-users, policy, 3 containers, the tenant.
      expect(report.removed.entries).toBe(48);
      expect(report.removed.memberValues.map((value) => value.member)).toEqual([childDn(layout().mailboxesDn('Resume'), 'uid', 'u1')]);
      expect(await host.connection.read(layout().tenantDn('Resume'), ['1.1'])).toBeNull();
      expect((await lifecycleOf(host).status('Resume')).unfinishedTeardown).toBeNull();
    } finally {
      await through.connection.dispose();
    }
  }, 120_000);
});
