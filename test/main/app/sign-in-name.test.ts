/**
 * Sign-in by login or address on a real slapd with the access policy in force: host staff by login from the
 * layout, a tenant's mailbox by login or address through a lookup account (a mail-service account), and a name
 * nobody has ending exactly like a wrong password. Anonymous clients still see nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'ldapts';
import { isDistinguishedName, resolveSignInName, dnsDomainOf } from '../../../main/app/sign-in-name';
import { settingsFromProfile } from '../../../main/app/directory-session';
import { openLdapLayout } from '../../../main/flavors/openldap/openldap-layout';
import { addValues } from '../../../main/directory/changes';
import type { ConnectionProfile } from '../../../shared/model/connection';
import type { DirectorySession } from '../../../main/app/directory-session';
import { expectFailure } from '../../harness/expect-failure';
import { openIsolatedSession, testProfile } from '../../harness/hosting-session';
import { boundClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let session: DirectorySession;
const lookupPassword = 'Lookup-Account-Password-1';
let lookupDn = '';

beforeAll(async () => {
  dir = await startTestDirectory();
  session = await openIsolatedSession(dir);
  const { tenants, mailboxes, groups } = session.services;
  await tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test'] } });
  await mailboxes.create({ tenant: 'Acme', login: 'alice', givenName: 'Alice', surname: 'Admin', displayName: '', primaryAddress: 'alice@acme.test', aliases: ['boss@acme.test'], password: 'Alice-Pass-123', enabled: true, hiddenFromAddressBook: false, groups: [] });
  await groups.addMembers({ tenant: 'Acme', kind: 'security', name: 'tenant-admins' }, ['alice']);
  // The mail hosts' read-only account, as issue 15's `service-account create` makes one.
  const layout = openLdapLayout(dir.info.suffix);
  lookupDn = `uid=mail-lookup,${layout.servicesDn}`;
  await session.connection.add(lookupDn, { objectClass: ['account', 'simpleSecurityObject'], uid: 'mail-lookup', userPassword: lookupPassword });
  await session.connection.modify(layout.mailServicesGroupDn, [addValues('member', lookupDn)]);
}, 120_000);

afterAll(async () => {
  await session?.connection.dispose();
  await dir?.stop();
});

const profile = (bindDN: string, lookup = false): ConnectionProfile => ({ ...testProfile(dir, bindDN), ...(lookup ? { lookupBindDN: lookupDn } : {}) });
const resolve = (bindDN: string, password: string, lookup = false) =>
  resolveSignInName({ profile: profile(bindDN, lookup), password, lookupPassword: lookup ? lookupPassword : null }, (dn, secret) => settingsFromProfile({ ...profile(bindDN, lookup), bindDN: dn }, secret));

describe('resolveSignInName', () => {
  it('keeps a DN as it is', async () => {
    expect(await resolve(dir.info.bindDN, dir.info.password)).toBe(dir.info.bindDN);
    expect(isDistinguishedName('uid=a,ou=people')).toBe(true);
    expect(isDistinguishedName('alice@acme.test')).toBe(false);
    expect(dnsDomainOf('DC=corp,DC=example,DC=com')).toBe('corp.example.com');
  });

  it('signs host staff in by login, from the layout alone', async () => {
    const dn = await resolve('helpdesk', dir.helpdesk.password);
    expect(dn).toBe(dir.helpdesk.bindDN);
    await (await boundClient(dir.info.url, dn, dir.helpdesk.password)).unbind();
  });

  it("finds a tenant's mailbox by login, address or alias through the lookup account", async () => {
    for (const name of ['alice', 'alice@acme.test', 'BOSS@acme.test']) {
      const dn = await resolve(name, 'Alice-Pass-123', true);
      expect(dn).toMatch(/^uid=alice,ou=mailboxes,ou=Acme,ou=tenants,/);
    }
  });

  it('answers a name nobody has like a wrong password, and asks for a lookup account to sign in by address', async () => {
    await expectFailure(resolve('nobody@acme.test', 'whatever', true), 'invalid-credentials', /sign-in name or password/);
    await expectFailure(resolve('alice@acme.test', 'Alice-Pass-123'), 'invalid-input', /needs a lookup account/);
    await expectFailure(resolve('not a name!', 'x'), 'invalid-input', /neither a DN, a login nor a mail address/);
  });

  it('says so when the lookup account itself cannot sign in', async () => {
    const wrong = resolveSignInName({ profile: profile('alice', true), password: 'x', lookupPassword: 'wrong' }, (dn, secret) => settingsFromProfile({ ...profile('alice', true), bindDN: dn }, secret));
    await expectFailure(wrong, 'invalid-input', /lookup account could not sign in/);
  });

  it('leaves anonymous clients seeing nothing below the suffix (the reason for the lookup account)', async () => {
    const anonymous = new Client({ url: dir.info.url });
    try {
      const found = await anonymous.search(dir.info.suffix, { scope: 'sub', filter: '(uid=alice)', attributes: ['1.1'] }).catch(() => ({ searchEntries: [] }));
      expect(found.searchEntries).toEqual([]);
    } finally {
      await anonymous.unbind();
    }
  });
});
