/**
 * Import jobs of the main process: preview, start, pause, resume, cancel, list, report. Jobs live here,
 * not in a window, so they go on when no window listens; their journal on disk lets a later run (after a
 * crash, a lost connection or an app restart) finish exactly the rows not yet done.
 */
import { randomInt } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { failure } from '../../shared/errors';
import {
  describeIssues,
  generatePasswordWord,
  type CsvFile,
  type ImportJobInfo,
  type ImportMode,
  type ImportPreview,
  type ImportProgress,
  type ImportSourceRequest,
  type PlannedRow,
  type RowIssue,
} from '../../shared/model/bulk-import';
import type { AuditJournal } from '../audit/audit-journal';
import type { HostingServices } from '../hosting/hosting-services';
import { resultReportCsv, type RowResult } from './csv-report';
import type { CsvTable } from './csv-reading';
import { importInputOf, readImportFile, type ImportInput } from './import-file';
import { loadDirectorySnapshot, type DirectorySnapshot } from './directory-snapshot';
import { ImportJob } from './import-job';
import { planImport, type ImportPlan, type RowPlan } from './import-plan';
import { JobJournal } from './job-journal';
import { chunkFailures, countResults, failedRowsOf } from './job-results';
import { createJob, jobFiles, listJobStates, loadJob, newJobId, saveJobState, type JobDefinition } from './job-store';
import { JsonlAuditSink } from './row-audit';

export interface JobRunnerOptions {
  /** Folder holding one sub-folder per job. */
  root: string;
  /** Receives progress of every job (the `importProgress` event). */
  emit(progress: ImportProgress): void;
  /** The console's audit journal: every chunk is journaled there before it is sent (fail closed). */
  auditJournal: AuditJournal;
  chunkSize?: number;
  syncEveryMs?: number;
  /** Requests in flight on a job's connection (default jobInFlight). */
  inFlight?: number;
}

/**
 * Requests in flight on a job's own connection. slapd serializes writes, so more only queues in the server;
 * measured 1/4/8/16/64 (docs/bulk-import.md): enough to keep the server busy while answers travel back.
 */
export const jobInFlight = 16;

/** A validated file: the parsed table, the snapshot it was checked against, and the plan. */
export interface PreparedImport {
  table: CsvTable;
  snapshot: DirectorySnapshot;
  plan: ImportPlan;
  validationMs: number;
  /** How the file's bytes were read, and the bytes a job keeps. */
  encoding: string;
  bytes: Uint8Array;
  /** The user's column choice it was read with. */
  input: ImportInput;
}

/** A start request: the file (text `csv`, base64 `fileBase64` or `bytes`) with its column choice, and how to run. */
export interface StartImport extends ImportSourceRequest {
  tenant: string;
  bytes?: Uint8Array;
  mode: ImportMode;
  onlyValid: boolean;
  fileName: string;
}

/** A preview request's file and options. */
export interface PreviewImport extends ImportSourceRequest {
  bytes?: Uint8Array;
}

/** The file of a request, whichever way it was given. */
const inputOf = (request: ImportSourceRequest & { bytes?: Uint8Array | undefined }): ImportInput =>
  request.bytes ? { bytes: request.bytes, mapping: request.mapping } : importInputOf(request);

interface ActiveJob {
  job: ImportJob | null;
  info: ImportJobInfo;
  /** Every row's latest result: the journal read at launch plus the chunks done since. */
  results: ReadonlyMap<number, RowResult>;
  finished: Promise<ImportJobInfo>;
}

const doneOutcomes = new Set(['created', 'updated', 'unchanged']);
/** Rows per second are measured over this window. */
const rateWindowMs = 5_000;

export class JobRunner {
  private readonly active = new Map<string, ActiveJob>();

  constructor(private readonly options: JobRunnerOptions) {}

  /**
   * Reads the directory once and plans every row; nothing is written. `file` is the CSV's text, or the file's
   * bytes / text with a column choice. With `allowUnmapped` a file whose required columns are not mapped is
   * read (its table not ready, nothing planned) instead of refused.
   */
  async prepare(services: HostingServices, tenant: string, file: string | ImportInput, mode: ImportMode, upsertRows?: ReadonlySet<number>, allowUnmapped = false): Promise<PreparedImport> {
    const started = performance.now();
    const input = typeof file === 'string' ? { text: file } : file;
    const { table, encoding, bytes } = readImportFile(input, { allowUnmapped });
    const snapshot = await loadDirectorySnapshot(services, tenant);
    const plan = planImport(table, snapshot, mode, services.context.dialect, upsertRows ? { upsertRows } : {});
    return { table, snapshot, plan, validationMs: Math.round(performance.now() - started), encoding, bytes, input };
  }

  /** The preview the UI shows: the mapping, counts, the first rows of the plan and every rejected or noticed row. */
  async preview(services: HostingServices, tenant: string, file: string | PreviewImport, mode: ImportMode, firstRows: number): Promise<ImportPreview> {
    const input = typeof file === 'string' ? { text: file } : inputOf(file);
    const prepared = await this.prepare(services, tenant, input, mode, undefined, true);
    return toPreview(prepared, tenant, mode, firstRows);
  }

  /**
   * Validates and starts a job. All or nothing (`onlyValid` false) refuses the whole file when any row is
   * rejected; otherwise the rejected rows are left out and reported.
   */
  async start(services: HostingServices, request: StartImport, prepared?: PreparedImport): Promise<ImportJobInfo> {
    const ready = prepared ?? (await this.prepare(services, request.tenant, inputOf(request), request.mode));
    if (!ready.table.ready) {
      const message = `The file cannot be imported until its required columns are mapped: ${ready.table.mapping.missing.join(', ')}.`;
      throw failure({ kind: 'invalid-input', message, issues: [{ path: ['mapping'], message }] });
    }
    const rejected = ready.plan.rows.filter((row) => row.action === 'rejected');
    if (rejected.length > 0 && !request.onlyValid) {
      const first = rejected.slice(0, 3).map((row) => `row ${row.row}: ${describeIssues(row.issues)}`);
      throw failure({
        kind: 'invalid-input',
        message: `${rejected.length} of ${ready.plan.rows.length} rows are rejected, so nothing was written (all or nothing). ${first.join(' · ')}${rejected.length > 3 ? ' …' : ''}`,
        issues: rejected.map((row) => ({ path: ['rows', row.row], message: describeIssues(row.issues) })),
      });
    }
    const selected = ready.plan.rows.filter((row) => row.action !== 'rejected');
    // Refused before the job exists (AD takes passwords over LDAPS or StartTLS only); launch checks again on resume.
    if (selected.some((row) => row.action === 'create')) services.context.dialect.assertPasswordTransport?.(services.context.connection);
    const generatedPasswords: Record<string, string> = {};
    for (const row of selected) {
      if (row.action === 'create' && row.create?.password === generatePasswordWord) generatedPasswords[row.row] = generatePassword(ready.snapshot.passwordRules.minLength);
    }
    const definition: JobDefinition = {
      id: newJobId(),
      tenant: ready.snapshot.tenant.name,
      mode: request.mode,
      onlyValid: request.onlyValid,
      fileName: request.fileName,
      createdAt: new Date().toISOString(),
      directory: { suffix: services.context.dialect.layout.suffix, url: services.context.connection.url, bindDN: services.context.connection.bindDN },
      planned: Object.fromEntries(selected.map((row) => [String(row.row), row.action])),
      rejected: rejected.map(publicRow),
      generatedPasswords,
      ...(ready.input.mapping ? { mapping: ready.input.mapping } : {}),
      fileRows: ready.plan.rows.length,
    };
    await createJob(this.options.root, definition, ready.bytes);
    return this.launch(services, definition, ready.plan);
  }

  /** Continues a paused, cancelled or interrupted job: the directory is re-read and only rows not done are run. */
  async resume(services: HostingServices, jobId: string): Promise<ImportJobInfo> {
    const current = this.active.get(jobId);
    if (current?.job) throw failure({ kind: 'invalid-input', message: `The import job ${jobId} is running already.`, issues: [{ path: ['jobId'], message: 'running' }] });
    if (current) await current.finished;
    const { definition, input } = await loadJob(this.options.root, jobId);
    if (definition.directory.suffix.toLowerCase() !== services.context.dialect.layout.suffix.toLowerCase()) {
      throw failure({
        kind: 'invalid-input',
        message: `The import job ${jobId} wrote to ${definition.directory.suffix}; connect to that directory to resume it.`,
        issues: [{ path: ['jobId'], message: 'another directory' }],
      });
    }
    const ownCreates = new Set(Object.entries(definition.planned).filter(([, action]) => action === 'create').map(([row]) => Number(row)));
    const prepared = await this.prepare(services, definition.tenant, { bytes: input, mapping: definition.mapping }, definition.mode, ownCreates);
    return this.launch(services, definition, prepared.plan);
  }

  /** Pauses a running job after its current chunk. */
  pause(jobId: string): Promise<ImportJobInfo> {
    return this.stop(jobId, (job) => job.pause());
  }

  /** Cancels a running job after its current chunk; its journal stays, so it can still be resumed. */
  cancel(jobId: string): Promise<ImportJobInfo> {
    return this.stop(jobId, (job) => job.cancel());
  }

  /** Resolves when the job's current run ends. */
  async wait(jobId: string): Promise<ImportJobInfo> {
    const current = this.active.get(jobId);
    if (current) return current.finished;
    return this.info(jobId);
  }

  /**
   * Every job known on disk, newest first; one recorded as running but not running here was interrupted. A job
   * not finished (one a dialog shows again) comes with its failed rows so far, and counts, from its journal.
   */
  async list(): Promise<ImportJobInfo[]> {
    const stored = await listJobStates(this.options.root);
    return Promise.all(
      stored.map(async (info) => {
        const live = this.active.get(info.jobId);
        if (live) return withFailedRows(live.info, live.results);
        if (info.state === 'completed' || info.state === 'cancelled') return info;
        // state.json is written at transitions only: after a crash the journal knows more.
        const results = await JobJournal.read(jobFiles(this.options.root, info.jobId).journal);
        const latest = withFailedRows({ ...info, ...countResults(results) }, results);
        return info.state === 'running' ? { ...latest, state: 'interrupted', ratePerSec: 0, etaSeconds: null, message: 'The application stopped while the job ran. Resume it to finish.' } : latest;
      }),
    );
  }

  /** One job's state. */
  async info(jobId: string): Promise<ImportJobInfo> {
    const found = (await this.list()).find((info) => info.jobId === jobId);
    if (!found) throw failure({ kind: 'not-found', target: jobId, message: `There is no import job "${jobId}".` });
    return found;
  }

  /** The job's per-row result report (written at the end of each run). */
  async reportCsv(jobId: string): Promise<CsvFile> {
    const { definition } = await loadJob(this.options.root, jobId);
    const csv = await readFile(jobFiles(this.options.root, jobId).report, 'utf8').catch(() => null);
    if (csv === null) throw failure({ kind: 'not-found', target: jobId, message: `The import job ${jobId} has no report yet: it has not finished a run.` });
    return { fileName: `${definition.fileName.replace(/\.csv$/i, '')}-result-${jobId}.csv`, csv };
  }

  /** Stops every running job (the app is closing); each can be resumed later. */
  async dispose(): Promise<void> {
    const running = [...this.active.values()];
    for (const entry of running) entry.job?.pause();
    await Promise.all(running.map((entry) => entry.finished));
  }

  private async stop(jobId: string, how: (job: ImportJob) => void): Promise<ImportJobInfo> {
    const current = this.active.get(jobId);
    if (!current?.job) return this.info(jobId);
    how(current.job);
    return current.finished;
  }

  private async launch(services: HostingServices, definition: JobDefinition, plan: ImportPlan): Promise<ImportJobInfo> {
    const { root } = this.options;
    const files = jobFiles(root, definition.id);
    const results = await JobJournal.read(files.journal);
    // Groups and lists first: a new mailbox joins a group of the file through its own memberships, after its entry.
    const rows: RowPlan[] = plan.rows
      .filter((row) => definition.planned[String(row.row)] !== undefined && !doneOutcomes.has(results.get(row.row)?.outcome ?? ''))
      .sort((a, b) => groupsFirst(a) - groupsFirst(b) || a.row - b.row);
    // The job writes on a plain connection of its own: it journals per chunk itself, and a long job should not
    // queue behind (or hold up) the window's requests on the session's connection.
    const inFlight = this.options.inFlight ?? jobInFlight;
    // Half the slots refilled at once: the adds leave in fewer, larger socket writes and the client uses about a tenth less
    // client CPU per add, while the server still has eight queued (docs/bulk-import.md).
    const connection = services.context.connection.plainCopy({ maxInFlight: inFlight, inFlightBatch: Math.max(1, Math.floor(inFlight / 2)) });
    const { dialect } = services.context;
    if (rows.some((row) => row.action === 'create')) dialect.assertPasswordTransport?.(connection);
    // Connect and bind now, while the job's files are opened and the first chunk's intent is synced, instead of
    // at the first add. A failure here is not the job's: the first write meets it again and reports it.
    void connection.open().catch(() => {});
    let journal: JobJournal;
    let audit: JsonlAuditSink;
    try {
      journal = await JobJournal.open(files.journal, this.options.syncEveryMs);
      audit = await JsonlAuditSink.open(files.audit);
    } catch (error) {
      await connection.dispose().catch(() => {});
      throw error;
    }
    const total = Object.keys(definition.planned).length;
    const now = new Date().toISOString();
    const info: ImportJobInfo = {
      jobId: definition.id,
      tenant: definition.tenant,
      state: 'running',
      done: 0,
      total,
      fileRows: definition.fileRows ?? plan.rows.length,
      rejected: definition.rejected.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      failed: 0,
      ratePerSec: 0,
      etaSeconds: null,
      mode: definition.mode,
      onlyValid: definition.onlyValid,
      fileName: definition.fileName,
      createdAt: definition.createdAt,
      updatedAt: now,
    };
    const tally = () => Object.assign(info, countResults(results));
    tally();
    const samples: { at: number; done: number }[] = [{ at: Date.now(), done: info.done }];
    const passwords = new Map(Object.entries(definition.generatedPasswords).map(([row, password]) => [Number(row), password]));
    const job = new ImportJob({
      jobId: definition.id,
      tenant: definition.tenant,
      context: { connection, dialect },
      rows,
      planned: new Map(Object.entries(definition.planned).map(([row, action]) => [Number(row), action])),
      passwords,
      journal,
      audit,
      auditJournal: this.options.auditJournal,
      ...(this.options.chunkSize ? { chunkSize: this.options.chunkSize } : {}),
      onChunk: (chunk: RowResult[]) => {
        // Only this chunk's failures travel with the event: a listening dialog adds them to the ones it holds.
        const failures = chunkFailures(results, chunk);
        for (const result of chunk) results.set(result.row, result);
        tally();
        const at = Date.now();
        samples.push({ at, done: info.done });
        while (samples.length > 2 && (samples[0]?.at ?? at) < at - rateWindowMs) samples.shift();
        const oldest = samples[0] ?? { at, done: info.done };
        info.ratePerSec = at > oldest.at ? Math.round(((info.done - oldest.done) * 1000) / (at - oldest.at)) : 0;
        info.etaSeconds = info.ratePerSec > 0 ? Math.ceil((info.total - info.done) / info.ratePerSec) : null;
        info.updatedAt = new Date(at).toISOString();
        this.options.emit({ ...info, ...failures });
      },
    });
    await saveJobState(root, info);
    this.options.emit({ ...info });

    const entry: ActiveJob = { job, info, results, finished: Promise.resolve(info) };
    entry.finished = (async () => {
      let end: { state: ImportJobInfo['state']; message?: string };
      try {
        end = await job.execute();
      } catch (error) {
        end = { state: 'interrupted', message: `The job stopped: ${(error as Error).message}. Resume it to finish.` };
      }
      await journal.close().catch(() => {});
      await audit.close().catch(() => {});
      await connection.dispose().catch(() => {});
      info.state = end.state;
      if (end.message) info.message = end.message;
      else delete info.message;
      info.etaSeconds = null;
      info.updatedAt = new Date().toISOString();
      await writeFile(files.report, resultReport(definition, plan, results, passwords), { mode: 0o600 });
      await saveJobState(root, info);
      entry.job = null;
      this.active.delete(definition.id);
      this.options.emit({ ...info });
      return withFailedRows(info, results);
    })();
    this.active.set(definition.id, entry);
    return withFailedRows(info, results);
  }
}

/** 0 for groups and lists, 1 for mailboxes: the order a job writes them in. */
const groupsFirst = (row: RowPlan) => (row.entity !== undefined && row.entity !== 'mailbox' ? 0 : 1);

/** Every row of the file: its latest result, its rejection at the start (with every reason), or pending; and its warnings. */
function resultReport(definition: JobDefinition, plan: ImportPlan, results: Map<number, RowResult>, passwords: Map<number, string>): string {
  const rejectedAtStart = new Map(definition.rejected.map((row) => [row.row, row]));
  const all: RowResult[] = plan.rows.map((row) => {
    const done = results.get(row.row);
    if (done) return done;
    const refused = rejectedAtStart.get(row.row);
    if (refused) return { row: row.row, login: refused.login, outcome: 'rejected', changes: [], message: describeIssues(refused.issues) };
    return { row: row.row, login: row.login, outcome: 'pending', changes: row.changes, message: 'Not done yet: resume the job.' };
  });
  const notices = new Map<number, RowIssue[]>(plan.rows.filter((row) => row.notices && row.notices.length > 0).map((row) => [row.row, row.notices ?? []]));
  return resultReportCsv(all, passwords, notices);
}

/** A copy of the job's info with its failed rows so far (what a dialog attaching to it lists). */
const withFailedRows = (info: ImportJobInfo, results: ReadonlyMap<number, RowResult>): ImportJobInfo => ({ ...info, failedRows: failedRowsOf(results) });

/** The plan row without what only main needs. */
const publicRow = (row: RowPlan): PlannedRow => ({
  row: row.row,
  login: row.login,
  ...(row.entity ? { entity: row.entity } : {}),
  action: row.action,
  changes: row.changes,
  issues: row.issues,
  ...(row.notices && row.notices.length > 0 ? { notices: row.notices } : {}),
});

/** Rejected and noticed rows a preview lists at most. */
const listedRows = 10_000;

export function toPreview(prepared: PreparedImport, tenant: string, mode: ImportMode, firstRows: number): ImportPreview {
  const { table, plan } = prepared;
  return {
    tenant,
    mode,
    encoding: prepared.encoding,
    mapping: table.mapping,
    ready: table.ready,
    delimiter: table.delimiter,
    columns: table.columns,
    ignoredHeaders: table.ignoredHeaders,
    warnings: table.warnings,
    counts: plan.counts,
    rows: plan.rows.slice(0, firstRows).map(publicRow),
    rejected: plan.rows.filter((row) => row.action === 'rejected').slice(0, listedRows).map(publicRow),
    noticed: plan.rows.filter((row) => row.action !== 'rejected' && row.notices && row.notices.length > 0).slice(0, listedRows).map(publicRow),
    validationMs: prepared.validationMs,
  };
}


// Letters and digits that cannot be mistaken for each other when read aloud or typed from paper.
const passwordAlphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password in groups of four (about 5.8 bits per character), at least `minLength` long. */
export function generatePassword(minLength: number): string {
  const length = Math.max(16, minLength);
  let out = '';
  for (let i = 0; i < length; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += passwordAlphabet[randomInt(passwordAlphabet.length)];
  }
  return out;
}
