/** Bulk import jobs, the CSV export and the import template. */
import { exportMailboxesCsv } from '../../bulk/mailbox-export';
import { importTemplateCsv } from '../../bulk/import-template';
import type { JobRunner } from '../../bulk/job-runner';
import type { CallHandlers } from '../dispatcher';
import type { SessionManager } from '../session-manager';

type ImportCalls =
  | 'previewImport' | 'startImport' | 'pauseImport' | 'resumeImport' | 'cancelImport' | 'listImportJobs'
  | 'exportMailboxesCsv' | 'importTemplateCsv' | 'importReportCsv';

export function createImportHandlers(sessions: SessionManager, imports: JobRunner): Pick<CallHandlers, ImportCalls> {
  const services = () => sessions.services();
  return {
    previewImport: ({ tenant, mode, firstRows, ...file }) => imports.preview(services(), tenant, file, mode, firstRows),
    startImport: (request) => imports.start(services(), request),
    pauseImport: ({ jobId }) => imports.pause(jobId),
    resumeImport: ({ jobId }) => imports.resume(services(), jobId),
    cancelImport: ({ jobId }) => imports.cancel(jobId),
    listImportJobs: () => imports.list(),
    exportMailboxesCsv: ({ tenant }) => exportMailboxesCsv(services(), tenant),
    importTemplateCsv: async () => importTemplateCsv(),
    importReportCsv: ({ jobId }) => imports.reportCsv(jobId),
  };
}
