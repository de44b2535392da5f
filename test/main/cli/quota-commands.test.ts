import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuotaReport } from '../../../shared/model/quota';
import { openSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { runEnclave } from './run-enclave';

const gib = 2 ** 30;
let dir: TestDirectory;
let folder: string;

beforeAll(async () => {
  dir = await startTestDirectory();
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-cli-quota-'));
  await writeFile(path.join(folder, 'password'), dir.info.password);
  const session = await openSession(dir);
  try {
    await session.services.tenants.create({ name: 'Quoted', settings: { mailDomains: ['quoted.test'], storagePoolBytes: 4 * gib, mailboxLimit: 10 } });
    await session.services.mailboxes.create({ tenant: 'Quoted', login: 'q1', givenName: '', surname: 'Q', displayName: '', primaryAddress: 'q1@quoted.test', aliases: [], quotaBytes: 3 * gib, hiddenFromAddressBook: false, password: 'Quota-pass-1', enabled: true, groups: [] });
  } finally {
    await session.connection.dispose();
  }
});
afterAll(async () => {
  await dir?.stop();
  await rm(folder, { recursive: true, force: true });
});

const connection = () => ['--url', dir.info.url, '--bind-dn', dir.info.bindDN, '--password-file', path.join(folder, 'password'), '--journal', path.join(folder, 'journal.jsonl')];

describe('enclave quota report', () => {
  it('prints pool, allocation, mailbox count, limit and overcommit per tenant as JSON', async () => {
    const run = await runEnclave(['quota', 'report', '--tenant', 'Quoted', '--json', ...connection()]);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as QuotaReport;
    expect(report.tenants).toEqual([expect.objectContaining({ tenant: 'Quoted', poolBytes: 4 * gib, allocatedBytes: 3 * gib, mailboxCount: 1, mailboxLimit: 10, overcommitBytes: 0 })]);
  });

  it('prints a table', async () => {
    const run = await runEnclave(['quota', 'report', ...connection()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Quoted\s+4 GiB\s+3 GiB\s+75%\s+1\s+10\s+-/);
    expect(run.stdout).toMatch(/Usage: not connected/);
  });
});
