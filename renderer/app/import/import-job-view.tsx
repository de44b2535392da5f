/** A running or finished import job: progress, rate and ETA, errors as they come, pause/resume/cancel, summary and report. */
import { useEffect, useState } from 'react';
import type { ImportActions } from '../../state/actions/import-actions';
import { countOf, formatCount } from '../../format/format-number';
import { useConsoleState } from '../../state/store-context';
import type { FailedImportRow, ImportJobState, ImportProgress } from '../../../shared/model/bulk-import';
import { ErrorNotice } from '../error-notice';
import { DataTable, type Column } from '../table/data-table';
import { useCall } from '../use-call';
import { isFinished, resumableStates } from './use-import-job';

const stateLabels: Record<ImportJobState, string> = {
  running: 'Running',
  paused: 'Paused',
  interrupted: 'Interrupted — resume to finish',
  cancelled: 'Cancelled',
  completed: 'Completed',
};

/** "about 2 min left", "about 5 s left". */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'time left unknown';
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${(seconds / 3600).toFixed(1)} h left`;
}

const result = (key: 'fileRows' | 'total' | 'rejected' | 'created' | 'updated' | 'unchanged' | 'failed', header: string): Column<ImportProgress> => ({
  key,
  header,
  width: 'minmax(64px, 1fr)',
  align: 'end',
  cell: (job) => ((key === 'failed' || key === 'rejected') && job[key] > 0 ? <span data-tone="bad">{formatCount(job[key])}</span> : formatCount(job[key])),
});
const resultColumns = [
  result('fileRows', 'Rows'),
  result('total', 'Valid'),
  result('rejected', 'Rejected'),
  result('created', 'Created'),
  result('updated', 'Updated'),
  result('unchanged', 'Unchanged'),
  result('failed', 'Failed'),
];

interface ImportJobViewProps {
  imports: ImportActions;
  progress: ImportProgress;
  messages: readonly string[];
  /** Rows failed so far, by row number, and how many more failed than are listed. */
  failedRows: readonly FailedImportRow[];
  moreFailedRows: number;
  onProgress(progress: ImportProgress): void;
  onAnother(): void;
  onClose(): void;
}

export function ImportJobView({ imports, progress, messages, failedRows, moreFailedRows, onProgress, onAnother, onClose }: ImportJobViewProps) {
  const control = useCall();
  const finished = isFinished(progress);
  const percent = progress.total === 0 ? 100 : Math.round((progress.done / progress.total) * 100);
  const act = (call: 'pauseImport' | 'resumeImport' | 'cancelImport') =>
    void control.run(() => imports[call]({ jobId: progress.jobId })).then((info) => {
      if (info !== null) onProgress(info);
    });

  return (
    <div className="import-job" data-state={progress.state}>
      <p className="import-job__state" role="status" aria-label="Import state">
        {stateLabels[progress.state]}
      </p>
      <progress className="import-job__bar" aria-label="Import progress" max={progress.total} value={progress.done} aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.done}>
        {percent}%
      </progress>
      <p className="import-job__figures" aria-label="Rows done">
        {progress.done.toLocaleString()} / {progress.total.toLocaleString()} rows ({percent}%)
        {!finished && progress.state === 'running' && (
          <>
            {' · '}
            {progress.ratePerSec.toFixed(1)} rows/s · {formatEta(progress.etaSeconds)}
          </>
        )}
      </p>
      <DataTable label="Import results" className="import-counts" columns={resultColumns} rows={[progress]} rowKey={(job) => job.jobId} />
      {(messages.length > 0 || failedRows.length > 0 || moreFailedRows > 0) && (
        <div className="import-errors">
          <h3 className="section-title">Problems</h3>
          <ul aria-label="Import errors" aria-live="polite">
            {messages.map((message) => (
              <li key={message}>{message}</li>
            ))}
            {failedRows.map((failed) => (
              <li key={failed.row}>
                Row {failed.row} (<span className="mono">{failed.login}</span>): {failed.message}
              </li>
            ))}
            {moreFailedRows > 0 && (
              <li>
                {moreFailedRows.toLocaleString()} more failed {moreFailedRows === 1 ? 'row' : 'rows'} {finished ? 'in the report' : 'will be in the report when the run ends'}.
              </li>
            )}
          </ul>
        </div>
      )}
      {finished && <ImportSummary imports={imports} progress={progress} />}
      {control.error !== null && <ErrorNotice title="The job did not respond" error={control.error} />}
      <div className="dialog__actions">
        {progress.state === 'running' && (
          <button type="button" className="button" disabled={control.busy} onClick={() => act('pauseImport')}>
            Pause
          </button>
        )}
        {resumableStates.includes(progress.state) && (
          <button type="button" className="button button--primary" disabled={control.busy} onClick={() => act('resumeImport')}>
            Resume
          </button>
        )}
        {!finished && (
          <button type="button" className="button button--danger" disabled={control.busy} onClick={() => act('cancelImport')}>
            Cancel import
          </button>
        )}
        {finished && (
          <button type="button" className="button" onClick={onAnother}>
            Import another file
          </button>
        )}
        <button type="button" className="button" onClick={onClose}>
          {finished ? 'Close' : 'Close (the import goes on)'}
        </button>
      </div>
    </div>
  );
}

/** The end: what happened, and the per-row report as a download link. */
function ImportSummary({ imports, progress }: { imports: ImportActions; progress: ImportProgress }) {
  const report = useCall();
  const [link, setLink] = useState<{ url: string; fileName: string } | null>(null);
  const { run } = report;
  const generated = useConsoleState().importReports[progress.jobId]?.generatedPasswords ?? 0;

  useEffect(() => {
    let url: string | null = null;
    let live = true;
    void run(() => imports.importReportCsv({ jobId: progress.jobId })).then((file) => {
      if (file === null || !live) return;
      url = URL.createObjectURL(new Blob([file.csv], { type: 'text/csv;charset=utf-8' }));
      setLink({ url, fileName: file.fileName });
    });
    return () => {
      live = false;
      if (url !== null) URL.revokeObjectURL(url);
    };
  }, [imports, progress.jobId, run]);

  const written = progress.created + progress.updated;
  return (
    <div className="import-summary" aria-label="Import summary" role="group">
      <p className={progress.failed > 0 ? 'notice' : 'notice notice--ok'}>
        {progress.state === 'cancelled' ? 'Cancelled after ' : 'Finished: '}
        {progress.created} created, {progress.updated} updated, {progress.unchanged} unchanged
        {progress.failed > 0 ? `, ${progress.failed} failed` : ''}
        {progress.rejected > 0 ? `; ${progress.rejected} rejected before the start (listed in the report)` : ''}
        {written === 0 && progress.state === 'completed' ? ' — nothing needed writing.' : '.'}
      </p>
      {link !== null && generated > 0 && (
        <p className="notice notice--warn" role="note">
          The report holds the {countOf(generated, 'password', 'passwords')} Enclave generated for this import, and nothing else does: download it and keep it safe.
        </p>
      )}
      {link !== null && (
        <a className="button" href={link.url} download={link.fileName} onClick={() => imports.importReportDownloaded(progress.jobId)}>
          Download report
        </a>
      )}
      {report.error !== null && <ErrorNotice title="Could not read the report" error={report.error} />}
    </div>
  );
}
