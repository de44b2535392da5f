/**
 * Bulk import jobs live in main; the dialog follows them through these calls and the progress events. Reading
 * a job's report also records how many generated passwords it holds, and a download is recorded, so the
 * console can warn before they are left behind (state/import-report.ts).
 */
import type { EnclaveApi, EventPayloads } from '../../../shared/ipc/contract';
import { generatedPasswordCount } from '../import-report';
import type { StoreKernel } from './store-kernel';

export type ImportActions = Pick<
  EnclaveApi,
  'previewImport' | 'startImport' | 'pauseImport' | 'resumeImport' | 'cancelImport' | 'listImportJobs' | 'importReportCsv' | 'importTemplateCsv'
> & {
  /** Every job's progress as main pushes it; returns the unsubscriber. */
  onImportProgress(listener: (progress: EventPayloads['importProgress']) => void): () => void;
  /** The administrator saved the job's report (its generated passwords are safe now). */
  importReportDownloaded(jobId: string): void;
};

export function importActions({ api, dispatch }: StoreKernel): ImportActions {
  return {
    previewImport: (request) => api.previewImport(request),
    startImport: (request) => api.startImport(request),
    pauseImport: (request) => api.pauseImport(request),
    resumeImport: (request) => api.resumeImport(request),
    cancelImport: (request) => api.cancelImport(request),
    listImportJobs: (request) => api.listImportJobs(request),
    async importReportCsv(request) {
      const result = await api.importReportCsv(request);
      if (result.ok) dispatch({ type: 'import-report-read', jobId: request.jobId, generatedPasswords: generatedPasswordCount(result.value.csv) });
      return result;
    },
    importReportDownloaded: (jobId) => dispatch({ type: 'import-report-downloaded', jobId }),
    importTemplateCsv: (request) => api.importTemplateCsv(request),
    onImportProgress: (listener) => api.on('importProgress', listener),
  };
}
