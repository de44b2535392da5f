/**
 * The keys report on a real slapd with the access policy in force: every finding of the shared fixture, per
 * tenant, as the host admin, the helpdesk and a tenant admin see it (the last cannot see other tenants, and the
 * report says so instead of showing a clean result).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { buildKeysReport } from '../../../main/keys/keys-report';
import { crossTenantReach } from '../../../main/keys/keys-reach';
import { resolveConsoleRole } from '../../../main/policy/role-checks';
import type { KeysReport, TenantKeys } from '../../../shared/model/keys';
import { expectFailure } from '../../harness/expect-failure';
import { openIsolatedSession, openSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { opensslKeyFingerprint } from '../../harness/test-certificates';
import { keysPassword, seedKeysFixture, type KeysFixture } from './keys-fixture';

let dir: TestDirectory;
let host: DirectorySession;
let fixture: KeysFixture;
const opened: DirectorySession[] = [];

const reportAs = async (session: DirectorySession, tenant?: string, expiringWithinDays = 30): Promise<KeysReport> => {
  const reach = crossTenantReach(await resolveConsoleRole(session.services.context, session.info.bindDN));
  return buildKeysReport(session.services.context, { ...(tenant ? { tenant } : {}), expiringWithinDays, reach });
};
const tenantOf = (report: KeysReport, name: string): TenantKeys => {
  const found = report.tenants.find((t) => t.tenant === name);
  if (!found) throw new Error(`no ${name} in the report`);
  return found;
};
const kinds = (tenant: TenantKeys) => tenant.findings.map((f) => `${f.kind}:${f.login ?? '-'}${f.otherTenants.length ? `>${f.otherTenants.join('+')}` : ''}`).sort();

beforeAll(async () => {
  dir = await startTestDirectory();
  host = await openIsolatedSession(dir);
  fixture = await seedKeysFixture(host);
  await host.services.groups.addMembers({ tenant: 'Acme', kind: 'security', name: 'tenant-admins' }, ['nocert']);
}, 120_000);

afterAll(async () => {
  for (const session of opened) await session.connection.dispose();
  await host?.connection.dispose();
  await fixture?.dispose();
  await dir?.stop();
});

const as = async (bindDN: string, password: string) => {
  const session = await openSession(dir, bindDN, password);
  opened.push(session);
  return session;
};

describe('#buildKeysReport() as the host admin', () => {
  it('lists every certificate per mailbox with subject, issuer, serial, validity and key fingerprint', async () => {
    const report = await reportAs(host);
    expect(report.tenants.map((t) => t.tenant)).toEqual(['Acme', 'Globex', 'Initech']);
    expect(report.totals).toMatchObject({ mailboxesRead: 8, certificates: 9, unparsed: 1 });
    const alice = tenantOf(report, 'Acme').mailboxes.find((m) => m.login === 'alice');
    // Her X.509 certificate, then her PKCS#7 value: her certificate again (the CA's beside it is its chain).
    expect(alice?.certificates.map((c) => [c.attribute, c.container, c.subject])).toEqual([
      ['userCertificate', 'x509', 'CN=Alice, O=Acme'],
      ['userSMIMECertificate', 'pkcs7', 'CN=Alice, O=Acme'],
    ]);
    expect(alice?.certificates[0]).toMatchObject({ issuer: 'O=Acme, CN=Acme Mail CA', keyFingerprint: await opensslKeyFingerprint(fixture.byLogin.alice), addresses: ['alice@acme.test'] });
    expect(alice?.addresses).toEqual(['alice@acme.test']);
  });

  it('finds the shared key, the CA serving two tenants, the expired, expiring and mismatched certificates and the unreadable value', async () => {
    const report = await reportAs(host);
    expect(kinds(tenantOf(report, 'Acme'))).toEqual(['address-mismatch:dave', 'expired:carol', 'expiring:erin', 'shared-key:frank>Globex']);
    expect(kinds(tenantOf(report, 'Globex'))).toEqual(['shared-issuer:->Initech', 'shared-key:hank>Acme', 'unparsed:gina']);
    expect(kinds(tenantOf(report, 'Initech'))).toEqual(['shared-issuer:->Globex']);
    expect(report.unchecked).toEqual([]);
    const acme = tenantOf(report, 'Acme');
    expect(acme.findings.find((f) => f.kind === 'expired')?.message).toMatch(/expired on 2021-01-01/);
    expect(acme.findings.find((f) => f.kind === 'expiring')?.message).toMatch(/in 10 days/);
    expect(acme.findings.find((f) => f.kind === 'address-mismatch')?.message).toMatch(/dave@elsewhere\.test, which is not an address of this mailbox \(dave@acme\.test\)/);
    expect(acme.findings[0]?.severity).toBe('error');
  });

  it('lists the issuers each tenant uses, with the other tenants a CA also serves', async () => {
    const report = await reportAs(host);
    expect(tenantOf(report, 'Acme').issuers.map((i) => [i.issuer, i.certificates, i.mailboxes, i.otherTenants])).toEqual([['O=Acme, CN=Acme Mail CA', 6, 5, []]]);
    expect(tenantOf(report, 'Globex').issuers.map((i) => [i.issuer, i.certificates, i.mailboxes, i.otherTenants, i.otherTenantCount])).toEqual([['O=Hosted Keys, CN=Hosted Keys Mail CA', 2, 2, ['Initech'], 1]]);
  });

  it('reports one tenant, still comparing it with the others; an unknown tenant is not found', async () => {
    const report = await reportAs(host, 'Globex');
    expect(report.tenants.map((t) => t.tenant)).toEqual(['Globex']);
    expect(report.totals.mailboxesRead).toBe(8);
    expect(kinds(tenantOf(report, 'Globex'))).toContain('shared-key:hank>Acme');
    await expectFailure(reportAs(host, 'Nobody'), 'not-found', /no tenant "Nobody"/);
  });

  it('counts a certificate expiring within the window the caller chose', async () => {
    expect(kinds(tenantOf(await reportAs(host, 'Acme', 5), 'Acme'))).not.toContain('expiring:erin');
    expect(kinds(tenantOf(await reportAs(host, 'Acme', 400), 'Acme')).filter((k) => k.startsWith('expiring'))).toEqual(expect.arrayContaining(['expiring:erin', 'expiring:alice']));
  });
});

describe('#buildKeysReport() by role', () => {
  it('gives the helpdesk the host admin\'s view', async () => {
    const helpdesk = await as(dir.helpdesk.bindDN, dir.helpdesk.password);
    const report = await reportAs(helpdesk);
    expect(report.tenants.map((t) => t.tenant)).toEqual(['Acme', 'Globex', 'Initech']);
    expect(kinds(tenantOf(report, 'Acme'))).toContain('shared-key:frank>Globex');
  });

  it('shows a tenant admin its own tenant only, without cross-tenant findings, and says which checks it could not make', async () => {
    const admin = await as((await host.services.mailboxes.get('Acme', 'nocert')).dn, keysPassword);
    const report = await reportAs(admin);
    expect(report.tenants.map((t) => t.tenant)).toEqual(['Acme']);
    expect(report.totals.mailboxesRead).toBe(5);
    expect(kinds(tenantOf(report, 'Acme'))).toEqual(['address-mismatch:dave', 'expired:carol', 'expiring:erin']);
    expect(report.unchecked.map((u) => u.kind)).toEqual(['shared-certificate', 'shared-key', 'shared-issuer']);
    expect(report.unchecked[0]?.reason).toMatch(/reads only its own tenant/);
    expect((await reportAs(admin, 'Acme')).tenants.map((t) => t.tenant)).toEqual(['Acme']);
    await expectFailure(reportAs(admin, 'Globex'), 'not-found');
  });
});
