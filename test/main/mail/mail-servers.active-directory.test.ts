/**
 * The mail servers on the AD flavor, against a real Samba AD DC (test/harness/samba-test-dc.ts) over LDAPS: a
 * service account made by Enclave reads the tenant but writes nothing, and a private Dovecot from the generated AD
 * configuration logs mailboxes in by address (binding as them), delivers over LMTP, refuses a disabled mailbox
 * for login and delivery and mail over quota, honours the tenant's IMAP refusal, gives a re-created login an empty
 * folder, and reports usage; Postfix's tables answer through postmap. Where AD differs (docs/mail-servers.md,
 * "Active Directory"): a disabled member stays in a list's expansion, but is refused as a mailbox.
 */
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { replace } from '../../../main/directory/changes';
import { activeDirectoryFlavor } from '../../../main/flavors/active-directory/ad-flavor';
import type { DirectoryAccess } from '../../../main/mail/mail-config-options';
import { DovecotUsageSource } from '../../../main/quota/dovecot-usage-source';
import type { CreateMailboxRequest } from '../../../shared/model/hosting';
import { mailServersUnavailableReason, postfixTestTables, startDovecotTestServer, type DovecotTestServer, type PostfixTestTables } from '../../harness/dovecot-test-server';
import { skipWithoutServer } from '../../harness/required-server';
import { openAdSession } from '../../harness/samba-session';
import { sambaUnavailableReason, startSambaTestDc, type SambaTestDc } from '../../harness/samba-test-dc';
import { startTlsRelay, type TlsRelay } from '../../harness/tls-proxy';

const skip = skipWithoutServer('the AD mail server tests', (await sambaUnavailableReason()) ?? (await mailServersUnavailableReason()));

const password = 'Correct-Horse-9';
let dc: SambaTestDc;
let host: DirectorySession;
let relay: TlsRelay;
let dovecot: DovecotTestServer;
let tables: PostfixTestTables;
let service: { dn: string; password: string };

const mailbox = (login: string, extra: Partial<CreateMailboxRequest> = {}): CreateMailboxRequest => ({
  tenant: 'Acme', login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@acme.test`, aliases: [], hiddenFromAddressBook: false, password, enabled: true, groups: [], quotaBytes: 1_000_000, ...extra,
});
const codes = (delivery: Awaited<ReturnType<DovecotTestServer['deliver']>>) => [...delivery.recipients.map((r) => r.reply.code), ...delivery.delivered.map((d) => d.reply.code)];

describe.skipIf(skip)('mail servers on Active Directory (Samba AD DC, private Dovecot, postmap)', () => {
  beforeAll(async () => {
    dc = await startSambaTestDc();
    host = await openAdSession(dc);
    await host.services.tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test'] } });
    await host.services.mailboxes.create(mailbox('alice', { aliases: ['a@acme.test'], quotaBytes: 20_000 }));
    await host.services.mailboxes.create(mailbox('bob'));
    await host.services.mailboxes.create(mailbox('carol', { enabled: false }));
    await host.services.mailboxes.create(mailbox('dave'));
    await host.services.groups.create({ tenant: 'Acme', kind: 'distribution', name: 'team', description: '', address: 'team@acme.test', members: ['alice', 'bob', 'carol'] });
    const created = await host.services.serviceAccounts.create('mail-ad', 'Dovecot on AD');
    service = { dn: created.account.dn, password: created.password };
    // libldap verifies the URL's host name, and the test DC's certificate names DC1.hosting.test, not its address.
    relay = await startTlsRelay(dc.host, 636, dc.caPem, dc.tlsServerName);
    const access: DirectoryAccess = { urls: [relay.url], serviceDn: service.dn, servicePassword: service.password, startTls: false, caFile: relay.caFile };
    const directory = activeDirectoryFlavor.mailDirectory(dc.suffix);
    dovecot = await startDovecotTestServer(directory, access);
    tables = await postfixTestTables(directory, access);
  }, 240_000);

  afterAll(async () => {
    await tables?.stop();
    await dovecot?.stop();
    await relay?.close();
    await host?.connection.dispose();
    await dc?.stop();
  });

  it('the service account reads the tenant’s mailboxes and writes nothing', async () => {
    const client = new Client({ url: dc.ldapsUrl, tlsOptions: { ca: [dc.caPem], servername: dc.tlsServerName }, timeout: 30_000 });
    try {
      await client.bind(service.dn, service.password);
      const layout = host.services.context.dialect.layout;
      const { searchEntries } = await client.search(layout.tenantsDn, { scope: 'sub', filter: '(objectCategory=person)', attributes: ['sAMAccountName', 'proxyAddresses', 'unicodePwd'] });
      expect(searchEntries.map((e) => e['sAMAccountName']).sort()).toEqual(['alice', 'bob', 'carol', 'dave']);
      expect(searchEntries.some((e) => Array.isArray(e['unicodePwd']) ? e['unicodePwd'].length > 0 : e['unicodePwd'] !== undefined)).toBe(false);
      const alice = (await host.services.mailboxes.get('Acme', 'alice')).dn;
      for (const attempt of [() => client.modify(alice, replace('sn', 'changed')), () => client.modify(alice, replace('userAccountControl', '512')), () => client.del(alice), () => client.modify(layout.hostAdminsGroupDn, replace('member', service.dn))]) {
        expect(await attempt().then(() => 'written', (error: { code?: number }) => error.code)).toBeOneOf([50, 32, 53]);
      }
    } finally {
      await client.unbind();
    }
  });

  it('logs a mailbox in by address, binding as it; refuses a wrong password and a disabled mailbox', async () => {
    expect(await dovecot.imapLogin('alice@acme.test', password)).toMatchObject({ ok: true, messages: 0 });
    expect((await dovecot.imapLogin('A@ACME.TEST', password)).ok).toBe(true);
    expect((await dovecot.imapLogin('alice@acme.test', 'wrong-password')).ok).toBe(false);
    expect((await dovecot.imapLogin('carol@acme.test', password)).ok).toBe(false);
  });

  it('delivers over LMTP, refuses a disabled mailbox (550) and what does not fit its quota (552)', async () => {
    expect(codes(await dovecot.deliver(['bob@acme.test']))).toEqual([250, 250]);
    expect(codes(await dovecot.deliver(['a@acme.test']))).toEqual([250, 250]);
    expect((await dovecot.deliver(['carol@acme.test'])).recipients[0]?.reply.code).toBe(550);
    expect((await dovecot.deliver(['alice@acme.test'], 25_000)).delivered[0]?.reply.code).toBe(552);
    expect((await dovecot.imapLogin('bob@acme.test', password)).messages).toBe(1);
  });

  it('honours the tenant’s IMAP refusal (adminDescription) and a mailbox’s own allowance', async () => {
    await host.services.tenants.update('Acme', { services: { imap: false } });
    expect((await dovecot.imapLogin('bob@acme.test', password)).ok).toBe(false);
    await host.services.mailboxes.update('Acme', 'bob', { services: { imap: 'allow' } });
    expect((await dovecot.imapLogin('bob@acme.test', password)).ok).toBe(true);
    expect((await dovecot.imapLogin('alice@acme.test', password)).ok).toBe(false);
    await host.services.tenants.update('Acme', { services: { imap: true } });
    expect((await dovecot.imapLogin('alice@acme.test', password)).ok).toBe(true);
  });

  it('gives a login deleted and created again (in a later second: the folder key is login and creation time) an empty folder', async () => {
    expect(codes(await dovecot.deliver(['dave@acme.test']))).toEqual([250, 250]);
    expect((await dovecot.imapLogin('dave@acme.test', password)).messages).toBe(1);
    const deletedAt = Date.now();
    await host.services.mailboxes.delete('Acme', 'dave');
    // whenCreated has whole seconds: the guarantee holds for a re-creation in a later second (docs/mail-servers.md).
    await expect.poll(() => Math.floor(Date.now() / 1000) > Math.floor(deletedAt / 1000), { interval: 50, timeout: 2_000 }).toBe(true);
    await host.services.mailboxes.create(mailbox('dave', { givenName: 'Another' }));
    expect(await dovecot.imapLogin('dave@acme.test', password)).toMatchObject({ ok: true, messages: 0 });
  });

  it('reports usage by sAMAccountName in one pass', async () => {
    const snapshot = await new DovecotUsageSource({ kind: 'doveadm', configFile: dovecot.configFile }).fetch();
    expect(snapshot.mailboxes.get('bob')).toMatchObject({ messages: 1 });
    expect(snapshot.mailboxes.get('alice')).toMatchObject({ messages: 1 });
    expect(snapshot.mailboxes.has('carol')).toBe(true);
  });

  it('answers Postfix’s tables: enabled mailboxes only; a list still names a disabled member, whom the mailbox table refuses', async () => {
    expect(await tables.query('domains', 'acme.test')).toBe('acme.test');
    expect(await tables.query('aliases', 'a@acme.test')).toBe('alice@acme.test');
    expect(await tables.query('mailboxes', 'carol@acme.test')).toBeNull();
    expect((await tables.query('lists', 'team@acme.test'))?.split(',').sort()).toEqual(['alice@acme.test', 'bob@acme.test', 'carol@acme.test']);
    expect(await tables.query('senderLogins', 'a@acme.test')).toBe('alice');
  });
});
