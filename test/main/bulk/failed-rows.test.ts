/**
 * The live error list's data on a real slapd: rows the server refuses while a job runs travel in the progress
 * event of their chunk (row, login, the server's reason), a runner that attaches later reads them from the
 * journal, and a resume neither loses nor repeats them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { csvFile } from '../../../main/bulk/csv-writing';
import { JobRunner } from '../../../main/bulk/job-runner';
import { mergeFailedRows, noFailedRows, shownFailedRows } from '../../../renderer/app/import/failed-rows';
import { importColumns, type FailedImportRow, type ImportProgress } from '../../../shared/model/bulk-import';
import { openSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let session: DirectorySession;
/** Another console on the same directory: it takes addresses and logins while the import's plan stands. */
let other: DirectorySession;
let jobsRoot: string;
const journal = () => new AuditJournal(path.join(jobsRoot, 'journal.jsonl'));

/** `count` rows `<prefix>NN`, spreadsheet rows 2.., each with its own address in acme.test. */
const rowsCsv = (prefix: string, count: number) =>
  csvFile(
    importColumns.map((column) => column.header),
    Array.from({ length: count }, (_, i) => {
      const login = `${prefix}${String(i + 2).padStart(2, '0')}`;
      return [login, 'Ada', `Row ${i + 2}`, '', `${login}@acme.test`, '', '', `Password-${i + 2}`, '', 'yes'];
    }),
  );

/** Another console creates a mailbox holding `address` (as its alias) or the login `login`. */
const takeAddress = (holder: string, address: string) =>
  other.services.mailboxes.create({ tenant: 'Acme', login: holder, givenName: '', surname: 'Holder', displayName: '', primaryAddress: `${holder}@acme.test`, aliases: [address], hiddenFromAddressBook: false, password: 'Correct-Horse-9', enabled: true, groups: [] });

/** The failed rows of every event, in order. */
const failedIn = (events: readonly ImportProgress[]): FailedImportRow[] => events.flatMap((event) => event.failedRows ?? []);

beforeAll(async () => {
  dir = await startTestDirectory();
  session = await openSession(dir);
  other = await openSession(dir);
  jobsRoot = await mkdtemp(path.join(tmpdir(), 'enclave-jobs-'));
  await session.services.tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test'] } });
  await session.services.tenants.create({ name: 'Globex', settings: { mailDomains: ['globex.test'] } });
});
afterAll(async () => {
  await other?.connection.dispose();
  await session?.connection.dispose();
  await dir?.stop();
  await rm(jobsRoot, { recursive: true, force: true });
});

describe('failed rows of an import job', () => {
  it("carries each row the server refuses in its chunk's progress event, with its row number, login and the server's reason", async () => {
    const events: ImportProgress[] = [];
    const runner = new JobRunner({ root: jobsRoot, emit: (p) => events.push(p), chunkSize: 5, auditJournal: journal() });
    const csv = rowsCsv('live', 12);
    const prepared = await runner.prepare(session.services, 'Acme', csv, 'create');
    expect(prepared.plan.counts).toMatchObject({ create: 12, rejected: 0 });
    // Between validation and run: row 4's address and row 10's login are taken elsewhere.
    await takeAddress('holder04', 'live04@acme.test');
    await other.services.mailboxes.create({ tenant: 'Globex', login: 'live10', givenName: '', surname: 'Globex', displayName: '', primaryAddress: 'live10@globex.test', aliases: [], hiddenFromAddressBook: false, password: 'Correct-Horse-9', enabled: true, groups: [] });

    const started = await runner.start(session.services, { tenant: 'Acme', csv, mode: 'create', onlyValid: false, fileName: 'live.csv' }, prepared);
    expect(started.failedRows).toEqual([]);
    const end = await runner.wait(started.jobId);
    expect(end).toMatchObject({ state: 'completed', total: 12, done: 12, created: 10, failed: 2 });

    // Each failed row is in exactly one event: the one of the chunk that ran it (rows 2–6, 7–11, 12–13).
    const withRows = events.filter((event) => (event.failedRows ?? []).length > 0);
    expect(withRows.map((event) => [event.done, event.failedRows?.map((row) => row.row)])).toEqual([
      [5, [4]],
      [10, [10]],
    ]);
    const failed = failedIn(events);
    expect(failed.map((row) => [row.row, row.login])).toEqual([
      [4, 'live04'],
      [10, 'live10'],
    ]);
    // slapd's unique overlay refused both; its own words (attribute and value) are passed on.
    expect(failed[0]?.message).toMatch(/^The directory's policy refused this \(uid=live04,ou=mailboxes,ou=Acme,[^)]*\): non-unique attributes found with \(\|\(mailLocalAddress=live04@acme\.test\)\)/);
    expect(failed[1]?.message).toMatch(/^The directory's policy refused this \(uid=live10,ou=mailboxes,ou=Acme,[^)]*\): non-unique attributes found with \(\|\(uid=live10\)\)/);
    expect(end.failedRows).toEqual(failed);
    expect(await session.services.tenants.countMailboxes('Acme')).toBe(10 + 1);
  });

  it('gives a runner that attaches later the failed rows from the journal, and a resume neither loses nor repeats them', async () => {
    const firstRun: ImportProgress[] = [];
    const runner = new JobRunner({ root: jobsRoot, emit: (p) => firstRun.push(p), chunkSize: 5, auditJournal: journal() });
    const csv = rowsCsv('res', 15);
    const prepared = await runner.prepare(session.services, 'Acme', csv, 'create');
    await takeAddress('holder03', 'res03@acme.test');
    await takeAddress('holder05', 'res05@acme.test');
    const started = await runner.start(session.services, { tenant: 'Acme', csv, mode: 'create', onlyValid: false, fileName: 'resume.csv' }, prepared);
    // The first chunk is on its way already; the pause stops the job after it.
    await runner.pause(started.jobId);
    expect(await runner.wait(started.jobId)).toMatchObject({ state: 'paused', done: 5, created: 3, failed: 2 });
    expect(failedIn(firstRun).map((row) => row.row)).toEqual([3, 5]);

    // The app restarts; the dialog opens again and lists the job.
    const events: ImportProgress[] = [];
    const restarted = new JobRunner({ root: jobsRoot, emit: (p) => events.push(p), chunkSize: 5, auditJournal: journal() });
    const listed = (await restarted.list()).find((job) => job.jobId === started.jobId);
    expect(listed).toMatchObject({ state: 'paused', done: 5, failed: 2 });
    expect(listed?.failedRows).toEqual(failedIn(firstRun));

    // Meanwhile row 3's address is freed and row 14's taken: row 3 recovers, 5 fails again, 14 fails.
    // Deleted, then purged: a deleted mailbox keeps its addresses reserved until then (deleted items).
    await other.services.mailboxes.delete('Acme', 'holder03');
    await other.services.mailboxes.purge('Acme', 'holder03');
    await takeAddress('holder14', 'res14@acme.test');
    const resumed = await restarted.resume(session.services, started.jobId);
    expect(resumed.failedRows?.map((row) => row.row)).toEqual([3, 5]);
    const end = await restarted.wait(started.jobId);
    expect(end).toMatchObject({ state: 'completed', total: 15, done: 15, created: 13, failed: 2 });
    expect(events.flatMap((event) => event.recoveredRows ?? [])).toEqual([3]);
    expect(failedIn(events).map((row) => row.row)).toEqual([5, 14]);
    expect(failedIn(events).find((row) => row.row === 14)?.message).toBe('primary address: Address res14@acme.test is already used by mailbox "holder14" in tenant "Acme"');

    // What the dialog holds: the listed job, then every event of the resumed run.
    let list = mergeFailedRows(noFailedRows, listed ?? started);
    list = mergeFailedRows(list, resumed);
    for (const event of events) list = mergeFailedRows(list, event);
    expect(shownFailedRows(list, end.failed)).toEqual({ rows: end.failedRows, more: 0 });
    expect(end.failedRows?.map((row) => row.row)).toEqual([5, 14]);
  });
});
