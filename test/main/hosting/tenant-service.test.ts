import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { writeAllOrNothing } from '../../../main/hosting/write-steps';
import { openSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { expectFailure } from '../../harness/expect-failure';

let dir: TestDirectory;
let session: DirectorySession;

beforeAll(async () => {
  dir = await startTestDirectory();
  session = await openSession(dir);
});
afterAll(async () => {
  await session?.connection.dispose();
  await dir?.stop();
});

const settings = (domain: string) => ({ mailDomains: [domain] });

describe('TenantService', () => {
  describe('#create()', () => {
    it('round-trips a name full of DN metacharacters and non-ASCII', async () => {
      const name = 'Smith, Jones + "Partners" <Ltd>; #1 = Müller\\Söhne';
      const created = await session.services.tenants.create({ name, settings: { ...settings('smith.test'), displayName: 'Smíth & Jönes', storagePoolBytes: 10 * 2 ** 30, mailboxLimit: 50 } });
      expect(created.name).toBe(name);
      const listed = (await session.services.tenants.list()).find((t) => t.name === name);
      expect(listed).toMatchObject({ name, displayName: 'Smíth & Jönes', mailDomains: ['smith.test'], storagePoolBytes: 10 * 2 ** 30, mailboxLimit: 50, mailboxCount: 0 });
      const groups = await session.services.groups.list(name);
      expect(groups.map((g) => g.name).sort()).toEqual(['all-users', 'tenant-admins']);
    });

    it('refuses a second tenant of the same name', async () => {
      await session.services.tenants.create({ name: 'Twice', settings: settings('twice.test') });
      await expectFailure(session.services.tenants.create({ name: 'Twice', settings: settings('twice2.test') }), 'already-exists', /tenant named "Twice" already exists/);
    });

    it('refuses a mail domain another tenant owns, naming the owner', async () => {
      await session.services.tenants.create({ name: 'Owner', settings: settings('owned.test') });
      await expectFailure(session.services.tenants.create({ name: 'Thief', settings: settings('owned.test') }), 'already-exists', /owned\.test already belongs to tenant "Owner"/);
      await expectFailure(session.services.tenants.require('Thief'), 'not-found');
    });
  });

  describe('#list()', () => {
    it('counts each tenant\'s mailboxes in one search, tenants named with DN metacharacters included, as get() counts them', async () => {
      const names = ['Counted, Inc. + "Co"', 'counted\\plain', 'Ünïcode #2'];
      for (const [index, name] of names.entries()) {
        await session.services.tenants.create({ name, settings: settings(`counted${index}.test`) });
        for (let m = 0; m < index + 1; m++) {
          const login = `c${index}m${m}`;
          await session.services.mailboxes.create({ tenant: name, login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@counted${index}.test`, aliases: [], hiddenFromAddressBook: false, password: 'Counted-Pass-1', enabled: true, groups: [] });
        }
      }
      // A group entry and the tenant's other containers are not mailboxes.
      await session.services.groups.create({ tenant: names[0] ?? '', kind: 'distribution', name: 'c0m0', description: '', address: null, members: ['c0m0'] });
      const listed = await session.services.tenants.list();
      // Without counts (the console's tree paints first), then the counts alone: the same numbers.
      const quick = await session.services.tenants.list({ counts: false });
      expect(quick.map((t) => t.name)).toEqual(listed.map((t) => t.name));
      expect(quick.every((t) => t.mailboxCount === null)).toBe(true);
      const counts = await session.services.tenants.countEveryTenant();
      for (const [index, name] of names.entries()) {
        expect(listed.find((t) => t.name === name)?.mailboxCount, name).toBe(index + 1);
        expect(counts[name], name).toBe(index + 1);
        expect((await session.services.tenants.get(name)).mailboxCount).toBe(index + 1);
      }
      // A tenant admin counts only what it may see: its own tenant.
      const adminDn = (await session.services.mailboxes.get(names[2] ?? '', 'c2m0')).dn;
      await session.services.groups.addMembers({ tenant: names[2] ?? '', kind: 'security', name: 'tenant-admins' }, ['c2m0']);
      const admin = await openSession(dir, adminDn, 'Counted-Pass-1');
      try {
        expect((await admin.services.tenants.list()).map((t) => [t.name, t.mailboxCount])).toEqual([[names[2], 3]]);
      } finally {
        await admin.connection.dispose();
      }
    });
  });

  describe('all-or-nothing writes', () => {
    it('removes what was written when a later entry fails', async () => {
      const base = session.services.context.dialect.layout.tenantsDn;
      const first = `ou=partial,${base}`;
      await expect(
        writeAllOrNothing(session.connection, [
          { dn: first, attributes: { objectClass: ['organizationalUnit'], ou: 'partial' } },
          { dn: `ou=child,${first}`, attributes: { objectClass: ['organizationalUnit'], ou: 'child' } },
          { dn: `cn=bad,${first}`, attributes: { objectClass: ['noSuchObjectClass'], cn: 'bad' } },
        ]),
      ).rejects.toThrow();
      expect(await session.connection.read(first)).toBeNull();
    });
  });

  describe('#update()', () => {
    it('changes only the given settings', async () => {
      await session.services.tenants.create({ name: 'Settings', settings: { mailDomains: ['settings.test'], mailboxLimit: 10 } });
      const updated = await session.services.tenants.update('Settings', { storagePoolBytes: 5_000_000, mailDomains: ['settings.test', 'more.test'] });
      expect(updated).toMatchObject({ mailboxLimit: 10, storagePoolBytes: 5_000_000, mailDomains: ['settings.test', 'more.test'] });
      const cleared = await session.services.tenants.update('Settings', { mailboxLimit: null });
      expect(cleared.mailboxLimit).toBeNull();
    });

    it('refuses removing a domain that addresses still use', async () => {
      await session.services.tenants.create({ name: 'InUse', settings: settings('inuse.test') });
      await session.services.mailboxes.create(mailbox('InUse', 'inuse1', 'a@inuse.test'));
      await expectFailure(session.services.tenants.update('InUse', { mailDomains: ['other-inuse.test'] }), 'invalid-input', /inuse\.test is still used/);
    });

    it('counts aliases and list addresses as uses of a domain', async () => {
      await session.services.tenants.create({ name: 'Aliased', settings: { mailDomains: ['main-aliased.test', 'old-aliased.test', 'list-aliased.test'] } });
      await session.services.mailboxes.create({ ...mailbox('Aliased', 'aliased1', 'a@main-aliased.test'), aliases: ['a@old-aliased.test'] });
      await session.services.groups.create({ tenant: 'Aliased', kind: 'distribution', name: 'List', description: '', address: 'list@list-aliased.test', members: [] });
      await expectFailure(session.services.tenants.update('Aliased', { mailDomains: ['main-aliased.test', 'list-aliased.test'] }), 'invalid-input', /old-aliased\.test is still used by 1 address\b/);
      await expectFailure(session.services.tenants.update('Aliased', { mailDomains: ['main-aliased.test', 'old-aliased.test'] }), 'invalid-input', /list-aliased\.test is still used/);
      const kept = await session.services.tenants.update('Aliased', { mailDomains: ['main-aliased.test', 'old-aliased.test', 'list-aliased.test', 'new-aliased.test'] });
      expect(kept.mailDomains).toContain('new-aliased.test');
    });
  });

  describe('#delete()', () => {
    it('refuses while the tenant holds mailboxes, and force removes everything', async () => {
      await session.services.tenants.create({ name: 'Doomed', settings: settings('doomed.test') });
      await session.services.mailboxes.create(mailbox('Doomed', 'doomed1', 'x@doomed.test'));
      await expectFailure(session.services.tenants.delete('Doomed', false), 'not-empty', /still holds 1 mailbox\b/);
      await session.services.tenants.delete('Doomed', true);
      await expectFailure(session.services.tenants.require('Doomed'), 'not-found');
    });

    it('deletes an empty tenant without force', async () => {
      await session.services.tenants.create({ name: 'Empty', settings: settings('empty.test') });
      await session.services.tenants.delete('Empty', false);
      expect((await session.services.tenants.list()).some((t) => t.name === 'Empty')).toBe(false);
    });
  });
});

function mailbox(tenant: string, login: string, address: string) {
  return { tenant, login, givenName: '', surname: login, displayName: '', primaryAddress: address, aliases: [], hiddenFromAddressBook: false, password: 'Correct-Horse-9', enabled: true, groups: [] };
}
