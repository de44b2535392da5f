/**
 * The key inventory, its findings and certificate import/removal on a real Samba AD DC over LDAPS: certificates in
 * userCertificate and userSMIMECertificate through the AD dialect, and the certificates set of the access policy as
 * AD enforces it (tenant DACLs, and each mailbox's explicit SELF denies).
 */
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { buffers } from '../../../main/directory/entry';
import { CertificateService } from '../../../main/keys/certificate-service';
import { crossTenantReach } from '../../../main/keys/keys-reach';
import { buildKeysReport } from '../../../main/keys/keys-report';
import { resolveConsoleRole } from '../../../main/policy/role-checks';
import type { KeysReport } from '../../../shared/model/keys';
import { expectFailure } from '../../harness/expect-failure';
import { openAdSession } from '../../harness/samba-session';
import { sambaUnavailableReason, startSambaTestDc, type SambaTestDc } from '../../harness/samba-test-dc';
import { skipWithoutServer } from '../../harness/required-server';
import { keysPassword, seedKeysFixture, type KeysFixture } from './keys-fixture';

const skip = skipWithoutServer('the Active Directory key tests', await sambaUnavailableReason());

let dc: SambaTestDc;
let host: DirectorySession;
let fixture: KeysFixture;
const opened: DirectorySession[] = [];

const as = async (tenant: string, login: string) => {
  const session = await openAdSession(dc, { bindDN: (await host.services.mailboxes.get(tenant, login)).dn, password: keysPassword });
  opened.push(session);
  return session;
};
const reportAs = async (session: DirectorySession, tenant?: string): Promise<KeysReport> =>
  buildKeysReport(session.services.context, { ...(tenant ? { tenant } : {}), expiringWithinDays: 30, reach: crossTenantReach(await resolveConsoleRole(session.services.context, session.info.bindDN)) });
const kinds = (report: KeysReport, tenant: string) =>
  (report.tenants.find((t) => t.tenant === tenant)?.findings ?? []).map((f) => `${f.kind}:${f.login ?? '-'}${f.otherTenants.length ? `>${f.otherTenants.join('+')}` : ''}`).sort();
const add = (attribute: string, der: Buffer) => [new Change({ operation: 'add', modification: new Attribute({ type: attribute, values: [der] }) })];
const certificatesOn = async (tenant: string, login: string): Promise<Buffer[]> => {
  const [entry] = await host.connection.search((await host.services.mailboxes.get(tenant, login)).dn, { scope: 'base', attributes: ['userCertificate', 'userSMIMECertificate'], binaryAttributes: ['userCertificate', 'userSMIMECertificate'] });
  return entry ? [...buffers(entry, 'userCertificate'), ...buffers(entry, 'userSMIMECertificate')] : [];
};

describe.skipIf(skip)('keys on Active Directory (Samba AD DC)', () => {
  beforeAll(async () => {
    dc = await startSambaTestDc();
    host = await openAdSession(dc);
    fixture = await seedKeysFixture(host);
    await host.services.groups.addMembers({ tenant: 'Acme', kind: 'security', name: 'tenant-admins' }, ['nocert']);
  }, 240_000);
  afterAll(async () => {
    for (const session of opened) await session.connection.dispose();
    await host?.connection.dispose();
    await fixture?.dispose();
    await dc?.stop();
  });

  it('reads userCertificate and userSMIMECertificate through the AD dialect and makes the same findings as on OpenLDAP', async () => {
    expect(host.services.context.dialect.certificates.stored.map((s) => s.attribute)).toEqual(['userCertificate', 'userSMIMECertificate']);
    const report = await reportAs(host);
    expect(report.tenants.map((t) => t.tenant)).toEqual(['Acme', 'Globex', 'Initech']);
    expect(report.totals).toMatchObject({ mailboxesRead: 8, certificates: 9, unparsed: 1 });
    expect(kinds(report, 'Acme')).toEqual(['address-mismatch:dave', 'expired:carol', 'expiring:erin', 'shared-key:frank>Globex']);
    expect(kinds(report, 'Globex')).toEqual(['shared-issuer:->Initech', 'shared-key:hank>Acme', 'unparsed:gina']);
    expect(kinds(report, 'Initech')).toEqual(['shared-issuer:->Globex']);
  });

  it('shows a tenant admin its tenant only, and says the cross-tenant checks were not made', async () => {
    const report = await reportAs(await as('Acme', 'nocert'));
    expect(report.tenants.map((t) => t.tenant)).toEqual(['Acme']);
    expect(kinds(report, 'Acme')).toEqual(['address-mismatch:dave', 'expired:carol', 'expiring:erin']);
    expect(report.unchecked.map((u) => u.kind)).toEqual(['shared-certificate', 'shared-key', 'shared-issuer']);
  });

  it('imports with the same checks as a tenant admin, and removes by fingerprint (an SMIME value deleted by itself)', async () => {
    const admin = new CertificateService((await as('Acme', 'nocert')).services.context, null);
    const fresh = await fixture.certs.issue(fixture.acmeCa, { subject: '/CN=No Cert', emails: ['nocert@acme.test'] });
    const request = { tenant: 'Acme', login: 'nocert', fileBase64: Buffer.from(fresh.pem).toString('base64'), dryRun: false, acceptWarnings: false, expiringWithinDays: 30 };
    await expectFailure(admin.importCertificate({ ...request, fileBase64: Buffer.from(fixture.byLogin.carol.pem).toString('base64') }), 'invalid-input', /expired on 2021-01-01/);
    expect((await admin.importCertificate(request)).written).toBe(true);
    expect((await certificatesOn('Acme', 'nocert')).map((v) => v.equals(fresh.der))).toEqual([true]);
    const alice = await new CertificateService(host.services.context, null).view('Acme', 'alice', 30);
    const after = await new CertificateService(host.services.context, null).remove('Acme', 'alice', alice.certificates[0]?.fingerprint ?? '', 30);
    expect(after.certificates).toEqual([]);
    expect(await certificatesOn('Acme', 'alice')).toEqual([]);
  });

  it('refuses a tenant user publishing its own certificate (SELF reads Personal-Information, no longer writes it), and another tenant\'s admin', async () => {
    const own = await fixture.certs.issue(null, { subject: '/CN=Mine', emails: ['carol@acme.test'] });
    const carol = await as('Acme', 'carol');
    for (const attribute of ['userCertificate', 'userSMIMECertificate', 'userCert']) {
      await expectFailure(carol.connection.modify(carol.info.bindDN, add(attribute, own.der)), 'insufficient-access');
    }
    // The rest of the set goes with it (tenant users change nothing of their own but the password); reading stays.
    await expectFailure(carol.connection.modify(carol.info.bindDN, [new Change({ operation: 'replace', modification: new Attribute({ type: 'telephoneNumber', values: ['+1 555 0100'] }) })]), 'insufficient-access');
    expect((await carol.connection.read(carol.info.bindDN, ['userCertificate']))?.['userCertificate']).toBeDefined();
    await host.services.mailboxes.create({ tenant: 'Globex', login: 'gadmin', givenName: '', surname: 'g', displayName: '', primaryAddress: 'gadmin@globex.test', aliases: [], quotaBytes: null, hiddenFromAddressBook: false, password: keysPassword, enabled: true, groups: [] });
    await host.services.groups.addMembers({ tenant: 'Globex', kind: 'security', name: 'tenant-admins' }, ['gadmin']);
    const foreign = await as('Globex', 'gadmin');
    const target = (await host.services.mailboxes.get('Acme', 'dave')).dn;
    const outcome = await foreign.connection.modify(target, add('userCertificate', own.der)).then(() => 'written', (error: { error?: { kind: string } }) => error.error?.kind);
    expect(['insufficient-access', 'not-found']).toContain(outcome);
    expect((await certificatesOn('Acme', 'carol')).some((v) => v.equals(own.der))).toBe(false);
    expect((await certificatesOn('Acme', 'dave')).some((v) => v.equals(own.der))).toBe(false);
    // The tenant's own admin still may.
    const admin = await as('Acme', 'nocert');
    await admin.connection.modify(carol.info.bindDN, add('userCertificate', own.der));
    expect((await certificatesOn('Acme', 'carol')).some((v) => v.equals(own.der))).toBe(true);
  });

  it('lets the tenant\'s users read certificates in their address book', async () => {
    const peer = await as('Acme', 'dave');
    const [entry] = await peer.connection.search((await host.services.mailboxes.get('Acme', 'erin')).dn, { scope: 'base', attributes: ['userCertificate'], binaryAttributes: ['userCertificate'] });
    expect(entry && buffers(entry, 'userCertificate').map((v) => v.equals(fixture.byLogin.erin.der))).toEqual([true]);
  });
});
