/**
 * The certificates set of the access policy, attacked with plain ldapts on a real slapd with the generated rules
 * applied (no console in the way): a tenant admin writing a certificate on another tenant's mailbox, a tenant user
 * publishing or removing its own, a user of one tenant reading another's. Each attack must fail and leave the entry
 * as it was; the grants that remain (tenant admins in their tenant, the address book) must work.
 */
import { Attribute, Change, Client, type Entry } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../../../main/app/directory-session';
import { generateAccessRules } from '../../../../../main/flavors/openldap/isolation/access-rules';
import { policyCell } from '../../../../../main/policy/access-policy';
import { openIsolatedSession } from '../../../../harness/hosting-session';
import { boundClient, startTestDirectory, type TestDirectory } from '../../../../harness/test-directory';
import { TestCertificates, type TestCertificate } from '../../../../harness/test-certificates';

let dir: TestDirectory;
let host: DirectorySession;
let certs: TestCertificates;
const clients: Client[] = [];
const password = 'Correct-Horse-9';
const tenants = [
  { name: 'Acme', domain: 'acme.test' },
  // Regex and DN metacharacters: the rule captures the tenant from the DN, so no name may widen it.
  { name: 'Globex, (.*) Inc.', domain: 'globex.test' },
] as const;
const dn: Record<string, string> = {};
let acmeCert: TestCertificate;
let globexCert: TestCertificate;

const bind = async (who: string) => {
  const client = await boundClient(dir.info.url, dn[who] ?? '', password);
  clients.push(client);
  return client;
};
const add = (der: Buffer) => [new Change({ operation: 'add', modification: new Attribute({ type: 'userCertificate;binary', values: [der] }) })];
const remove = (der: Buffer) => [new Change({ operation: 'delete', modification: new Attribute({ type: 'userCertificate;binary', values: [der] }) })];
const smime = (der: Buffer) => [new Change({ operation: 'add', modification: new Attribute({ type: 'userSMIMECertificate', values: [der] }) })];
/** The certificates of `target` as the host admin reads them. */
const held = async (target: string): Promise<Buffer[]> => {
  const entry = await host.connection.read(dn[target] ?? '', ['userCertificate;binary', 'userSMIMECertificate']);
  return certificatesIn(entry);
};
const certificatesIn = (entry: Entry | null | undefined): Buffer[] =>
  Object.entries(entry ?? {})
    .filter(([name]) => /^user(SMIME)?Certificate/i.test(name))
    .flatMap(([, value]) => (Array.isArray(value) ? value : [value]))
    .filter((value): value is Buffer => Buffer.isBuffer(value));
/** An attack: it must be refused, by insufficient access or by not seeing the entry at all. */
const refused = async (attempt: Promise<unknown>) => {
  const error = await attempt.then(() => null, (caught: unknown) => caught as Error & { code?: number });
  expect(error, 'the write went through').not.toBeNull();
  expect([50, 32]).toContain(error?.code);
};

beforeAll(async () => {
  dir = await startTestDirectory();
  host = await openIsolatedSession(dir);
  certs = await TestCertificates.create();
  const ca = await certs.ca('Test');
  for (const [index, tenant] of tenants.entries()) {
    await host.services.tenants.create({ name: tenant.name, settings: { mailDomains: [tenant.domain] } });
    for (const who of ['admin', 'user', 'peer']) {
      const login = `t${index}${who}`;
      const mailbox = await host.services.mailboxes.create({ tenant: tenant.name, login, givenName: '', surname: who, displayName: '', primaryAddress: `${login}@${tenant.domain}`, aliases: [], hiddenFromAddressBook: false, password, enabled: true, groups: [], quotaBytes: null });
      dn[login] = mailbox.dn;
    }
    await host.services.groups.addMembers({ tenant: tenant.name, kind: 'security', name: 'tenant-admins' }, [`t${index}admin`]);
  }
  acmeCert = await certs.issue(ca, { subject: '/CN=Acme user', emails: ['t0user@acme.test'] });
  globexCert = await certs.issue(ca, { subject: '/CN=Globex user', emails: ['t1user@globex.test'] });
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.unbind().catch(() => undefined);
  await host?.connection.dispose();
  await certs?.dispose();
  await dir?.stop();
});

describe('the certificates set on a real slapd', () => {
  it('is one generated rule that names no tenant, from the policy table', () => {
    const rule = generateAccessRules(host.services.context.dialect.layout.suffix).find((r) => r.includes('attrs=userCertificate,userSMIMECertificate'));
    expect(rule).toMatch(/member\.expand="cn=tenant-admins,ou=groups,\$1" write by dn\.children,expand="ou=mailboxes,\$1" read by \* none$/);
    expect(policyCell('tenant-user', 'self', 'mailbox', 'certificates', 'modify')?.allowed).toBe(false);
    expect(policyCell('tenant-admin', 'tenant', 'mailbox', 'certificates', 'remove')?.allowed).toBe(true);
  });

  it('lets a tenant admin publish and withdraw certificates in its own tenant', async () => {
    const admin = await bind('t0admin');
    await admin.modify(dn['t0user'] ?? '', add(acmeCert.der));
    expect((await held('t0user')).map((v) => v.equals(acmeCert.der))).toEqual([true]);
    await admin.modify(dn['t0user'] ?? '', remove(acmeCert.der));
    expect(await held('t0user')).toEqual([]);
    await admin.modify(dn['t0user'] ?? '', add(acmeCert.der));
  });

  it('refuses a tenant admin writing or removing a certificate on another tenant\'s mailbox', async () => {
    await host.connection.modify(dn['t1user'] ?? '', add(globexCert.der));
    const attacker = await bind('t0admin');
    await refused(attacker.modify(dn['t1peer'] ?? '', add(acmeCert.der)));
    await refused(attacker.modify(dn['t1peer'] ?? '', smime(acmeCert.der)));
    await refused(attacker.modify(dn['t1user'] ?? '', remove(globexCert.der)));
    await refused(attacker.modify(dn['t1user'] ?? '', [new Change({ operation: 'replace', modification: new Attribute({ type: 'userCertificate;binary', values: [acmeCert.der] }) })]));
    expect(await held('t1peer')).toEqual([]);
    expect((await held('t1user')).map((v) => v.equals(globexCert.der))).toEqual([true]);
  });

  it('refuses a tenant user publishing, replacing or removing its own certificate', async () => {
    const user = await bind('t0user');
    const own = await certs.issue(null, { subject: '/CN=Mine', emails: ['t0user@acme.test'] });
    await refused(user.modify(dn['t0user'] ?? '', add(own.der)));
    await refused(user.modify(dn['t0user'] ?? '', smime(own.der)));
    await refused(user.modify(dn['t0user'] ?? '', remove(acmeCert.der)));
    await refused(user.modify(dn['t0peer'] ?? '', add(own.der)));
    expect((await held('t0user')).map((v) => v.equals(acmeCert.der))).toEqual([true]);
    expect(await held('t0peer')).toEqual([]);
  });

  it('lets the tenant\'s users read certificates in their address book, and nobody read another tenant\'s', async () => {
    const peer = await bind('t0peer');
    const { searchEntries: book } = await peer.search(dn['t0user'] ?? '', { scope: 'base', attributes: ['userCertificate;binary'] });
    expect(certificatesIn(book[0]).map((v) => v.equals(acmeCert.der))).toEqual([true]);
    for (const outsider of ['t1peer', 't1admin']) {
      const client = await bind(outsider);
      const found = await client.search(dn['t0user'] ?? '', { scope: 'base', attributes: ['userCertificate;binary'] }).then((r) => r.searchEntries, () => []);
      expect(certificatesIn(found[0])).toEqual([]);
    }
  });
});
