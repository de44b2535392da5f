/**
 * `enclave service-account create|list|remove` against a real slapd with the access policy: the password goes to a
 * new 0600 file (never overwritten) or to stdout once, binds, and is journaled only as "(set)"; helpdesk is refused.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceAccount } from '../../../shared/model/service-accounts';
import { applySandboxIsolation } from '../../../main/flavors/openldap/sandbox/sandbox-isolation';
import { boundClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { runEnclave } from './run-enclave';

let dir: TestDirectory;
let folder: string;

beforeAll(async () => {
  dir = await startTestDirectory();
  await applySandboxIsolation(dir.info);
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-cli-service-'));
  await writeFile(path.join(folder, 'password'), dir.info.password);
  await writeFile(path.join(folder, 'helpdesk'), dir.helpdesk.password);
});
afterAll(async () => {
  await dir?.stop();
  await rm(folder, { recursive: true, force: true });
});

const journal = () => path.join(folder, 'journal.jsonl');
const as = (bindDN: string, file: string) => ['--url', dir.info.url, '--bind-dn', bindDN, '--password-file', path.join(folder, file), '--journal', journal()];
const host = () => as(dir.info.bindDN, 'password');

describe('enclave service-account', () => {
  it('create --password-out writes the password to a new 0600 file only; it binds', async () => {
    const file = path.join(folder, 'mail1.pw');
    const run = await runEnclave(['service-account', 'create', '--name', 'mail1', '--description', 'IMAP host', '--password-out', file, ...host()]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const secret = await readFile(file, 'utf8');
    expect(secret).toMatch(/^[A-Za-z0-9_-]{35}$/);
    expect(run.stdout).not.toContain(secret);
    expect(run.stdout).toMatch(/Password written to .*mail1\.pw \(mode 0600\)/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const client = await boundClient(dir.info.url, 'uid=mail1,ou=services,ou=host,dc=hosting,dc=test', secret);
    await client.unbind();
    // The journal knows a password was set, never which.
    expect(await readFile(journal(), 'utf8')).not.toContain(secret);
  });

  it('refuses to overwrite an existing file, and then creates no account', async () => {
    const file = path.join(folder, 'taken.pw');
    await writeFile(file, 'another secret');
    const run = await runEnclave(['service-account', 'create', '--name', 'mail2', '--password-out', file, ...host()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/already exists; name a new file/);
    expect(await readFile(file, 'utf8')).toBe('another secret');
    const list = await runEnclave(['service-account', 'list', '--json', ...host()]);
    expect((JSON.parse(list.stdout) as ServiceAccount[]).map((a) => a.name)).toEqual(['mail1']);
  });

  it('create without a file shows the password once on stdout (--json: the call’s answer)', async () => {
    const run = await runEnclave(['service-account', 'create', '--name', 'mail3', '--json', ...host()]);
    const created = JSON.parse(run.stdout) as { account: ServiceAccount; password: string };
    expect(created.account).toMatchObject({ name: 'mail3', mailService: true });
    const client = await boundClient(dir.info.url, created.account.dn, created.password);
    await client.unbind();
  });

  it('list shows the accounts; remove deletes one; a missing name is a usage error', async () => {
    const list = await runEnclave(['service-account', 'list', ...host()]);
    expect(list.stdout).toMatch(/mail1\s+yes\s+\d{4}-.*IMAP host/);
    const removed = await runEnclave(['service-account', 'remove', '--name', 'mail3', ...host()]);
    expect(removed.stdout).toMatch(/Removed the service account "mail3"/);
    const missing = await runEnclave(['service-account', 'remove', ...host()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/needs --name NAME/);
  });

  it('refuses helpdesk before anything is sent (exit 1)', async () => {
    const run = await runEnclave(['service-account', 'create', '--name', 'mail4', ...as(dir.helpdesk.bindDN, 'helpdesk')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Refused before sending/);
  });
});
