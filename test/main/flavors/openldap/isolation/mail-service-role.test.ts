/**
 * The mail-service role attacked as the service account itself (ldapts, no console in between), on a real slapd
 * with the generated access policy: it reads exactly what Dovecot and Postfix need in every tenant and nothing
 * else, never a password, writes nothing anywhere, reads every mailbox in one unpaged search past the server's size
 * limit, and keeps all of that when the rules are applied again. Wrong passwords lock neither it nor a mailbox.
 */
import type { Client, Entry } from 'ldapts';
import { EqualityFilter, PresenceFilter } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../../../main/app/directory-session';
import { addValues, replace } from '../../../../../main/directory/changes';
import { childDn } from '../../../../../main/directory/dn';
import { ldifEntry } from '../../../../../main/directory/ldif';
import { mailServiceAttributes } from '../../../../../main/flavors/openldap/isolation/access-rules';
import { applySandboxIsolation } from '../../../../../main/flavors/openldap/sandbox/sandbox-isolation';
import { hashSsha } from '../../../../../main/flavors/openldap/sandbox/ssha-password';
import { openIsolatedSession, openSession } from '../../../../harness/hosting-session';
import { boundClient, rootClient, startTestDirectory, type TestDirectory } from '../../../../harness/test-directory';

let dir: TestDirectory;
let host: DirectorySession;
let service: Client;
let account: { dn: string; password: string };
const password = 'Correct-Horse-9';
const bulk = 1_100;

const mailbox = (tenant: string, login: string, domain: string, enabled = true) => ({
  tenant, login, givenName: 'Given', surname: login, displayName: '', primaryAddress: `${login}@${domain}`, aliases: [`${login}.alias@${domain}`], hiddenFromAddressBook: false, password, enabled, groups: [], quotaBytes: 5000,
});
const layout = () => host.services.context.dialect.layout;
const mailboxDn = (tenant: string, login: string) => childDn(layout().mailboxesDn(tenant), 'uid', login);
/** Every attribute name the service account gets back, over every entry it can find. */
const attributeNames = (entries: Entry[]) => new Set(entries.flatMap((entry) => Object.entries(entry).filter(([name, value]) => name !== 'dn' && (!Array.isArray(value) || value.length > 0)).map(([name]) => name.toLowerCase())));

beforeAll(async () => {
  dir = await startTestDirectory();
  // Bulk mailboxes first, offline (as another tool would load them): more than the server's size limit of 500.
  const suffix = dir.info.suffix;
  const tenantDn = childDn(childDn(suffix, 'ou', 'tenants'), 'ou', 'Bulk');
  const ldif = [
    ldifEntry(tenantDn, { objectClass: ['organizationalUnit', 'enclaveTenant'], ou: 'Bulk', enclaveMailDomain: 'bulk.test' }),
    ldifEntry(childDn(tenantDn, 'ou', 'mailboxes'), { objectClass: 'organizationalUnit', ou: 'mailboxes' }),
    ...Array.from({ length: bulk }, (_, index) =>
      ldifEntry(childDn(childDn(tenantDn, 'ou', 'mailboxes'), 'uid', `bulk${index}`), {
        objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'], uid: `bulk${index}`, cn: `Bulk ${index}`, sn: 'Bulk', mail: `bulk${index}@bulk.test`, mailLocalAddress: `bulk${index}@bulk.test`, enclaveMailboxQuotaBytes: '1000', userPassword: hashSsha(password),
      }),
    ),
  ].join('');
  await dir.loadOffline(ldif);
  host = await openIsolatedSession(dir);
  for (const [name, domain] of [['Acme', 'acme.test'], ['Globex', 'globex.test']] as const) {
    await host.services.tenants.create({ name, settings: { mailDomains: [domain], services: { imap: name !== 'Globex' } } });
    await host.services.mailboxes.create(mailbox(name, `${name.toLowerCase()}1`, domain));
    await host.services.mailboxes.create(mailbox(name, `${name.toLowerCase()}2`, domain, false));
    await host.services.groups.create({ tenant: name, kind: 'distribution', name: 'team', description: 'Team', address: `team@${domain}`, members: [`${name.toLowerCase()}1`, `${name.toLowerCase()}2`] });
  }
  const created = await host.services.serviceAccounts.create('mail1', 'Mail host');
  account = { dn: created.account.dn, password: created.password };
  service = await boundClient(dir.info.url, account.dn, account.password);
}, 120_000);

afterAll(async () => {
  await service?.unbind();
  await host?.connection.dispose();
  await dir?.stop();
});

describe('the mail-service role, as the service account', () => {
  it('reads exactly what the mail servers need in every tenant, and nothing more', async () => {
    const { searchEntries } = await service.search(layout().tenantsDn, { scope: 'sub', filter: new PresenceFilter({ attribute: 'objectClass' }), attributes: ['*', '+'] });
    const seen = attributeNames(searchEntries);
    const allowed = new Set(mailServiceAttributes().map((name) => name.toLowerCase()));
    expect([...seen].filter((name) => !allowed.has(name))).toEqual([]);
    for (const needed of ['uid', 'mail', 'maillocaladdress', 'entryuuid', 'enclavemailboxquotabytes', 'enclaveaccountstate', 'member', 'enclavemaildomain', 'enclavegroupkind', 'enclavedeniedservice']) expect(seen).toContain(needed);
    for (const withheld of ['userpassword', 'cn', 'sn', 'givenname', 'memberof', 'pwdpolicysubentry', 'enclavestoragepoolbytes', 'creatorsname']) expect(seen).not.toContain(withheld);
    // Both tenants' mailboxes, in one search.
    const logins = new Set(searchEntries.map((entry) => entry['uid']).filter((uid) => typeof uid === 'string'));
    for (const login of ['acme1', 'acme2', 'globex1', 'globex2']) expect(logins).toContain(login);
  });

  it('never reads a password: not by search, not by filter, not by reading the entry', async () => {
    const byFilter = await service.search(dir.info.suffix, { scope: 'sub', filter: new PresenceFilter({ attribute: 'userPassword' }), attributes: ['1.1'] });
    expect(byFilter.searchEntries).toEqual([]);
    for (const dn of [mailboxDn('Acme', 'acme1'), account.dn, dir.info.bindDN]) {
      const { searchEntries } = await service.search(dn, { scope: 'base', attributes: ['userPassword'] }).catch(() => ({ searchEntries: [] as Entry[] }));
      expect(searchEntries.flatMap((entry) => (Array.isArray(entry['userPassword']) ? entry['userPassword'] : [entry['userPassword']])).filter(Boolean)).toEqual([]);
    }
  });

  it('does not see a disabled mailbox’s primary address, so list expansion leaves it out', async () => {
    const disabled = await service.search(mailboxDn('Acme', 'acme2'), { scope: 'base', attributes: ['mail', 'enclaveAccountState'] });
    expect(disabled.searchEntries[0]).toMatchObject({ enclaveAccountState: 'disabled', mail: [] });
    const enabled = await service.search(mailboxDn('Acme', 'acme1'), { scope: 'base', attributes: ['mail'] });
    expect(enabled.searchEntries[0]).toMatchObject({ mail: 'acme1@acme.test' });
  });

  it('sees nothing of the host: staff, groups, policies, audit checkpoints, the server log', async () => {
    for (const base of [layout().hostDn, childDn(dir.info.suffix, 'ou', 'policies'), 'cn=accesslog']) {
      const found = await service.search(base, { scope: 'sub', attributes: ['1.1'] }).then((r) => r.searchEntries, () => []);
      expect(found, base).toEqual([]);
    }
  });

  it('writes nothing: every change it tries is refused and nothing changed', async () => {
    const target = mailboxDn('Acme', 'acme1');
    const attempts: [string, () => Promise<unknown>][] = [
      ['rename a mailbox', () => service.modify(target, replace('sn', 'changed'))],
      ['raise a quota', () => service.modify(target, replace('enclaveMailboxQuotaBytes', '0'))],
      ['enable a mailbox', () => service.modify(mailboxDn('Acme', 'acme2'), [replace('enclaveAccountState', 'active'), replace('pwdAccountLockedTime', [])])],
      ['reset a password', () => service.modify(target, replace('userPassword', 'Another-Password-1'))],
      ['add an address', () => service.modify(target, addValues('mailLocalAddress', 'evil@acme.test'))],
      ['change a tenant’s services', () => service.modify(layout().tenantDn('Globex'), replace('enclaveDeniedService', []))],
      ['create a mailbox', () => service.add(mailboxDn('Acme', 'intruder'), { objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'], uid: 'intruder', cn: 'x', sn: 'x', mail: 'intruder@acme.test', mailLocalAddress: 'intruder@acme.test', enclaveMailboxQuotaBytes: '1', userPassword: password })],
      ['delete a mailbox', () => service.del(target)],
      ['join a list', () => service.modify(host.services.context.dialect.groupDn('Acme', 'distribution', 'team'), addValues('member', account.dn))],
      ['join the host admins', () => service.modify(layout().hostAdminsGroupDn, addValues('member', account.dn))],
      ['add another mail service', () => service.modify(layout().mailServicesGroupDn, addValues('member', dir.info.bindDN))],
      ['change its own password', () => service.modify(account.dn, replace('userPassword', 'Another-Password-1234567'))],
      ['change its own description', () => service.modify(account.dn, replace('description', 'owned'))],
      ['create another service account', () => service.add(childDn(layout().servicesDn, 'uid', 'mail9'), { objectClass: ['account', 'simpleSecurityObject'], uid: 'mail9', userPassword: 'Another-Password-1234567' })],
      ['move a mailbox', () => service.modifyDN(target, childDn(layout().mailboxesDn('Globex'), 'uid', 'acme1'))],
    ];
    for (const [what, attempt] of attempts) {
      const outcome = await attempt().then(() => 'written', (error: { code?: number }) => error.code);
      expect([50, 32, 53], what).toContain(outcome);
    }
    const after = await host.services.mailboxes.get('Acme', 'acme1');
    expect(after).toMatchObject({ surname: 'acme1', quotaBytes: 5000, aliases: ['acme1.alias@acme.test'] });
    expect((await host.services.mailboxes.get('Acme', 'acme2')).enabled).toBe(false);
    const relogin = await boundClient(dir.info.url, account.dn, account.password);
    await relogin.unbind();
  });

  it('reads every mailbox in one unpaged search past the server’s size limit (helpdesk cannot)', async () => {
    const filter = new EqualityFilter({ attribute: 'objectClass', value: 'enclaveMailbox' });
    const all = await service.search(layout().tenantsDn, { scope: 'sub', filter, attributes: ['uid'] });
    expect(all.searchEntries.length).toBe(bulk + 4);
    const helpdesk = await boundClient(dir.info.url, dir.helpdesk.bindDN, dir.helpdesk.password);
    try {
      await expect(helpdesk.search(layout().tenantsDn, { scope: 'sub', filter, attributes: ['uid'] })).rejects.toMatchObject({ code: 4 });
    } finally {
      await helpdesk.unbind();
    }
  });

  it('keeps every grant when the generated rules are applied again (nothing per account in cn=config)', async () => {
    await applySandboxIsolation(dir.info);
    await applySandboxIsolation(dir.info);
    const again = await boundClient(dir.info.url, account.dn, account.password);
    try {
      const { searchEntries } = await again.search(layout().tenantsDn, { scope: 'sub', filter: new EqualityFilter({ attribute: 'objectClass', value: 'enclaveMailbox' }), attributes: ['uid', 'entryUUID', 'userPassword'] });
      expect(searchEntries.length).toBe(bulk + 4);
      expect(attributeNames(searchEntries)).toEqual(new Set(['uid', 'entryuuid']));
    } finally {
      await again.unbind();
    }
  });
});

describe('wrong passwords from the internet lock nobody out of the directory', () => {
  const failBinds = async (dn: string, times: number) => {
    for (let i = 0; i < times; i += 1) await expect(boundClient(dir.info.url, dn, `wrong-${i}`)).rejects.toMatchObject({ code: 49 });
  };
  const failureState = async (dn: string) => {
    const root = await rootClient(dir);
    try {
      const { searchEntries } = await root.search(dn, { scope: 'base', attributes: ['pwdFailureTime', 'pwdAccountLockedTime'] });
      return searchEntries[0];
    } finally {
      await root.unbind();
    }
  };

  it('a mailbox: seven wrong passwords count nothing and lock nothing; the right one still works', async () => {
    const dn = mailboxDn('Acme', 'acme1');
    await failBinds(dn, 7);
    expect(await failureState(dn)).toMatchObject({ pwdFailureTime: [], pwdAccountLockedTime: [] });
    const client = await boundClient(dir.info.url, dn, password);
    await client.unbind();
  });

  it('a disabled mailbox stays refused with the right password (the administrative lock is still honoured)', async () => {
    await expect(boundClient(dir.info.url, mailboxDn('Acme', 'acme2'), password)).rejects.toMatchObject({ code: 49 });
  });

  it('the service account: wrong binds from anyone do not stop the mail host', async () => {
    await failBinds(account.dn, 7);
    expect(await failureState(account.dn)).toMatchObject({ pwdAccountLockedTime: [] });
    const client = await boundClient(dir.info.url, account.dn, account.password);
    await client.unbind();
  });

  it('host staff are different: their policy is theirs (the helpdesk session still opens after a wrong bind)', async () => {
    await failBinds(dir.helpdesk.bindDN, 1);
    const session = await openSession(dir, dir.helpdesk.bindDN, dir.helpdesk.password);
    await session.connection.dispose();
  });
});
