import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInAuditContext } from '../../../main/audit/audit-context';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { openDirectorySession, settingsFromProfile } from '../../../main/app/directory-session';
import type { AuditRecord } from '../../../shared/model/audit';
import { openSession, testProfile } from '../../harness/hosting-session';
import { childDn } from '../../../main/directory/dn';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { runEnclave } from './run-enclave';

let dir: TestDirectory;
let folder: string;
let journalPath: string;
let tenantAdminDn: string;
const tenantAdminPassword = 'Correct-Horse-9';

beforeAll(async () => {
  dir = await startTestDirectory();
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-cli-audit-'));
  journalPath = path.join(folder, 'journal.jsonl');
  await writeFile(path.join(folder, 'password'), dir.info.password);
  const profile = testProfile(dir);
  const journal = new AuditJournal(journalPath);
  const session = await openDirectorySession(profile, settingsFromProfile(profile, dir.info.password), true, () => {}, { journal });
  try {
    await runInAuditContext({ operation: 'createTenant' }, () => session.services.tenants.create({ name: 'Cli', settings: { mailDomains: ['cli.test'] } }));
    await runInAuditContext({ operation: 'createTenant' }, () => session.services.tenants.create({ name: 'Other', settings: { mailDomains: ['other.test'] } }));
    // A host-level change helpdesk cannot read (an access-rule change in cn=config).
    const rules = await journal.recordIntent({ actor: dir.info.bindDN, workstation: 'ws', tenant: null, operation: 'apply isolation rules', callId: null, kind: 'modify', target: 'olcDatabase={2}mdb,cn=config', newTarget: null, changes: [] });
    await journal.recordOutcome(rules, { result: 'ok', error: null });
  } finally {
    await session.connection.dispose();
  }
  // Cli's tenant admin, made outside the journal (so the record counts below stay the console's).
  const setup = await openSession(dir);
  try {
    await setup.services.mailboxes.create({ tenant: 'Cli', login: 'boss', givenName: '', surname: 'Boss', displayName: '', primaryAddress: 'boss@cli.test', aliases: [], hiddenFromAddressBook: false, password: tenantAdminPassword, enabled: true, groups: [], quotaBytes: 1000 });
    await setup.services.groups.addMembers({ tenant: 'Cli', kind: 'security', name: 'tenant-admins' }, ['boss']);
    tenantAdminDn = childDn(setup.services.context.dialect.layout.mailboxesDn('Cli'), 'uid', 'boss');
  } finally {
    await setup.connection.dispose();
  }
  await writeFile(path.join(folder, 'boss-password'), tenantAdminPassword);
  await writeFile(path.join(folder, 'helpdesk-password'), dir.helpdesk.password);
});
afterAll(async () => {
  await dir?.stop();
  await rm(folder, { recursive: true, force: true });
});

const connection = () => ['--url', dir.info.url, '--bind-dn', dir.info.bindDN, '--password-file', path.join(folder, 'password')];
const asTenantAdmin = () => ['--url', dir.info.url, '--bind-dn', tenantAdminDn, '--password-file', path.join(folder, 'boss-password')];
const asHelpdesk = () => ['--url', dir.info.url, '--bind-dn', dir.helpdesk.bindDN, '--password-file', path.join(folder, 'helpdesk-password')];

describe('enclave audit', () => {
  it('lists the journal of one tenant as JSON', async () => {
    const run = await runEnclave(['audit', 'list', '--source', 'console', '--tenant', 'Cli', '--since', '2000-01-01T00:00:00Z', '--journal', journalPath, '--json', ...connection()]);
    expect(run.stderr).toBe('');
    const records = JSON.parse(run.stdout) as AuditRecord[];
    expect(records).toHaveLength(7);
    expect(records.every((r) => r.source === 'console' && r.tenant === 'Cli' && r.operation === 'createTenant' && r.result === 'ok')).toBe(true);
  });

  it('adds the server log when given a connection', async () => {
    const run = await runEnclave(['audit', 'list', '--tenant', 'Cli', '--journal', journalPath, '--json', ...connection()]);
    const records = JSON.parse(run.stdout) as AuditRecord[];
    // The 7 provisioning adds (the tenant's password policy among them), plus the tenant admin made outside the console: its mailbox and 2 group memberships.
    expect(records.filter((r) => r.source === 'server').map((r) => r.kind).sort()).toEqual([...Array(8).fill('add'), 'modify', 'modify']);
    expect(records.filter((r) => r.source === 'console')).toHaveLength(7);
  });

  it('prints one row per change in words, the console and server records of one write tied', async () => {
    const run = await runEnclave(['audit', 'list', '--tenant', 'Cli', '--journal', journalPath, ...connection()]);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^TIME\s+SOURCE\s+WHO\s+TENANT\s+OPERATION\s+TARGET\s+RESULT/);
    // Provisioning wrote 7 entries; each shows once, console and server record tied, the target by name and tenant.
    const provisioning = lines.filter((line) => line.includes('Tenant created'));
    expect(provisioning).toHaveLength(7);
    expect(provisioning.every((line) => /console\+server\s+admin \(host\)\s+Cli\s+Tenant created\s+\S/.test(line))).toBe(true);
    expect(provisioning.some((line) => /Tenant created\s+mailboxes \(Cli\)\s+ok/.test(line))).toBe(true);
    expect(run.stdout).not.toMatch(/uid=admin,ou=people/);
  });

  it("gives a tenant admin its own tenant's records and nothing of another tenant", async () => {
    const run = await runEnclave(['audit', 'list', '--journal', journalPath, '--json', ...asTenantAdmin()]);
    const records = JSON.parse(run.stdout) as AuditRecord[];
    expect(records.length).toBeGreaterThanOrEqual(6);
    expect(records.every((r) => r.tenant === 'Cli')).toBe(true);
    expect(JSON.stringify(records)).not.toMatch(/Other|other\.test|cn=config/);
    // The server log is the host admins' (the server says so); the console journal is still listed.
    expect(run.stderr).toMatch(/server log \(cn=accesslog\) could not be read/);

    const refused = await runEnclave(['audit', 'list', '--tenant', 'Other', '--journal', journalPath, '--json', ...asTenantAdmin()]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/You may read the audit records of Cli only, not of Other/);
  });

  it('gives helpdesk every tenant but not the access-rule changes in cn=config; host admins see those too', async () => {
    const helpdesk = JSON.parse((await runEnclave(['audit', 'list', '--source', 'console', '--journal', journalPath, '--json', ...asHelpdesk()])).stdout) as AuditRecord[];
    expect(new Set(helpdesk.map((r) => r.tenant))).toEqual(new Set(['Cli', 'Other']));
    expect(helpdesk.some((r) => r.target.endsWith('cn=config'))).toBe(false);
    const host = JSON.parse((await runEnclave(['audit', 'list', '--source', 'console', '--journal', journalPath, '--json', ...connection()])).stdout) as AuditRecord[];
    expect(host.some((r) => r.target.endsWith('cn=config'))).toBe(true);
  });

  it('refuses to list without a connection: records are scoped to the bound identity', async () => {
    const run = await runEnclave(['audit', 'list', '--journal', journalPath, '--json']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/as far as the bound identity may read them: give --url/);
  });

  it('verifies an intact chain, and exits 3 naming the first broken record when it is not', async () => {
    const intact = await runEnclave(['audit', 'verify', '--journal', journalPath]);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/chain intact, 30 records/);
    const lines = (await readFile(journalPath, 'utf8')).split('\n');
    lines[6] = (lines[6] ?? '').replace('"tenant":"Cli"', '"tenant":"Evil"');
    await writeFile(journalPath, lines.join('\n'));
    const broken = await runEnclave(['audit', 'verify', '--journal', journalPath]);
    expect(broken.code).toBe(3);
    expect(broken.stdout).toMatch(/BROKEN at line 7 \(record seq 7\): .*altered/);
  });
});
