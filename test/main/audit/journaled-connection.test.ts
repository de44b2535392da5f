import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInAuditContext } from '../../../main/audit/audit-context';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { readJournalPage } from '../../../main/audit/journal-reader';
import { verifyJournal } from '../../../main/audit/journal-verify';
import { openDirectorySession } from '../../../main/app/directory-session';
import type { DirectorySession } from '../../../main/app/directory-session';
import { settingsFromProfile } from '../../../main/app/directory-session';
import { expectFailure } from '../../harness/expect-failure';
import { testProfile } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let journalDir: string;

beforeAll(async () => {
  dir = await startTestDirectory();
  journalDir = await mkdtemp(path.join(tmpdir(), 'enclave-journal-'));
});
afterAll(async () => {
  await dir?.stop();
  await rm(journalDir, { recursive: true, force: true });
});

const journaledSession = (journal: AuditJournal): Promise<DirectorySession> => {
  const profile = testProfile(dir);
  return openDirectorySession(profile, settingsFromProfile(profile, dir.info.password), true, () => {}, { journal });
};

const gib = 2 ** 30;

describe('JournaledConnection', () => {
  it('journals each write as intent then outcome, with old → new values and secrets as "(set)"', async () => {
    const journal = new AuditJournal(path.join(journalDir, 'a', 'journal.jsonl'));
    const session = await journaledSession(journal);
    try {
      await runInAuditContext({ operation: 'createTenant' }, () =>
        session.services.tenants.create({ name: 'Journaled', settings: { mailDomains: ['journaled.test'], storagePoolBytes: 10 * gib } }),
      );
      await runInAuditContext({ operation: 'createMailbox', tenant: 'Journaled' }, () =>
        session.services.mailboxes.create({ tenant: 'Journaled', login: 'jo', givenName: 'Jo', surname: 'Doe', displayName: '', primaryAddress: 'jo@journaled.test', aliases: [], quotaBytes: gib, hiddenFromAddressBook: false, password: 'Secret-pass-1', enabled: true, groups: [] }),
      );
      await runInAuditContext({ operation: 'updateMailbox', tenant: 'Journaled' }, () => session.services.mailboxes.update('Journaled', 'jo', { surname: 'Roe', quotaBytes: 2 * gib }));
      await runInAuditContext({ operation: 'resetMailboxPassword', tenant: 'Journaled' }, () => session.services.mailboxes.resetPassword('Journaled', 'jo', 'Another-pass-2'));
    } finally {
      await session.connection.dispose();
    }
    const raw = await readFile(journal.path, 'utf8');
    expect(raw).not.toContain('Secret-pass-1');
    expect(raw).not.toContain('Another-pass-2');
    expect(raw).not.toContain('{SSHA}');

    const { hits } = await readJournalPage(journal.path, {}, null, 100);
    const records = hits.map((hit) => hit.record);
    // Provisioning: the tenant entry, three containers, two system groups, its password policy; one call id.
    const provisioning = records.filter((r) => r.operation === 'createTenant');
    expect(provisioning).toHaveLength(7);
    expect(new Set(provisioning.map((r) => r.callId)).size).toBe(1);
    expect(records.every((r) => r.result === 'ok' && r.source === 'console' && r.workstation !== null)).toBe(true);
    expect(records.every((r) => r.actor === dir.info.bindDN)).toBe(true);

    const update = records.find((r) => r.operation === 'updateMailbox');
    expect(update).toMatchObject({ tenant: 'Journaled', kind: 'modify' });
    expect(update?.changes).toEqual(expect.arrayContaining([
      { attribute: 'sn', op: 'replace', before: ['Doe'], after: ['Roe'] },
      { attribute: 'enclaveMailboxQuotaBytes', op: 'replace', before: [String(gib)], after: [String(2 * gib)] },
    ]));
    const reset = records.find((r) => r.operation === 'resetMailboxPassword');
    expect(reset?.changes).toEqual([{ attribute: 'userPassword', op: 'replace', before: null, after: ['(set)'] }]);
    const created = records.find((r) => r.operation === 'createMailbox' && r.kind === 'add');
    expect(created?.changes).toContainEqual({ attribute: 'userPassword', op: 'add', before: null, after: ['(set)'] });

    expect(await verifyJournal(journal.path)).toMatchObject({ intact: true, records: 2 * 7 + 2 * 2 + 2 + 2, firstBroken: null });
  });

  it('records a refused write with its error kind and code', async () => {
    const journal = new AuditJournal(path.join(journalDir, 'b', 'journal.jsonl'));
    const session = await journaledSession(journal);
    try {
      // The server refuses this (noSuchObject) after the intent was written: the outcome says so.
      const dn = session.services.context.dialect.layout.tenantDn('Nowhere');
      await expectFailure(runInAuditContext({ operation: 'raw' }, () => session.connection.delete(dn)), 'not-found');
    } finally {
      await session.connection.dispose();
    }
    const { hits } = await readJournalPage(journal.path, {}, null, 10);
    expect(hits.map((h) => h.record)).toEqual([expect.objectContaining({ kind: 'delete', result: 'failed', error: expect.objectContaining({ kind: 'not-found' }) })]);
  });

  it('fails closed: when the journal cannot be written, the change is refused and the directory is unchanged', async () => {
    const setup = await journaledSession(new AuditJournal(path.join(journalDir, 'c0', 'journal.jsonl')));
    await setup.services.tenants.create({ name: 'Closed', settings: { mailDomains: ['closed.test'] } });
    await setup.connection.dispose();

    // Running as root, permissions stop nothing: a full device and a folder in the file's place do.
    const full = path.join(journalDir, 'full');
    await rm(full, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(full, { recursive: true }));
    await symlink('/dev/full', path.join(full, 'journal.jsonl'));
    const blockedDir = path.join(journalDir, 'blocked');
    await writeFile(blockedDir, 'not a folder');
    for (const journalPath of [path.join(full, 'journal.jsonl'), path.join(blockedDir, 'journal.jsonl')]) {
      const session = await journaledSession(new AuditJournal(journalPath));
      try {
        await expectFailure(session.services.tenants.update('Closed', { displayName: 'Changed' }), 'audit-unavailable', /change was not made/);
        await expectFailure(session.services.tenants.create({ name: 'Never', settings: { mailDomains: ['never.test'] } }), 'audit-unavailable');
        expect((await session.services.tenants.get('Closed')).displayName).toBe('');
        await expectFailure(session.services.tenants.get('Never'), 'not-found');
      } finally {
        await session.connection.dispose();
      }
    }
  });

  it('is not stopped by a lock left behind by a process that was killed while holding it', async () => {
    const journal = new AuditJournal(path.join(journalDir, 'd', 'journal.jsonl'));
    await mkdir(path.dirname(journal.path), { recursive: true });
    const holder = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/harness/journal-lock-holder.ts'), `${journal.path}.lock`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout.on('data', (data: Buffer) => data.toString().includes('locked') && resolve()));
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.on('exit', resolve));
    const session = await journaledSession(journal);
    try {
      await session.services.tenants.create({ name: 'AfterKill', settings: { mailDomains: ['afterkill.test'] } });
    } finally {
      await session.connection.dispose();
    }
    expect(await verifyJournal(journal.path)).toMatchObject({ intact: true, records: 14, unresolvedCount: 0 });
  });
});
