import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { csvFile } from '../../../main/bulk/csv-writing';
import { JobRunner } from '../../../main/bulk/job-runner';
import { importColumns } from '../../../shared/model/bulk-import';
import { openSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let session: DirectorySession;
let jobsRoot: string;
const rows = 12;

const csv = csvFile(
  importColumns.map((column) => column.header),
  Array.from({ length: rows }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return [`chunk${n}`, '', `Row ${n}`, '', `chunk${n}@acme.test`, '', '', `Secret-Pass-${n}`, i === 0 ? 'Staff' : '', 'yes'];
  }),
);

interface Line {
  phase: string;
  operation: string;
  tenant: string;
  target: string;
  kind: string;
  callId: string;
  result: string;
  changes: { attribute: string; op: string; after: string[] }[];
}

beforeAll(async () => {
  dir = await startTestDirectory();
  session = await openSession(dir);
  jobsRoot = await mkdtemp(path.join(tmpdir(), 'enclave-chunk-audit-'));
  await session.services.tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test'] } });
  await session.services.groups.create({ tenant: 'Acme', kind: 'security', name: 'Staff', description: '', address: null, members: [] });
});
afterAll(async () => {
  await session?.connection.dispose();
  await dir?.stop();
  await rm(jobsRoot, { recursive: true, force: true });
});

describe('bulk import in the audit journal', () => {
  it('sends nothing and pauses when the journal cannot be written, then resumes with one intent and one outcome per chunk', async () => {
    // A file where the journal's folder should be: root ignores permissions, this it cannot write through.
    await writeFile(path.join(jobsRoot, 'blocked'), 'not a folder');
    const blocked = new JobRunner({ root: jobsRoot, emit: () => {}, chunkSize: 5, auditJournal: new AuditJournal(path.join(jobsRoot, 'blocked', 'journal.jsonl')) });
    const started = await blocked.start(session.services, { tenant: 'Acme', csv, mode: 'create', onlyValid: false, fileName: 'chunks.csv' });
    const paused = await blocked.wait(started.jobId);
    expect(paused).toMatchObject({ state: 'paused', done: 0 });
    expect(paused.message).toMatch(/The change was not made: the audit journal .* cannot be written.*The import is paused/);
    expect(await session.services.tenants.countMailboxes('Acme')).toBe(0);

    const journalPath = path.join(jobsRoot, 'journal.jsonl');
    const runner = new JobRunner({ root: jobsRoot, emit: () => {}, chunkSize: 5, auditJournal: new AuditJournal(journalPath) });
    await runner.resume(session.services, started.jobId);
    expect(await runner.wait(started.jobId)).toMatchObject({ state: 'completed', created: rows, failed: 0 });

    const lines = (await readFile(journalPath, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Line);
    // 12 rows in chunks of 5: three chunks, each an intent before and an outcome after.
    expect(lines.map((line) => line.phase).sort()).toEqual(['intent', 'intent', 'intent', 'outcome', 'outcome', 'outcome']);
    const mailboxesDn = session.services.context.dialect.layout.mailboxesDn('Acme');
    expect(lines.every((line) => line.operation === 'bulk import' && line.tenant === 'Acme' && line.target === mailboxesDn && line.kind === 'add' && line.callId === started.jobId)).toBe(true);
    expect(lines.filter((line) => line.phase === 'outcome').map((line) => line.result)).toEqual(['ok', 'ok', 'ok']);
    const first = lines.find((line) => line.phase === 'intent')?.changes[0];
    expect(first).toMatchObject({ attribute: 'chunk01', op: 'add' });
    expect(first?.after).toEqual(expect.arrayContaining(['create', 'uid', 'mail', 'userPassword: (set)', 'joins all-users', 'joins Staff']));
    expect(lines.flatMap((line) => line.changes.map((change) => change.attribute)).filter((_, i, all) => all.indexOf(_) === i).sort()).toHaveLength(rows);
    expect(await readFile(journalPath, 'utf8')).not.toContain('Secret-Pass');
  });

  it('journals an update chunk as a modify, and writes no record for a chunk with nothing to write', async () => {
    const journalPath = path.join(jobsRoot, 'second.jsonl');
    const runner = new JobRunner({ root: jobsRoot, emit: () => {}, auditJournal: new AuditJournal(journalPath) });
    const changed = csv.replace('Row 03', 'Other 03');
    const job = await runner.start(session.services, { tenant: 'Acme', csv: changed, mode: 'upsert', onlyValid: false, fileName: 'again.csv' });
    expect(await runner.wait(job.jobId)).toMatchObject({ state: 'completed', updated: 1, unchanged: rows - 1 });
    const lines = (await readFile(journalPath, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Line);
    expect(lines.map((line) => [line.phase, line.kind, line.result])).toEqual([
      ['intent', 'modify', 'pending'],
      ['outcome', 'modify', 'ok'],
    ]);
    expect(lines[0]?.changes).toEqual([expect.objectContaining({ attribute: 'chunk03', op: 'replace', after: expect.arrayContaining(['update', 'sn']) })]);

    const unchanged = await runner.start(session.services, { tenant: 'Acme', csv: changed, mode: 'upsert', onlyValid: false, fileName: 'same.csv' });
    expect(await runner.wait(unchanged.jobId)).toMatchObject({ state: 'completed', unchanged: rows });
    expect((await readFile(journalPath, 'utf8')).trim().split('\n')).toHaveLength(2);
  });
});
