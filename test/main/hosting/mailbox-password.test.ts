/**
 * Passwords as issue 17 asks for them, on a real slapd with the access policy in force: the policy that applies is
 * the tenant's own (with pwdMustChange), "must change at the next sign-in" holds the
 * user to a password change (ppolicy pwdReset), an account expiry is kept, and the attacks a tenant principal could
 * try with its own LDAP client — on another tenant, on itself, on the policies — are refused by the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'ldapts';
import type { DirectorySession } from '../../../main/app/directory-session';
import { replace } from '../../../main/directory/changes';
import { childDn } from '../../../main/directory/dn';
import { openLdapLayout } from '../../../main/flavors/openldap/openldap-layout';
import type { CreateMailboxRequest } from '../../../shared/model/hosting';
import { openIsolatedSession, openSession } from '../../harness/hosting-session';
import { boundClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let host: DirectorySession;
let acmeAdmin: DirectorySession;
const password = 'Correct-Horse-9';
const mailbox = (tenant: string, login: string, domain: string, overrides: Partial<CreateMailboxRequest> = {}): CreateMailboxRequest => ({
  tenant, login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@${domain}`, aliases: [], hiddenFromAddressBook: false, password, enabled: true, groups: [], ...overrides,
});
const dnOf = (tenant: string, login: string) => childDn(host.services.context.dialect.layout.mailboxesDn(tenant), 'uid', login);
const clients: Client[] = [];
const client = async (dn: string, secret = password) => {
  const bound = await boundClient(dir.info.url, dn, secret);
  clients.push(bound);
  return bound;
};

beforeAll(async () => {
  dir = await startTestDirectory();
  host = await openIsolatedSession(dir);
  for (const [tenant, domain] of [['Acme', 'acme.test'], ['Globex', 'globex.test']] as const) {
    await host.services.tenants.create({ name: tenant, settings: { mailDomains: [domain] } });
    for (const login of ['admin', 'user']) await host.services.mailboxes.create(mailbox(tenant, `${tenant.toLowerCase()}-${login}`, domain));
    await host.services.groups.addMembers({ tenant, kind: 'security', name: 'tenant-admins' }, [`${tenant.toLowerCase()}-admin`]);
  }
  acmeAdmin = await openSession(dir, dnOf('Acme', 'acme-admin'), password);
}, 120_000);

afterAll(async () => {
  for (const bound of clients) await bound.unbind().catch(() => {});
  await acmeAdmin?.connection.dispose();
  await host?.connection.dispose();
  await dir?.stop();
});

describe('the tenant’s password policy', () => {
  it('holds its users to “must change at the next sign-in” (pwdMustChange), and its mailboxes follow it', async () => {
    const layout = openLdapLayout(dir.info.suffix);
    const policy = await host.connection.read(layout.tenantPolicyDn('Acme'), ['pwdMustChange']);
    expect(policy?.['pwdMustChange']).toBe('TRUE');
    const user = await host.connection.read(dnOf('Acme', 'acme-user'), ['pwdPolicySubentry']);
    expect(String(user?.['pwdPolicySubentry']).toLowerCase()).toBe(layout.tenantPolicyDn('Acme').toLowerCase());
  });
});

describe('must change at the next sign-in', () => {
  it('holds the user to a password change after a tenant admin sets it with a reset, and the user lifts it by changing', async () => {
    await acmeAdmin.services.mailboxes.resetPassword('Acme', 'acme-user', 'Given-Out-Pass-1', true);
    expect((await acmeAdmin.services.mailboxes.get('Acme', 'acme-user')).mustChangePassword).toBe(true);
    const user = await client(dnOf('Acme', 'acme-user'), 'Given-Out-Pass-1');
    await expect(user.search(dnOf('Acme', 'acme-user'), { scope: 'base' })).rejects.toThrow(/restricted to bind\/unbind\/abandon\/StartTLS\/modify password/);
    // Lifting it itself is refused: only a password change does.
    await expect(user.modify(dnOf('Acme', 'acme-user'), [replace('pwdReset', [])])).rejects.toThrow();
    await user.modify(dnOf('Acme', 'acme-user'), [replace('userPassword', 'Own-Choice-Pass-2')]);
    expect((await acmeAdmin.services.mailboxes.get('Acme', 'acme-user')).mustChangePassword).toBe(false);
    const again = await client(dnOf('Acme', 'acme-user'), 'Own-Choice-Pass-2');
    expect((await again.search(dnOf('Acme', 'acme-user'), { scope: 'base', attributes: ['uid'] })).searchEntries).toHaveLength(1);
  });

  it('is set by the helpdesk with a reset, and on a new mailbox by its creator; a reset without it lifts it (the server does)', async () => {
    const helpdesk = await openSession(dir, dir.helpdesk.bindDN, dir.helpdesk.password);
    try {
      await helpdesk.services.mailboxes.resetPassword('Globex', 'globex-user', 'Helpdesk-Pass-3', true);
      expect((await host.services.mailboxes.get('Globex', 'globex-user')).mustChangePassword).toBe(true);
      await host.services.mailboxes.resetPassword('Globex', 'globex-user', 'Another-Pass-4');
      expect((await host.services.mailboxes.get('Globex', 'globex-user')).mustChangePassword).toBe(false);
    } finally {
      await helpdesk.connection.dispose();
    }
    const created = await acmeAdmin.services.mailboxes.create(mailbox('Acme', 'acme-new', 'acme.test', { mustChangePassword: true }));
    expect(created.mustChangePassword).toBe(true);
    expect((await acmeAdmin.services.mailboxes.update('Acme', 'acme-new', { mustChangePassword: false })).mustChangePassword).toBe(false);
  });
});

describe('account expiry', () => {
  it('is kept as a time, changed and cleared by the tenant admin, and read by the user itself', async () => {
    const expiresAt = '2031-01-31T00:00:00Z';
    expect((await acmeAdmin.services.mailboxes.update('Acme', 'acme-new', { expiresAt })).expiresAt).toBe(expiresAt);
    const self = await client(dnOf('Acme', 'acme-new'));
    expect((await self.search(dnOf('Acme', 'acme-new'), { scope: 'base', attributes: ['enclaveAccountExpires'] })).searchEntries[0]?.['enclaveAccountExpires']).toBe('20310131000000Z');
    await expect(self.modify(dnOf('Acme', 'acme-new'), [replace('enclaveAccountExpires', [])])).rejects.toThrow();
    expect((await acmeAdmin.services.mailboxes.update('Acme', 'acme-new', { expiresAt: null })).expiresAt).toBeNull();
  });
});

describe('attacks with a tenant admin’s own LDAP client', () => {
  it('cannot touch another tenant’s must-change or expiry, nor write any password policy', async () => {
    const admin = await client(dnOf('Acme', 'acme-admin'));
    const other = dnOf('Globex', 'globex-user');
    for (const change of [replace('pwdReset', 'TRUE'), replace('enclaveAccountExpires', '20300101000000Z')]) {
      await expect(admin.modify(other, [change])).rejects.toThrow();
    }
    expect((await host.services.mailboxes.get('Globex', 'globex-user'))).toMatchObject({ mustChangePassword: false, expiresAt: null });
    const layout = openLdapLayout(dir.info.suffix);
    await expect(admin.modify(layout.defaultPolicyDn, [replace('pwdMinLength', '1')])).rejects.toThrow();
    await expect(admin.add(childDn(layout.policiesDn, 'cn', 'weak'), { objectClass: ['top', 'device', 'pwdPolicy'], cn: 'weak', pwdAttribute: 'userPassword', pwdMinLength: '1' })).rejects.toThrow();
    // Its own mailbox cannot be pointed at a weaker policy either.
    await expect(admin.modify(dnOf('Acme', 'acme-admin'), [replace('pwdPolicySubentry', layout.staffPolicyDn)])).rejects.toThrow();
    expect((await admin.search(layout.staffPolicyDn, { scope: 'base' }).catch(() => ({ searchEntries: [] }))).searchEntries).toEqual([]);
  });
});
