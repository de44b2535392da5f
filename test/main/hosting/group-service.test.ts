import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { expectFailure } from '../../harness/expect-failure';
import { openSession } from '../../harness/hosting-session';
import { adminClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { memberOfByLogin, withoutMemberOf } from '../../harness/memberof-drift';

let dir: TestDirectory;
let session: DirectorySession;

const mailbox = (tenant: string, login: string, domain: string) => ({
  tenant, login, givenName: '', surname: login, displayName: `${login} ${tenant}`, primaryAddress: `${login}@${domain}`,
  aliases: [], hiddenFromAddressBook: false, password: 'Correct-Horse-9', enabled: true, groups: [],
});

beforeAll(async () => {
  dir = await startTestDirectory();
  session = await openSession(dir);
  await session.services.tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test'] } });
  await session.services.tenants.create({ name: 'Globex', settings: { mailDomains: ['globex.test'] } });
  for (const login of ['ann', 'bob', 'cat']) await session.services.mailboxes.create(mailbox('Acme', login, 'acme.test'));
  await session.services.mailboxes.create(mailbox('Globex', 'gus', 'globex.test'));
});
afterAll(async () => {
  await session?.connection.dispose();
  await dir?.stop();
});

describe('GroupService', () => {
  it('creates a security group with members and a name full of metacharacters', async () => {
    const name = 'R&D, "Core" <team>; #1 + Ümlaut';
    const group = await session.services.groups.create({ tenant: 'Acme', kind: 'security', name, description: 'Research', address: null, members: ['ann', 'bob'] });
    expect(group).toMatchObject({ name, kind: 'security', description: 'Research', address: null, system: false });
    expect(group.members.map((m) => m.login)).toEqual(['ann', 'bob']);
  });

  it('creates a distribution list with an address in the tenant domain only', async () => {
    const list = await session.services.groups.create({ tenant: 'Acme', kind: 'distribution', name: 'Everyone', description: '', address: 'everyone@acme.test', members: ['cat'] });
    expect(list.address).toBe('everyone@acme.test');
    await expectFailure(
      session.services.groups.create({ tenant: 'Acme', kind: 'distribution', name: 'Foreign', description: '', address: 'foreign@globex.test', members: [] }),
      'invalid-input',
      /not in a domain of tenant "Acme"/,
    );
    await expectFailure(
      session.services.groups.create({ tenant: 'Acme', kind: 'distribution', name: 'Clash', description: '', address: 'ann@acme.test', members: [] }),
      'address-in-use',
    );
  });

  it('accepts members only from the same tenant', async () => {
    await expectFailure(
      session.services.groups.addMembers({ tenant: 'Acme', kind: 'distribution', name: 'Everyone' }, ['gus']),
      'invalid-input',
      /"gus" is not a mailbox of tenant "Acme"/,
    );
  });

  it('adds and removes members, ignoring ones already present', async () => {
    const ref = { tenant: 'Acme', kind: 'distribution' as const, name: 'Everyone' };
    const added = await session.services.groups.addMembers(ref, ['ann', 'cat']);
    expect(added.members.map((m) => m.login)).toEqual(['ann', 'cat']);
    const removed = await session.services.groups.removeMembers(ref, ['cat']);
    expect(removed.members.map((m) => m.login)).toEqual(['ann']);
    await expectFailure(session.services.groups.removeMembers(ref, ['bob']), 'invalid-input', /Not members/);
  });

  it('updates description and address', async () => {
    const updated = await session.services.groups.update({ tenant: 'Acme', kind: 'distribution', name: 'Everyone' }, { description: 'All of us', address: 'all@acme.test' });
    expect(updated).toMatchObject({ description: 'All of us', address: 'all@acme.test' });
  });

  it('refuses duplicate names across groups and lists, and reserved names', async () => {
    await expectFailure(session.services.groups.create({ tenant: 'Acme', kind: 'security', name: 'Everyone', description: '', address: null, members: [] }), 'already-exists');
    await expectFailure(session.services.groups.create({ tenant: 'Acme', kind: 'security', name: 'All-Users', description: '', address: null, members: [] }), 'invalid-input', /reserved/);
  });

  it('protects the built-in groups and deletes ordinary ones', async () => {
    await expectFailure(session.services.groups.delete({ tenant: 'Acme', kind: 'security', name: 'all-users' }), 'invalid-input', /built-in/);
    await session.services.groups.delete({ tenant: 'Acme', kind: 'distribution', name: 'Everyone' });
    const names = (await session.services.groups.list('Acme')).map((g) => g.name);
    expect(names).not.toContain('Everyone');
    expect(names).toContain('all-users');
  });
});

describe('SearchService', () => {
  it('finds mailboxes, groups and tenants by part of a name or address across tenants', async () => {
    const hits = await session.services.search.search('gus', 50);
    expect(hits).toContainEqual(expect.objectContaining({ type: 'mailbox', tenant: 'Globex', name: 'gus', address: 'gus@globex.test' }));
    const byTenant = await session.services.search.search('acme', 100);
    expect(new Set(byTenant.map((h) => h.type))).toEqual(new Set(['tenant', 'mailbox']));
    const groups = await session.services.search.search('"core"', 10);
    expect(groups).toEqual([expect.objectContaining({ type: 'group', tenant: 'Acme', groupKind: 'security', name: 'R&D, "Core" <team>; #1 + Ümlaut' })]);
  });

  it('finds a mailbox by one of its aliases typed in full', async () => {
    await session.services.mailboxes.update('Acme', 'cat', { aliases: ['kitty@acme.test'] });
    expect(await session.services.search.search('kitty@acme.test', 10)).toEqual([expect.objectContaining({ type: 'mailbox', name: 'cat' })]);
  });

  it('treats filter metacharacters in the query as text', async () => {
    expect(await session.services.search.search('*)(uid=*', 10)).toEqual([]);
  });

  it('stops at the limit', async () => {
    expect(await session.services.search.search('acme', 2)).toHaveLength(2);
  });
});

describe('GroupService when memberOf lags behind the group', () => {
  it("lists and gets every member the group's member attribute names, whatever memberOf says", async () => {
    const ref = { tenant: 'Acme', kind: 'security' as const, name: 'Drifted' };
    const { dn } = await session.services.groups.create({ ...ref, description: '', address: null, members: ['ann'] });
    // bob and cat join with the overlay off: listed by the group, without memberOf; ann leaves: memberOf stays.
    await withoutMemberOf(dir, async () => {
      await session.services.groups.addMembers(ref, ['bob', 'cat']);
      await session.services.groups.removeMembers(ref, ['ann']);
    });
    const admin = await adminClient(dir.info);
    try {
      const memberOf = await memberOfByLogin(admin, session.services.context.dialect.layout.mailboxesDn('Acme'));
      expect(memberOf.get('bob')).not.toContain(dn.toLowerCase());
      expect(memberOf.get('cat')).not.toContain(dn.toLowerCase());
      expect(memberOf.get('ann')).toContain(dn.toLowerCase());
    } finally {
      await admin.unbind();
    }
    expect((await session.services.groups.get(ref)).members.map((m) => m.login)).toEqual(['bob', 'cat']);
    const listed = await session.services.groups.list('Acme');
    expect(listed.find((g) => g.name === 'Drifted')?.members.map((m) => m.login)).toEqual(['bob', 'cat']);
    expect(listed.find((g) => g.name === 'all-users')?.members.map((m) => m.login)).toEqual(['ann', 'bob', 'cat']);
  });
});
