/**
 * Service accounts on a real slapd with the access policy applied: created with a generated password that binds,
 * in the mail-services group, listed, removed (its binds stop); refused for helpdesk and tenant admins by the
 * console and by the server; a name taken anywhere in the directory refused by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { childDn } from '../../../main/directory/dn';
import { generateServicePassword } from '../../../main/hosting/service-account-service';
import { expectFailure } from '../../harness/expect-failure';
import { openIsolatedSession, openSession } from '../../harness/hosting-session';
import { boundClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let host: DirectorySession;
const sessions: DirectorySession[] = [];
const password = 'Correct-Horse-9';

beforeAll(async () => {
  dir = await startTestDirectory();
  host = await openIsolatedSession(dir);
  await host.services.tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test'] } });
  await host.services.mailboxes.create({ tenant: 'Acme', login: 'boss', givenName: '', surname: 'Boss', displayName: '', primaryAddress: 'boss@acme.test', aliases: [], hiddenFromAddressBook: false, password, enabled: true, groups: [], quotaBytes: 1000 });
  await host.services.groups.addMembers({ tenant: 'Acme', kind: 'security', name: 'tenant-admins' }, ['boss']);
}, 60_000);

afterAll(async () => {
  for (const session of sessions) await session.connection.dispose();
  await host?.connection.dispose();
  await dir?.stop();
});

describe('ServiceAccountService', () => {
  it('generates passwords of 35 characters that Dovecot and Postfix take unquoted', () => {
    const passwords = new Set(Array.from({ length: 50 }, generateServicePassword));
    expect(passwords.size).toBe(50);
    for (const value of passwords) expect(value).toMatch(/^[A-Za-z0-9_-]{32}Aa1$/);
  });

  it('creates an account in the mail-services group whose password binds, and lists it', async () => {
    const created = await host.services.serviceAccounts.create('mail1', 'Mail host one');
    expect(created.account).toMatchObject({ name: 'mail1', description: 'Mail host one', mailService: true, dn: childDn(host.services.context.dialect.layout.servicesDn, 'uid', 'mail1') });
    expect(created.account.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const client = await boundClient(dir.info.url, created.account.dn, created.password);
    await client.unbind();
    expect((await host.services.serviceAccounts.list()).map((a) => a.name)).toEqual(['mail1']);
  });

  it('refuses a name that is already a login anywhere in the directory, naming the holder', async () => {
    await expectFailure(host.services.serviceAccounts.create('mail1', ''), 'already-exists', /"mail1" is already a login/);
    await expectFailure(host.services.serviceAccounts.create('boss', ''), 'already-exists', /ou=mailboxes/);
    await expectFailure(host.services.serviceAccounts.create('helpdesk', ''), 'already-exists', /ou=people/);
  });

  it('removes an account: out of the group, deleted, its password no longer binds', async () => {
    const created = await host.services.serviceAccounts.create('mail2', '');
    await host.services.serviceAccounts.delete('mail2');
    expect((await host.services.serviceAccounts.list()).map((a) => a.name)).toEqual(['mail1']);
    await expect(boundClient(dir.info.url, created.account.dn, created.password)).rejects.toMatchObject({ code: 49 });
    const group = await host.connection.read(host.services.context.dialect.layout.mailServicesGroupDn, ['member']);
    expect(JSON.stringify(group)).not.toMatch(/mail2/);
    await expectFailure(host.services.serviceAccounts.delete('mail2'), 'not-found', /no service account named "mail2"/);
  });

  it('creates the container and group a directory made before them lacks', async () => {
    const layout = host.services.context.dialect.layout;
    await host.services.serviceAccounts.delete('mail1');
    await host.connection.delete(layout.mailServicesGroupDn);
    await host.connection.delete(layout.servicesDn);
    expect(await host.services.serviceAccounts.list()).toEqual([]);
    const created = await host.services.serviceAccounts.create('mail3', '');
    expect(created.account.mailService).toBe(true);
  });

  it('is the host admins’ job: helpdesk may list but not create; tenant admins may do neither (console, then server)', async () => {
    const helpdesk = await openSession(dir, dir.helpdesk.bindDN, dir.helpdesk.password);
    sessions.push(helpdesk);
    expect((await helpdesk.services.serviceAccounts.list()).map((a) => a.name)).toEqual(['mail3']);
    await expectFailure(helpdesk.services.serviceAccounts.create('mail9', ''), 'insufficient-access', /Refused before sending/);
    await expectFailure(helpdesk.services.serviceAccounts.delete('mail3'), 'insufficient-access');
    const admin = await openSession(dir, (await host.services.mailboxes.get('Acme', 'boss')).dn, password);
    sessions.push(admin);
    await expectFailure(admin.services.serviceAccounts.list(), 'insufficient-access', /staff-only/);
    await expectFailure(admin.services.serviceAccounts.create('mail9', ''), 'insufficient-access');
    // Bypassing the console: the server refuses both.
    const dialect = host.services.context.dialect;
    for (const session of [helpdesk, admin]) {
      await expect(session.connection.add(dialect.serviceAccountDn('mail9'), dialect.serviceAccountEntry('mail9', '', generateServicePassword()))).rejects.toThrow(/insufficient/i);
    }
  });
});
