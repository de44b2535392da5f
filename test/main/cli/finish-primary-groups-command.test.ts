/**
 * `enclave finish-primary-groups` against a real Samba AD DC over LDAPS: lists (--dry-run) and finishes the mailboxes
 * a tenant admin left in Domain Users, journaled; refuses a tenant admin; exits 0 with nothing to do (cron).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import type { JournalLine } from '../../../main/audit/journal-line';
import type { PendingPrimaryGroups, PrimaryGroupFinishReport } from '../../../shared/model/hosting';
import { openAdSession } from '../../harness/samba-session';
import { sambaUnavailableReason, startSambaTestDc, type SambaTestDc } from '../../harness/samba-test-dc';
import { skipWithoutServer } from '../../harness/required-server';
import { runEnclave } from './run-enclave';

const skip = skipWithoutServer('the finish-primary-groups CLI tests', await sambaUnavailableReason());

const password = 'Correct-Horse-9';
let dc: SambaTestDc;
let host: DirectorySession;
let bossDn: string;

const mailbox = (login: string) => ({ tenant: 'Acme', login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@acme.test`, aliases: [], hiddenFromAddressBook: false, password, enabled: true, groups: [] });
const journalPath = () => path.join(dc.dir, 'cli-journal.jsonl');
/** The command with the test DC's LDAPS options, bound as `bindDN` (default: the host admin). */
const finish = async (args: string[], bindDN = dc.credentials.bindDN, secret = dc.credentials.password) => {
  const caFile = path.join(dc.dir, 'ca-for-cli.pem');
  await writeFile(caFile, dc.caPem);
  return runEnclave(['finish-primary-groups', '--url', dc.ldapsUrl, '--bind-dn', bindDN, '--ca-file', caFile, '--tls-server-name', dc.tlsServerName, '--journal', journalPath(), ...args], { ENCLAVE_PASSWORD: secret, ENCLAVE_DATA_DIR: dc.dir });
};

describe.skipIf(skip)('enclave finish-primary-groups (Samba AD DC)', () => {
  beforeAll(async () => {
    dc = await startSambaTestDc();
    host = await openAdSession(dc);
    await host.services.tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test'] } });
    bossDn = (await host.services.mailboxes.create(mailbox('boss'))).dn;
    await host.services.groups.addMembers({ tenant: 'Acme', kind: 'security', name: 'tenant-admins' }, ['boss']);
    const tenantAdmin = await openAdSession(dc, { bindDN: bossDn, password });
    try {
      for (const login of ['ann', 'bob']) await tenantAdmin.services.mailboxes.create(mailbox(login));
    } finally {
      await tenantAdmin.connection.dispose();
    }
  }, 240_000);
  afterAll(async () => {
    await host?.connection.dispose();
    await dc?.stop();
  });

  it('lists the pending mailboxes with --dry-run and changes nothing', async () => {
    const run = await finish(['--dry-run', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout) as PendingPrimaryGroups).toEqual({
      flavor: 'active-directory',
      mailboxes: [{ tenant: 'Acme', login: 'ann', primaryIsDomainUsers: true }, { tenant: 'Acme', login: 'bob', primaryIsDomainUsers: true }],
    });
    const table = await finish(['--dry-run']);
    expect(table.stdout).toMatch(/Acme\s+ann\s+primary group/);
    expect(table.stdout).toMatch(/^2 tenant mailboxes are still in Domain Users \(dry run: nothing changed\)\.$/m);
  }, 60_000);

  it('refuses a tenant admin before sending anything (exit 1, the reason on stderr)', async () => {
    const run = await finish([], bossDn, password);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Refused before sending: only an account that may change the members of Domain Users/);
  }, 60_000);

  it('finishes them as a host admin, journaled under the command; a second run has nothing to do', async () => {
    const run = await finish(['--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as PrimaryGroupFinishReport;
    expect(report.finished.map((m) => m.login)).toEqual(['ann', 'bob']);
    expect(report.failed).toEqual([]);
    const lines = (await readFile(journalPath(), 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as JournalLine);
    const outcomes = lines.filter((line) => line.phase === 'outcome' && line.operation === 'cli finish-primary-groups');
    // Per mailbox: primaryGroupID on the user, then the member value off Domain Users.
    expect(outcomes.map((line) => `${line.result} ${line.changes.map((c) => c.attribute).join()}`)).toEqual(['ok primaryGroupID', 'ok member', 'ok primaryGroupID', 'ok member']);
    const again = await finish([]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^0 mailboxes taken out of Domain Users, 0 failed, in \d+ ms\.$/m);
  }, 60_000);
});
