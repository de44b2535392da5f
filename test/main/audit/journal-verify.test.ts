import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditJournal } from '../../../main/audit/audit-journal';
import type { JournalWrite } from '../../../main/audit/journal-line';
import { verifyJournal } from '../../../main/audit/journal-verify';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-verify-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

const write = (n: number): JournalWrite => ({
  actor: 'uid=admin,ou=people,ou=host,dc=hosting,dc=test',
  workstation: 'ws',
  tenant: 'Acme',
  operation: 'updateMailbox',
  callId: null,
  kind: 'modify',
  target: `uid=user${n},ou=mailboxes,ou=Acme,ou=tenants,dc=hosting,dc=test`,
  newTarget: null,
  changes: [{ attribute: 'sn', op: 'replace', before: ['A'], after: [`B${n}`] }],
});

async function journalWith(name: string, changes: number): Promise<string> {
  const journal = new AuditJournal(path.join(folder, name, 'journal.jsonl'));
  for (let n = 0; n < changes; n++) await journal.recordOutcome(await journal.recordIntent(write(n)), { result: 'ok', error: null });
  return journal.path;
}

const replaceLine = async (file: string, index: number, edit: (line: string) => string) => {
  const lines = (await readFile(file, 'utf8')).split('\n');
  lines[index] = edit(lines[index] ?? '');
  await writeFile(file, lines.join('\n'));
};

describe('verifyJournal', () => {
  it('accepts an untouched chain', async () => {
    const file = await journalWith('clean', 5);
    expect(await verifyJournal(file)).toMatchObject({ intact: true, records: 10, firstBroken: null });
  });

  it('names a record whose content was edited', async () => {
    const file = await journalWith('edited', 5);
    await replaceLine(file, 4, (line) => line.replace('"B2"', '"Z2"'));
    expect(await verifyJournal(file)).toMatchObject({ intact: false, firstBroken: { line: 5, seq: 5, reason: expect.stringMatching(/altered/) } });
  });

  it('names the record after one whose hash was recomputed to hide an edit', async () => {
    const file = await journalWith('rehashed', 5);
    const { lineHash } = await import('../../../main/audit/journal-line');
    const { canonicalJson } = await import('../../../main/audit/canonical-json');
    await replaceLine(file, 4, (line) => {
      const parsed = JSON.parse(line.replace('"B2"', '"Z2"')) as Parameters<typeof lineHash>[0];
      return canonicalJson({ ...parsed, hash: lineHash(parsed) });
    });
    expect(await verifyJournal(file)).toMatchObject({ intact: false, firstBroken: { line: 6, seq: 6, reason: expect.stringMatching(/link/) } });
  });

  it('names the gap left by a removed record', async () => {
    const file = await journalWith('removed', 3);
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.splice(2, 1);
    await writeFile(file, lines.join('\n'));
    expect(await verifyJournal(file)).toMatchObject({ intact: false, firstBroken: { line: 3, seq: 4 } });
  });

  it('moves a torn last line aside at the next append (never cuts it silently), and reports it', async () => {
    const file = await journalWith('torn', 2);
    const torn = '{"v":1,"seq":5,"tim';
    await writeFile(file, `${await readFile(file, 'utf8')}${torn}`);
    expect(await verifyJournal(file)).toMatchObject({ intact: true, records: 4, tornTail: { bytes: torn.length }, quarantined: [] });
    const journal = new AuditJournal(file);
    await journal.recordIntent(write(9));
    const report = await verifyJournal(file);
    expect(report).toMatchObject({ intact: true, records: 5, tornTail: null, quarantined: [{ bytes: torn.length }] });
    expect(await readFile(report.quarantined[0]?.file ?? '', 'utf8')).toBe(torn);
    expect(path.basename(report.quarantined[0]?.file ?? '')).toMatch(/^journal\.jsonl\.torn-/);
  });

  it('reports intents without an outcome and outcomes that stayed unknown, until a later line settles them', async () => {
    const journal = new AuditJournal(path.join(folder, 'unresolved', 'journal.jsonl'));
    const crashed = await journal.recordIntent(write(1));
    const lost = await journal.recordIntent(write(2));
    await journal.recordOutcome(lost, { result: 'unknown', error: { kind: 'connection-lost', ldapCode: null, message: 'cut' }, confirmation: { how: 'read-back', finding: 'unknown', detail: 'no server answered' } });
    await journal.recordOutcome(await journal.recordIntent(write(3)), { result: 'ok', error: null });
    let report = await verifyJournal(journal.path);
    expect(report.unresolved).toEqual([
      expect.objectContaining({ seq: crashed.seq, state: 'no-outcome', operation: 'updateMailbox' }),
      expect.objectContaining({ seq: lost.seq, state: 'unknown' }),
    ]);
    expect(report.unresolvedCount).toBe(2);
    await journal.recordReconciliation(lost, { result: 'ok', error: null, confirmation: { how: 'reconciliation', finding: 'applied', detail: 'read back' } });
    report = await verifyJournal(journal.path);
    expect(report).toMatchObject({ intact: true, unresolvedCount: 1, unresolved: [expect.objectContaining({ seq: crashed.seq })] });
    expect(report.anchor).toMatchObject({ state: 'not-checked' });
  });
});
