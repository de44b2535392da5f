/** Reads for the report views and the host admin's Domain Users banner; they change no console state. */
import type { EnclaveApi } from '../../../shared/ipc/contract';
import type { StoreKernel } from './store-kernel';

export type ReportActions = Pick<EnclaveApi, 'quotaReport' | 'listPendingPrimaryGroups' | 'finishPrimaryGroups'>;

export function reportActions({ api }: StoreKernel): ReportActions {
  return {
    quotaReport: (request) => api.quotaReport(request),
    listPendingPrimaryGroups: (request) => api.listPendingPrimaryGroups(request),
    finishPrimaryGroups: (request) => api.finishPrimaryGroups(request),
  };
}
