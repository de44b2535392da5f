/**
 * Per-tenant mail service settings (issue 18) on a real slapd with the access policy applied: stored on the
 * tenant, overridden per mailbox, refused for tenant admins by the console and by the server, refused values
 * outside the known services, and a tenant's change writing nothing outside that tenant (an export of the whole
 * directory, operational attributes included, compared before and after).
 */
import type { Client, Entry } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { replace } from '../../../main/directory/changes';
import { childDn } from '../../../main/directory/dn';
import { ldifEntry } from '../../../main/directory/ldif';
import { effectiveMailServices } from '../../../shared/model/mail-services';
import { expectFailure } from '../../harness/expect-failure';
import { openIsolatedSession, openSession } from '../../harness/hosting-session';
import { rootClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let host: DirectorySession;
let root: Client;
const password = 'Correct-Horse-9';
const sessions: DirectorySession[] = [];

const mailbox = (tenant: string, login: string, domain: string) => ({
  tenant, login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@${domain}`, aliases: [], hiddenFromAddressBook: false, password, enabled: true, groups: [], quotaBytes: 1000,
});

beforeAll(async () => {
  dir = await startTestDirectory();
  host = await openIsolatedSession(dir);
  root = await rootClient(dir);
  for (const [name, domain] of [['Initech', 'initech.test'], ['Umbrella', 'umbrella.test'], ['Hooli', 'hooli.test']] as const) {
    await host.services.tenants.create({ name, settings: { mailDomains: [domain] } });
    for (const login of [`${name.toLowerCase()}-a`, `${name.toLowerCase()}-b`]) await host.services.mailboxes.create(mailbox(name, login, domain));
  }
  await host.services.groups.addMembers({ tenant: 'Initech', kind: 'security', name: 'tenant-admins' }, ['initech-a']);
}, 60_000);

afterAll(async () => {
  for (const session of sessions) await session.connection.dispose();
  await root?.unbind();
  await host?.connection.dispose();
  await dir?.stop();
});

/** Every entry of the main database with every user and operational attribute, as sorted LDIF, by DN. */
async function exportDirectory(): Promise<Map<string, string>> {
  const { searchEntries } = await root.search(dir.info.suffix, { scope: 'sub', attributes: ['*', '+'] });
  const text = (entry: Entry) => {
    const attributes = Object.entries(entry)
      .filter(([name]) => name !== 'dn')
      // contextCSN on the suffix entry is the database's own clock (syncprov), moved by any write anywhere.
      .filter(([name]) => !(entry.dn.toLowerCase() === dir.info.suffix.toLowerCase() && name === 'contextCSN'))
      .map(([name, value]) => [name, (Array.isArray(value) ? value : [value]).map((v) => (Buffer.isBuffer(v) ? v.toString('base64') : String(v))).sort()] as const)
      .sort(([a], [b]) => a.localeCompare(b));
    return ldifEntry(entry.dn, Object.fromEntries(attributes));
  };
  return new Map(searchEntries.map((entry) => [entry.dn.toLowerCase(), text(entry)]));
}

describe('tenant mail service settings', () => {
  it('a new tenant allows every service without a size limit until the host says otherwise', async () => {
    expect((await host.services.tenants.require('Hooli')).services).toEqual({ imap: true, pop3: true, externalForwarding: true, maxMessageBytes: null });
  });

  it('stores a change on the tenant entry alone: the rest of the directory is unchanged, byte for byte', async () => {
    const before = await exportDirectory();
    const updated = await host.services.tenants.update('Umbrella', { services: { imap: false, maxMessageBytes: 10 * 2 ** 20 } });
    expect(updated.services).toEqual({ imap: false, pop3: true, externalForwarding: true, maxMessageBytes: 10 * 2 ** 20 });
    const after = await exportDirectory();
    const tenantDn = host.services.context.dialect.layout.tenantDn('Umbrella').toLowerCase();
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((dn) => before.get(dn) !== after.get(dn));
    expect(changed).toEqual([tenantDn]);
    expect(after.get(tenantDn)).toMatch(/enclaveDeniedService: imap/);
    expect(after.get(tenantDn)).toMatch(/enclaveMaxMessageBytes: 10485760/);
  });

  it('changes one switch at a time, keeping the others', async () => {
    await host.services.tenants.update('Umbrella', { services: { externalForwarding: false } });
    expect((await host.services.tenants.require('Umbrella')).services).toEqual({ imap: false, pop3: true, externalForwarding: false, maxMessageBytes: 10 * 2 ** 20 });
    await host.services.tenants.update('Umbrella', { services: { imap: true, maxMessageBytes: null } });
    expect((await host.services.tenants.require('Umbrella')).services).toEqual({ imap: true, pop3: true, externalForwarding: false, maxMessageBytes: null });
  });

  it('a mailbox follows its tenant unless it overrides a setting', async () => {
    await host.services.tenants.update('Initech', { services: { imap: false, maxMessageBytes: 5 * 2 ** 20 } });
    const tenant = await host.services.tenants.require('Initech');
    const plain = await host.services.mailboxes.get('Initech', 'initech-b');
    expect(plain.services).toEqual({ imap: 'inherit', pop3: 'inherit', externalForwarding: 'inherit', maxMessageBytes: null });
    expect(effectiveMailServices(tenant.services, plain.services)).toEqual({ imap: false, pop3: true, externalForwarding: true, maxMessageBytes: 5 * 2 ** 20 });

    const overridden = await host.services.mailboxes.update('Initech', 'initech-b', { services: { imap: 'allow', pop3: 'deny', maxMessageBytes: 0 } });
    expect(overridden.services).toEqual({ imap: 'allow', pop3: 'deny', externalForwarding: 'inherit', maxMessageBytes: 0 });
    expect(effectiveMailServices(tenant.services, overridden.services)).toEqual({ imap: true, pop3: false, externalForwarding: true, maxMessageBytes: null });
    const back = await host.services.mailboxes.update('Initech', 'initech-b', { services: { imap: 'inherit', pop3: 'inherit', maxMessageBytes: null } });
    expect(back.services).toEqual({ imap: 'inherit', pop3: 'inherit', externalForwarding: 'inherit', maxMessageBytes: null });
    const entry = await root.search(back.dn, { scope: 'base', attributes: ['enclaveAllowedService', 'enclaveDeniedService', 'enclaveMaxMessageBytes'] });
    expect(entry.searchEntries[0]).toMatchObject({ enclaveAllowedService: [], enclaveDeniedService: [], enclaveMaxMessageBytes: [] });
  });

  it('tenant admins read the settings but change neither the tenant’s nor a mailbox’s: refused by the console first, then by the server', async () => {
    const admin = await openSession(dir, childDn(host.services.context.dialect.layout.mailboxesDn('Initech'), 'uid', 'initech-a'), password);
    sessions.push(admin);
    expect((await admin.services.mailboxes.get('Initech', 'initech-b')).services.imap).toBe('inherit');
    expect((await admin.services.tenants.require('Initech')).services.imap).toBe(false);
    await expectFailure(admin.services.mailboxes.update('Initech', 'initech-b', { services: { imap: 'allow' } }), 'insufficient-access', /host’s decision/);
    await expectFailure(admin.services.tenants.update('Initech', { services: { imap: true } }), 'insufficient-access');
    // Bypassing the console: the server refuses the same writes.
    const mailboxDn = (await host.services.mailboxes.get('Initech', 'initech-b')).dn;
    await expect(admin.connection.modify(mailboxDn, [replace('enclaveAllowedService', 'imap')])).rejects.toThrow(/insufficient/i);
    await expect(admin.connection.modify(host.services.context.dialect.layout.tenantDn('Initech'), [replace('enclaveDeniedService', [])])).rejects.toThrow(/insufficient/i);
    // Nor may a mailbox it creates carry them.
    const dn = childDn(host.services.context.dialect.layout.mailboxesDn('Initech'), 'uid', 'initech-c');
    await expect(admin.connection.add(dn, { objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'], uid: 'initech-c', cn: 'c', sn: 'c', mail: 'initech-c@initech.test', mailLocalAddress: 'initech-c@initech.test', enclaveMailboxQuotaBytes: '1000', userPassword: password, enclaveAllowedService: 'imap' })).rejects.toThrow(/insufficient/i);
  });

  it('the server accepts only the services the mail configuration knows, and plain sizes', async () => {
    const tenantDn = host.services.context.dialect.layout.tenantDn('Hooli');
    await expect(host.connection.modify(tenantDn, [replace('enclaveDeniedService', 'smtp')])).rejects.toThrow(/constraint/i);
    await expect(host.connection.modify(tenantDn, [replace('enclaveMaxMessageBytes', '-1')])).rejects.toThrow(/constraint/i);
  });
});
