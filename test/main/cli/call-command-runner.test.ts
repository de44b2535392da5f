/**
 * Every call command once against a real slapd, through the bundled CLI (the package's bin, built privately):
 * tenants, mailboxes, groups, lists, search, saved connections; what each changed is read back from the directory.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import type { SavedConnection, SessionInfo } from '../../../shared/model/connection';
import type { Group, Mailbox, SearchHit, Tenant, TenantSummary, TenantUsage } from '../../../shared/model/hosting';
import { openSession } from '../../harness/hosting-session';
import { boundClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { buildCliBundle, runEnclave, type CliRun } from './run-enclave';
import { replace } from '../../../main/directory/changes';
import { generalizedTimeOf } from '../../../main/audit/generalized-time';

const gib = 2 ** 30;
let dir: TestDirectory;
let host: DirectorySession;
let folder: string;
let bundle: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-cli-calls-'));
  bundle = buildCliBundle(path.join(folder, 'cli'));
  dir = await startTestDirectory();
  host = await openSession(dir);
  await writeFile(path.join(folder, 'password'), `${dir.info.password}\n`);
  await writeFile(path.join(folder, 'mailbox-password'), 'Initial-Pass-1\n');
}, 60_000);
afterAll(async () => {
  await host?.connection.dispose();
  await dir?.stop();
  await rm(folder, { recursive: true, force: true });
});

const connection = () => ['--url', dir.info.url, '--bind-dn', dir.info.bindDN, '--password-file', path.join(folder, 'password'), '--data', folder];
/** Runs a command as the host admin with --json; returns the run and its stdout as JSON (when there is some). */
async function enclave<T>(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<{ run: CliRun; value: T }> {
  const run = await runEnclave([...args, ...connection(), '--json'], options.env ?? {}, { bundle, stdin: options.stdin });
  return { run, value: (run.stdout.trim() === '' ? undefined : JSON.parse(run.stdout)) as T };
}
const ok = (run: CliRun) => expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });

describe('tenant commands', () => {
  it('tenant create: domains, pool, limit, default quota; read back as the console reads it', async () => {
    const { run, value } = await enclave<Tenant>(['tenant', 'create', '--tenant', 'Initech', '--domain', 'initech.test', '--domain', 'initrode.test', '--pool', '10GiB', '--mailbox-limit', '50', '--default-quota', '1 GiB', '--display-name', 'Initech Corp.']);
    ok(run);
    expect(value).toMatchObject({ name: 'Initech', mailDomains: ['initech.test', 'initrode.test'], storagePoolBytes: 10 * gib, mailboxLimit: 50, defaultQuotaBytes: gib, allowOvercommit: false });
    expect(await host.services.tenants.get('Initech')).toMatchObject({ displayName: 'Initech Corp.', storagePoolBytes: 10 * gib, mailboxCount: 0 });
  });

  it('tenant update changes only the flags given ("none" clears a limit); tenant show and tenants list it', async () => {
    const { run, value } = await enclave<Tenant>(['tenant', 'update', '--tenant', 'Initech', '--mailbox-limit', 'none', '--allow-overcommit']);
    ok(run);
    expect(value).toMatchObject({ mailboxLimit: null, allowOvercommit: true, storagePoolBytes: 10 * gib, mailDomains: ['initech.test', 'initrode.test'] });
    expect((await enclave<TenantSummary>(['tenant', 'show', '--tenant', 'Initech'])).value).toMatchObject({ name: 'Initech', mailboxLimit: null, mailboxCount: 0 });
    expect((await enclave<TenantSummary[]>(['tenants'])).value.map((t) => t.name)).toContain('Initech');
  });

  it('tenant delete removes a tenant (and refuses one with mailboxes without --force)', async () => {
    ok((await enclave(['tenant', 'create', '--tenant', 'Short Lived', '--domain', 'short.test'])).run);
    ok((await enclave(['mailbox', 'create', '--tenant', 'Short Lived', '--login', 'temp', '--surname', 'Temp', '--address', 'temp@short.test'], { env: { ENCLAVE_NEW_PASSWORD: 'Temp-Pass-42' } })).run);
    const refused = await enclave(['tenant', 'delete', '--tenant', 'Short Lived']);
    expect(refused.run.code).toBe(1);
    expect(JSON.parse(refused.run.stderr)).toMatchObject({ error: { kind: 'not-empty' } });
    const deleted = await runEnclave(['tenant', 'delete', '--tenant', 'Short Lived', '--force', ...connection()], {}, { bundle });
    ok(deleted);
    expect(deleted.stdout).toBe('Deleted the tenant "Short Lived".\n');
    await expect(host.services.tenants.get('Short Lived')).rejects.toMatchObject({ error: { kind: 'not-found' } });
  });
});

describe('mailbox commands', () => {
  it('mailbox create with aliases, quota and a group; the password from a file', async () => {
    ok((await enclave(['group', 'create', '--tenant', 'Initech', '--name', 'Engineering', '--description', 'Builds things'])).run);
    const { run, value } = await enclave<Mailbox>([
      'mailbox', 'create', '--tenant', 'Initech', '--login', 'peter', '--given-name', 'Peter', '--surname', 'Gibbons',
      '--address', 'peter@initech.test', '--alias', 'pg@initech.test', '--alias', 'peter@initrode.test', '--quota', '2GiB',
      '--group', 'Engineering', '--new-password-file', path.join(folder, 'mailbox-password'),
    ]);
    ok(run);
    expect(value).toMatchObject({ login: 'peter', displayName: 'Peter Gibbons', aliases: ['pg@initech.test', 'peter@initrode.test'], quotaBytes: 2 * gib, enabled: true });
    const group = await host.services.groups.get({ tenant: 'Initech', kind: 'security', name: 'Engineering' });
    expect(group.members.map((m) => m.login)).toEqual(['peter']);
    // The password given is the one the directory checks.
    await (await boundClient(dir.info.url, value.dn, 'Initial-Pass-1')).unbind();
  });

  it('mailbox update (aliases replaced, quota) and mailbox show', async () => {
    const before = (await enclave<Mailbox>(['mailbox', 'show', '--tenant', 'Initech', '--login', 'peter'])).value;
    const { run, value } = await enclave<Mailbox>(['mailbox', 'update', '--tenant', 'Initech', '--login', 'peter', '--alias', 'p.gibbons@initech.test', '--quota', '3GiB', '--expected-revision', before.revision]);
    ok(run);
    expect(value).toMatchObject({ aliases: ['p.gibbons@initech.test'], quotaBytes: 3 * gib, surname: 'Gibbons' });
    // A stale revision is a conflict: nothing written, exit 1.
    const stale = await enclave(['mailbox', 'update', '--tenant', 'Initech', '--login', 'peter', '--surname', 'Lost', '--expected-revision', before.revision]);
    expect(stale.run.code).toBe(1);
    expect(JSON.parse(stale.run.stderr)).toMatchObject({ error: { kind: 'conflict' } });
    expect((await host.services.mailboxes.get('Initech', 'peter')).surname).toBe('Gibbons');
  });

  it('mailbox disable and enable', async () => {
    expect((await enclave<Mailbox>(['mailbox', 'disable', '--tenant', 'Initech', '--login', 'peter'])).value.enabled).toBe(false);
    expect((await host.services.mailboxes.get('Initech', 'peter')).enabled).toBe(false);
    expect((await enclave<Mailbox>(['mailbox', 'enable', '--tenant', 'Initech', '--login', 'peter'])).value.enabled).toBe(true);
    expect((await host.services.mailboxes.get('Initech', 'peter')).enabled).toBe(true);
  });

  it('mailbox unlock lifts a lockout after failed logins (set as the server sets one)', async () => {
    const { dn } = await host.services.mailboxes.get('Initech', 'peter');
    // Mailboxes do not count failed logins (the default policy: docs/isolation.md), so wrong passwords lock nothing;
    // a policy that counts them sets pwdAccountLockedTime to the time of the lockout, as here.
    for (let attempt = 0; attempt < 5; attempt++) await expect(boundClient(dir.info.url, dn, 'wrong-password')).rejects.toThrow();
    await (await boundClient(dir.info.url, dn, 'Initial-Pass-1')).unbind();
    await host.connection.modify(dn, [replace('pwdAccountLockedTime', generalizedTimeOf(new Date()))]);
    await expect(boundClient(dir.info.url, dn, 'Initial-Pass-1')).rejects.toThrow();
    expect((await host.services.mailboxes.get('Initech', 'peter')).locked).toBe(true);
    const { run, value } = await enclave<Mailbox>(['mailbox', 'unlock', '--tenant', 'Initech', '--login', 'peter']);
    ok(run);
    expect(value.locked).toBe(false);
    await (await boundClient(dir.info.url, dn, 'Initial-Pass-1')).unbind();
  });

  it('mailbox set-password: the tenant\'s policy refusal naming the rule (exit 3, nothing sent), then a good one from stdin', async () => {
    const refused = await runEnclave(['mailbox', 'set-password', '--tenant', 'Initech', '--login', 'peter', '--new-password-file', '-', ...connection()], {}, { bundle, stdin: 'short\n' });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^enclave: The password does not meet the password policy of "Initech": at least 8 characters/);
    const accepted = await runEnclave(['mailbox', 'set-password', '--tenant', 'Initech', '--login', 'peter', '--new-password-file', '-', ...connection()], {}, { bundle, stdin: 'Better-Pass-2024\n' });
    ok(accepted);
    expect(accepted.stdout).toBe('Set the password of "peter" in "Initech".\n');
    const { dn } = await host.services.mailboxes.get('Initech', 'peter');
    await (await boundClient(dir.info.url, dn, 'Better-Pass-2024')).unbind();
  });

  it('mailboxes lists every page (a table without --json)', async () => {
    for (const login of ['bill', 'milton']) ok((await enclave(['mailbox', 'create', '--tenant', 'Initech', '--login', login, '--surname', login, '--address', `${login}@initech.test`], { env: { ENCLAVE_NEW_PASSWORD: 'Initial-Pass-1' } })).run);
    const paged = await enclave<Mailbox[]>(['mailboxes', '--tenant', 'Initech', '--page-size', '1']);
    ok(paged.run);
    expect(paged.value.map((m) => m.login).sort()).toEqual(['bill', 'milton', 'peter']);
    const table = await runEnclave(['mailboxes', '--tenant', 'Initech', '--query', 'gibb', ...connection()], {}, { bundle });
    expect(table.stdout).toMatch(/^LOGIN\s+DISPLAY NAME\s+PRIMARY ADDRESS/);
    expect(table.stdout).toMatch(/\npeter\s+Peter Gibbons\s+peter@initech.test\s+p.gibbons@initech.test\s+3 GiB\s+enabled\n$/);
  });

  it('mailbox delete', async () => {
    const run = await runEnclave(['mailbox', 'delete', '--tenant', 'Initech', '--login', 'bill', ...connection()], {}, { bundle });
    ok(run);
    await expect(host.services.mailboxes.get('Initech', 'bill')).rejects.toMatchObject({ error: { kind: 'not-found' } });
  });

  it('tenant usage sums the quotas against the pool', async () => {
    const { value } = await enclave<TenantUsage>(['tenant', 'usage', '--tenant', 'Initech']);
    expect(value).toMatchObject({ tenant: 'Initech', storagePoolBytes: 10 * gib, allocatedBytes: 3 * gib + gib });
  });
});

describe('group and list commands', () => {
  it('group add-member and remove-member; groups lists them', async () => {
    const added = await enclave<Group>(['group', 'add-member', '--tenant', 'Initech', '--name', 'Engineering', '--member', 'milton']);
    ok(added.run);
    expect(added.value.members.map((m) => m.login).sort()).toEqual(['milton', 'peter']);
    const removed = await enclave<Group>(['group', 'remove-member', '--tenant', 'Initech', '--name', 'Engineering', '--member', 'peter']);
    expect(removed.value.members.map((m) => m.login)).toEqual(['milton']);
    expect((await host.services.groups.get({ tenant: 'Initech', kind: 'security', name: 'Engineering' })).members.map((m) => m.login)).toEqual(['milton']);
    const groups = await enclave<Group[]>(['groups', '--tenant', 'Initech']);
    expect(groups.value.map((g) => g.name).sort()).toEqual(['Engineering', 'all-users', 'tenant-admins']);
  });

  it('list create makes a distribution list with its address and members; list update, list delete', async () => {
    const { run, value } = await enclave<Group>(['list', 'create', '--tenant', 'Initech', '--name', 'Sales', '--address', 'sales@initech.test', '--member', 'peter', '--member', 'milton']);
    ok(run);
    expect(value).toMatchObject({ kind: 'distribution', name: 'Sales', address: 'sales@initech.test' });
    expect((await host.services.groups.get({ tenant: 'Initech', kind: 'distribution', name: 'Sales' })).members.map((m) => m.login).sort()).toEqual(['milton', 'peter']);
    expect((await enclave<Group>(['list', 'update', '--tenant', 'Initech', '--name', 'Sales', '--description', 'Sales team'])).value.description).toBe('Sales team');
    expect((await enclave<Group[]>(['lists', '--tenant', 'Initech'])).value.map((g) => g.name)).toEqual(['Sales']);
    ok((await enclave(['list', 'delete', '--tenant', 'Initech', '--name', 'Sales'])).run);
    expect(await host.services.groups.list('Initech', 'distribution')).toEqual([]);
  });

  it('group delete', async () => {
    ok((await enclave(['group', 'delete', '--tenant', 'Initech', '--name', 'Engineering'])).run);
    expect((await host.services.groups.list('Initech', 'security')).map((g) => g.name).sort()).toEqual(['all-users', 'tenant-admins']);
  });
});

describe('search, whoami, saved connections', () => {
  it('search finds mailboxes across tenants', async () => {
    const { run, value } = await enclave<SearchHit[]>(['search', 'gibbons']);
    ok(run);
    expect(value).toEqual([expect.objectContaining({ type: 'mailbox', tenant: 'Initech', name: 'peter' })]);
  });

  it('whoami names the server and the role', async () => {
    const { value } = await enclave<SessionInfo>(['whoami']);
    expect(value.connection).toMatchObject({ url: dir.info.url, bindDN: dir.info.bindDN, flavor: 'openldap', role: { kind: 'host-admin' } });
  });

  it('connection save, list, test, use with --profile, delete', async () => {
    const saved = await runEnclave(['connection', 'save', '--name', 'Test Directory', ...connection(), '--json'], {}, { bundle });
    ok(saved);
    expect(JSON.parse(saved.stdout)).toMatchObject({ id: 'test-directory', urls: [dir.info.url], tlsMode: 'none', hasSavedPassword: true });
    const listed = await runEnclave(['connection', 'list', '--data', folder, '--json'], {}, { bundle });
    expect((JSON.parse(listed.stdout) as SavedConnection[]).map((c) => c.name)).toEqual(['Test Directory']);
    const tested = await runEnclave(['connection', 'test', '--name', 'Test Directory', '--data', folder, '--json'], {}, { bundle });
    ok(tested);
    expect(JSON.parse(tested.stdout)).toMatchObject({ url: dir.info.url, flavor: 'openldap', suffix: dir.info.suffix });
    const viaProfile = await runEnclave(['tenants', '--profile', 'Test Directory', '--data', folder, '--json'], {}, { bundle });
    ok(viaProfile);
    expect((JSON.parse(viaProfile.stdout) as TenantSummary[]).map((t) => t.name)).toContain('Initech');
    ok(await runEnclave(['connection', 'delete', '--name', 'Test Directory', '--data', folder], {}, { bundle }));
    const missing = await runEnclave(['connection', 'delete', '--name', 'Test Directory', '--data', folder], {}, { bundle });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('enclave: There is no saved connection named "Test Directory".\n');
  });
});

describe('usage errors', () => {
  it('exit 2 naming what is missing, unknown options and words', async () => {
    const missing = await runEnclave(['mailbox', 'create', '--tenant', 'Initech', '--login', 'x', ...connection()], {}, { bundle });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('enclave: mailbox create needs --surname, --address, --new-password-file (or $ENCLAVE_NEW_PASSWORD) (or "surname", "primaryAddress", "password" in --json-input). See: enclave help mailbox create\n');
    const unknown = await runEnclave(['tenant', 'create', '--tenant', 'X', '--domain', 'x.test', '--colour', 'red'], {}, { bundle });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--colour'.*See: enclave help tenant create/);
    const size = await runEnclave(['mailbox', 'update', '--tenant', 'Initech', '--login', 'peter', '--quota', 'lots', ...connection()], {}, { bundle });
    expect(size.code).toBe(2);
    expect(size.stderr).toContain('--quota: "lots" is not a size');
    const verb = await runEnclave(['tenant', 'rename'], {}, { bundle });
    expect(verb.code).toBe(2);
    expect(verb.stderr).toContain('"tenant rename" is not a command');
  });
});
