/**
 * Deletes that can be undone, on a real slapd with the access policy in force: a tenant admin's delete keeps the
 * mailbox in its tenant, hidden, locked and out of its groups, its login and addresses reserved; only a host admin
 * restores or purges it. Then the attacks a tenant admin, a tenant user, the helpdesk and the mail service could try
 * with their own LDAP clients on a deleted mailbox, each of which the server must refuse.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EqualityFilter } from 'ldapts';
import type { Client } from 'ldapts';
import type { DirectorySession } from '../../../main/app/directory-session';
import { addValues, removeValues, replace } from '../../../main/directory/changes';
import { childDn } from '../../../main/directory/dn';
import { openLdapLayout } from '../../../main/flavors/openldap/openldap-layout';
import type { CreateMailboxRequest } from '../../../shared/model/hosting';
import { expectFailure } from '../../harness/expect-failure';
import { openIsolatedSession, openSession } from '../../harness/hosting-session';
import { boundClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let host: DirectorySession;
let admin: DirectorySession;
const password = 'Correct-Horse-9';
const clients: Client[] = [];
const mailbox = (login: string, overrides: Partial<CreateMailboxRequest> = {}): CreateMailboxRequest => ({
  tenant: 'Acme', login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@acme.test`, aliases: [], hiddenFromAddressBook: false, password, enabled: true, groups: [], ...overrides,
});
const dnOf = (login: string) => childDn(host.services.context.dialect.layout.mailboxesDn('Acme'), 'uid', login);
const client = async (dn: string, secret = password) => {
  const bound = await boundClient(dir.info.url, dn, secret);
  clients.push(bound);
  return bound;
};
const canBind = async (dn: string, secret = password) => {
  try {
    await (await client(dn, secret)).search(dn, { scope: 'base', attributes: ['1.1'] });
    return true;
  } catch {
    return false;
  }
};
const members = async (name: string) => (await host.services.groups.get({ tenant: 'Acme', kind: 'security', name })).members.map((m) => m.login).sort();

beforeAll(async () => {
  dir = await startTestDirectory();
  host = await openIsolatedSession(dir);
  await host.services.tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test'], mailboxLimit: 4 } });
  await host.services.mailboxes.create(mailbox('boss'));
  await host.services.groups.addMembers({ tenant: 'Acme', kind: 'security', name: 'tenant-admins' }, ['boss']);
  await host.services.mailboxes.create(mailbox('user'));
  await host.services.groups.create({ tenant: 'Acme', kind: 'security', name: 'Team', description: '', address: null, members: [] });
  await host.services.mailboxes.create(mailbox('leaver', { aliases: ['old-name@acme.test'], groups: ['Team'] }));
  admin = await openSession(dir, dnOf('boss'), password);
}, 120_000);

afterAll(async () => {
  for (const bound of clients) await bound.unbind().catch(() => {});
  await admin?.connection.dispose();
  await host?.connection.dispose();
  await dir?.stop();
});

describe('a tenant admin deletes a mailbox', () => {
  it('keeps it in deleted items: out of the lists, counts, search and groups, locked, its login and addresses reserved', async () => {
    expect(await canBind(dnOf('leaver'))).toBe(true);
    await admin.services.mailboxes.delete('Acme', 'leaver');
    expect((await admin.services.mailboxes.list('Acme', 50)).items.map((m) => m.login)).not.toContain('leaver');
    expect((await host.services.tenants.list()).find((t) => t.name === 'Acme')?.mailboxCount).toBe(2);
    expect(await host.services.search.search('leaver', 10)).toEqual([]);
    expect(await members('Team')).toEqual([]);
    expect(await members('all-users')).toEqual(['boss', 'user']);
    expect(await canBind(dnOf('leaver'))).toBe(false);
    await expectFailure(admin.services.mailboxes.get('Acme', 'leaver'), 'not-found');

    const deleted = await admin.services.mailboxes.deletedItems('Acme');
    expect(deleted).toMatchObject({ mode: 'kept', retentionDays: 30 });
    expect(deleted.items).toEqual([expect.objectContaining({ login: 'leaver', primaryAddress: 'leaver@acme.test', aliases: ['old-name@acme.test'], groups: expect.arrayContaining(['Team', 'all-users']), deletedBy: dnOf('boss') })]);

    await expectFailure(admin.services.mailboxes.create(mailbox('leaver')), 'already-exists', /belongs to a deleted mailbox of tenant "Acme", kept until a host admin purges it/);
    await expectFailure(admin.services.mailboxes.create(mailbox('newcomer', { primaryAddress: 'old-name@acme.test' })), 'address-in-use');
  });

  it('cannot restore or purge it: those are the host admins’', async () => {
    await expectFailure(admin.services.mailboxes.restore('Acme', 'leaver'), 'insufficient-access', /Refused before sending/);
    await expectFailure(admin.services.mailboxes.purge('Acme', 'leaver'), 'insufficient-access', /Refused before sending/);
  });
});

describe('attacks on a deleted mailbox, each with the principal’s own LDAP client', () => {
  it('the tenant admin can read it but not undelete, unlock, edit, rename away or remove it', async () => {
    const raw = await client(dnOf('boss'));
    expect((await raw.search(dnOf('leaver'), { scope: 'base', attributes: ['uid'] })).searchEntries).toHaveLength(1);
    for (const change of [
      replace('enclaveDeletedAt', []),
      removeValues('enclaveDeletedAt'),
      replace('pwdAccountLockedTime', []),
      replace('userPassword', 'Taken-Over-Pass-1'),
      replace('sn', 'Edited'),
      replace('mailLocalAddress', ['leaver@acme.test', 'grab@acme.test']),
      replace('enclaveAccountState', 'active'),
    ]) {
      await expect(raw.modify(dnOf('leaver'), [change]), change.modification.type).rejects.toThrow();
    }
    await expect(raw.del(dnOf('leaver'))).rejects.toThrow();
    // Nor a hard delete of a live mailbox, which would skip deleted items.
    await expect(raw.del(dnOf('user'))).rejects.toThrow();
    expect((await host.services.mailboxes.deletedItems('Acme')).items.map((m) => m.login)).toEqual(['leaver']);
  });

  it('the tenant’s users and the mailbox itself do not see it at all; the mail service neither', async () => {
    const user = await client(dnOf('user'));
    expect((await user.search(dnOf('leaver'), { scope: 'base' }).catch(() => ({ searchEntries: [] }))).searchEntries).toEqual([]);
    expect((await user.search(host.services.context.dialect.layout.mailboxesDn('Acme'), { scope: 'one', filter: new EqualityFilter({ attribute: 'uid', value: 'leaver' }) })).searchEntries).toEqual([]);
    const layout = openLdapLayout(dir.info.suffix);
    const service = `uid=mail-host,${layout.servicesDn}`;
    await host.connection.add(service, { objectClass: ['account', 'simpleSecurityObject'], uid: 'mail-host', userPassword: 'Mail-Host-Password-1' });
    await host.connection.modify(layout.mailServicesGroupDn, [addValues('member', service)]);
    const mail = await client(service, 'Mail-Host-Password-1');
    const byAddress = await mail.search(layout.tenantsDn, { scope: 'sub', filter: new EqualityFilter({ attribute: 'mailLocalAddress', value: 'old-name@acme.test' }), attributes: ['uid', 'mail'] });
    expect(byAddress.searchEntries).toEqual([]);
    expect((await mail.search(layout.tenantsDn, { scope: 'sub', filter: new EqualityFilter({ attribute: 'uid', value: 'user' }), attributes: ['uid'] })).searchEntries).toHaveLength(1);
  });

  it('the helpdesk can neither unlock it nor give it a password (a password change lifts the lock); nor can a host admin', async () => {
    const helpdesk = await client(dir.helpdesk.bindDN, dir.helpdesk.password);
    await expect(helpdesk.modify(dnOf('leaver'), [replace('pwdAccountLockedTime', [])]), 'unlock').rejects.toThrow();
    await expect(helpdesk.modify(dnOf('leaver'), [replace('userPassword', 'Helpdesk-Pass-1')]), 'password').rejects.toThrow();
    await expectFailure(host.connection.modify(dnOf('leaver'), [replace('userPassword', 'Host-Pass-1')]), 'insufficient-access');
    expect(await canBind(dnOf('leaver'))).toBe(false);
  });

  it('a mark back-dated by hand does not shorten the retention (it counts from the server’s stamp too)', async () => {
    const raw = await client(dnOf('boss'));
    await raw.modify(dnOf('user'), [addValues('enclaveDeletedAt', '20000101000000Z'), replace('pwdAccountLockedTime', '000001010000Z')]);
    const item = (await host.services.mailboxes.deletedItems('Acme')).items.find((m) => m.login === 'user');
    expect(Date.parse(item?.purgeAfter ?? '')).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect((await host.services.mailboxes.purgeExpired('Acme')).purged).toEqual([]);
    await host.services.mailboxes.restore('Acme', 'user');
  });
});

describe('a host admin', () => {
  it('restores it with its groups and its sign-in, and refuses a restore the mailbox limit has no room for', async () => {
    await host.services.mailboxes.create(mailbox('filler1'));
    await host.services.mailboxes.create(mailbox('filler2'));
    await expectFailure(host.services.mailboxes.restore('Acme', 'leaver'), 'policy-violation', /already has 4 of its 4 allowed mailboxes/);
    await host.services.mailboxes.delete('Acme', 'filler2');
    const restored = await host.services.mailboxes.restore('Acme', 'leaver');
    expect(restored).toMatchObject({ login: 'leaver', enabled: true, locked: false, aliases: ['old-name@acme.test'] });
    expect(await members('Team')).toEqual(['leaver']);
    expect(await canBind(dnOf('leaver'))).toBe(true);
  });

  it('purges a deleted mailbox, freeing its login; "purge expired" purges only those past their retention', async () => {
    await host.services.mailboxes.purge('Acme', 'filler2');
    await host.services.tenants.update('Acme', { mailboxLimit: 10 });
    await host.services.mailboxes.create(mailbox('filler2'));
    await host.services.mailboxes.delete('Acme', 'filler2');
    expect((await host.services.mailboxes.purgeExpired('Acme')).purged).toEqual([]);
    expect((await host.services.mailboxes.purgeExpired('Acme', Date.now() + 31 * 86_400_000)).purged).toEqual(['filler2']);
    expect((await host.services.mailboxes.deletedItems('Acme')).items).toEqual([]);
  });
});
