/**
 * The journal on a nearly full filesystem (a real 64 KiB tmpfs, filled so the next intent only partly fits) in
 * front of a real slapd: the change is refused, nothing is half-written, no lock is left behind, and once space is
 * freed the next change goes through with the chain intact.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../../../main/app/directory-session';
import { runInAuditContext } from '../../../main/audit/audit-context';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { verifyJournal } from '../../../main/audit/journal-verify';
import { expectFailure } from '../../harness/expect-failure';
import { testProfile } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';

const run = promisify(execFile);
const notRoot = process.getuid?.() !== 0 ? 'mounting a small tmpfs needs root' : null;
if (notRoot) console.warn(`Skipping the full-disk journal test: ${notRoot}`);

let dir: TestDirectory;
let mountPoint: string;
let mounted = false;

describe.skipIf(notRoot !== null)('AuditJournal on a nearly full filesystem', () => {
  beforeAll(async () => {
    dir = await startTestDirectory();
    mountPoint = await mkdtemp(path.join(tmpdir(), 'enclave-full-'));
    await run('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]);
    mounted = true;
  });
  afterAll(async () => {
    // A lazy unmount when a failed test left a file open there, so no mount outlives the suite.
    if (mounted) await run('umount', [mountPoint]).catch(() => run('umount', ['-l', mountPoint]));
    await rm(mountPoint, { recursive: true, force: true });
    await dir?.stop();
  });

  it('refuses a change whose intent only partly fits, rolls the journal back, leaves no lock, and goes on once space is freed', async () => {
    const journalPath = path.join(mountPoint, 'audit', 'journal.jsonl');
    const journal = new AuditJournal(journalPath);
    const profile = testProfile(dir);
    const session: DirectorySession = await openDirectorySession(profile, settingsFromProfile(profile, dir.info.password), true, () => {}, { journal: journal });
    try {
      await runInAuditContext({ operation: 'createTenant' }, () => session.services.tenants.create({ name: 'Full', settings: { mailDomains: ['full.test'] } }));
      // Short edits until the journal's last 4 KiB page has less room left than one intent needs.
      let n = 0;
      // The display name in the directory when the loop ends ('' when the tenant's own records already left little room).
      let last = '';
      const slack = async () => 4096 - ((await stat(journalPath)).size % 4096);
      while ((await slack()) > 300 || (await slack()) === 4096) {
        last = `v${n++}`;
        await runInAuditContext({ operation: 'updateTenant', tenant: 'Full' }, () => session.services.tenants.update('Full', { displayName: last }));
      }
      const sizeBefore = (await stat(journalPath)).size;
      const verifiedBefore = await verifyJournal(journalPath);
      // Fill every free page but one (the lock file needs one while it exists): the intent's first bytes fit in
      // the journal's last page, the rest finds no room.
      const fs = await statfs(mountPoint);
      const filler = path.join(mountPoint, 'filler');
      await writeFile(filler, Buffer.alloc((fs.bavail - 1) * fs.bsize));

      const longName = 'A display name long enough that its intent cannot fit in what is left of the page';
      await expectFailure(
        runInAuditContext({ operation: 'updateTenant', tenant: 'Full' }, () => session.services.tenants.update('Full', { displayName: longName })),
        'audit-unavailable',
        /change was not made: .*only \d+ of \d+ bytes could be written/,
      );
      // Not sent: the directory keeps the last value; the journal is back to its length, whole and verified.
      expect((await session.services.tenants.get('Full')).displayName).toBe(last);
      expect((await stat(journalPath)).size).toBe(sizeBefore);
      expect(await verifyJournal(journalPath)).toMatchObject({ intact: true, records: verifiedBefore.records, tornTail: null, quarantined: [] });
      expect((await readdir(path.dirname(journalPath))).filter((name) => name.includes('.lock'))).toEqual([]);

      await rm(filler);
      await runInAuditContext({ operation: 'updateTenant', tenant: 'Full' }, () => session.services.tenants.update('Full', { displayName: longName }));
      expect((await session.services.tenants.get('Full')).displayName).toBe(longName);
      expect(await verifyJournal(journalPath)).toMatchObject({ intact: true, records: verifiedBefore.records + 2, tornTail: null, quarantined: [], unresolvedCount: 0 });
    } finally {
      await session.connection.dispose();
    }
  });

  it('fails closed when not even the lock fits, and leaves no empty lock file behind', async () => {
    const folder = path.join(mountPoint, 'nolock');
    await mkdir(folder);
    const journal = new AuditJournal(path.join(folder, 'journal.jsonl'));
    const fs = await statfs(mountPoint);
    const filler = path.join(mountPoint, 'filler-all');
    await writeFile(filler, Buffer.alloc(fs.bavail * fs.bsize)).catch(() => undefined);
    try {
      await expectFailure(journal.recordIntent({ actor: 'a', workstation: 'w', tenant: null, operation: 'x', callId: null, kind: 'modify', target: 'cn=x', newTarget: null, changes: [] }), 'audit-unavailable', /ENOSPC/);
      expect(await readdir(folder)).toEqual([]);
    } finally {
      await rm(filler, { force: true });
    }
    // With room again, the journal starts.
    await journal.recordIntent({ actor: 'a', workstation: 'w', tenant: null, operation: 'x', callId: null, kind: 'modify', target: 'cn=x', newTarget: null, changes: [] });
    expect(await readdir(folder)).toEqual(['journal.jsonl', 'journal.jsonl.idx']);
  });
});
