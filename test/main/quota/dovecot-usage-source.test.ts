/**
 * Usage back from a real Dovecot (private, on a real slapd with the access policy): after LMTP deliveries and IMAP
 * logins, the Dovecot usage source gives every mailbox's exact stored bytes, message count and last login in one
 * pass, locally (doveadm -c) and over doveadm's HTTP API; the quota report (also `enclave quota report --json`)
 * gains usedBytes and the largest mailboxes by use; the mailbox editor's activity adds the lock state.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { replace } from '../../../main/directory/changes';
import { childDn } from '../../../main/directory/dn';
import { openLdapFlavor } from '../../../main/flavors/openldap/openldap-flavor';
import { DovecotUsageSource } from '../../../main/quota/dovecot-usage-source';
import { readMailboxActivity } from '../../../main/quota/mailbox-activity';
import { buildQuotaReport } from '../../../main/quota/quota-report';
import type { CreateMailboxRequest } from '../../../shared/model/hosting';
import type { QuotaReport } from '../../../shared/model/quota';
import { mailServersUnavailableReason, startDovecotTestServer, type DovecotTestServer } from '../../harness/dovecot-test-server';
import { openIsolatedSession } from '../../harness/hosting-session';
import { skipWithoutServer } from '../../harness/required-server';
import { boundClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { runEnclave } from '../cli/run-enclave';

const skip = skipWithoutServer('the Dovecot usage tests', await mailServersUnavailableReason());

const password = 'Correct-Horse-9';
const apiKey = 'usage-test-api-key-0123456789';
let dir: TestDirectory;
let host: DirectorySession;
let dovecot: DovecotTestServer;
let folder: string;

const mailbox = (tenant: string, login: string, domain: string, extra: Partial<CreateMailboxRequest> = {}): CreateMailboxRequest => ({
  tenant, login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@${domain}`, aliases: [], hiddenFromAddressBook: false, password, enabled: true, groups: [], quotaBytes: 1_000_000, ...extra,
});

describe.skipIf(skip)('usage from Dovecot', () => {
  beforeAll(async () => {
    dir = await startTestDirectory();
    host = await openIsolatedSession(dir);
    await host.services.tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test'], storagePoolBytes: 10_000_000 } });
    await host.services.tenants.create({ name: 'Globex', settings: { mailDomains: ['globex.test'] } });
    for (const login of ['alice', 'bob', 'carol']) await host.services.mailboxes.create(mailbox('Acme', login, 'acme.test', login === 'carol' ? { enabled: false } : {}));
    await host.services.mailboxes.create(mailbox('Globex', 'gus', 'globex.test', { quotaBytes: null }));
    const created = await host.services.serviceAccounts.create('usage-test', '');
    dovecot = await startDovecotTestServer(openLdapFlavor.mailDirectory(dir.info.suffix), { urls: [dir.info.url], serviceDn: created.account.dn, servicePassword: created.password, startTls: false, caFile: null }, { doveadmApiKey: apiKey });
    // alice: 3 messages, bob: 1 large one, gus: 2; nothing for carol (disabled) or the others.
    for (const bytes of [2_000, 3_000, 4_000]) await dovecot.deliver(['alice@acme.test'], bytes);
    await dovecot.deliver(['bob@acme.test'], 50_000);
    await dovecot.deliver(['gus@globex.test'], 1_000);
    await dovecot.deliver(['gus@globex.test'], 1_000);
    expect((await dovecot.imapLogin('alice@acme.test', password)).ok).toBe(true);
    folder = await mkdtemp(path.join(tmpdir(), 'enclave-usage-'));
    await writeFile(path.join(folder, 'password'), dir.info.password);
    await writeFile(path.join(folder, 'api-key'), apiKey, { mode: 0o600 });
    await writeFile(path.join(folder, 'wrong-key'), 'not-the-key', { mode: 0o600 });
  }, 120_000);

  afterAll(async () => {
    await dovecot?.stop();
    await host?.connection.dispose();
    await dir?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  /** What doveadm itself says for one mailbox: the bytes the quota counts. */
  const doveadmSays = async (login: string) => JSON.parse(await dovecot.doveadm(['-f', 'json', 'mailbox', 'status', '-u', login, '-t', 'messages vsize', '*'])) as { messages: string; vsize: string }[];

  it('reads every mailbox’s bytes, messages and last login in one pass, exactly as doveadm counts them', async () => {
    const source = new DovecotUsageSource({ kind: 'doveadm', configFile: dovecot.configFile });
    const alice = await host.services.mailboxes.get('Acme', 'alice');
    const entryUuid = (await host.connection.read(alice.dn, ['entryUUID']))?.['entryUUID'] as string;
    const snapshot = await source.fetch();
    expect(snapshot.mailboxes.size).toBe(4);
    const [own] = await doveadmSays('alice');
    expect(snapshot.mailboxes.get('alice')).toEqual({ usedBytes: Number(own?.vsize), messages: 3 });
    expect(snapshot.mailboxes.get('alice')?.usedBytes).toBeGreaterThan(9_000);
    expect(snapshot.mailboxes.get('carol')).toEqual({ usedBytes: 0, messages: 0 });
    // The last login is keyed by the mailbox's entryUUID, never by its login.
    expect([...snapshot.lastLogins.keys()]).toEqual([entryUuid]);
    const usage = await source.usage([{ tenant: 'Acme', login: 'alice', dn: alice.dn, storeKey: entryUuid }]);
    expect(Date.now() - Date.parse(usage.get(alice.dn)?.lastLogin ?? '')).toBeLessThan(120_000);
  });

  it('feeds the quota report: used per tenant, used against allocated per mailbox, largest mailboxes by use', async () => {
    const report = await buildQuotaReport(host.services.context, { top: 3, usage: new DovecotUsageSource({ kind: 'doveadm', configFile: dovecot.configFile }) });
    expect(report.usage).toMatchObject({ connected: true });
    const [alice, bob, gus] = await Promise.all(['alice', 'bob', 'gus'].map(async (login) => Number((await doveadmSays(login))[0]?.vsize)));
    expect(report.tenants.find((t) => t.tenant === 'Acme')?.usedBytes).toBe((alice ?? 0) + (bob ?? 0));
    expect(report.tenants.find((t) => t.tenant === 'Globex')?.usedBytes).toBe(gus);
    expect(report.totals.usedBytes).toBe((alice ?? 0) + (bob ?? 0) + (gus ?? 0));
    expect(report.largestByUse.map((m) => [m.login, m.messages])).toEqual([['bob', 1], ['alice', 3], ['gus', 2]]);
    expect(report.largestByUse[2]).toMatchObject({ tenant: 'Globex', quotaBytes: null });
    expect(report.topMailboxes.find((m) => m.login === 'bob')?.usedBytes).toBe(bob);
  });

  it('reads the same over doveadm’s HTTP API; a wrong key leaves the report with allocations and the reason', async () => {
    const url = `http://127.0.0.1:${dovecot.doveadmPort}`;
    const local = await new DovecotUsageSource({ kind: 'doveadm', configFile: dovecot.configFile }).fetch();
    const remote = await new DovecotUsageSource({ kind: 'doveadm-http', url, apiKeyFile: path.join(folder, 'api-key') }).fetch();
    expect(remote.mailboxes).toEqual(local.mailboxes);
    expect(remote.lastLogins).toEqual(local.lastLogins);
    const refused = await buildQuotaReport(host.services.context, { top: 3, usage: new DovecotUsageSource({ kind: 'doveadm-http', url, apiKeyFile: path.join(folder, 'wrong-key') }) });
    expect(refused.usage).toMatchObject({ connected: false, error: expect.stringMatching(/401 \(wrong API key\)/) });
    expect(refused.tenants.every((t) => t.usedBytes === null)).toBe(true);
  });

  it('enclave quota report --json gains usedBytes from the connection’s Dovecot', async () => {
    const run = await runEnclave(['quota', 'report', '--json', '--url', dir.info.url, '--bind-dn', dir.info.bindDN, '--password-file', path.join(folder, 'password'), '--doveadm-config', dovecot.configFile, '--journal', path.join(folder, 'journal.jsonl')]);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as QuotaReport;
    expect(report.usage.source).toMatch(/^Dovecot \(doveadm -c /);
    expect(report.tenants.find((t) => t.tenant === 'Acme')?.usedBytes).toBeGreaterThan(59_000);
    const table = await runEnclave(['quota', 'report', '--url', dir.info.url, '--bind-dn', dir.info.bindDN, '--password-file', path.join(folder, 'password'), '--doveadm-config', dovecot.configFile, '--journal', path.join(folder, 'journal.jsonl')]);
    expect(table.stdout).toMatch(/USED/);
  });

  it('gives the mailbox editor used size, messages, last login and the lock state with its time and reason', async () => {
    const source = new DovecotUsageSource({ kind: 'doveadm', configFile: dovecot.configFile });
    const alice = await readMailboxActivity(host.services.context, source, 'Acme', 'alice');
    expect(alice).toMatchObject({ quotaBytes: 1_000_000, usage: { connected: true, messages: 3 }, lock: { state: 'active', since: null } });
    expect(alice.usage.lastLogin).not.toBeNull();
    const bob = await readMailboxActivity(host.services.context, source, 'Acme', 'bob');
    expect(bob.usage).toMatchObject({ messages: 1, lastLogin: null });
    expect((await readMailboxActivity(host.services.context, source, 'Acme', 'carol')).lock).toMatchObject({ state: 'disabled', reason: expect.stringMatching(/Disabled by an administrator/) });
    // A real lockout: gus follows a policy that counts failures (as a tenant's own policy may), two wrong binds.
    const gusDn = (await host.services.mailboxes.get('Globex', 'gus')).dn;
    const policyDn = childDn(childDn(dir.info.suffix, 'ou', 'policies'), 'cn', 'counting');
    await host.connection.add(policyDn, { objectClass: ['device', 'pwdPolicy'], cn: 'counting', pwdAttribute: 'userPassword', pwdLockout: 'TRUE', pwdMaxFailure: '2', pwdFailureCountInterval: '600' });
    await host.connection.modify(gusDn, [replace('pwdPolicySubentry', policyDn)]);
    const before = Date.now() - 2_000;
    for (const attempt of ['wrong-1', 'wrong-2']) await expect(boundClient(dir.info.url, gusDn, attempt)).rejects.toMatchObject({ code: 49 });
    const gus = await readMailboxActivity(host.services.context, source, 'Globex', 'gus');
    expect(gus.lock).toMatchObject({ state: 'locked', reason: 'Locked by the password policy after 2 failed logins.', failedLogins: 2 });
    expect(Date.parse(gus.lock.since ?? '')).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(gus.lock.lastFailure).toBe(gus.lock.since);
    // Unlocked through Enclave (helpdesk's unlock): active again, the count gone.
    await host.services.mailboxes.unlock('Globex', 'gus');
    expect((await readMailboxActivity(host.services.context, source, 'Globex', 'gus')).lock.state).toBe('active');
    // Without a connected store: the lock still, usage unknown.
    const plain = await readMailboxActivity(host.services.context, { name: null, usage: async () => new Map() }, 'Globex', 'gus');
    expect(plain.usage).toEqual({ connected: false, source: null, usedBytes: null, messages: null, lastLogin: null });
  });
});
