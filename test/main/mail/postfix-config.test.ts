/**
 * The generated Postfix tables against a real slapd with the access policy, bound as an Enclave service account,
 * queried with `postmap -q` as proxymap would: hosted domains, mailboxes (enabled only), aliases, lists expanded to
 * enabled members only, who may send as which address, and "sending outside the hosted domains" per tenant with a
 * mailbox's own override. Skipped with a printed reason without Postfix's LDAP tables; under CI=true that fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { openLdapFlavor } from '../../../main/flavors/openldap/openldap-flavor';
import { hostedOnlyClass } from '../../../main/mail/postfix-config';
import type { CreateMailboxRequest } from '../../../shared/model/hosting';
import { mailServersUnavailableReason, postfixTestTables, type PostfixTestTables } from '../../harness/dovecot-test-server';
import { openIsolatedSession } from '../../harness/hosting-session';
import { skipWithoutServer } from '../../harness/required-server';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';

const skip = skipWithoutServer('the Postfix table tests', await mailServersUnavailableReason());

const password = 'Correct-Horse-9';
let dir: TestDirectory;
let host: DirectorySession;
let tables: PostfixTestTables;

const mailbox = (tenant: string, login: string, domain: string, extra: Partial<CreateMailboxRequest> = {}): CreateMailboxRequest => ({
  tenant, login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@${domain}`, aliases: [], hiddenFromAddressBook: false, password, enabled: true, groups: [], quotaBytes: 10_000, ...extra,
});

describe.skipIf(skip)('the generated Postfix tables (postmap -q, real slapd)', () => {
  beforeAll(async () => {
    dir = await startTestDirectory();
    host = await openIsolatedSession(dir);
    await host.services.tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test', 'acme-alias.test'] } });
    await host.services.tenants.create({ name: 'Globex', settings: { mailDomains: ['globex.test'], services: { externalForwarding: false } } });
    await host.services.mailboxes.create(mailbox('Acme', 'alice', 'acme.test', { aliases: ['a@acme.test', 'alice@acme-alias.test'] }));
    await host.services.mailboxes.create(mailbox('Acme', 'bob', 'acme.test'));
    await host.services.mailboxes.create(mailbox('Acme', 'carol', 'acme.test', { enabled: false }));
    await host.services.mailboxes.create(mailbox('Globex', 'gus', 'globex.test'));
    await host.services.mailboxes.create(mailbox('Globex', 'gina', 'globex.test'));
    await host.services.groups.create({ tenant: 'Acme', kind: 'distribution', name: 'team', description: '', address: 'team@acme.test', members: ['alice', 'carol', 'bob'] });
    await host.services.groups.create({ tenant: 'Acme', kind: 'distribution', name: 'empty', description: '', address: 'empty@acme.test', members: [] });
    const created = await host.services.serviceAccounts.create('mx-test', 'Postfix under test');
    tables = await postfixTestTables(openLdapFlavor.mailDirectory(dir.info.suffix), { urls: [dir.info.url], serviceDn: created.account.dn, servicePassword: created.password, startTls: false, caFile: null });
  }, 60_000);

  afterAll(async () => {
    await tables?.stop();
    await host?.connection.dispose();
    await dir?.stop();
  });

  it('knows every hosted domain, in any case, and no other', async () => {
    expect(await tables.query('domains', 'acme-alias.test')).toMatch(/acme-alias\.test/);
    expect(await tables.query('domains', 'GLOBEX.TEST')).toBe('globex.test');
    expect(await tables.query('domains', 'example.org')).toBeNull();
  });

  it('accepts any address of an enabled mailbox and resolves it to the primary address; a disabled one is unknown', async () => {
    expect(await tables.query('mailboxes', 'alice@acme-alias.test')).toBe('alice@acme.test');
    expect(await tables.query('aliases', 'A@ACME.TEST')).toBe('alice@acme.test');
    expect(await tables.query('mailboxes', 'carol@acme.test')).toBeNull();
    expect(await tables.query('aliases', 'carol@acme.test')).toBeNull();
    expect(await tables.query('mailboxes', 'nobody@acme.test')).toBeNull();
    // A filter metacharacter in the key is escaped by Postfix: it matches nothing.
    expect(await tables.query('mailboxes', '*)(uid=*')).toBeNull();
  });

  it('expands a list to its enabled members only; an empty list is unknown (not delivered to itself)', async () => {
    expect((await tables.query('lists', 'team@acme.test'))?.split(',').sort()).toEqual(['alice@acme.test', 'bob@acme.test']);
    expect(await tables.query('lists', 'empty@acme.test')).toBeNull();
    await host.services.mailboxes.setEnabled('Acme', 'carol', true);
    expect((await tables.query('lists', 'team@acme.test'))?.split(',').sort()).toEqual(['alice@acme.test', 'bob@acme.test', 'carol@acme.test']);
    await host.services.mailboxes.setEnabled('Acme', 'carol', false);
  });

  it('names the login that owns a sender address', async () => {
    expect(await tables.query('senderLogins', 'alice@acme-alias.test')).toBe('alice');
    expect(await tables.query('senderLogins', 'carol@acme.test')).toBeNull();
  });

  it('keeps a tenant that may not send outside to the hosted domains, unless a mailbox may; a mailbox may refuse itself', async () => {
    expect(await tables.query('sendingRefusedByTenant', 'gus@globex.test')).toBe(hostedOnlyClass);
    expect(await tables.query('sendingRefusedByTenant', 'alice@acme.test')).toBeNull();
    expect(await tables.query('sendingAllowedByMailbox', 'gus@globex.test')).toBeNull();
    await host.services.mailboxes.update('Globex', 'gus', { services: { externalForwarding: 'allow' } });
    expect(await tables.query('sendingAllowedByMailbox', 'gus@globex.test')).toBe('permit_sasl_authenticated');
    expect(await tables.query('sendingRefusedByMailbox', 'bob@acme.test')).toBeNull();
    await host.services.mailboxes.update('Acme', 'bob', { services: { externalForwarding: 'deny' } });
    expect(await tables.query('sendingRefusedByMailbox', 'bob@acme.test')).toBe(hostedOnlyClass);
    expect(await tables.query('hostedRecipients', 'someone@globex.test')).toBe('OK');
    expect(await tables.query('hostedRecipients', 'someone@example.org')).toBeNull();
    // main.cf checks them in this order: the mailbox's refusal wins over its allowance, which wins over the tenant.
    const main = await tables.mainCf();
    const order = ['sending-refused-by-mailbox', 'sending-allowed-by-mailbox', 'sending-refused-by-tenant', 'permit_sasl_authenticated'].map((word) => main.indexOf(word));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(main).toMatch(new RegExp(`${hostedOnlyClass} = check_recipient_access proxy:ldap:.*hosted-recipients.cf, reject`));
  });
});
