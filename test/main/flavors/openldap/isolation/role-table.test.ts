/**
 * Every row of the role table (issue 4) and every escalation of the privilege ceiling, on a real slapd
 * with the generated rules applied through cn=config, for tenants whose names are full of regex and DN
 * metacharacters. Console-side refusals and server-side refusals are checked separately: the console
 * refuses first with a reason, and the server refuses the same thing when the console is bypassed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../../../main/app/directory-session';
import { addValues, removeValues, replace } from '../../../../../main/directory/changes';
import { childDn, isBelow, sameDn } from '../../../../../main/directory/dn';
import { openLdapLayout } from '../../../../../main/flavors/openldap/openldap-layout';
import { expectFailure } from '../../../../harness/expect-failure';
import { openIsolatedSession, openSession } from '../../../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../../../harness/test-directory';

let dir: TestDirectory;
let host: DirectorySession;
const sessions: DirectorySession[] = [];
const password = 'Correct-Horse-9';
const gib = 2 ** 30;

// [name, domain, pool]: regex and DN metacharacters in names; pools to test the quota ceiling.
const tenants = [
  { name: 'a.*', domain: 'astar.test', pool: 10 * gib },
  { name: 'x,ou=tenants', domain: 'xou.test', pool: null },
  { name: 'Globex, Inc.', domain: 'globex.test', pool: 5000 },
  { name: '(.+)', domain: 'paren.test', pool: null },
] as const;
type TenantName = (typeof tenants)[number]['name'];

const login = (tenant: number, who: 'admin' | 'user' | 'peer') => `t${tenant}${who}`;
const mailboxRequest = (tenant: number, who: 'admin' | 'user' | 'peer') => ({
  tenant: tenants[tenant]!.name,
  login: login(tenant, who),
  givenName: '',
  surname: who,
  displayName: '',
  primaryAddress: `${login(tenant, who)}@${tenants[tenant]!.domain}`,
  aliases: [],
  hiddenFromAddressBook: false,
  password,
  enabled: true,
  groups: [],
  quotaBytes: 1000,
});

const dnOf = (tenant: number, who: 'admin' | 'user' | 'peer') => childDn(host.services.context.dialect.layout.mailboxesDn(tenants[tenant]!.name), 'uid', login(tenant, who));
const tenantDn = (tenant: number) => host.services.context.dialect.layout.tenantDn(tenants[tenant]!.name);
const groupDn = (tenant: number, name: string) => host.services.context.dialect.groupDn(tenants[tenant]!.name, 'security', name);

async function as(bindDN: string, secret = password): Promise<DirectorySession> {
  const session = await openSession(dir, bindDN, secret);
  sessions.push(session);
  return session;
}

beforeAll(async () => {
  dir = await startTestDirectory();
  host = await openIsolatedSession(dir);
  for (const [index, t] of tenants.entries()) {
    await host.services.tenants.create({ name: t.name, settings: { mailDomains: [t.domain], storagePoolBytes: t.pool } });
    for (const who of ['admin', 'user', 'peer'] as const) await host.services.mailboxes.create(mailboxRequest(index, who));
    await host.services.groups.addMembers({ tenant: t.name, kind: 'security', name: 'tenant-admins' }, [login(index, 'admin')]);
  }
}, 60_000);

afterAll(async () => {
  for (const session of sessions) await session.connection.dispose();
  await host?.connection.dispose();
  await dir?.stop();
});

describe('host admin', () => {
  it('creates tenants, changes their settings and reads the audit log', async () => {
    await host.services.tenants.create({ name: 'Temp; "host" tenant', settings: { mailDomains: ['temp.test'] } });
    await host.services.tenants.update('Temp; "host" tenant', { storagePoolBytes: gib, mailDomains: ['temp.test', 'temp2.test'] });
    await host.services.tenants.delete('Temp; "host" tenant', true);
    expect((await host.connection.search('cn=accesslog', { scope: 'one', limit: 1 })).length).toBe(1);
  });
});

describe('helpdesk', () => {
  let helpdesk: DirectorySession;
  beforeAll(async () => {
    helpdesk = await as(dir.helpdesk.bindDN, dir.helpdesk.password);
  });

  it('reads every tenant’s mailboxes and groups, never a password hash', async () => {
    for (const t of tenants) {
      const page = await helpdesk.services.mailboxes.list(t.name, 50);
      expect(page.items.map((m) => m.surname).sort()).toEqual(['admin', 'peer', 'user']);
      expect((await helpdesk.services.groups.list(t.name)).map((g) => g.name)).toContain('tenant-admins');
    }
    const entry = await helpdesk.connection.read(dnOf(2, 'user'), ['userPassword', 'mail']);
    expect(entry?.['mail']).toBe(`${login(2, 'user')}@globex.test`);
    expect(entry?.['userPassword'] ?? []).toEqual([]);
  });

  it('resets passwords and unlocks accounts', async () => {
    await helpdesk.services.mailboxes.resetPassword('(.+)', login(3, 'peer'), 'Another-Horse-10');
    await host.connection.modify(dnOf(3, 'peer'), [replace('pwdAccountLockedTime', '20240101000000Z')]);
    await helpdesk.connection.modify(dnOf(3, 'peer'), [replace('pwdAccountLockedTime', [])]);
    const unlocked = await as(dnOf(3, 'peer'), 'Another-Horse-10');
    expect(unlocked.info.bindDN).toBe(dnOf(3, 'peer'));
  });

  it('may lift a lock but not set one', async () => {
    await expectFailure(helpdesk.connection.modify(dnOf(3, 'peer'), [replace('pwdAccountLockedTime', '000001010000Z')]), 'insufficient-access');
    await expectFailure(helpdesk.connection.modify(dnOf(3, 'peer'), [addValues('pwdAccountLockedTime', '000001010000Z')]), 'insufficient-access');
    expect(await as(dnOf(3, 'peer'), 'Another-Horse-10')).toBeTruthy();
  });

  it('is refused structural changes by the console, and by the server when the console is bypassed', async () => {
    await expectFailure(helpdesk.services.mailboxes.create(mailboxRequest(0, 'peer')), 'insufficient-access', /Refused before sending: Helpdesk/);
    await expectFailure(helpdesk.services.groups.addMembers({ tenant: 'a.*', kind: 'security', name: 'all-users' }, ['t0peer']), 'insufficient-access', /Refused before sending/);
    await expectFailure(helpdesk.services.tenants.update('a.*', { mailboxLimit: 1 }), 'insufficient-access', /Refused before sending/);
    await expectFailure(helpdesk.connection.modify(dnOf(0, 'user'), [replace('sn', 'x')]), 'insufficient-access');
    await expectFailure(helpdesk.connection.delete(dnOf(0, 'user')), 'insufficient-access');
    await expectFailure(helpdesk.connection.modify(tenantDn(0), [replace('enclaveMailboxLimit', '1')]), 'insufficient-access');
    await expectFailure(helpdesk.connection.add(childDn(host.services.context.dialect.layout.mailboxesDn('a.*'), 'uid', 'hd-made'), { objectClass: 'inetOrgPerson', uid: 'hd-made', cn: 'x', sn: 'x' }), 'insufficient-access');
  });
});

describe('tenant admin', () => {
  let admin: DirectorySession;
  beforeAll(async () => {
    admin = await as(dnOf(0, 'admin'));
  });

  it('is recognised as the admin of its tenant only', () => {
    expect(admin.info.role).toEqual({ kind: 'tenant-admin', tenants: ['a.*'] });
  });

  it('creates, edits, disables and deletes mailboxes, groups and lists of its own tenant through the console', async () => {
    const created = await admin.services.mailboxes.create({ ...mailboxRequest(0, 'peer'), login: 't0new', primaryAddress: 't0new@astar.test' });
    expect(created.quotaBytes).toBe(1000);
    await admin.services.mailboxes.update('a.*', 't0new', { surname: 'Renamed', quotaBytes: 2 * gib, aliases: ['alias@astar.test'] });
    await admin.services.mailboxes.setEnabled('a.*', 't0new', false);
    await admin.services.mailboxes.setEnabled('a.*', 't0new', true);
    await admin.services.mailboxes.resetPassword('a.*', 't0new', 'Reset-By-Admin-1');
    const group = await admin.services.groups.create({ tenant: 'a.*', kind: 'security', name: 'Team, "A"', description: '', address: null, members: ['t0new', 't0user'] });
    expect(group.members.map((m) => m.login)).toEqual(['t0new', 't0user']);
    await admin.services.groups.create({ tenant: 'a.*', kind: 'distribution', name: 'List', description: '', address: 'list@astar.test', members: ['t0new'] });
    await admin.services.groups.delete({ tenant: 'a.*', kind: 'distribution', name: 'List' });
    await admin.services.groups.delete({ tenant: 'a.*', kind: 'security', name: 'Team, "A"' });
    await admin.services.mailboxes.delete('a.*', 't0new');
  });

  it('joins only the all-users group plus the chosen groups when it creates a mailbox', async () => {
    await admin.services.groups.create({ tenant: 'a.*', kind: 'security', name: 'Chosen', description: '', address: null, members: [] });
    await admin.services.mailboxes.create({ ...mailboxRequest(0, 'peer'), login: 't0joined', primaryAddress: 't0joined@astar.test', groups: ['Chosen'] });
    const entry = await host.connection.read(childDn(host.services.context.dialect.layout.mailboxesDn('a.*'), 'uid', 't0joined'), ['memberOf']);
    const memberOf = ([] as string[]).concat((entry?.['memberOf'] as string | string[] | undefined) ?? []);
    expect(memberOf.map((dn) => dn.split(',')[0]).sort()).toEqual(['cn=Chosen', 'cn=all-users']);
  });

  it('makes another of its own users a tenant admin', async () => {
    await admin.services.groups.addMembers({ tenant: 'a.*', kind: 'security', name: 'tenant-admins' }, ['t0peer']);
    const promoted = await as(dnOf(0, 'peer'));
    expect(promoted.info.role).toEqual({ kind: 'tenant-admin', tenants: ['a.*'] });
    await admin.services.groups.removeMembers({ tenant: 'a.*', kind: 'security', name: 'tenant-admins' }, ['t0peer']);
  });

  it('is refused, before sending, anything outside its tenant and any change to tenants', async () => {
    await expectFailure(admin.services.mailboxes.create(mailboxRequest(1, 'peer')), 'insufficient-access', /only manage their own tenant/);
    await expectFailure(admin.services.groups.addMembers({ tenant: 'Globex, Inc.', kind: 'security', name: 'tenant-admins' }, ['t2user']), 'insufficient-access', /only manage their own tenant/);
    await expectFailure(admin.services.tenants.update('a.*', { storagePoolBytes: 100 * gib }), 'insufficient-access', /belong to the host admins/);
    await expectFailure(admin.services.tenants.create({ name: 'Mine', settings: { mailDomains: ['mine.test'] } }), 'insufficient-access', /belong to the host admins/);
    await expectFailure(admin.services.mailboxes.update('a.*', 't0user', { quotaBytes: null }), 'insufficient-access', /has a storage pool, so tenant admins cannot make a mailbox unlimited/);
    // The tenant has no default quota, so a mailbox created without one would be unlimited.
    const { quotaBytes: _unused, ...withoutQuota } = mailboxRequest(0, 'peer');
    await expectFailure(admin.services.mailboxes.create({ ...withoutQuota, login: 't0none', primaryAddress: 't0none@astar.test' }), 'insufficient-access', /cannot make a mailbox unlimited/);
    await expectFailure(admin.services.mailboxes.create({ ...withoutQuota, login: 't0unl', primaryAddress: 't0unl@astar.test', quotaBytes: null }), 'insufficient-access', /cannot make a mailbox unlimited/);
  });

  describe('server-side ceiling (console bypassed)', () => {
    const raw = () => admin.connection;
    const layout = () => host.services.context.dialect.layout;

    it('cannot create or move anything outside its tenant', async () => {
      await expectFailure(raw().add(childDn(layout().mailboxesDn('Globex, Inc.'), 'uid', 'intruder'), { objectClass: 'inetOrgPerson', uid: 'intruder', cn: 'x', sn: 'x' }), 'insufficient-access');
      await expectFailure(raw().add(childDn(layout().tenantsDn, 'ou', 'rogue'), { objectClass: 'organizationalUnit', ou: 'rogue' }), 'insufficient-access');
      await expectFailure(raw().add(childDn(layout().suffix, 'ou', 'rogue'), { objectClass: 'organizationalUnit', ou: 'rogue' }), 'insufficient-access');
      await expectFailure(raw().add(childDn(tenantDn(0), 'ou', 'rogue'), { objectClass: 'organizationalUnit', ou: 'rogue' }), 'insufficient-access');
      // Nobody renames or moves entries (olcRestrict: rename): 53, "operation restricted".
      expect(await expectFailure(raw().rename(dnOf(0, 'user'), childDn(layout().mailboxesDn('x,ou=tenants'), 'uid', login(0, 'user'))), 'policy-violation')).toMatchObject({ ldapCode: 53 });
    });

    it('cannot add itself or anyone to host groups or another tenant’s groups', async () => {
      await expectFailure(raw().modify(childDn(layout().hostGroupsDn, 'cn', 'host-admins'), [addValues('member', dnOf(0, 'admin'))]), 'insufficient-access');
      await expectFailure(raw().modify(childDn(layout().hostGroupsDn, 'cn', 'helpdesk'), [addValues('member', dnOf(0, 'user'))]), 'insufficient-access');
      for (const other of [1, 2, 3]) await expectFailure(raw().modify(groupDn(other, 'tenant-admins'), [addValues('member', dnOf(0, 'admin'))]), 'insufficient-access');
    });

    it('cannot put a mailbox of another tenant into its own groups (per-tenant member rule), but may its own', async () => {
      await expectFailure(raw().modify(groupDn(0, 'all-users'), [addValues('member', dnOf(2, 'user'))]), 'insufficient-access');
      await expectFailure(raw().add(groupDn(0, 'mixed'), { objectClass: 'enclaveGroup', cn: 'mixed', enclaveGroupKind: 'security', member: [dnOf(0, 'user'), dnOf(1, 'user')] }), 'insufficient-access');
      await raw().add(groupDn(0, 'own'), { objectClass: 'enclaveGroup', cn: 'own', enclaveGroupKind: 'security', member: [dnOf(0, 'user')] });
      await raw().modify(groupDn(0, 'own'), [addValues('member', dnOf(0, 'peer')), removeValues('member', dnOf(0, 'user'))]);
      await raw().delete(groupDn(0, 'own'));
    });

    it('cannot remove a quota (mandatory in the schema, for host admins too) or make a mailbox unlimited while the tenant has a pool', async () => {
      expect(await expectFailure(raw().modify(dnOf(0, 'user'), [replace('enclaveMailboxQuotaBytes', [])]), 'ldap')).toMatchObject({ ldapCode: 65 });
      expect(await expectFailure(host.connection.modify(dnOf(0, 'user'), [replace('enclaveMailboxQuotaBytes', [])]), 'ldap')).toMatchObject({ ldapCode: 65 });
      await expectFailure(raw().modify(dnOf(0, 'user'), [replace('enclaveMailboxQuotaBytes', '0')]), 'insufficient-access');
      // Without a pool, unlimited (stored as 0) is within the tenant's ceiling.
      const unpooled = await as(dnOf(1, 'admin'));
      await unpooled.connection.modify(dnOf(1, 'user'), [replace('enclaveMailboxQuotaBytes', '0')]);
      expect((await host.services.mailboxes.get('x,ou=tenants', login(1, 'user'))).quotaBytes).toBeNull();
      // Host admins may make any mailbox unlimited.
      await host.services.mailboxes.update('a.*', login(0, 'peer'), { quotaBytes: null });
      expect((await host.services.mailboxes.get('a.*', login(0, 'peer'))).quotaBytes).toBeNull();
      await host.services.mailboxes.update('a.*', login(0, 'peer'), { quotaBytes: 1000 });
    });

    it('cannot change its tenant’s settings, pool or limits', async () => {
      await expectFailure(raw().modify(tenantDn(0), [replace('enclaveStoragePoolBytes', String(1000 * gib))]), 'insufficient-access');
      await expectFailure(raw().modify(tenantDn(0), [replace('enclaveMailboxLimit', '100000')]), 'insufficient-access');
      await expectFailure(raw().modify(tenantDn(0), [replace('enclaveMailDomain', ['astar.test', 'unclaimed.test'])]), 'insufficient-access');
      // A domain another tenant holds is refused by the unique overlay first (19): uniqueness answers before the
      // access rules, so domains, logins and addresses are not secrets (docs/isolation.md, "What an intruder learns").
      await expectFailure(raw().modify(tenantDn(0), [replace('enclaveMailDomain', ['astar.test', 'globex.test'])]), 'policy-violation');
    });

    it('cannot give a mailbox more quota than the pool, but may give up to the pool', async () => {
      await raw().modify(dnOf(0, 'user'), [replace('enclaveMailboxQuotaBytes', String(10 * gib))]);
      await expectFailure(raw().modify(dnOf(0, 'user'), [replace('enclaveMailboxQuotaBytes', String(10 * gib + 1))]), 'insufficient-access');
      const globex = await as(dnOf(2, 'admin'));
      await globex.connection.modify(dnOf(2, 'user'), [replace('enclaveMailboxQuotaBytes', '5000')]);
      await expectFailure(globex.connection.modify(dnOf(2, 'user'), [replace('enclaveMailboxQuotaBytes', '5001')]), 'insufficient-access');
      // A leading zero is not INTEGER syntax (21), so it cannot slip past the ceiling's regex either.
      expect(await expectFailure(globex.connection.modify(dnOf(2, 'user'), [replace('enclaveMailboxQuotaBytes', '05000')]), 'ldap')).toMatchObject({ ldapCode: 21 });
    });

    it('cannot use an address in another tenant’s domain (the domain rule reads its tenant’s domains: 50)', async () => {
      await expectFailure(raw().modify(dnOf(0, 'user'), [addValues('mailLocalAddress', 'stolen@globex.test')]), 'insufficient-access');
      await expectFailure(raw().modify(dnOf(0, 'user'), [replace('mail', 'x@ASTAR.TEST.evil.test'), replace('mailLocalAddress', 'x@ASTAR.TEST.evil.test')]), 'insufficient-access');
    });

    it('cannot read password hashes or the audit log', async () => {
      const entry = await raw().read(dnOf(0, 'user'), ['userPassword', 'uid']);
      expect(entry?.['uid']).toBe(login(0, 'user'));
      expect(entry?.['userPassword'] ?? []).toEqual([]);
      await expectFailure(raw().search('cn=accesslog', { scope: 'sub' }), 'not-found');
    });

    it('cannot delete or rename its tenant’s built-in groups', async () => {
      await expectFailure(raw().delete(groupDn(0, 'all-users')), 'insufficient-access');
    });
  });
});

describe('tenant user', () => {
  let user: DirectorySession;
  beforeAll(async () => {
    user = await as(dnOf(2, 'user'));
  });

  it('reads its own tenant’s address book: names, addresses and groups', async () => {
    const page = await user.services.mailboxes.list('Globex, Inc.', 50);
    expect(page.items.map((m) => m.primaryAddress).sort()).toEqual(['t2admin@globex.test', 't2peer@globex.test', 't2user@globex.test']);
    expect((await user.services.groups.list('Globex, Inc.')).map((g) => g.name).sort()).toEqual(['all-users', 'tenant-admins']);
  });

  it('sees no other tenant, from the suffix or by address or DN', async () => {
    expect((await user.services.tenants.list()).map((t) => t.name)).toEqual(['Globex, Inc.']);
    const everything = await user.connection.search(dir.info.suffix, { scope: 'sub' });
    expect(everything.length).toBeGreaterThan(0);
    // Outside its tenant only the directory's default password policy, the rules its own password follows
    // (access-policy.ts, condition default-or-own): no other tenant, not the staff's policy.
    const policies = openLdapLayout(dir.info.suffix);
    expect(everything.filter((entry) => !sameDn(entry.dn, tenantDn(2)) && !isBelow(entry.dn, tenantDn(2))).map((entry) => entry.dn)).toEqual([policies.defaultPolicyDn]);
    expect(await user.connection.read(policies.staffPolicyDn)).toBeNull();
    expect(await user.services.search.search('t0user', 10)).toEqual([]);
    expect(await user.connection.read(dnOf(0, 'user'))).toBeNull();
    await expectFailure(user.services.tenants.require('a.*'), 'not-found');
  });

  it('does not see a mailbox of its tenant hidden from the address book; the admins and the mailbox itself do', async () => {
    await host.services.mailboxes.update('Globex, Inc.', login(2, 'peer'), { hiddenFromAddressBook: true });
    try {
      expect((await user.services.mailboxes.list('Globex, Inc.', 50)).items.map((m) => m.login)).not.toContain(login(2, 'peer'));
      expect(await user.connection.read(dnOf(2, 'peer'))).toBeNull();
      const globexAdmin = await as(dnOf(2, 'admin'));
      expect((await globexAdmin.services.mailboxes.get('Globex, Inc.', login(2, 'peer'))).hiddenFromAddressBook).toBe(true);
      const peer = await as(dnOf(2, 'peer'));
      expect(await peer.connection.read(dnOf(2, 'peer'), ['uid'])).not.toBeNull();
    } finally {
      await host.services.mailboxes.update('Globex, Inc.', login(2, 'peer'), { hiddenFromAddressBook: false });
    }
  });

  it('changes its own password and nothing else', async () => {
    await user.connection.modify(dnOf(2, 'user'), [replace('userPassword', 'Changed-By-Self-1')]);
    await as(dnOf(2, 'user'), 'Changed-By-Self-1');
    await expectFailure(user.connection.modify(dnOf(2, 'user'), [replace('sn', 'Boss')]), 'insufficient-access');
    await expectFailure(user.connection.modify(dnOf(2, 'peer'), [replace('userPassword', 'Hijacked-Pass-1')]), 'insufficient-access');
    await expectFailure(user.connection.modify(groupDn(2, 'tenant-admins'), [addValues('member', dnOf(2, 'user'))]), 'insufficient-access');
    await expectFailure(user.services.mailboxes.create(mailboxRequest(2, 'peer')), 'insufficient-access', /Tenant users may read/);
  });
});

// Keep the tuple type in use for readers: the tenants above are the ones every row is checked against.
export type { TenantName };
