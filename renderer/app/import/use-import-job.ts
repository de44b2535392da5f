/**
 * The import job a dialog follows. Jobs live in main: the dialog subscribes to `importProgress` for as long
 * as it is open, and on opening asks `listImportJobs` for an unfinished job of the tenant to show again (with
 * the rows it failed so far; each event then brings the rows its chunk failed).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ImportActions } from '../../state/actions/import-actions';
import type { FailedImportRow, ImportJobInfo, ImportJobState, ImportProgress } from '../../../shared/model/bulk-import';
import { mergeFailedRows, noFailedRows, shownFailedRows, type FailedRowList } from './failed-rows';

/** States after which nothing more happens to a job. */
export const finishedStates: readonly ImportJobState[] = ['completed', 'cancelled'];
/** States a job can be resumed from. */
export const resumableStates: readonly ImportJobState[] = ['paused', 'interrupted'];

export const isFinished = (progress: ImportProgress): boolean => finishedStates.includes(progress.state);

/** Of two snapshots of one job, `b` (the one that arrived later) unless `a` is finished or has more rows done. */
export function laterProgress(a: ImportProgress, b: ImportProgress): ImportProgress {
  if (isFinished(a) !== isFinished(b)) return isFinished(a) ? a : b;
  return b.done >= a.done ? b : a;
}

/** The most recent job of `tenant` that is not finished, if any. */
export function unfinishedJobOf(jobs: readonly ImportJobInfo[], tenant: string): ImportJobInfo | null {
  const open = jobs.filter((job) => job.tenant === tenant && !isFinished(job));
  open.sort((x, y) => y.updatedAt.localeCompare(x.updatedAt));
  return open[0] ?? null;
}

export interface ImportJobView {
  /** The followed job's latest progress, or null when none is followed. */
  progress: ImportProgress | null;
  /** Messages the job reported while it ran (why it stopped), oldest first, without repeats. */
  messages: string[];
  /** Rows that failed while the job ran, by row number (at most `failedRowsListed`). */
  failedRows: FailedImportRow[];
  /** Failed rows beyond those listed: they are in the report. */
  moreFailedRows: number;
  /** Whether the job list has been read on opening. */
  checked: boolean;
  /** Follow this job (just started, or resumed). */
  follow(job: ImportProgress): void;
  /** Stop following (to import another file). */
  forget(): void;
}

export function useImportJob(imports: ImportActions, tenant: string): ImportJobView {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [messages, setMessages] = useState<string[]>([]);
  const [checked, setChecked] = useState(false);
  // Every event of every job since the dialog opened: one may arrive before startImport answers.
  const [latest, setLatest] = useState<ReadonlyMap<string, ImportProgress>>(new Map());
  // Failed rows per job, gathered the same way: events carry only their chunk's rows.
  const [failures, setFailures] = useState<ReadonlyMap<string, FailedRowList>>(new Map());

  const remember = useCallback((event: ImportProgress) => {
    setLatest((current) => {
      const before = current.get(event.jobId);
      return new Map(current).set(event.jobId, before === undefined ? event : laterProgress(before, event));
    });
    setFailures((current) => {
      const before = current.get(event.jobId) ?? noFailedRows;
      const after = mergeFailedRows(before, event);
      return after === before ? current : new Map(current).set(event.jobId, after);
    });
  }, []);

  useEffect(() => imports.onImportProgress(remember), [imports, remember]);

  useEffect(() => {
    let live = true;
    void imports.listImportJobs({}).then((result) => {
      if (!live) return;
      setChecked(true);
      if (!result.ok) return;
      const job = unfinishedJobOf(result.value, tenant);
      if (job === null) return;
      remember(job);
      setProgress((current) => current ?? job);
    });
    return () => {
      live = false;
    };
  }, [imports, tenant, remember]);

  const shown = progress === null ? null : (latest.get(progress.jobId) ?? progress);
  const message = shown?.message;

  // Collected while rendering (React's "adjusting state when a prop changes"), not in an effect.
  const [lastMessage, setLastMessage] = useState(message);
  if (message !== lastMessage) {
    setLastMessage(message);
    if (message !== undefined && message !== '') setMessages((current) => (current.includes(message) ? current : [...current, message]));
  }

  const shownFailures = shown === null ? noFailedRows : (failures.get(shown.jobId) ?? noFailedRows);
  const failedCount = shown?.failed ?? 0;
  const listed = useMemo(() => shownFailedRows(shownFailures, failedCount), [shownFailures, failedCount]);

  return {
    progress: shown,
    messages,
    failedRows: listed.rows,
    moreFailedRows: listed.more,
    checked,
    follow: useCallback(
      (job: ImportProgress) => {
        remember(job);
        setProgress(job);
      },
      [remember],
    ),
    forget: useCallback(() => {
      setProgress(null);
      setMessages([]);
      setFailures(new Map());
    }, []),
  };
}
