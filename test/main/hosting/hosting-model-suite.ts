/**
 * The hosting model's behaviour, written once and run against every flavor (hosting-model.openldap.test.ts,
 * hosting-model.active-directory.test.ts): tenants, mailboxes, groups and search through the services, on a
 * real server. Flavor-specific checks (server-side uniqueness, primary groups, DACLs) live in each flavor's file.
 */
import { describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import type { CreateMailboxRequest, DirectoryFlavor } from '../../../shared/model/hosting';
import { expectFailure } from '../../harness/expect-failure';

/** What a flavor's test file provides once its server is up. */
export interface HostingModelTarget {
  flavor: DirectoryFlavor;
  /** Bound as the host admin. */
  session: DirectorySession;
  /** True when `dn` can bind with `password` (false on invalid credentials). */
  canBind(dn: string, password: string): Promise<boolean>;
  /** Adds `count` bare mailboxes u0…u{count-1} straight to the directory (a fixture for paging). */
  addRawMailboxes(tenant: string, domain: string, count: number): Promise<void>;
}

const gib = 2 ** 30;

/** Registers the suite; `target()` is called inside tests, after the caller's beforeAll ran. */
export function hostingModelSuite(target: () => HostingModelTarget): void {
  const services = () => target().session.services;
  const mailbox = (tenant: string, login: string, address: string, overrides: Partial<CreateMailboxRequest> = {}): CreateMailboxRequest => ({
    tenant, login, givenName: '', surname: login, displayName: '', primaryAddress: address, aliases: [], hiddenFromAddressBook: false,
    password: 'Correct-Horse-9', enabled: true, groups: [], ...overrides,
  });

  describe('tenants', () => {
    it('round-trips a name full of DN metacharacters and non-ASCII, with its settings and system groups', async () => {
      const name = 'Smith, Jones + "Partners" <Ltd>; #1 = Müller\\Söhne';
      await services().tenants.create({ name, settings: { mailDomains: ['smith.test'], displayName: 'Smíth & Jönes', storagePoolBytes: 5 * 2 ** 40, mailboxLimit: 50 } });
      const listed = (await services().tenants.list()).find((t) => t.name === name);
      expect(listed).toMatchObject({ name, displayName: 'Smíth & Jönes', mailDomains: ['smith.test'], storagePoolBytes: 5 * 2 ** 40, mailboxLimit: 50, defaultQuotaBytes: null, allowOvercommit: false, mailboxCount: 0 });
      expect((await services().groups.list(name)).map((g) => g.name).sort()).toEqual(['all-users', 'tenant-admins']);
    });

    it('refuses a second tenant of the same name, and a domain another tenant owns', async () => {
      await services().tenants.create({ name: 'Owner', settings: { mailDomains: ['owned.test'] } });
      await expectFailure(services().tenants.create({ name: 'Owner', settings: { mailDomains: ['owned2.test'] } }), 'already-exists', /tenant named "Owner" already exists/);
      await expectFailure(services().tenants.create({ name: 'Thief', settings: { mailDomains: ['owned.test'] } }), 'already-exists', /owned\.test already belongs to tenant "Owner"/);
      await expectFailure(services().tenants.require('Thief'), 'not-found');
    });

    it('reads the first tenants by name exactly as the whole list begins, names with DN metacharacters included', async () => {
      for (const name of ['Zulu First Screen', 'Alpha, First + Screen', 'Émile First Screen']) {
        await services().tenants.create({ name, settings: { mailDomains: [`${name.replace(/[^a-z]/gi, '').toLowerCase()}.test`], mailboxLimit: 7 } });
      }
      const whole = await services().tenants.list({ counts: false });
      for (const count of [1, 2, whole.length, whole.length + 3]) {
        expect(await services().tenants.firstByName(count)).toEqual(whole.slice(0, count));
      }
    });

    it('changes only the given settings, and clears one with null', async () => {
      await services().tenants.create({ name: 'Settings', settings: { mailDomains: ['settings.test'], mailboxLimit: 10, allowOvercommit: true } });
      const updated = await services().tenants.update('Settings', { storagePoolBytes: 5_000_000, mailDomains: ['settings.test', 'more.test'] });
      expect(updated).toMatchObject({ mailboxLimit: 10, storagePoolBytes: 5_000_000, allowOvercommit: true, mailDomains: ['settings.test', 'more.test'] });
      expect((await services().tenants.update('Settings', { mailboxLimit: null })).mailboxLimit).toBeNull();
    });

    it('refuses removing a domain that an alias or a list still uses', async () => {
      await services().tenants.create({ name: 'Aliased', settings: { mailDomains: ['main-aliased.test', 'old-aliased.test', 'list-aliased.test'] } });
      await services().mailboxes.create(mailbox('Aliased', 'aliased1', 'a@main-aliased.test', { aliases: ['a@old-aliased.test'] }));
      await services().groups.create({ tenant: 'Aliased', kind: 'distribution', name: 'List', description: '', address: 'list@list-aliased.test', members: [] });
      await expectFailure(services().tenants.update('Aliased', { mailDomains: ['main-aliased.test', 'list-aliased.test'] }), 'invalid-input', /old-aliased\.test is still used by 1 address\b/);
      await expectFailure(services().tenants.update('Aliased', { mailDomains: ['main-aliased.test', 'old-aliased.test'] }), 'invalid-input', /list-aliased\.test is still used/);
    });

    it('refuses deleting a tenant with mailboxes unless forced; force removes everything', async () => {
      await services().tenants.create({ name: 'Doomed', settings: { mailDomains: ['doomed.test'] } });
      await services().mailboxes.create(mailbox('Doomed', 'doomed1', 'x@doomed.test'));
      await expectFailure(services().tenants.delete('Doomed', false), 'not-empty', /still holds 1 mailbox\b/);
      await services().tenants.delete('Doomed', true);
      await expectFailure(services().tenants.require('Doomed'), 'not-found');
      await services().tenants.create({ name: 'Empty', settings: { mailDomains: ['empty.test'] } });
      await services().tenants.delete('Empty', false);
      expect((await services().tenants.list()).some((t) => t.name === 'Empty')).toBe(false);
    });
  });

  describe('mailboxes', () => {
    const acme = (login: string, overrides: Partial<CreateMailboxRequest> = {}) => mailbox('Acme', login, `${login}@acme.test`, overrides);

    it('creates a mailbox with aliases, special characters and the tenant default quota, and it can sign in', async () => {
      await services().tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test', 'acme-mail.test'], storagePoolBytes: 10 * gib, defaultQuotaBytes: gib } });
      await services().tenants.create({ name: 'Globex', settings: { mailDomains: ['globex.test'], mailboxLimit: 2 } });
      const created = await services().mailboxes.create(acme('zoe', { givenName: 'Zoë', surname: `O'Brien, "Jr." <x>; #+=\\`, displayName: 'Zoë O’Brien', aliases: ['z@acme.test', 'zoe@acme-mail.test'] }));
      expect(created).toMatchObject({
        login: 'zoe', givenName: 'Zoë', surname: `O'Brien, "Jr." <x>; #+=\\`, displayName: 'Zoë O’Brien', primaryAddress: 'zoe@acme.test',
        aliases: ['z@acme.test', 'zoe@acme-mail.test'], quotaBytes: gib, enabled: true, locked: false, hiddenFromAddressBook: false,
      });
      expect(created.revision).not.toBe('');
      expect(await target().canBind(created.dn, 'Correct-Horse-9')).toBe(true);
    });

    it('joins the all-users group and only the groups asked for', async () => {
      await services().groups.create({ tenant: 'Acme', kind: 'distribution', name: 'Sales', description: '', address: 'sales@acme.test', members: [] });
      await services().mailboxes.create(acme('sam', { groups: ['Sales'] }));
      const memberOf = (await services().groups.list('Acme')).filter((g) => g.members.some((m) => m.login === 'sam')).map((g) => g.name);
      expect(memberOf.sort()).toEqual(['Sales', 'all-users']);
      const allUsers = await services().groups.get({ tenant: 'Acme', kind: 'security', name: 'all-users' });
      expect(allUsers.members.map((m) => m.login).sort()).toEqual(['sam', 'zoe']);
    });

    it('refuses an unknown group before writing anything', async () => {
      await expectFailure(services().mailboxes.create(acme('ghost', { groups: ['Nope'] })), 'invalid-input', /no group or list named "Nope"/);
      await expectFailure(services().mailboxes.get('Acme', 'ghost'), 'not-found');
    });

    it('refuses a login or an address used anywhere, as primary or alias', async () => {
      await services().mailboxes.create(acme('dup'));
      await expectFailure(services().mailboxes.create(mailbox('Globex', 'dup', 'dup@globex.test')), 'already-exists', /login name "dup" is already taken in tenant "Acme"/);
      await expectFailure(services().mailboxes.create(acme('other', { primaryAddress: 'z@acme.test' })), 'address-in-use', /z@acme\.test is already used in tenant "Acme"/);
      await expectFailure(services().mailboxes.create(acme('other', { aliases: ['zoe@acme.test'] })), 'address-in-use');
      await expectFailure(services().mailboxes.create(acme('other', { aliases: ['sales@acme.test'] })), 'address-in-use');
      const error = await expectFailure(services().mailboxes.create(acme('cross', { aliases: ['cross@globex.test'] })), 'invalid-input', /not in a domain of tenant "Acme"/);
      expect(error.kind === 'invalid-input' && error.issues[0]?.path).toEqual(['aliases', 0]);
    });

    it('enforces the tenant mailbox limit and storage pool', async () => {
      await services().mailboxes.create(mailbox('Globex', 'g1', 'g1@globex.test'));
      await services().mailboxes.create(mailbox('Globex', 'g2', 'g2@globex.test'));
      await expectFailure(services().mailboxes.create(mailbox('Globex', 'g3', 'g3@globex.test')), 'policy-violation', /2 of its 2 allowed mailboxes/);
      await expectFailure(services().mailboxes.create(acme('huge', { quotaBytes: 100 * gib })), 'invalid-input', /exceeds what is left in the storage pool/);
    });

    it('updates only the changed fields, and frees the old addresses', async () => {
      const updated = await services().mailboxes.update('Acme', 'zoe', { primaryAddress: 'zoe.obrien@acme.test', aliases: ['zoe@acme.test'], quotaBytes: 2 * gib, hiddenFromAddressBook: true });
      expect(updated).toMatchObject({ givenName: 'Zoë', displayName: 'Zoë O’Brien', primaryAddress: 'zoe.obrien@acme.test', aliases: ['zoe@acme.test'], quotaBytes: 2 * gib, hiddenFromAddressBook: true });
      await services().mailboxes.create(acme('zed', { primaryAddress: 'z@acme.test' }));
      await expectFailure(services().mailboxes.update('Acme', 'zoe', { quotaBytes: 11 * gib }), 'invalid-input', /storage pool/);
    });

    it('refuses a stale revision as a conflict', async () => {
      const stale = await services().mailboxes.get('Acme', 'zed');
      await services().mailboxes.update('Acme', 'zed', { givenName: 'Zed' });
      await expectFailure(services().mailboxes.update('Acme', 'zed', { surname: 'Overwritten' }, stale.revision), 'conflict');
    });

    it('does not call a save a conflict because the user signed in or mistyped a password meanwhile', async () => {
      const m = await services().mailboxes.create(acme('signs-in', { quotaBytes: 1024 }));
      const opened = await services().mailboxes.get('Acme', 'signs-in');
      // Server bookkeeping the editor does not show: pwdFailureTime (OpenLDAP), badPwdCount / lastLogonTimestamp (AD).
      expect(await target().canBind(m.dn, 'Mistyped-Password-1')).toBe(false);
      expect(await target().canBind(m.dn, 'Correct-Horse-9')).toBe(true);
      const saved = await services().mailboxes.update('Acme', 'signs-in', { surname: 'Saved' }, opened.revision);
      expect(saved.surname).toBe('Saved');
      expect(saved.revision).not.toBe(opened.revision);
      await services().mailboxes.delete('Acme', 'signs-in');
    });

    it('disabling makes the server refuse binds; enabling restores them; resets are judged by the server', async () => {
      const m = await services().mailboxes.create(acme('toggle'));
      expect((await services().mailboxes.setEnabled('Acme', 'toggle', false)).enabled).toBe(false);
      expect(await target().canBind(m.dn, 'Correct-Horse-9')).toBe(false);
      await services().mailboxes.setEnabled('Acme', 'toggle', true);
      expect(await target().canBind(m.dn, 'Correct-Horse-9')).toBe(true);
      // The console checks the tenant's policy first; bypassed, the server refuses the same password itself.
      await expectFailure(services().mailboxes.resetPassword('Acme', 'toggle', 'abc'), 'invalid-input', /password policy/);
      const toggle = await services().mailboxes.get('Acme', 'toggle');
      await expectFailure(services().context.connection.modify(toggle.dn, services().context.dialect.passwordChanges('abc')), 'policy-violation');
      await services().mailboxes.resetPassword('Acme', 'toggle', 'Another-Good-1');
      // The old password is not checked here: Samba, like Windows, still accepts it for an hour after a reset.
      expect(await target().canBind(m.dn, 'Another-Good-1')).toBe(true);
    });

    it('creates a disabled mailbox that cannot sign in', async () => {
      const m = await services().mailboxes.create(acme('dormant', { enabled: false }));
      expect(m.enabled).toBe(false);
      expect(await target().canBind(m.dn, 'Correct-Horse-9')).toBe(false);
    });

    it('deletes a mailbox with its group memberships', async () => {
      await services().mailboxes.delete('Acme', 'sam');
      await expectFailure(services().mailboxes.get('Acme', 'sam'), 'not-found', /no mailbox with login "sam"/);
      expect((await services().groups.get({ tenant: 'Acme', kind: 'distribution', name: 'Sales' })).members).toEqual([]);
    });

    it('pages through 1,200 mailboxes without losing or repeating one', async () => {
      await services().tenants.create({ name: 'Big', settings: { mailDomains: ['big.test'] } });
      await target().addRawMailboxes('Big', 'big.test', 1200);
      const seen = new Set<string>();
      let page = await services().mailboxes.list('Big', 500);
      let pages = 1;
      page.items.forEach((m) => seen.add(m.login));
      while (page.nextCursor) {
        page = await services().mailboxes.list('Big', 500, page.nextCursor);
        page.items.forEach((m) => seen.add(m.login));
        pages += 1;
      }
      expect([seen.size, pages]).toEqual([1200, 3]);
      expect((await services().tenants.get('Big')).mailboxCount).toBe(1200);
      await expectFailure(services().mailboxes.list('Acme', 10, 'ffff'), 'invalid-input', /expired/);
    });
  });

  describe('groups and lists', () => {
    it('creates a security group with members and a name full of metacharacters', async () => {
      for (const login of ['ann', 'bob', 'cat']) await services().mailboxes.create(mailbox('Acme', login, `${login}@acme.test`));
      await services().tenants.update('Globex', { mailboxLimit: 10 });
      await services().mailboxes.create(mailbox('Globex', 'gus', 'gus@globex.test'));
      const name = 'R&D, "Core" <team>; #1 + Ümlaut';
      const group = await services().groups.create({ tenant: 'Acme', kind: 'security', name, description: 'Research', address: null, members: ['ann', 'bob'] });
      expect(group).toMatchObject({ name, kind: 'security', description: 'Research', address: null, system: false });
      expect(group.members.map((m) => m.login)).toEqual(['ann', 'bob']);
    });

    it('creates lists with an address in the tenant domain only, members from the tenant only', async () => {
      const list = await services().groups.create({ tenant: 'Acme', kind: 'distribution', name: 'Everyone', description: '', address: 'everyone@acme.test', members: ['cat'] });
      expect(list).toMatchObject({ kind: 'distribution', address: 'everyone@acme.test' });
      await expectFailure(services().groups.create({ tenant: 'Acme', kind: 'distribution', name: 'Foreign', description: '', address: 'foreign@globex.test', members: [] }), 'invalid-input', /not in a domain/);
      await expectFailure(services().groups.create({ tenant: 'Acme', kind: 'distribution', name: 'Clash', description: '', address: 'ann@acme.test', members: [] }), 'address-in-use');
      await expectFailure(services().mailboxes.create(mailbox('Acme', 'lister', 'everyone@acme.test')), 'address-in-use');
      await expectFailure(services().groups.addMembers({ tenant: 'Acme', kind: 'distribution', name: 'Everyone' }, ['g1']), 'invalid-input', /"g1" is not a mailbox of tenant "Acme"/);
    });

    it('adds and removes members, updates description and address', async () => {
      const ref = { tenant: 'Acme', kind: 'distribution' as const, name: 'Everyone' };
      expect((await services().groups.addMembers(ref, ['ann', 'cat'])).members.map((m) => m.login)).toEqual(['ann', 'cat']);
      expect((await services().groups.removeMembers(ref, ['cat'])).members.map((m) => m.login)).toEqual(['ann']);
      await expectFailure(services().groups.removeMembers(ref, ['bob']), 'invalid-input', /Not members/);
      expect(await services().groups.update(ref, { description: 'All of us', address: 'all@acme.test' })).toMatchObject({ description: 'All of us', address: 'all@acme.test' });
    });

    it('refuses duplicate and reserved names, protects the built-in groups', async () => {
      await expectFailure(services().groups.create({ tenant: 'Acme', kind: 'security', name: 'Everyone', description: '', address: null, members: [] }), 'already-exists');
      await expectFailure(services().groups.create({ tenant: 'Acme', kind: 'security', name: 'All-Users', description: '', address: null, members: [] }), 'invalid-input', /reserved/);
      await expectFailure(services().groups.delete({ tenant: 'Acme', kind: 'security', name: 'all-users' }), 'invalid-input', /built-in/);
      await services().groups.delete({ tenant: 'Acme', kind: 'distribution', name: 'Everyone' });
      expect((await services().groups.list('Acme', 'distribution')).map((g) => g.name)).toEqual(['Sales']);
    });
  });

  describe('search', () => {
    it('finds mailboxes, groups and tenants by part of a name or address, aliases in full', async () => {
      expect(await services().search.search('gus', 50)).toContainEqual(expect.objectContaining({ type: 'mailbox', tenant: 'Globex', name: 'gus', address: 'gus@globex.test' }));
      expect(await services().search.search('"core"', 10)).toEqual([expect.objectContaining({ type: 'group', tenant: 'Acme', groupKind: 'security', name: 'R&D, "Core" <team>; #1 + Ümlaut' })]);
      expect(await services().search.search('sales@acme', 10)).toEqual([expect.objectContaining({ type: 'group', groupKind: 'distribution', name: 'Sales' })]);
      expect(await services().search.search('z@acme.test', 10)).toEqual([expect.objectContaining({ type: 'mailbox', name: 'zed' })]);
      expect(await services().search.search('zoe@acme.test', 10)).toEqual([expect.objectContaining({ type: 'mailbox', name: 'zoe' })]);
      expect((await services().search.search('globex', 100)).some((h) => h.type === 'tenant' && h.name === 'Globex')).toBe(true);
    });

    it('finds a name with accents typed without them, and one without typed with them', async () => {
      await services().tenants.create({ name: 'Müller & Söhne', settings: { mailDomains: ['mueller.test'] } });
      await services().mailboxes.create(mailbox('Müller & Söhne', 'jm', 'jm@mueller.test', { givenName: 'Jörg', surname: 'Müller' }));
      await services().mailboxes.create(mailbox('Müller & Söhne', 'ms', 'ms@mueller.test', { givenName: 'Max', surname: 'Strasse' }));
      await services().mailboxes.create(mailbox('Müller & Söhne', 'ns', 'ns@mueller.test', { givenName: 'Nina', surname: 'Straße' }));
      const names = async (text: string) => (await services().search.search(text, 50)).filter((hit) => hit.tenant === 'Müller & Söhne').map((hit) => hit.name).sort();
      expect(await names('muller')).toEqual(['Müller & Söhne', 'jm']);
      expect(await names('JORG MULLER')).toEqual(['jm']);
      expect(await names('söhne')).toEqual(['Müller & Söhne']);
      expect(await names('strasse')).toEqual(['ms', 'ns']);
      expect(await names('Straße')).toEqual(['ms', 'ns']);
      const listed = async (text: string) => (await services().mailboxes.list('Müller & Söhne', 50, undefined, text)).items.map((m) => m.login).sort();
      expect(await listed('muller')).toEqual(['jm']);
      // Renamed: the folded copy follows the name.
      await services().mailboxes.update('Müller & Söhne', 'jm', { surname: 'Schröder', displayName: 'Jörg Schröder' });
      expect(await listed('muller')).toEqual([]);
      expect(await listed('schroder')).toEqual(['jm']);
    });

    it('treats filter metacharacters as text and stops at the limit', async () => {
      expect(await services().search.search('*)(uid=*', 10)).toEqual([]);
      expect(await services().search.search('acme', 2)).toHaveLength(2);
    });
  });
}
