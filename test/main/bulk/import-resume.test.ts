import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { csvFile } from '../../../main/bulk/csv-writing';
import { JobRunner } from '../../../main/bulk/job-runner';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { startSandbox } from '../../../main/flavors/openldap/sandbox/sandbox';
import type { RunningSandbox } from '../../../main/flavors/openldap/sandbox/sandbox-types';
import { importColumns, type ImportProgress } from '../../../shared/model/bulk-import';
import { openSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let restarted: RunningSandbox | null = null;
let session: DirectorySession;
let jobsRoot: string;
const rows = 1000;
const journal = () => new AuditJournal(path.join(jobsRoot, 'journal.jsonl'));

/** 1,000 rows; every fifth one also joins Staff. */
const csv = csvFile(
  importColumns.map((column) => column.header),
  Array.from({ length: rows }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    return [`user${n}`, 'Zoë', `Müller ${n}`, '', `user${n}@acme.test`, `u${n}@acme.test`, '100 MiB', `Password-${n}`, i % 5 === 0 ? 'Staff' : '', 'yes'];
  }),
);

beforeAll(async () => {
  dir = await startTestDirectory();
  session = await openSession(dir);
  jobsRoot = await mkdtemp(path.join(tmpdir(), 'enclave-jobs-'));
  await session.services.tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test'] } });
  await session.services.groups.create({ tenant: 'Acme', kind: 'security', name: 'Staff', description: '', address: null, members: [] });
});
afterAll(async () => {
  await session?.connection.dispose();
  await restarted?.stop();
  await dir?.stop();
  await rm(jobsRoot, { recursive: true, force: true });
});

describe('import job', () => {
  it('survives slapd being killed mid-import: resume (after an app restart) finishes with exactly 1,000 mailboxes', async () => {
    let killed = false;
    const onProgress = (p: ImportProgress) => {
      // SIGKILL the server once a few chunks are in: the journal holds some rows, the directory possibly more.
      if (!killed && p.done >= 300) {
        killed = true;
        process.kill(dir.sandbox.pid, 'SIGKILL');
      }
    };
    const runner = new JobRunner({ root: jobsRoot, emit: onProgress, chunkSize: 100, auditJournal: journal() });
    const started = await runner.start(session.services, { tenant: 'Acme', csv, mode: 'create', onlyValid: false, fileName: 'thousand.csv' });
    const stopped = await runner.wait(started.jobId);
    expect(killed).toBe(true);
    expect(stopped.state).toBe('interrupted');
    expect(stopped.done).toBeGreaterThanOrEqual(300);
    expect(stopped.done).toBeLessThan(rows);
    await dir.sandbox.exited;

    // Same data folder and port; a new runner and a new session stand for the restarted app.
    restarted = await startSandbox({ dataDir: dir.dataDir, port: Number(new URL(dir.info.url).port) });
    await session.connection.dispose();
    session = await openSession(dir);
    const afterRestart = new JobRunner({ root: jobsRoot, emit: () => {}, chunkSize: 100, auditJournal: journal() });
    expect((await afterRestart.list()).find((job) => job.jobId === started.jobId)?.state).toBe('interrupted');
    await afterRestart.resume(session.services, started.jobId);
    const end = await afterRestart.wait(started.jobId);
    expect(end).toMatchObject({ state: 'completed', total: rows, done: rows, created: rows, failed: 0 });

    expect(await session.services.tenants.countMailboxes('Acme')).toBe(rows);
    const groups = await session.services.groups.list('Acme');
    const allUsers = groups.find((g) => g.name === 'all-users')?.members.map((m) => m.login) ?? [];
    expect(allUsers).toHaveLength(rows);
    expect(new Set(allUsers).size).toBe(rows);
    expect(groups.find((g) => g.name === 'Staff')?.members).toHaveLength(rows / 5);
    const report = (await afterRestart.reportCsv(started.jobId)).csv.trim().split('\r\n');
    expect(report.filter((line) => /,created,/.test(line))).toHaveLength(rows);
  });

  it('running the same file again changes nothing', async () => {
    const runner = new JobRunner({ root: jobsRoot, emit: () => {}, auditJournal: journal() });
    for (const mode of ['create', 'upsert'] as const) {
      const job = await runner.start(session.services, { tenant: 'Acme', csv, mode, onlyValid: false, fileName: 'thousand.csv' });
      expect(await runner.wait(job.jobId)).toMatchObject({ state: 'completed', created: 0, updated: 0, unchanged: rows, failed: 0 });
    }
    expect(await session.services.tenants.countMailboxes('Acme')).toBe(rows);
  });
});
