/**
 * The journal against its checkpoints in a real slapd: a session anchors its head after outcomes; `verifyJournal`
 * with the connection names a dropped tail, a rollback to an older copy (with and without writes since) and a
 * re-chained edit — none of which the hash chain alone can see — and lists every console that anchored.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../../../main/app/directory-session';
import { directoryAnchors } from '../../../main/audit/anchor-source';
import { runInAuditContext } from '../../../main/audit/audit-context';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { canonicalJson } from '../../../main/audit/canonical-json';
import { openLdapLayout } from '../../../main/flavors/openldap/openldap-layout';
import { checkpointDn, checkpointEntry, readCheckpoints } from '../../../main/audit/checkpoint-store';
import { JournaledConnection } from '../../../main/audit/journaled-connection';
import { readConsoleId } from '../../../main/audit/journal-identity';
import { lineHash, type JournalLine } from '../../../main/audit/journal-line';
import { verifyJournal, type AnchorSource } from '../../../main/audit/journal-verify';
import { childDn } from '../../../main/directory/dn';
import { testProfile } from '../../harness/hosting-session';
import { boundClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { runEnclave } from '../cli/run-enclave';

let dir: TestDirectory;
let folder: string;
let session: DirectorySession;
let journal: AuditJournal;
let anchors: AnchorSource;
let snapshot: string;

const journaled = () => session.connection as JournaledConnection;
const edit = (n: number) => runInAuditContext({ operation: 'updateTenant', tenant: 'Anchored' }, () => session.services.tenants.update('Anchored', { displayName: `Name ${n}` }));
const linesOf = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n');

/** A copy of the journal beside it, edited by `change` (lines in, lines out). */
async function tampered(name: string, change: (lines: string[]) => string[] | Promise<string[]>): Promise<string> {
  const file = path.join(folder, name, 'journal.jsonl');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${(await change(await linesOf(journal.path))).join('\n')}\n`);
  return file;
}

beforeAll(async () => {
  dir = await startTestDirectory();
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-anchors-'));
  journal = new AuditJournal(path.join(folder, 'console', 'journal.jsonl'), { anchorEveryMs: 0 });
  const profile = testProfile(dir);
  session = await openDirectorySession(profile, settingsFromProfile(profile, dir.info.password), true, () => {}, { journal: journal });
  anchors = directoryAnchors(session.connection, openLdapLayout(dir.info.suffix).auditDn);
  await runInAuditContext({ operation: 'createTenant' }, () => session.services.tenants.create({ name: 'Anchored', settings: { mailDomains: ['anchored.test'] } }));
  for (const n of [1, 2, 3]) {
    await edit(n);
    await journaled().settled();
  }
  // Yesterday's copy, as a backup would keep it: the journal goes on after it.
  snapshot = path.join(folder, 'snapshot.jsonl');
  await copyFile(journal.path, snapshot);
  for (const n of [4, 5]) {
    await edit(n);
    await journaled().settled();
  }
});
afterAll(async () => {
  await session?.connection.dispose();
  await dir?.stop();
  await rm(folder, { recursive: true, force: true });
});

describe('checkpoints', () => {
  it('anchors the head after outcomes: the latest checkpoint names the last record', async () => {
    const consoleId = await readConsoleId(journal.path);
    const mine = (await readCheckpoints(session.connection, openLdapLayout(dir.info.suffix).auditDn)).filter((c) => c.consoleId === consoleId);
    const last = JSON.parse((await linesOf(journal.path)).pop() ?? '{}') as JournalLine;
    expect(Math.max(...mine.map((c) => c.seq))).toBe(last.seq);
    expect(mine.find((c) => c.seq === last.seq)).toMatchObject({ hash: last.hash, author: expect.stringMatching(/^uid=admin,/i), workstation: expect.any(String) });
    // A checkpoint is not a change: it is not journaled.
    expect((await linesOf(journal.path)).some((line) => line.includes('enclaveAuditCheckpoint'))).toBe(false);
  });

  it('agrees with an untouched journal, and says the anchors were not checked without a connection', async () => {
    expect(await verifyJournal(journal.path, anchors)).toMatchObject({ intact: true, anchor: { state: 'agrees', foreign: 0 }, consoles: [expect.objectContaining({ thisJournal: true })] });
    expect(await verifyJournal(journal.path)).toMatchObject({ intact: true, anchor: { state: 'not-checked', message: expect.stringMatching(/^Not connected/) }, consoles: [] });
  });

  it('names a dropped tail: the newest records (the last outcome) deleted', async () => {
    const file = await tampered('dropped', (lines) => lines.slice(0, -1));
    const report = await verifyJournal(file, anchors);
    // The chain alone still holds: only the anchor sees it.
    expect(report.firstBroken).toBeNull();
    expect(report).toMatchObject({ intact: false, anchor: { state: 'dropped-tail', message: expect.stringMatching(/Records are missing from the end/) } });
  });

  it('names a rollback to an older copy, and one written on since', async () => {
    const restored = await tampered('restored', async () => linesOf(snapshot));
    expect(await verifyJournal(restored, anchors)).toMatchObject({ intact: false, anchor: { state: 'dropped-tail', message: expect.stringMatching(/rolled back to an older copy/) } });

    const grown = await tampered('grown', async () => linesOf(snapshot));
    const after = new AuditJournal(grown);
    for (let n = 0; n < 6; n++) await after.recordOutcome(await after.recordIntent({ actor: dir.info.bindDN, workstation: 'ws', tenant: 'Anchored', operation: 'updateTenant', callId: null, kind: 'modify', target: 'ou=Anchored,ou=tenants,dc=hosting,dc=test', newTarget: null, changes: [] }), { result: 'ok', error: null });
    const report = await verifyJournal(grown, anchors);
    expect(report.firstBroken).toBeNull();
    expect(report).toMatchObject({ intact: false, anchor: { state: 'rollback', message: expect.stringMatching(/rolled back: .* written later/) } });
  });

  it('names a re-chained edit: a record altered and every hash after it recomputed', async () => {
    const file = await tampered('rechained', (lines) => {
      let prev = '';
      return lines.map((raw, index) => {
        const line = JSON.parse(raw) as JournalLine;
        if (index === 3) line.changes = [{ attribute: 'displayName', op: 'replace', before: [], after: ['Forged'] }];
        if (index >= 3) line.prev = prev;
        const { hash: _old, ...rest } = line;
        const rehashed = { ...rest, hash: lineHash(rest) };
        prev = rehashed.hash;
        return canonicalJson(rehashed);
      });
    });
    const report = await verifyJournal(file, anchors);
    expect(report.firstBroken).toBeNull();
    expect(report).toMatchObject({ intact: false, anchor: { state: 're-chained', message: expect.stringMatching(/altered and the chain recomputed/) } });
  });

  it('leaves out a checkpoint forged by an identity that never wrote in this journal', async () => {
    await session.services.mailboxes.create({ tenant: 'Anchored', login: 'boss', givenName: '', surname: 'Boss', displayName: '', primaryAddress: 'boss@anchored.test', aliases: [], hiddenFromAddressBook: false, password: 'Correct-Horse-9', enabled: true, groups: [] , quotaBytes: 1000 });
    await session.services.groups.addMembers({ tenant: 'Anchored', kind: 'security', name: 'tenant-admins' }, ['boss']);
    await journaled().settled();
    const consoleId = (await readConsoleId(journal.path)) ?? '';
    const forger = await boundClient(dir.info.url, childDn(session.services.context.dialect.layout.mailboxesDn('Anchored'), 'uid', 'boss'), 'Correct-Horse-9');
    try {
      await forger.add(checkpointDn(openLdapLayout(dir.info.suffix).auditDn, consoleId, 999_999), checkpointEntry({ consoleId, seq: 999_999, hash: '00'.repeat(32), time: new Date().toISOString(), workstation: 'forged' }));
    } finally {
      await forger.unbind();
    }
    expect(await verifyJournal(journal.path, anchors)).toMatchObject({ intact: true, anchor: { state: 'agrees', foreign: 1, message: expect.stringMatching(/1 checkpoint naming this journal, added by identities that never wrote in it, were left out/) } });
  });

  it('lists every console that anchored in the directory, this one marked', async () => {
    const other = new AuditJournal(path.join(folder, 'other', 'journal.jsonl'), { anchorEveryMs: 0 });
    const profile = testProfile(dir);
    const second = await openDirectorySession(profile, settingsFromProfile(profile, dir.info.password), true, () => {}, { journal: other });
    try {
      await runInAuditContext({ operation: 'updateTenant', tenant: 'Anchored' }, () => second.services.tenants.update('Anchored', { displayName: 'From elsewhere' }));
      await (second.connection as JournaledConnection).settled();
    } finally {
      await second.connection.dispose();
    }
    const report = await verifyJournal(journal.path, anchors);
    expect(report.consoles.map((c) => [c.consoleId, c.thisJournal])).toEqual(expect.arrayContaining([[await readConsoleId(journal.path), true], [await readConsoleId(other.path), false]]));
  });

  it('audit verify with a connection exits 3 naming a dropped tail; without one it says the anchors were not checked', async () => {
    const file = await tampered('cli', (lines) => lines.slice(0, -2));
    await writeFile(path.join(folder, 'password'), dir.info.password);
    const connected = await runEnclave(['audit', 'verify', '--journal', file, '--url', dir.info.url, '--bind-dn', dir.info.bindDN, '--password-file', path.join(folder, 'password')]);
    expect(connected.code).toBe(3);
    expect(connected.stdout).toMatch(/ANCHOR MISMATCH \(dropped tail\): Records are missing from the end of the journal/);
    expect(connected.stdout).toMatch(/Result: BROKEN\./);
    const offline = await runEnclave(['audit', 'verify', '--journal', file]);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toMatch(/Anchors not checked: Not connected/);
  });
});
