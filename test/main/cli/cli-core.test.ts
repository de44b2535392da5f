/**
 * The command line answers exactly as the console: the same request through the console's app core
 * (createAppCore, as the Electron shell and the browser host build it) and through the CLI gets the same error,
 * the same role-check refusal, and a journal record of the same shape. Real slapd; the CLI runs as a process.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../main/app/app-core';
import { createAppCore } from '../../../main/app/create-app-core';
import type { DirectorySession } from '../../../main/app/directory-session';
import type { JournalLine } from '../../../main/audit/journal-line';
import { FileProfileStore } from '../../../main/profiles/file-profile-store';
import { FileSecretStore } from '../../../main/profiles/file-secret-store';
import type { Result } from '../../../shared/errors';
import { openIsolatedSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { runEnclave, type CliRun } from './run-enclave';

const bossPassword = 'Boss-Pass-2024';
let dir: TestDirectory;
let host: DirectorySession;
let folder: string;
let bossDn: string;
/** The console's core bound as the tenant admin, and as the host admin. */
let consoleAsBoss: AppCore;
let consoleAsHost: AppCore;

async function consoleCore(name: string, bindDN: string, password: string): Promise<AppCore> {
  const dataDir = path.join(folder, name);
  const core = await createAppCore({ dataDir, profiles: new FileProfileStore(path.join(dataDir, 'profiles.json')), secrets: new FileSecretStore(path.join(dataDir, 'secrets.json')), useSandbox: false });
  const saved = await core.dispatch('saveConnection', { profile: { id: name, name, urls: [dir.info.url], bindDN, tlsMode: 'none' }, password });
  expect(saved.ok).toBe(true);
  expect((await core.dispatch('connect', { profileId: name })).ok).toBe(true);
  return core;
}

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-cli-core-'));
  dir = await startTestDirectory();
  // Tenants made through it get their access rules, so the tenant admin may write in its tenant.
  host = await openIsolatedSession(dir);
  await host.services.tenants.create({ name: 'Initech', settings: { mailDomains: ['initech.test'], storagePoolBytes: 2 ** 34 } });
  await host.services.tenants.create({ name: 'Globex', settings: { mailDomains: ['globex.test'] } });
  bossDn = (await host.services.mailboxes.create({ tenant: 'Initech', login: 'boss', givenName: '', surname: 'Boss', displayName: '', primaryAddress: 'boss@initech.test', aliases: [], quotaBytes: 2 ** 30, hiddenFromAddressBook: false, password: bossPassword, enabled: true, groups: [] })).dn;
  await host.services.groups.addMembers({ tenant: 'Initech', kind: 'security', name: 'tenant-admins' }, ['boss']);
  await writeFile(path.join(folder, 'host-password'), dir.info.password);
  await writeFile(path.join(folder, 'boss-password'), bossPassword);
  consoleAsBoss = await consoleCore('boss', bossDn, bossPassword);
  consoleAsHost = await consoleCore('host', dir.info.bindDN, dir.info.password);
}, 60_000);
afterAll(async () => {
  await consoleAsBoss?.dispose();
  await consoleAsHost?.dispose();
  await host?.connection.dispose();
  await dir?.stop();
  await rm(folder, { recursive: true, force: true });
});

const journal = () => path.join(folder, 'cli-journal.jsonl');
const as = (who: 'host' | 'boss') => ['--url', dir.info.url, '--bind-dn', who === 'host' ? dir.info.bindDN : bossDn, '--password-file', path.join(folder, `${who}-password`), '--journal', journal(), '--data', folder];
const errorOf = (run: CliRun) => (JSON.parse(run.stderr.trim().split('\n').pop() ?? '{}') as { error: unknown }).error;
const errorOfResult = (result: Result<unknown>) => (result.ok ? null : result.error);

describe('role checks', () => {
  it('refuses a tenant admin creating a tenant before sending, with the console\'s message (exit 1)', async () => {
    const run = await runEnclave(['tenant', 'create', '--tenant', 'Hooli', '--domain', 'hooli.test', '--json', ...as('boss')]);
    expect(run.code).toBe(1);
    const console = errorOfResult(await consoleAsBoss.dispatch('createTenant', { name: 'Hooli', settings: { mailDomains: ['hooli.test'] } }));
    expect(console).toMatchObject({ kind: 'insufficient-access', message: expect.stringMatching(/^Refused before sending: Tenant admins cannot create/) });
    expect(errorOf(run)).toEqual(console);
    expect(await host.services.tenants.list()).toHaveLength(2);
  });

  it('refuses a tenant admin creating a mailbox in another tenant, and an unlimited quota in its own pooled tenant', async () => {
    const foreign = await runEnclave(['mailbox', 'create', '--tenant', 'Globex', '--login', 'spy', '--surname', 'Spy', '--address', 'spy@globex.test', '--json', ...as('boss')], { ENCLAVE_NEW_PASSWORD: 'Spy-Pass-2024' });
    expect(foreign.code).toBe(1);
    const consoleForeign = errorOfResult(await consoleAsBoss.dispatch('createMailbox', { tenant: 'Globex', login: 'spy', surname: 'Spy', primaryAddress: 'spy@globex.test', password: 'Spy-Pass-2024' }));
    expect(errorOf(foreign)).toEqual(consoleForeign);
    expect(errorOf(foreign)).toMatchObject({ message: 'Refused before sending: Tenant admins may only manage their own tenant (Initech), not "Globex".' });

    const unlimited = await runEnclave(['mailbox', 'create', '--tenant', 'Initech', '--login', 'ann', '--surname', 'Ann', '--address', 'ann@initech.test', '--quota', 'unlimited', ...as('boss')], { ENCLAVE_NEW_PASSWORD: 'Ann-Pass-2024' });
    expect(unlimited.code).toBe(1);
    const consoleUnlimited = errorOfResult(await consoleAsBoss.dispatch('createMailbox', { tenant: 'Initech', login: 'ann', surname: 'Ann', primaryAddress: 'ann@initech.test', quotaBytes: null, password: 'Ann-Pass-2024' }));
    expect(unlimited.stderr).toBe(`enclave: ${(consoleUnlimited as { message: string }).message}\n`);
  });
});

describe('validation', () => {
  it('refuses an invalid mailbox with the contract\'s messages, as the console gets them (exit 3, nothing sent)', async () => {
    const run = await runEnclave(['mailbox', 'create', '--tenant', 'Initech', '--login', 'Bad Login!', '--surname', '  ', '--address', 'nope', '--alias', 'also@', '--quota', '0', '--json', ...as('host')], { ENCLAVE_NEW_PASSWORD: 'x' });
    expect(run.code).toBe(3);
    const console = errorOfResult(await consoleAsHost.dispatch('createMailbox', { tenant: 'Initech', login: 'Bad Login!', surname: '  ', primaryAddress: 'nope', aliases: ['also@'], quotaBytes: 0, password: 'x' }));
    expect(errorOf(run)).toEqual(console);
    expect(console).toMatchObject({ kind: 'invalid-input', issues: expect.arrayContaining([{ path: ['login'], message: 'Login name: 1–20 characters, letters, digits, dot, dash or underscore, starting with a letter or digit' }, { path: ['quotaBytes'], message: 'A quota is at least 1 byte; leave it empty for unlimited' }]) });
    await expect(host.services.mailboxes.get('Initech', 'bad login!')).rejects.toThrow();
  });

  it('takes the request as JSON (--json-input) with the flags laid over it, and judges it the same way', async () => {
    const request = { tenant: 'Initech', changes: { mailDomains: ['initech.test', 'not a domain'], mailboxLimit: -1 } };
    const file = path.join(folder, 'update.json');
    await writeFile(file, JSON.stringify(request));
    const run = await runEnclave(['tenant', 'update', '--json-input', file, '--json', ...as('host')]);
    expect(run.code).toBe(3);
    expect(errorOf(run)).toEqual(errorOfResult(await consoleAsHost.dispatch('updateTenant', request)));
    expect(run.stdout).toBe('');
    // Without --json: the console's message as one line.
    const plain = await runEnclave(['tenant', 'update', '--json-input', '-', '--mailbox-limit', '20', ...as('host')], {}, { stdin: JSON.stringify(request) });
    expect(plain.code).toBe(3);
    expect(plain.stderr).toBe('enclave: changes.mailDomains.1: Mail domain must be a DNS name such as example.com\n');
  });
});

describe('audit journal', () => {
  it('journals a CLI write under the console\'s operation name, tenant and actor, intent before outcome', async () => {
    const run = await runEnclave(['mailbox', 'create', '--tenant', 'Initech', '--login', 'ann', '--surname', 'Ann', '--address', 'ann@initech.test', '--quota', '1GiB', ...as('boss')], { ENCLAVE_NEW_PASSWORD: 'Ann-Pass-2024' });
    expect(run.code, run.stderr).toBe(0);
    const lines = (await readFile(journal(), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as JournalLine);
    const add = lines.filter((line) => line.kind === 'add' && line.target.startsWith('uid=ann,'));
    expect(add.map((line) => line.phase)).toEqual(['intent', 'outcome']);
    expect(add[1]).toMatchObject({ operation: 'createMailbox', tenant: 'Initech', actor: bossDn, result: 'ok' });
    expect(add[0]?.callId).toBe(add[1]?.callId);

    // The console's own write of the same kind is journaled alike (its journal lives in its data folder).
    expect((await consoleAsBoss.dispatch('createMailbox', { tenant: 'Initech', login: 'bob', surname: 'Bob', primaryAddress: 'bob@initech.test', quotaBytes: 2 ** 30, password: 'Bob-Pass-2024' })).ok).toBe(true);
    const consoleLines = (await readFile(path.join(folder, 'boss', 'audit', 'journal.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as JournalLine);
    const consoleAdd = consoleLines.find((line) => line.phase === 'outcome' && line.kind === 'add' && line.target.startsWith('uid=bob,'));
    const shape = (line: JournalLine | undefined) => ({ operation: line?.operation, tenant: line?.tenant, actor: line?.actor, kind: line?.kind, attributes: line?.changes.map((c) => c.attribute).sort() });
    expect(consoleAdd).toBeDefined();
    expect(shape(add[1])).toEqual(shape(consoleAdd));
  });

  it('refuses every write when the journal cannot be written (fail closed), as the console does', async () => {
    // The journal's folder would have to be made inside a regular file.
    const unwritable = path.join(folder, 'host-password', 'journal.jsonl');
    const run = await runEnclave(['mailbox', 'disable', '--tenant', 'Initech', '--login', 'ann', '--json', '--url', dir.info.url, '--bind-dn', dir.info.bindDN, '--password-file', path.join(folder, 'host-password'), '--journal', unwritable]);
    expect(run.code).toBe(1);
    expect(errorOf(run)).toMatchObject({ kind: 'audit-unavailable' });
    expect((await host.services.mailboxes.get('Initech', 'ann')).enabled).toBe(true);
  });
});
