/**
 * Reconciliation against a real slapd: intents whose process died after sending (no outcome) are read back once
 * they are past the in-flight horizon, only the connected identity's own, and a pass resumes where the last ended.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditJournal } from '../../../main/audit/audit-journal';
import type { JournalLine, JournalWrite } from '../../../main/audit/journal-line';
import { readBack } from '../../../main/audit/outcome-read-back';
import { inFlightHorizonMs, reconcileJournal } from '../../../main/audit/reconcile';
import { DirectoryConnection } from '../../../main/directory/directory-connection';
import { replace } from '../../../main/directory/changes';
import { adminClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let folder: string;
let connection: DirectoryConnection;

beforeAll(async () => {
  dir = await startTestDirectory();
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-reconcile-'));
  connection = new DirectoryConnection({ urls: [dir.info.url], bindDN: dir.info.bindDN, password: dir.info.password, tlsMode: 'none' });
  const admin = await adminClient(dir.info);
  try {
    for (const ou of ['applied', 'never-sent']) await admin.add(`ou=${ou},${dir.info.suffix}`, { objectClass: ['organizationalUnit'], ou, description: 'before' });
    // The change of the "crashed" intent below reached the server; the one of "never-sent" did not.
    await admin.modify(`ou=applied,${dir.info.suffix}`, [replace('description', 'after')]);
  } finally {
    await admin.unbind();
  }
});
afterAll(async () => {
  await connection?.dispose();
  await dir?.stop();
  await rm(folder, { recursive: true, force: true });
});

const intent = (ou: string, actor = dir.info.bindDN): JournalWrite => ({
  actor,
  workstation: 'ws',
  tenant: null,
  operation: 'updateSomething',
  callId: null,
  kind: 'modify',
  target: `ou=${ou},${dir.info.suffix}`,
  newTarget: null,
  changes: [{ attribute: 'description', op: 'replace', before: ['before'], after: ['after'] }],
});

const options = (now: number) => ({ actor: dir.info.bindDN, now, readBack: (line: JournalLine) => readBack(connection, line, line.time) });
const lines = async (journal: AuditJournal) => (await readFile(journal.path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as JournalLine);

describe('reconcileJournal', () => {
  it("settles intents left without outcome once past the in-flight horizon, and only the identity's own", async () => {
    const journal = new AuditJournal(path.join(folder, 'a', 'journal.jsonl'));
    const applied = await journal.recordIntent(intent('applied'));
    const neverSent = await journal.recordIntent(intent('never-sent'));
    const someoneElses = await journal.recordIntent(intent('applied', 'uid=helpdesk,ou=people,ou=host,dc=hosting,dc=test'));

    // Still young: maybe in flight in another process.
    expect(await reconcileJournal(journal, options(Date.now()))).toEqual({ settled: [], stillOpen: 3 });
    const later = Date.now() + inFlightHorizonMs + 1000;
    const report = await reconcileJournal(journal, options(later));
    expect(report).toEqual({ settled: [{ seq: applied.seq, finding: 'applied' }, { seq: neverSent.seq, finding: 'not-applied' }], stillOpen: 1 });
    const reconciliations = (await lines(journal)).filter((line) => line.phase === 'reconciliation');
    expect(reconciliations).toEqual([
      expect.objectContaining({ intentSeq: applied.seq, result: 'ok', confirmation: expect.objectContaining({ how: 'reconciliation', finding: 'applied', detail: expect.stringMatching(/^No outcome was recorded/) }) }),
      expect.objectContaining({ intentSeq: neverSent.seq, result: 'failed', confirmation: expect.objectContaining({ finding: 'not-applied' }) }),
    ]);
    // The other identity's intent stays open; a new pass re-reads only it and what was appended since.
    expect(await reconcileJournal(journal, options(later))).toEqual({ settled: [], stillOpen: 1 });
    const progress = JSON.parse(await readFile(`${journal.path}.reconciled`, 'utf8')) as { open: { seq: number }[] };
    expect(progress.open.map((item) => item.seq)).toEqual([someoneElses.seq]);
  });
});
