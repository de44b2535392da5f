/** Bulk import jobs live in main; the dialog follows them through these calls and the progress events. */
import type { EnclaveApi, EventPayloads } from '../../../shared/ipc/contract';
import type { StoreKernel } from './store-kernel';

export type ImportActions = Pick<
  EnclaveApi,
  'previewImport' | 'startImport' | 'pauseImport' | 'resumeImport' | 'cancelImport' | 'listImportJobs' | 'importReportCsv' | 'importTemplateCsv'
> & {
  /** Every job's progress as main pushes it; returns the unsubscriber. */
  onImportProgress(listener: (progress: EventPayloads['importProgress']) => void): () => void;
};

export function importActions({ api }: StoreKernel): ImportActions {
  return {
    previewImport: (request) => api.previewImport(request),
    startImport: (request) => api.startImport(request),
    pauseImport: (request) => api.pauseImport(request),
    resumeImport: (request) => api.resumeImport(request),
    cancelImport: (request) => api.cancelImport(request),
    listImportJobs: (request) => api.listImportJobs(request),
    importReportCsv: (request) => api.importReportCsv(request),
    importTemplateCsv: (request) => api.importTemplateCsv(request),
    onImportProgress: (listener) => api.on('importProgress', listener),
  };
}
