/**
 * The generated Dovecot configuration running for real (a private Dovecot, test/harness/dovecot-test-server.ts) on a
 * real slapd with the access policy, bound as a service account made by Enclave: IMAP logins of mailboxes created in
 * Enclave, LMTP delivery, quota refusal, a disabled mailbox refused for login and delivery, a deleted-then-recreated
 * login seeing an empty mailbox, and the per-tenant service settings (IMAP refused by a tenant, overridden by a
 * mailbox; the message size limit). Skipped with a printed reason without root or Dovecot; under CI=true that fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { replace } from '../../../main/directory/changes';
import { openLdapFlavor } from '../../../main/flavors/openldap/openldap-flavor';
import type { DirectoryAccess } from '../../../main/mail/mail-config-options';
import type { CreateMailboxRequest } from '../../../shared/model/hosting';
import { mailServersUnavailableReason, startDovecotTestServer, type DovecotTestServer } from '../../harness/dovecot-test-server';
import { openIsolatedSession } from '../../harness/hosting-session';
import { skipWithoutServer } from '../../harness/required-server';
import { rootClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';

const skip = skipWithoutServer('the Dovecot integration tests', await mailServersUnavailableReason());

const password = 'Correct-Horse-9';
let dir: TestDirectory;
let host: DirectorySession;
let dovecot: DovecotTestServer;

const mailbox = (tenant: string, login: string, domain: string, extra: Partial<CreateMailboxRequest> = {}): CreateMailboxRequest => ({
  tenant, login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@${domain}`, aliases: [], hiddenFromAddressBook: false, password, enabled: true, groups: [], ...extra,
});
const codes = (delivery: Awaited<ReturnType<DovecotTestServer['deliver']>>) => [...delivery.recipients.map((r) => r.reply.code), ...delivery.delivered.map((d) => d.reply.code)];

describe.skipIf(skip)('the generated Dovecot configuration (private Dovecot, real slapd)', () => {
  beforeAll(async () => {
    dir = await startTestDirectory();
    host = await openIsolatedSession(dir);
    await host.services.tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test', 'acme-alias.test'] } });
    await host.services.tenants.create({ name: 'Globex', settings: { mailDomains: ['globex.test'], services: { imap: false, maxMessageBytes: 8 * 1024 } } });
    await host.services.mailboxes.create(mailbox('Acme', 'alice', 'acme.test', { aliases: ['a@acme.test', 'alice@acme-alias.test'], quotaBytes: 20_000 }));
    await host.services.mailboxes.create(mailbox('Acme', 'bob', 'acme.test'));
    await host.services.mailboxes.create(mailbox('Acme', 'carol', 'acme.test', { enabled: false, quotaBytes: 1_000_000 }));
    await host.services.mailboxes.create(mailbox('Acme', 'dave', 'acme.test'));
    await host.services.mailboxes.create(mailbox('Globex', 'gus', 'globex.test'));
    await host.services.mailboxes.create(mailbox('Globex', 'gina', 'globex.test'));
    const created = await host.services.serviceAccounts.create('mail-test', 'Dovecot under test');
    const access: DirectoryAccess = { urls: [dir.info.url], serviceDn: created.account.dn, servicePassword: created.password, startTls: false, caFile: null };
    dovecot = await startDovecotTestServer(openLdapFlavor.mailDirectory(dir.info.suffix), access);
  }, 120_000);

  afterAll(async () => {
    await dovecot?.stop();
    await host?.connection.dispose();
    await dir?.stop();
  });

  it('logs in a mailbox created in Enclave with any of its addresses, in any case; never with its login or a wrong password', async () => {
    expect(await dovecot.imapLogin('alice@acme.test', password)).toMatchObject({ ok: true, messages: 0 });
    expect((await dovecot.imapLogin('Alice@ACME-alias.test', password)).ok).toBe(true);
    expect((await dovecot.imapLogin('a@acme.test', password)).ok).toBe(true);
    expect((await dovecot.imapLogin('alice', password)).ok).toBe(false);
    expect((await dovecot.imapLogin('alice@acme.test', 'wrong-password')).ok).toBe(false);
  });

  it('delivers over LMTP to a primary address and an alias; IMAP then shows the messages', async () => {
    expect(codes(await dovecot.deliver(['bob@acme.test'], 1_500))).toEqual([250, 250]);
    expect(codes(await dovecot.deliver(['a@acme.test'], 1_500))).toEqual([250, 250]);
    expect((await dovecot.imapLogin('bob@acme.test', password)).messages).toBe(1);
    expect((await dovecot.imapLogin('alice@acme.test', password)).messages).toBe(1);
  });

  it('refuses what does not fit the quota with 552 (permanent), and a full mailbox already at RCPT', async () => {
    const tooBig = await dovecot.deliver(['alice@acme.test'], 25_000);
    expect(tooBig.recipients[0]?.reply.code).toBe(250);
    expect(tooBig.delivered[0]?.reply).toMatchObject({ code: 552 });
    expect(tooBig.delivered[0]?.reply.text).toMatch(/Quota exceeded/i);
    // Messages are taken up to the limit and not one byte over (no grace): the one that does not fit gets 552.
    let last = 250;
    for (let i = 0; i < 20 && last === 250; i++) last = (await dovecot.deliver(['alice@acme.test'], 3_000)).delivered[0]?.reply.code ?? 0;
    expect(last).toBe(552);
    // A quota lowered in Enclave below what is stored: the very next recipient command is refused, before any data.
    await host.services.mailboxes.update('Acme', 'alice', { quotaBytes: 1_000 });
    expect((await dovecot.deliver(['alice@acme.test'], 500)).recipients[0]?.reply.code).toBe(552);
    // An unlimited mailbox (quota 0) takes what alice could not.
    expect(codes(await dovecot.deliver(['bob@acme.test'], 60_000))).toEqual([250, 250]);
  });

  it('refuses a disabled mailbox for login and for delivery, also after a host admin reset its password', async () => {
    expect((await dovecot.imapLogin('carol@acme.test', password)).ok).toBe(false);
    expect((await dovecot.deliver(['carol@acme.test'])).recipients[0]?.reply.code).toBe(550);
    // A password reset lifts ppolicy's lock (slapd 2.5): the account state is what keeps it out.
    const root = await rootClient(dir);
    try {
      const carol = await host.services.mailboxes.get('Acme', 'carol');
      await root.modify(carol.dn, [replace('userPassword', password)]);
      // What slapd's ppolicy did on that reset, made sure of: no lock left.
      await root.modify(carol.dn, [replace('pwdAccountLockedTime', [])]);
    } finally {
      await root.unbind();
    }
    expect((await dovecot.imapLogin('carol@acme.test', password)).ok).toBe(false);
    expect((await dovecot.deliver(['carol@acme.test'])).recipients[0]?.reply.code).toBe(550);
    // Enabled again in Enclave: both work at once (no cache).
    await host.services.mailboxes.setEnabled('Acme', 'carol', true);
    await host.services.mailboxes.resetPassword('Acme', 'carol', password);
    expect((await dovecot.imapLogin('carol@acme.test', password)).ok).toBe(true);
    expect(codes(await dovecot.deliver(['carol@acme.test']))).toEqual([250, 250]);
    await host.services.mailboxes.setEnabled('Acme', 'carol', false);
    expect((await dovecot.imapLogin('carol@acme.test', password)).ok).toBe(false);
  });

  it('gives a login deleted and created again for someone else an empty mailbox', async () => {
    expect(codes(await dovecot.deliver(['dave@acme.test']))).toEqual([250, 250]);
    expect(codes(await dovecot.deliver(['dave@acme.test']))).toEqual([250, 250]);
    expect((await dovecot.imapLogin('dave@acme.test', password)).messages).toBe(2);
    // Deleted items: refused at once, its login reserved until the host admin purges it.
    await host.services.mailboxes.delete('Acme', 'dave');
    expect((await dovecot.imapLogin('dave@acme.test', password)).ok).toBe(false);
    expect(codes(await dovecot.deliver(['dave@acme.test']))[0]).not.toBe(250);
    await host.services.mailboxes.purge('Acme', 'dave');
    await host.services.mailboxes.create(mailbox('Acme', 'dave', 'acme.test', { givenName: 'Another' }));
    expect(await dovecot.imapLogin('dave@acme.test', password)).toMatchObject({ ok: true, messages: 0 });
  });

  it('does not lock a mailbox in the directory after wrong IMAP passwords (Dovecot throttles instead)', async () => {
    for (let i = 0; i < 6; i++) expect((await dovecot.imapLogin('bob@acme.test', `wrong-${i}`)).ok).toBe(false);
    expect((await dovecot.imapLogin('bob@acme.test', password)).ok).toBe(true);
    expect((await host.services.mailboxes.get('Acme', 'bob')).locked).toBe(false);
  });

  it('honours the tenant’s IMAP refusal, a mailbox’s own allowance over it, and a mailbox’s own refusal', async () => {
    expect((await dovecot.imapLogin('gus@globex.test', password)).ok).toBe(false);
    expect(await dovecot.log()).toMatch(/User found from deny passdb/);
    await host.services.mailboxes.update('Globex', 'gus', { services: { imap: 'allow' } });
    expect((await dovecot.imapLogin('gus@globex.test', password)).ok).toBe(true);
    expect((await dovecot.imapLogin('gus@globex.test', 'wrong-password')).ok).toBe(false);
    expect((await dovecot.imapLogin('gina@globex.test', password)).ok).toBe(false);
    await host.services.mailboxes.update('Acme', 'bob', { services: { imap: 'deny' } });
    expect((await dovecot.imapLogin('bob@acme.test', password)).ok).toBe(false);
    expect((await dovecot.imapLogin('alice@acme.test', password)).ok).toBe(true);
    // Delivery is not a login: a mailbox without IMAP still receives.
    expect(codes(await dovecot.deliver(['bob@acme.test', 'gina@globex.test'], 1_000))).toEqual([250, 250, 250, 250]);
    await host.services.tenants.update('Globex', { services: { imap: true } });
    expect((await dovecot.imapLogin('gina@globex.test', password)).ok).toBe(true);
  });

  it('refuses a message over the tenant’s size limit unless the mailbox has its own; 0 lifts it', async () => {
    const refused = await dovecot.deliver(['gina@globex.test'], 20_000);
    expect(refused.recipients[0]?.reply.code).toBe(250);
    // Dovecot answers a message over quota_max_mail_size with a temporary 4xx (Postfix retries, then bounces): docs.
    expect(refused.delivered[0]?.reply.code).toBeGreaterThanOrEqual(400);
    expect(refused.delivered[0]?.reply.text).toMatch(/larger than the maximum size/i);
    expect(codes(await dovecot.deliver(['gina@globex.test'], 4_000))).toEqual([250, 250]);
    await host.services.mailboxes.update('Globex', 'gina', { services: { maxMessageBytes: 0 } });
    expect(codes(await dovecot.deliver(['gina@globex.test'], 20_000))).toEqual([250, 250]);
    await host.services.mailboxes.update('Globex', 'gina', { services: { maxMessageBytes: 16 * 1024 } });
    expect(codes(await dovecot.deliver(['gina@globex.test'], 12_000))).toEqual([250, 250]);
    expect((await dovecot.deliver(['gina@globex.test'], 20_000)).delivered[0]?.reply.code).toBeGreaterThanOrEqual(400);
  });
});
