/**
 * A tenant leaving, on a real Samba AD DC over LDAPS: its exit package holds its OU's entries and its PSO (which
 * lives outside the OU), its certificates and its console journal records (AD has no server log readable over
 * LDAP: the package says so); its teardown removes the OU, the PSO and member values naming its users in other
 * groups, proves by a search of the whole domain that nothing is left, counts the tombstones AD keeps, and
 * finishes after a connection cut at a delete.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../../../main/app/directory-session';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { exportMailboxesCsv } from '../../../main/bulk/mailbox-export';
import { childDn, normalizeDn } from '../../../main/directory/dn';
import { activeDirectoryFlavor } from '../../../main/flavors/active-directory/ad-flavor';
import { activeDirectoryServerLogNotice } from '../../../main/flavors/active-directory/server-log/ad-server-log';
import { verifyPackage } from '../../../main/lifecycle/package-files';
import { TenantLifecycle } from '../../../main/lifecycle/tenant-lifecycle';
import type { CreateMailboxRequest } from '../../../shared/model/hosting';
import { expectFailure } from '../../harness/expect-failure';
import { ldapOps, startLdapCutProxy, type LdapCutProxy } from '../../harness/ldap-cut-proxy';
import { skipWithoutServer } from '../../harness/required-server';
import { adTestProfile } from '../../harness/samba-session';
import { sambaUnavailableReason, startSambaTestDc, type SambaTestDc } from '../../harness/samba-test-dc';

const skip = skipWithoutServer('the Active Directory tenant lifecycle suite', await sambaUnavailableReason());
const run = promisify(execFile);
const password = 'Correct-Horse-9';

let dc: SambaTestDc;
let work: string;
let journal: AuditJournal;
let host: DirectorySession;
let proxy: LdapCutProxy;
let certificate: Buffer;

function open(bindDN = dc.credentials.bindDN, secret = dc.credentials.password, url?: string): Promise<DirectorySession> {
  const profile = { ...adTestProfile(dc, bindDN), ...(url ? { urls: [url] } : {}) };
  return openDirectorySession(profile, settingsFromProfile(profile, secret), false, () => {}, { journal });
}
const lifecycleOf = (session: DirectorySession) =>
  new TenantLifecycle(
    { services: session.services, lifecycle: activeDirectoryFlavor.lifecycle, flavor: 'active-directory', bindDN: session.info.bindDN, role: session.info.role },
    { dataDir: work, journal, timeline: { journalPath: journal.path, server: null, serverNotice: activeDirectoryServerLogNotice, scope: { kind: 'everything' } }, mailboxesCsv: async (tenant) => (await exportMailboxesCsv(session.services, tenant)).csv },
  );
const request = (tenant: string, domain: string, login: string): CreateMailboxRequest => ({
  tenant, login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@${domain}`, aliases: [`${login}.x@${domain}`], hiddenFromAddressBook: false, password, enabled: true, groups: [],
});
const dialect = () => host.services.context.dialect;

async function makeTenant(name: string, domain: string, logins: string[]): Promise<void> {
  await host.services.tenants.create({ name, settings: { mailDomains: [domain] } });
  for (const login of logins) await host.services.mailboxes.create(request(name, domain, login));
}

/** Entries and values a Globex user sees that mention Acme anywhere in the domain. */
async function traceOfAcmeSeenByGlobex(): Promise<string[]> {
  const user = await open(dialect().newMailboxDn(request('Globex', '', 'gus')), password);
  try {
    const seen: string[] = [];
    for await (const page of user.connection.searchPages(dc.suffix, { scope: 'sub', attributes: ['*'] })) {
      for (const entry of page) if (JSON.stringify(entry).toLowerCase().includes('acme')) seen.push(entry.dn);
    }
    return seen;
  } finally {
    await user.connection.dispose();
  }
}

describe.skipIf(skip)('tenant exit and teardown on Active Directory (Samba AD DC)', () => {
  beforeAll(async () => {
    dc = await startSambaTestDc();
    work = await mkdtemp(path.join(tmpdir(), 'enclave-ad-lifecycle-'));
    journal = new AuditJournal(path.join(work, 'audit', 'journal.jsonl'));
    host = await open();
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=ann@acme.test', '-keyout', path.join(work, 'key.pem'), '-outform', 'DER', '-out', path.join(work, 'ann.der')]);
    certificate = await readFile(path.join(work, 'ann.der'));
    await makeTenant('Acme', 'acme.test', ['ann', 'bob']);
    await host.services.groups.create({ tenant: 'Acme', kind: 'distribution', name: 'Sales', description: '', address: 'sales@acme.test', members: ['ann', 'bob'] });
    await host.connection.modify(dialect().newMailboxDn(request('Acme', '', 'ann')), [new Change({ operation: 'add', modification: new Attribute({ type: 'userCertificate', values: [certificate] }) })]);
    await host.connection.add(childDn(dialect().layout.hostGroupsDn, 'CN', 'newsletter'), { objectClass: 'group', groupType: '8', member: dialect().newMailboxDn(request('Acme', '', 'bob')) });
    await makeTenant('Globex', 'globex.test', ['gus']);
    const tls = path.join(dc.dir, 'private', 'tls');
    proxy = await startLdapCutProxy({ host: dc.host, port: 636, caPem: dc.caPem, serverName: dc.tlsServerName, keyPem: await readFile(path.join(tls, 'key.pem'), 'utf8'), certPem: await readFile(path.join(tls, 'cert.pem'), 'utf8') });
  }, 240_000);
  afterAll(async () => {
    await proxy?.close();
    await host?.connection.dispose();
    await dc?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('exports the OU’s entries, the PSO outside it, certificates and the console journal', async () => {
    const exported = await lifecycleOf(host).exportTenant('Acme');
    expect(exported).toMatchObject({ flavor: 'active-directory', counts: { mailboxes: 2, lists: 1, certificates: 1 }, certificateWarning: { mailboxes: ['ann'] } });
    await verifyPackage(exported.folder);
    await run('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: exported.folder });
    const policyLdif = await readFile(path.join(exported.folder, 'directory/policy-entries.ldif'), 'utf8');
    expect(policyLdif).toMatch(/dn: CN=enclave-[0-9a-f]{16},CN=Password Settings Container,CN=System,/);
    expect(policyLdif).toContain('msDS-PSOAppliesTo: CN=all-users,OU=Groups,OU=Acme,OU=Tenants,');
    const ldif = await readFile(path.join(exported.folder, 'directory/entries.ldif'), 'utf8');
    expect(ldif).toContain(`userCertificate:: ${certificate.toString('base64')}`);
    expect(ldif).toMatch(/objectGUID:: /);
    expect(ldif.toLowerCase()).not.toContain('globex');
    expect(exported.notes.join(' ')).toMatch(/Active Directory keeps no log of changes that can be read over LDAP/);
    const records = JSON.parse(await readFile(path.join(exported.folder, 'audit/console-journal.json'), 'utf8')) as { tenant: string }[];
    expect(records.length).toBeGreaterThan(3);
    expect(records.every((record) => record.tenant === 'Acme')).toBe(true);
  });

  it('removes the tenant, its PSO and foreign member values, and finds nothing left in the domain', async () => {
    // The one trace: a member value in a group outside the tenant names an Acme user, and AD shows every user the
    // member values of such a group (docs/active-directory.md, a known leak). The teardown takes it out.
    expect(await traceOfAcmeSeenByGlobex()).toEqual([childDn(dialect().layout.hostGroupsDn, 'CN', 'newsletter')]);
    const pso = (await dialect().passwordPolicy!.read(host.connection, 'Acme'))!.dn;
    const guids = (await host.connection.search(dialect().layout.mailboxesDn('Acme'), { scope: 'one', attributes: ['objectGUID'], binaryAttributes: ['objectGUID'] })).length;
    const report = await lifecycleOf(host).teardown('Acme', 'Acme');
    expect(report).toMatchObject({ outcome: 'complete', residue: [], runs: 1, mailStoreKey: 'objectGUID' });
    expect(report.removed.policyEntries.map(normalizeDn)).toEqual([normalizeDn(pso)]);
    expect(report.removed.memberValues.map((value) => normalizeDn(value.member))).toEqual([normalizeDn(dialect().newMailboxDn(request('Acme', '', 'bob')))]);
    expect(report.mailStore).toHaveLength(guids);
    expect(report.mailStore.every((folder) => /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(folder.key))).toBe(true);
    expect(report.retained.find((trace) => trace.what.includes('tombstones'))?.count).toBeGreaterThanOrEqual(report.removed.entries);
    expect(await host.connection.read(pso, ['cn'])).toBeNull();
    expect(await host.connection.read(dialect().layout.tenantDn('Acme'), ['ou'])).toBeNull();
    expect(await traceOfAcmeSeenByGlobex()).toEqual([]);
    // The freed domain and logins can be used again.
    await makeTenant('Acme Again', 'acme.test', ['ann']);
  });

  it('finishes a teardown cut off at a delete when run again', async () => {
    const logins = Array.from({ length: 12 }, (_, i) => `r${i}`);
    await makeTenant('Resume', 'resume.test', logins);
    const through = await open(dc.credentials.bindDN, dc.credentials.password, proxy.url);
    try {
      const lifecycle = lifecycleOf(through);
      await lifecycle.exportTenant('Resume');
      let deletes = 0;
      const cut = proxy.cutAt({ lose: 'request', thenRefuse: true, matches: (r) => r.op === ldapOps.delete && ++deletes === 6 });
      await expectFailure(lifecycle.teardown('Resume', 'Resume'), 'connection-lost');
      expect((await cut).op).toBe(ldapOps.delete);
      expect((await lifecycleOf(host).status('Resume')).unfinishedTeardown).not.toBeNull();
      proxy.acceptAgain();
      const report = await lifecycle.teardown('Resume', 'Resume');
      expect(report).toMatchObject({ outcome: 'complete', residue: [], runs: 2 });
      expect(report.removed.policyEntries).toHaveLength(1);
      expect(await host.connection.read(dialect().layout.tenantDn('Resume'), ['ou'])).toBeNull();
    } finally {
      await through.connection.dispose();
    }
  }, 120_000);
});
