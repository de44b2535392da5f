/**
 * Importing and removing a mailbox's certificate on a real slapd with the access policy in force: each check
 * refuses or warns in words and writes nothing, as the host admin and as a tenant admin; the console refuses a
 * tenant user and a foreign tenant's admin before sending.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { buffers } from '../../../main/directory/entry';
import { CertificateService } from '../../../main/keys/certificate-service';
import { buildKeysReport } from '../../../main/keys/keys-report';
import { resolveConsoleRole } from '../../../main/policy/role-checks';
import type { ImportCertificateRequest } from '../../../shared/model/keys';
import { expectFailure } from '../../harness/expect-failure';
import { openIsolatedSession, openSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { opensslFacts, type TestCertificate } from '../../harness/test-certificates';
import { keysPassword, mailboxRequest, seedKeysFixture, type KeysFixture } from './keys-fixture';

let dir: TestDirectory;
let host: DirectorySession;
let fixture: KeysFixture;
const opened: DirectorySession[] = [];

const serviceOf = (session: DirectorySession) => new CertificateService(session.services.context, () => resolveConsoleRole(session.services.context, session.info.bindDN));
const request = (tenant: string, login: string, file: Buffer | string, extra: Partial<ImportCertificateRequest> = {}): ImportCertificateRequest => ({
  tenant, login, fileBase64: Buffer.from(file).toString('base64'), dryRun: false, acceptWarnings: false, expiringWithinDays: 30, ...extra,
});
const storedOn = async (tenant: string, login: string): Promise<Buffer[]> => {
  const entry = await host.connection.read((await host.services.mailboxes.get(tenant, login)).dn, ['userCertificate;binary']);
  return entry ? buffers(entry, 'userCertificate;binary') : [];
};
const as = async (tenant: string, login: string) => {
  const session = await openSession(dir, (await host.services.mailboxes.get(tenant, login)).dn, keysPassword);
  opened.push(session);
  return session;
};

beforeAll(async () => {
  dir = await startTestDirectory();
  host = await openIsolatedSession(dir);
  fixture = await seedKeysFixture(host);
  for (const login of ['olga', 'otto', 'pia']) await host.services.mailboxes.create(mailboxRequest('Acme', login, 'acme.test'));
  await host.services.mailboxes.create(mailboxRequest('Globex', 'gadmin', 'globex.test'));
  await host.services.groups.addMembers({ tenant: 'Acme', kind: 'security', name: 'tenant-admins' }, ['nocert']);
  await host.services.groups.addMembers({ tenant: 'Globex', kind: 'security', name: 'tenant-admins' }, ['gadmin']);
}, 120_000);

afterAll(async () => {
  for (const session of opened) await session.connection.dispose();
  await host?.connection.dispose();
  await fixture?.dispose();
  await dir?.stop();
});

describe('CertificateService#importCertificate()', () => {
  let olga: TestCertificate;
  beforeAll(async () => {
    olga = await fixture.certs.issue(fixture.acmeCa, { subject: '/CN=Olga/O=Acme', emails: ['olga@acme.test'] });
  });

  it('checks first on a dry run (nothing written), then writes the certificate as DER; the address book shows it', async () => {
    const admin = serviceOf(await as('Acme', 'nocert'));
    const checked = await admin.importCertificate(request('Acme', 'olga', olga.pem, { dryRun: true }));
    expect(checked).toMatchObject({ written: false, problems: [], certificate: { subject: 'CN=Olga, O=Acme', fingerprint: (await opensslFacts(olga)).fingerprint } });
    // A tenant admin cannot compare with other tenants: the answer says so.
    expect(checked.unchecked.map((u) => u.kind)).toEqual(['shared-certificate', 'shared-key', 'shared-issuer']);
    expect(await storedOn('Acme', 'olga')).toEqual([]);

    const done = await admin.importCertificate(request('Acme', 'olga', olga.pem));
    expect(done.written).toBe(true);
    expect((await storedOn('Acme', 'olga')).map((value) => value.equals(olga.der))).toEqual([true]);
    const view = await admin.view('Acme', 'olga', 30);
    expect(view.certificates.map((c) => c.subject)).toEqual(['CN=Olga, O=Acme']);
    // Another mailbox of the tenant finds it in the address book (S/MIME lookups).
    const peer = await as('Acme', 'otto');
    const seen = await peer.connection.read(view.dn, ['userCertificate;binary']);
    expect(seen && buffers(seen, 'userCertificate;binary').map((value) => value.equals(olga.der))).toEqual([true]);
  });

  it('refuses the same certificate twice, also when two imports race: one value is written', async () => {
    await expectFailure(serviceOf(host).importCertificate(request('Acme', 'olga', olga.der)), 'invalid-input', /already has this certificate/);
    const racing = await fixture.certs.issue(fixture.acmeCa, { subject: '/CN=Otto race', emails: ['otto@acme.test'] });
    const [a, b] = await Promise.allSettled([serviceOf(host).importCertificate(request('Acme', 'otto', racing.pem)), serviceOf(host).importCertificate(request('Acme', 'otto', racing.pem))]);
    const outcomes = [a, b].map((o) => (o.status === 'fulfilled' ? 'written' : (o.reason as { error: { kind: string; message: string } }).error));
    expect(outcomes.filter((o) => o === 'written')).toHaveLength(1);
    const refused = outcomes.find((o) => o !== 'written') as { kind: string; message: string };
    expect(['already-exists', 'invalid-input']).toContain(refused.kind);
    expect(refused.message).toMatch(/already has this certificate/);
    expect((await storedOn('Acme', 'otto')).filter((value) => value.equals(racing.der))).toHaveLength(1);
    await serviceOf(host).remove('Acme', 'otto', (await opensslFacts(racing)).fingerprint, 30);
  });

  it('refuses an expired certificate, a private key and an unreadable file, whatever is confirmed', async () => {
    const service = serviceOf(host);
    await expectFailure(service.importCertificate(request('Acme', 'otto', fixture.byLogin.carol.pem, { acceptWarnings: true })), 'invalid-input', /Not imported: The certificate "CN=Carol, O=Acme" .* expired on 2021-01-01/);
    const key = await readFile(fixture.byLogin.alice.keyFile);
    await expectFailure(service.importCertificate(request('Acme', 'otto', Buffer.concat([Buffer.from(fixture.byLogin.alice.pem), key]), { acceptWarnings: true })), 'invalid-input', /holds a private key/);
    await expectFailure(service.importCertificate(request('Acme', 'otto', 'hello')), 'invalid-input', /neither PEM .* nor DER/);
    const dry = await service.importCertificate(request('Acme', 'otto', 'hello', { dryRun: true }));
    expect(dry).toMatchObject({ certificate: null, written: false, problems: [{ kind: 'unparsed', severity: 'error' }] });
    expect(await storedOn('Acme', 'otto')).toEqual([]);
  });

  it('writes a certificate for other addresses, or one expiring soon, only once the warning is confirmed', async () => {
    const service = serviceOf(host);
    const foreign = await fixture.certs.issue(fixture.acmeCa, { subject: '/CN=Otto', emails: ['otto@elsewhere.test'] });
    await expectFailure(service.importCertificate(request('Acme', 'otto', foreign.pem)), 'invalid-input', /Not imported yet: .*otto@elsewhere\.test, which is not an address of this mailbox .* Confirm/);
    expect(await storedOn('Acme', 'otto')).toEqual([]);
    expect((await service.importCertificate(request('Acme', 'otto', foreign.pem, { acceptWarnings: true }))).written).toBe(true);
    const soon = await fixture.certs.issue(fixture.acmeCa, { subject: '/CN=Otto', emails: ['otto@acme.test'], days: 5 });
    const dry = await service.importCertificate(request('Acme', 'otto', soon.pem, { dryRun: true }));
    expect(dry.problems.map((p) => [p.kind, p.severity])).toEqual([['expiring', 'warning']]);
  });

  it('refuses, as the host admin, a key another tenant already uses, and warns about a CA that serves other tenants', async () => {
    const service = serviceOf(host);
    const stolen = await fixture.certs.issue(fixture.acmeCa, { subject: '/CN=Pia', emails: ['pia@acme.test'], keyFile: fixture.byLogin.gina.keyFile });
    await expectFailure(service.importCertificate(request('Acme', 'pia', stolen.pem, { acceptWarnings: true })), 'invalid-input', /public key of "CN=Pia" .* also in a certificate of tenant "Globex"/);
    // Globex's own certificate on an Acme mailbox: the same certificate in two tenants.
    await expectFailure(service.importCertificate(request('Acme', 'pia', fixture.byLogin.ivan.pem, { acceptWarnings: true })), 'invalid-input', /also published for a mailbox of tenant "Initech"/);
    const hosted = await fixture.certs.issue(fixture.hostedCa, { subject: '/CN=Pia', emails: ['pia@acme.test'] });
    const dry = await service.importCertificate(request('Acme', 'pia', hosted.pem, { dryRun: true }));
    expect(dry.problems.map((p) => [p.kind, p.otherTenants])).toEqual([['shared-issuer', ['Globex', 'Initech']]]);
    expect(await storedOn('Acme', 'pia')).toEqual([]);
  });

  it('lets a tenant admin write what it cannot compare, and the host\'s report then finds the shared key', async () => {
    const admin = serviceOf(await as('Acme', 'nocert'));
    const reused = await fixture.certs.issue(fixture.acmeCa, { subject: '/CN=Pia', emails: ['pia@acme.test'], keyFile: fixture.byLogin.ivan.keyFile });
    const done = await admin.importCertificate(request('Acme', 'pia', reused.pem));
    expect(done.written).toBe(true);
    expect(done.unchecked.map((u) => u.kind)).toContain('shared-key');
    const report = await buildKeysReport(host.services.context, { tenant: 'Acme', expiringWithinDays: 30, reach: { kind: 'all' } });
    expect(report.tenants[0]?.findings.filter((f) => f.login === 'pia').map((f) => [f.kind, f.otherTenants])).toEqual([['shared-key', ['Initech']]]);
  });

  it('is refused before sending for a tenant user, and for another tenant\'s admin', async () => {
    const user = serviceOf(await as('Acme', 'otto'));
    await expectFailure(user.importCertificate(request('Acme', 'otto', fixture.byLogin.alice.pem)), 'insufficient-access', /Refused before sending: Certificates are published by the tenant’s admins/);
    const foreign = serviceOf(await as('Globex', 'gadmin'));
    await expectFailure(foreign.importCertificate(request('Acme', 'olga', fixture.byLogin.alice.pem)), 'insufficient-access', /may only manage their own tenant \(Globex\), not "Acme"/);
  });
});

describe('CertificateService#remove()', () => {
  it('removes one X.509 value by its fingerprint and keeps the others', async () => {
    const service = serviceOf(await as('Acme', 'nocert'));
    const extra = await fixture.certs.issue(fixture.acmeCa, { subject: '/CN=Olga 2', emails: ['olga@acme.test'] });
    await service.importCertificate(request('Acme', 'olga', extra.pem));
    const before = await service.view('Acme', 'olga', 30);
    expect(before.certificates).toHaveLength(2);
    const after = await service.remove('Acme', 'olga', (await opensslFacts(extra)).fingerprint, 30);
    expect(after.certificates.map((c) => c.subject)).toEqual(['CN=Olga, O=Acme']);
  });

  it('removes every value holding the certificate (its X.509 value and the PKCS#7 value carrying it) and an unreadable value', async () => {
    const service = serviceOf(host);
    const alice = await service.view('Acme', 'alice', 30);
    expect(alice.certificates.map((c) => c.container)).toEqual(['x509', 'pkcs7']);
    // userSMIMECertificate has no equality rule: its other values (none here) are written back.
    const after = await service.remove('Acme', 'alice', alice.certificates[1]?.fingerprint ?? '', 30);
    expect(after.certificates).toEqual([]);
    const raw = await host.connection.read(alice.dn, ['userCertificate;binary', 'userSMIMECertificate']);
    expect(raw && [...buffers(raw, 'userCertificate;binary'), ...buffers(raw, 'userSMIMECertificate')]).toEqual([]);
    const gina = await service.view('Globex', 'gina', 30);
    expect(gina.unparsed).toHaveLength(1);
    expect((await service.remove('Globex', 'gina', gina.unparsed[0]?.fingerprint ?? '', 30)).unparsed).toEqual([]);
  });

  it('says so when the mailbox has no such certificate, and refuses a tenant user before sending', async () => {
    await expectFailure(serviceOf(host).remove('Acme', 'olga', 'ab'.repeat(32), 30), 'not-found', /has no certificate with the fingerprint abab/);
    await expectFailure(serviceOf(host).remove('Acme', 'nobody', 'ab'.repeat(32), 30), 'not-found', /has no mailbox with login "nobody"/);
    const user = serviceOf(await as('Acme', 'olga'));
    const own = await user.view('Acme', 'olga', 30);
    await expectFailure(user.remove('Acme', 'olga', own.certificates[0]?.fingerprint ?? '', 30), 'insufficient-access', /Refused before sending/);
  });
});
