/**
 * The conformance scan against a real slapd: the console makes three clean tenants, then entries that break the
 * policy are planted the way another tool or an older version would leave them (offline, with slapadd), and the
 * scan must name each one, per tenant, and nothing in the clean tenant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../../../../shared/model/conformance';
import type { DirectorySession } from '../../../../main/app/directory-session';
import { childDn } from '../../../../main/directory/dn';
import { ldifEntry } from '../../../../main/directory/ldif';
import { scanConformance } from '../../../../main/policy/conformance/conformance-scan';
import { openRootSession, openSession } from '../../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../../harness/test-directory';

const gib = 2 ** 30;
let dir: TestDirectory;
let host: DirectorySession;
let root: DirectorySession;

const mailbox = (tenant: string, login: string, options: { classes?: string[]; addresses?: string[]; quota?: number; password?: string; state?: string; policy?: string | null } = {}) => {
  const address = options.addresses?.[0] ?? `${login}@${tenant.toLowerCase()}.test`;
  return ldifEntry(childDn(`ou=mailboxes,ou=${tenant},ou=tenants,${dir.info.suffix}`, 'uid', login), {
    objectClass: options.classes ?? ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'],
    uid: login,
    cn: login,
    sn: login,
    mail: address,
    mailLocalAddress: options.addresses ?? [address],
    ...(options.classes && !options.classes.includes('enclaveMailbox') ? {} : { enclaveMailboxQuotaBytes: String(options.quota ?? gib) }),
    userPassword: options.password ?? '{SSHA}placeholderplaceholderplaceholder',
    ...(options.state ? { enclaveAccountState: options.state } : {}),
    // As the console writes it: naming its tenant's own password policy (unless the test plants otherwise).
    ...(options.policy === null ? {} : { pwdPolicySubentry: options.policy ?? `cn=password-policy,ou=${tenant},ou=tenants,${dir.info.suffix}` }),
  });
};

beforeAll(async () => {
  dir = await startTestDirectory();
  host = await openSession(dir);
  const { tenants, mailboxes } = host.services;
  await tenants.create({ name: 'Alpha', settings: { mailDomains: ['alpha.test'], storagePoolBytes: 4 * gib, mailboxLimit: 3 } });
  await tenants.create({ name: 'Beta', settings: { mailDomains: ['beta.test'] } });
  await tenants.create({ name: 'Clean', settings: { mailDomains: ['clean.test'], storagePoolBytes: 10 * gib, mailboxLimit: 5 } });
  const create = (tenant: string, login: string) =>
    mailboxes.create({ tenant, login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@${tenant.toLowerCase()}.test`, aliases: [], quotaBytes: gib, hiddenFromAddressBook: false, password: 'Conform-Pass-1', enabled: true, groups: [] });
  await create('Alpha', 'ann');
  await create('Beta', 'bob');
  await create('Clean', 'carl');
  await create('Clean', 'cleo');
  await host.connection.dispose();

  const S = dir.info.suffix;
  await dir.loadOffline(
    [
      // Alpha: two more mailboxes (4 > limit 3) and 1 + 2 + 2 GiB > its 4 GiB pool.
      mailbox('Alpha', 'amy', { quota: 2 * gib }),
      mailbox('Alpha', 'abe', { quota: 2 * gib, addresses: ['abe@alpha.test', 'abe@beta.test'] }),
      // A person without the mailbox classes: bindable, unmetered, invisible to the console.
      mailbox('Alpha', 'shadow', { classes: ['inetOrgPerson'] }),
      // A group whose member is Beta's mailbox.
      ldifEntry(`cn=mixed,ou=groups,ou=Alpha,ou=tenants,${S}`, { objectClass: 'enclaveGroup', cn: 'mixed', enclaveGroupKind: 'security', member: `uid=bob,ou=mailboxes,ou=Beta,ou=tenants,${S}` }),
      // Something below a mailbox.
      ldifEntry(`ou=stash,uid=ann,ou=mailboxes,ou=Alpha,ou=tenants,${S}`, { objectClass: 'organizationalUnit', ou: 'stash' }),
      // Beta: the host admin's login, and a password stored pre-hashed.
      mailbox('Beta', 'admin'),
      mailbox('Beta', 'hashed', { password: '{CRYPT}abcdefghijklm' }),
      // Disabled as the console shows it, but without the server's lock.
      mailbox('Beta', 'halfoff', { state: 'disabled' }),
      // A fourth tenant claiming Alpha's domain; its container has a password.
      ldifEntry(`ou=Gamma,ou=tenants,${S}`, { objectClass: ['organizationalUnit', 'enclaveTenant'], ou: 'Gamma', enclaveMailDomain: 'alpha.test' }),
      ldifEntry(`ou=mailboxes,ou=Gamma,ou=tenants,${S}`, { objectClass: ['organizationalUnit', 'simpleSecurityObject'], ou: 'mailboxes', userPassword: 'Secret-1' }),
    ].join(''),
  );
  host = await openSession(dir);
  root = await openRootSession(dir);
  // Made before per-tenant policies (none named), and one following another tenant's policy: written online by the
  // rootDN (no access rules), so that the explicit fix can modify them later (slapadd -s leaves entries it cannot).
  const planted = (login: string, policy: string | null) => ({
    objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'], uid: login, cn: login, sn: login, mail: `${login}@beta.test`, mailLocalAddress: `${login}@beta.test`,
    enclaveMailboxQuotaBytes: String(gib), userPassword: 'Conform-Pass-1', ...(policy === null ? {} : { pwdPolicySubentry: policy }),
  });
  await root.connection.add(`uid=legacy,ou=mailboxes,ou=Beta,ou=tenants,${S}`, planted('legacy', null));
  await root.connection.add(`uid=borrowed,ou=mailboxes,ou=Beta,ou=tenants,${S}`, planted('borrowed', `cn=password-policy,ou=Alpha,ou=tenants,${S}`));
}, 60_000);
afterAll(async () => {
  await host?.connection.dispose();
  await root?.connection.dispose();
  await dir?.stop();
});

const rulesOf = (report: ConformanceReport, tenant: string) => report.findings.filter((f) => f.tenant === tenant).map((f) => `${f.rule} ${f.dn.split(',')[0]}`).sort();

describe('#scanConformance()', () => {
  it('names every planted entry under its tenant, and nothing in the clean tenant', async () => {
    const report = await scanConformance(root.services.context);
    expect(report.passed).toBe(false);
    expect(report.tenantCount).toBe(4);
    expect(rulesOf(report, 'Alpha')).toEqual([
      'duplicate-domain ou=Alpha',
      'foreign-address uid=abe',
      'foreign-member cn=mixed',
      'missing-classes uid=shadow',
      'over-mailbox-limit ou=Alpha',
      'over-pool ou=Alpha',
      'unexpected-entry ou=stash',
    ]);
    expect(rulesOf(report, 'Beta')).toEqual(['disabled-not-locked uid=halfoff', 'mailbox-without-tenant-policy uid=borrowed', 'mailbox-without-tenant-policy uid=legacy', 'pre-hashed-password uid=hashed', 'staff-login-collision uid=admin']);
    expect(rulesOf(report, 'Gamma')).toEqual(['duplicate-domain ou=Gamma', 'password-on-non-mailbox ou=mailboxes', 'tenant-without-password-policy ou=Gamma']);
    expect(rulesOf(report, 'Clean')).toEqual([]);
    expect(report.tenantsWithFindings.map((t) => t.tenant)).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(report.findings.find((f) => f.rule === 'over-pool')?.message).toMatch(/5368709120 bytes, 1073741824 more than its pool of 4294967296/);
    expect(report.unchecked).toEqual([]);
  });

  it('finds no password-policy findings once a host admin gave every tenant its own policy (the explicit fix)', async () => {
    const adopted = await host.services.passwordPolicies.adopt();
    expect(adopted.tenantsGivenPolicy).toEqual(['Gamma']);
    expect(adopted.failed).toEqual([]);
    expect(adopted.mailboxesFixed).toBe(2);
    const report = await scanConformance(host.services.context);
    expect(report.findings.filter((f) => f.rule === 'tenant-without-password-policy' || f.rule === 'mailbox-without-tenant-policy')).toEqual([]);
    // Running it again changes nothing.
    expect(await host.services.passwordPolicies.adopt()).toMatchObject({ tenantsGivenPolicy: [], mailboxesFixed: 0 });
  });

  it('reports one tenant when asked, and says what it could not check as a host admin', async () => {
    const report = await scanConformance(host.services.context, { tenant: 'Beta' });
    expect(report.findings.every((f) => f.tenant === 'Beta')).toBe(true);
    expect(report.findings.map((f) => f.rule)).toContain('staff-login-collision');
    // Host admins may set passwords but not read them: the scan says what it could not check instead of guessing.
    expect(report.checked).not.toContain('pre-hashed-password');
    expect(report.unchecked.map((u) => u.rule)).toContain('pre-hashed-password');
    expect(report.findings.map((f) => f.rule)).not.toContain('pre-hashed-password');
  });
});
