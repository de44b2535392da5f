import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInAuditContext } from '../../../main/audit/audit-context';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { openDirectorySession, settingsFromProfile } from '../../../main/app/directory-session';
import type { AuditRecord } from '../../../shared/model/audit';
import { testProfile } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { runEnclave } from './run-enclave';

let dir: TestDirectory;
let folder: string;
let journalPath: string;

beforeAll(async () => {
  dir = await startTestDirectory();
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-cli-audit-'));
  journalPath = path.join(folder, 'journal.jsonl');
  await writeFile(path.join(folder, 'password'), dir.info.password);
  const profile = testProfile(dir);
  const session = await openDirectorySession(profile, settingsFromProfile(profile, dir.info.password), true, () => {}, new AuditJournal(journalPath));
  try {
    await runInAuditContext({ operation: 'createTenant' }, () => session.services.tenants.create({ name: 'Cli', settings: { mailDomains: ['cli.test'] } }));
    await runInAuditContext({ operation: 'createTenant' }, () => session.services.tenants.create({ name: 'Other', settings: { mailDomains: ['other.test'] } }));
  } finally {
    await session.connection.dispose();
  }
});
afterAll(async () => {
  await dir?.stop();
  await rm(folder, { recursive: true, force: true });
});

const connection = () => ['--url', dir.info.url, '--bind-dn', dir.info.bindDN, '--password-file', path.join(folder, 'password')];

describe('enclave audit', () => {
  it('lists the journal of one tenant as JSON', async () => {
    const run = await runEnclave(['audit', 'list', '--tenant', 'Cli', '--since', '2000-01-01T00:00:00Z', '--journal', journalPath, '--json']);
    expect(run.stderr).toBe('');
    const records = JSON.parse(run.stdout) as AuditRecord[];
    expect(records).toHaveLength(6);
    expect(records.every((r) => r.source === 'console' && r.tenant === 'Cli' && r.operation === 'createTenant' && r.result === 'ok')).toBe(true);
  });

  it('adds the server log when given a connection', async () => {
    const run = await runEnclave(['audit', 'list', '--tenant', 'Cli', '--journal', journalPath, '--json', ...connection()]);
    const records = JSON.parse(run.stdout) as AuditRecord[];
    expect(records.filter((r) => r.source === 'server')).toHaveLength(6);
    expect(records.filter((r) => r.source === 'console')).toHaveLength(6);
  });

  it('verifies an intact chain, and exits 3 naming the first broken record when it is not', async () => {
    const intact = await runEnclave(['audit', 'verify', '--journal', journalPath]);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/chain intact, 24 records/);
    const lines = (await readFile(journalPath, 'utf8')).split('\n');
    lines[6] = (lines[6] ?? '').replace('"tenant":"Cli"', '"tenant":"Evil"');
    await writeFile(journalPath, lines.join('\n'));
    const broken = await runEnclave(['audit', 'verify', '--journal', journalPath]);
    expect(broken.code).toBe(3);
    expect(broken.stdout).toMatch(/BROKEN at line 7 \(record seq 7\): .*altered/);
  });
});
