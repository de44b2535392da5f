/**
 * `import --tenant T FILE [--dry-run] [--mode create|upsert] [--only-valid] [--map 'login=HEADER,…'] [--resume JOB]
 * [--report OUT.csv]` and `import-template FILE.csv`. FILE is CSV (Enclave's columns, Microsoft 365, Google
 * Workspace, Active Directory exports) or LDIF, in any encoding the preview detects. The mapping, preview and
 * progress go to stderr (a bar on a terminal); stdout gets the summary (JSON with --json). Exit 0: every row
 * done; 3: rows rejected or failed; 4: the job did not finish.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { failure } from '../../shared/errors';
import { describeIssues, importColumns, importModes, type ImportJobInfo, type ImportMapping, type ImportMode, type ImportPreview, type ImportProgress } from '../../shared/model/bulk-import';
import { tenantNameField } from '../../shared/model/fields';
import { defaultDataDir } from '../system/data-dir';
import { parseColumnChoice } from '../bulk/column-mapping';
import { planReportCsv } from '../bulk/csv-report';
import { importTemplateCsv } from '../bulk/import-template';
import { JobRunner, toPreview } from '../bulk/job-runner';
import { jobFiles } from '../bulk/job-store';
import { AuditJournal } from '../audit/audit-journal';
import { cliJournalPath, connectFromCli } from './cli-connection';
import type { CliValues } from './cli-options';
import type { Output } from './commands';
import { renderTable } from './table';

/** Exit statuses of `import`. */
export const importExit = { ok: 0, rowsRejected: 3, unfinished: 4 } as const;

/** Where the CLI keeps import jobs: DATA/import-jobs, DATA = --data or the default data folder. */
export const cliJobsRoot = (values: CliValues): string => path.join(values.data ?? defaultDataDir(), 'import-jobs');

const usage = "Usage: import --tenant NAME FILE.csv|FILE.ldif [--dry-run] [--mode create|upsert] [--only-valid] [--map 'login=HEADER,…'] [--report OUT.csv], or import --resume JOB";

/** `import-template FILE.csv`: writes the template with every column and two example rows. */
export async function importTemplateCommand(_values: CliValues, out: Output, args: string[]): Promise<void> {
  const file = args[0];
  if (!file) throw invalid('Usage: import-template FILE.csv');
  await writeFile(file, importTemplateCsv().csv, 'utf8');
  out(`Wrote the import template to ${file}.`);
}

/** `import`: validate, preview, run (or resume) a bulk import. */
export async function importCommand(values: CliValues, out: Output, args: string[]): Promise<number> {
  const mode = parseMode(values.mode);
  const choice = values.map && values.map.length > 0 ? parseColumnChoice(values.map) : undefined;
  const progress = progressPrinter({ failedRows: !values.json });
  // Chunks are journaled in --journal like every other write of a command (fail closed).
  const runner = new JobRunner({ root: cliJobsRoot(values), emit: progress.update, auditJournal: new AuditJournal(cliJournalPath(values)) });
  const session = await connectFromCli(values);
  try {
    let job: ImportJobInfo;
    if (values.resume) {
      job = await runner.resume(session.services, values.resume);
      process.stderr.write(`Resuming import job ${job.jobId}: ${job.done} of ${job.total} rows were done.\n`);
    } else {
      const tenant = tenantNameField.safeParse(values.tenant ?? '');
      const file = args[0];
      if (!tenant.success || !file) throw invalid(usage);
      const bytes = await readFile(file);
      const prepared = await runner.prepare(session.services, tenant.data, { bytes, mapping: choice }, mode);
      const preview = toPreview(prepared, tenant.data, mode, 0);
      printPreview(preview);
      const counts = { total: preview.counts.rows, valid: preview.counts.rows - preview.counts.rejected, rejected: preview.counts.rejected };
      if (values['dry-run']) {
        if (values.report) await writeFile(values.report, planReportCsv(prepared.plan.rows), 'utf8');
        const { rows: _planned, rejected: rejectedRows, ...shown } = preview;
        out(values.json ? JSON.stringify({ dryRun: true, ...shown, ...counts, rejectedRows }) : summaryLine(preview));
        return preview.counts.rejected > 0 ? importExit.rowsRejected : importExit.ok;
      }
      if (preview.counts.rejected > 0 && !values['only-valid']) {
        if (values.report) await writeFile(values.report, planReportCsv(prepared.plan.rows), 'utf8');
        process.stderr.write(`Nothing was written: ${preview.counts.rejected} rows are rejected (all or nothing). Fix them, or add --only-valid to import the rest.\n`);
        out(
          values.json
            ? JSON.stringify({ written: false, ...counts, created: 0, updated: 0, unchanged: 0, failed: 0, counts: preview.counts, rejectedRows: preview.rejected })
            : summaryLine(preview),
        );
        return importExit.rowsRejected;
      }
      job = await runner.start(session.services, { tenant: tenant.data, bytes, mode, onlyValid: values['only-valid'], fileName: path.basename(file) }, prepared);
      process.stderr.write(`Import job ${job.jobId} started.\n`);
    }
    // Ctrl-C stops after the current chunk; the journal keeps what is done, so the job can be resumed.
    const jobId = job.jobId;
    const interrupt = () => void runner.cancel(jobId);
    process.once('SIGINT', interrupt);
    const end = await runner.wait(jobId).finally(() => process.off('SIGINT', interrupt));
    progress.finish();
    const reportPath = jobFiles(cliJobsRoot(values), jobId).report;
    if (values.report) await copyFile(reportPath, values.report);
    const finished = end.state === 'completed';
    // total: every row of the file; valid: those the job imports; rejected: left out at the start (in the report).
    const summary = {
      jobId,
      state: end.state,
      total: end.fileRows,
      valid: end.total,
      rejected: end.rejected,
      created: end.created,
      updated: end.updated,
      unchanged: end.unchanged,
      failed: end.failed,
      done: end.done,
      report: values.report ?? reportPath,
      ...(end.message ? { message: end.message } : {}),
    };
    if (values.json) out(JSON.stringify(summary));
    else {
      out(
        `${end.state}: ${end.fileRows} rows in the file, ${end.total} valid, ${end.rejected} rejected; ${end.created} created, ${end.updated} updated, ${end.unchanged} unchanged, ${end.failed} failed. Report: ${summary.report}`,
      );
      if (end.created + end.updated === 0 && end.failed === 0 && finished) out('Nothing to change: the directory already matches the file.');
      if (!finished) out(`${end.message ?? 'The job stopped.'} Resume: npm run enclave -- import --resume ${jobId}`);
    }
    if (!finished) return importExit.unfinished;
    // end.rejected is the job definition's rejected rows (counted at the start), so the job need not be read again.
    return end.failed > 0 || end.rejected > 0 ? importExit.rowsRejected : importExit.ok;
  } finally {
    await session.connection.dispose();
  }
}

function parseMode(text: string | undefined): ImportMode {
  if (text === undefined) return 'create';
  if ((importModes as readonly string[]).includes(text)) return text as ImportMode;
  throw invalid(`--mode must be ${importModes.join(' or ')}.`);
}

const columnName = (key: string) => importColumns.find((column) => column.key === key)?.header ?? key;

/** The mapping as lines: every header of the file with its use, then columns filled without a header. */
export function mappingLines(mapping: ImportMapping): string[] {
  const lines = mapping.headers.map((seen) => `  ${seen.header} → ${seen.use}`);
  for (const column of mapping.columns) {
    if (column.headers.length === 0) lines.push(`  (${columnName(column.column)}) ${column.how}`);
    else if (column.chosen) lines.push(`  ${columnName(column.column)} ← ${column.headers.join(', ')} (your mapping)`);
    else if (column.headers.length > 1 && column.how) lines.push(`  (${columnName(column.column)}) ${column.how}`);
  }
  return [...lines, ...mapping.notes.map((note) => `  Note: ${note}`)];
}

function printPreview(preview: ImportPreview): void {
  const { counts } = preview;
  const separator = preview.delimiter === '' ? '' : `, separator "${preview.delimiter === '\t' ? 'tab' : preview.delimiter}"`;
  const lines = [
    `File: ${preview.mapping.formatLabel}; ${preview.encoding}${separator}.`,
    'Column mapping:',
    ...mappingLines(preview.mapping),
    `Read ${counts.rows} rows (columns: ${preview.columns.join(', ')}); validated in ${preview.validationMs} ms.`,
    ...preview.warnings.map((warning) => `Warning: ${warning}`),
    `Plan: ${counts.create} to create, ${counts.update} to update, ${counts.unchanged} unchanged, ${counts.rejected} rejected (${counts.rows - counts.rejected} valid of ${counts.rows}).`,
  ];
  if (preview.rejected.length > 0) {
    lines.push('Rejected rows:', renderTable(['ROW', 'LOGIN', 'REASONS'], preview.rejected.map((row) => [String(row.row), row.login, describeIssues(row.issues)])));
  }
  if (preview.noticed.length > 0) {
    lines.push('Rows with warnings (imported as they are):', renderTable(['ROW', 'LOGIN', 'WARNINGS'], preview.noticed.map((row) => [String(row.row), row.login, describeIssues(row.notices ?? [])])));
  }
  process.stderr.write(`${lines.join('\n')}\n`);
}

const summaryLine = (preview: ImportPreview) =>
  `${preview.counts.rows} rows: ${preview.counts.create} to create, ${preview.counts.update} to update, ${preview.counts.unchanged} unchanged, ${preview.counts.rejected} rejected.`;

/**
 * A one-line progress bar on stderr when it is a terminal, with each failed row printed above it as its chunk
 * finishes (unless `failedRows` is off: --json); silent otherwise.
 */
function progressPrinter(options: { failedRows: boolean }): { update(progress: ImportProgress): void; finish(): void } {
  const tty = process.stderr.isTTY === true;
  let drawn = false;
  return {
    update: (p) => {
      if (!tty || p.total === 0) return;
      if (options.failedRows && p.failedRows && p.failedRows.length > 0) {
        // Clear the bar's line, print the rows, and let the bar be drawn again below them.
        const lines = p.failedRows.map((row) => `Row ${row.row} (${row.login}) failed: ${row.message}`);
        process.stderr.write(`${drawn ? '\r\x1b[K' : ''}${lines.join('\n')}\n`);
      }
      const width = 30;
      const filled = Math.round((p.done / p.total) * width);
      const eta = p.etaSeconds === null ? '' : ` ETA ${p.etaSeconds}s`;
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} ${Math.floor((p.done / p.total) * 100)}% ${p.ratePerSec}/s${eta}   `);
      drawn = true;
    },
    finish: () => {
      if (drawn) process.stderr.write('\n');
    },
  };
}

const invalid = (message: string) => failure({ kind: 'invalid-input', message, issues: [] });
