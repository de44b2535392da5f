/**
 * The command line's tenant lifecycle, as a user runs it against a real slapd: the password policy commands, the
 * exit package into a folder of one's choice (checked with sha256sum), the teardown that refuses without the
 * typed name, then removes the tenant with proof, and the status in between.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantPasswordPolicy } from '../../../shared/model/password-policy';
import type { TeardownReport, TenantExitPackage, TenantLifecycleStatus } from '../../../shared/model/tenant-lifecycle';
import { openIsolatedSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { runEnclave } from './run-enclave';

const run = promisify(execFile);
let dir: TestDirectory;
let folder: string;

beforeAll(async () => {
  dir = await startTestDirectory();
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-cli-lifecycle-'));
  await writeFile(path.join(folder, 'password'), dir.info.password);
  const session = await openIsolatedSession(dir);
  try {
    await session.services.tenants.create({ name: 'Leaving, Ltd.', settings: { mailDomains: ['leaving.test'] } });
    for (const login of ['lea', 'leo']) {
      await session.services.mailboxes.create({ tenant: 'Leaving, Ltd.', login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@leaving.test`, aliases: [], hiddenFromAddressBook: false, password: 'Leaving-Pass-1', enabled: true, groups: [], quotaBytes: 1000 });
    }
  } finally {
    await session.connection.dispose();
  }
}, 60_000);
afterAll(async () => {
  await dir?.stop();
  await rm(folder, { recursive: true, force: true });
});

const connection = () => ['--url', dir.info.url, '--bind-dn', dir.info.bindDN, '--password-file', path.join(folder, 'password'), '--data', path.join(folder, 'data')];

describe('enclave tenant password policy', () => {
  it('shows and changes the tenant’s own policy, refusing what the server cannot enforce', async () => {
    const changed = await runEnclave(['tenant', 'set-password-policy', '--tenant', 'Leaving, Ltd.', '--min-length', '12', '--history', '3', '--json', ...connection()]);
    expect(changed.stderr).toBe('');
    const shown = await runEnclave(['tenant', 'password-policy', '--tenant', 'Leaving, Ltd.', '--json', ...connection()]);
    expect(JSON.parse(shown.stdout) as TenantPasswordPolicy).toMatchObject({ source: 'tenant', policy: { minLength: 12, historyCount: 3 } });
    const refused = await runEnclave(['tenant', 'set-password-policy', '--tenant', 'Leaving, Ltd.', '--complexity', ...connection()]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/cannot require character classes/);
    const adopted = await runEnclave(['tenant', 'adopt-password-policy', '--json', ...connection()]);
    expect(JSON.parse(adopted.stdout)).toMatchObject({ tenantsGivenPolicy: [], mailboxesFixed: 0 });
  });
});

describe('enclave tenant export / teardown', () => {
  it('writes the exit package into --out, which sha256sum checks', async () => {
    const out = path.join(folder, 'exit');
    const exported = await runEnclave(['tenant', 'export', '--tenant', 'Leaving, Ltd.', '--out', out, '--json', ...connection()]);
    expect(exported.stderr).toBe('');
    expect(JSON.parse(exported.stdout) as TenantExitPackage).toMatchObject({ tenant: 'Leaving, Ltd.', folder: out, counts: { mailboxes: 2 } });
    await run('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: out });
    expect((await readdir(out)).sort()).toEqual(['README.txt', 'SHA256SUMS', 'audit', 'directory', 'groups.csv', 'groups.json', 'mailboxes.csv', 'manifest.json', 'settings']);
    const again = await runEnclave(['tenant', 'export', '--tenant', 'Leaving, Ltd.', '--out', out, ...connection()]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
  });

  it('refuses a teardown without the name typed again, or with a package not found', async () => {
    const missing = await runEnclave(['tenant', 'teardown', '--tenant', 'Leaving, Ltd.', ...connection()]);
    expect(missing.code).toBe(2);
    const wrong = await runEnclave(['tenant', 'teardown', '--tenant', 'Leaving, Ltd.', '--confirm', 'Leaving', '--export', path.join(folder, 'exit'), ...connection()]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/type the tenant's name exactly/);
    const noPackage = await runEnclave(['tenant', 'teardown', '--tenant', 'Leaving, Ltd.', '--confirm', 'Leaving, Ltd.', ...connection()]);
    expect(noPackage.stderr).toMatch(/no exit package yet/);
    const status = await runEnclave(['tenant', 'lifecycle', '--tenant', 'Leaving, Ltd.', '--json', ...connection()]);
    expect(JSON.parse(status.stdout) as TenantLifecycleStatus).toEqual({ tenant: 'Leaving, Ltd.', lastExport: null, unfinishedTeardown: null });
  });

  it('tears the tenant down after its package and prints the proof', async () => {
    const torn = await runEnclave(['tenant', 'teardown', '--tenant', 'Leaving, Ltd.', '--confirm', 'Leaving, Ltd.', '--export', path.join(folder, 'exit'), '--json', ...connection()]);
    expect(torn.stderr).toBe('');
    expect(torn.code).toBe(0);
    const report = JSON.parse(torn.stdout) as TeardownReport;
    expect(report).toMatchObject({ outcome: 'complete', residue: [], removed: { domains: ['leaving.test'] } });
    expect(report.mailStore.map((entry) => entry.login)).toEqual(['lea', 'leo']);
    const tenants = await runEnclave(['tenants', '--json', ...connection()]);
    expect(JSON.parse(tenants.stdout)).toEqual([]);
    const text = await runEnclave(['help', 'tenant', 'teardown']);
    expect(text.stdout).toMatch(/Usage: enclave tenant teardown --tenant NAME --confirm NAME/);
  });
});
