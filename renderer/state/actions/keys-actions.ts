/**
 * The keys view and the mailbox editor's certificates: the report and a mailbox's certificates are reads, and an
 * import or removal changes nothing the console state holds (the views that show certificates read them again).
 */
import type { EnclaveApi } from '../../../shared/ipc/contract';
import type { StoreKernel } from './store-kernel';

export type KeysActions = Pick<EnclaveApi, 'keysReport' | 'getMailboxCertificates' | 'importMailboxCertificate' | 'removeMailboxCertificate'>;

export function keysActions({ api }: StoreKernel): KeysActions {
  return {
    keysReport: (request) => api.keysReport(request),
    getMailboxCertificates: (request) => api.getMailboxCertificates(request),
    importMailboxCertificate: (request) => api.importMailboxCertificate(request),
    removeMailboxCertificate: (request) => api.removeMailboxCertificate(request),
  };
}
