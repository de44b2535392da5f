/**
 * The tenant's finished imports, newest first, each with its report to download again: a report holds the
 * passwords generated for "generate" rows and nothing else does, so it must stay reachable after the
 * dialog that ran the job is closed.
 */
import { useEffect, useState } from 'react';
import type { EnclaveError } from '../../shared/errors';
import type { ImportJobInfo } from '../../shared/model/bulk-import';
import { countOf, formatCount } from '../format/format-number';
import { downloadFile } from '../quota/download';
import { useConsoleActions, useConsoleState } from '../state/store-context';
import { ErrorNotice } from './error-notice';
import { DataTable, type Column } from './table/data-table';

/** How many finished jobs are listed. */
const listed = 10;

const finished = (job: ImportJobInfo) => job.state === 'completed' || job.state === 'cancelled';

export function RecentImports({ tenant }: { tenant: string }) {
  const actions = useConsoleActions();
  const reports = useConsoleState().importReports;
  const [jobs, setJobs] = useState<ImportJobInfo[] | null>(null);
  const [error, setError] = useState<EnclaveError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void actions.listImportJobs({}).then((result) => {
      if (!live) return;
      if (!result.ok) return setError(result.error);
      const mine = result.value.filter((job) => job.tenant === tenant && finished(job));
      setJobs(mine.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, listed));
    });
    return () => {
      live = false;
    };
  }, [actions, tenant]);

  const download = async (job: ImportJobInfo) => {
    setBusy(job.jobId);
    setError(null);
    const result = await actions.importReportCsv({ jobId: job.jobId });
    setBusy(null);
    if (!result.ok) return setError(result.error);
    downloadFile(result.value.fileName, result.value.csv, 'text/csv');
    actions.importReportDownloaded(job.jobId);
  };

  const columns: readonly Column<ImportJobInfo>[] = [
    { key: 'when', header: 'Finished', width: 'minmax(120px, 1fr)', wrap: true, cell: (job) => new Date(job.updatedAt).toLocaleString() },
    { key: 'file', header: 'File', width: 'minmax(110px, 1fr)', wrap: true, cell: (job) => job.fileName },
    {
      key: 'result',
      header: 'Result',
      width: 'minmax(150px, 1.6fr)',
      wrap: true,
      cell: (job) => {
        const generated = reports[job.jobId]?.generatedPasswords ?? 0;
        return `${job.state === 'cancelled' ? 'Cancelled: ' : ''}${formatCount(job.created)} created, ${formatCount(job.updated)} updated, ${formatCount(job.failed)} failed${generated > 0 ? ` · ${countOf(generated, 'generated password', 'generated passwords')}` : ''}`;
      },
    },
    {
      key: 'report',
      header: 'Report',
      width: '164px',
      cell: (job) => (
        <button type="button" className="button" disabled={busy !== null} aria-label={`Download the report of ${job.fileName} (${new Date(job.updatedAt).toLocaleString()})`} onClick={() => void download(job)}>
          {busy === job.jobId ? 'Reading…' : reports[job.jobId]?.downloaded === true ? 'Download again' : 'Download report'}
        </button>
      ),
    },
  ];

  return (
    <section className="recent-imports" aria-label="Recent imports">
      <h3 className="section-title">Recent imports</h3>
      <p className="form-note">Each report lists every row’s result and the passwords generated for rows that asked for one; they are not kept anywhere else.</p>
      {error !== null && <ErrorNotice title="Could not read the recent imports" error={error} />}
      {jobs !== null && jobs.length === 0 && <p className="form-note">No import into {tenant} has finished yet.</p>}
      {jobs !== null && jobs.length > 0 && <DataTable label={`Recent imports into ${tenant}`} columns={columns} rows={jobs} rowKey={(job) => job.jobId} />}
    </section>
  );
}
