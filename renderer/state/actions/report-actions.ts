/** Reads for the report views, the mailbox editor's activity, the host settings and the Domain Users banner; they change no console state. */
import type { EnclaveApi } from '../../../shared/ipc/contract';
import type { StoreKernel } from './store-kernel';

export type ReportActions = Pick<EnclaveApi, 'quotaReport' | 'listPendingPrimaryGroups' | 'finishPrimaryGroups' | 'getMailboxActivity' | 'listServiceAccounts' | 'createServiceAccount' | 'deleteServiceAccount'>;

export function reportActions({ api }: StoreKernel): ReportActions {
  return {
    quotaReport: (request) => api.quotaReport(request),
    listPendingPrimaryGroups: (request) => api.listPendingPrimaryGroups(request),
    finishPrimaryGroups: (request) => api.finishPrimaryGroups(request),
    getMailboxActivity: (request) => api.getMailboxActivity(request),
    listServiceAccounts: (request) => api.listServiceAccounts(request),
    createServiceAccount: (request) => api.createServiceAccount(request),
    deleteServiceAccount: (request) => api.deleteServiceAccount(request),
  };
}
