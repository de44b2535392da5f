/**
 * Writes and one-off reads of mailboxes for editors and dialogs. Each answers the call's Result (the form shows
 * its own error) and, on success, tells the store, so the grid, the counts and the groups stay true.
 */
import type { EnclaveApi } from '../../../shared/ipc/contract';
import type { StoreKernel } from './store-kernel';
import type { BulkProgress } from '../../../shared/model/bulk-mailboxes';

export type MailboxActions = Pick<
  EnclaveApi,
  | 'getMailbox'
  | 'createMailbox'
  | 'updateMailbox'
  | 'setMailboxEnabled'
  | 'unlockMailbox'
  | 'resetMailboxPassword'
  | 'deleteMailbox'
  | 'getTenantUsage'
  | 'listDeletedMailboxes'
  | 'restoreMailbox'
  | 'purgeMailbox'
  | 'purgeExpiredMailboxes'
> & {
  /** Mailboxes of a tenant matching `query`, for pickers: the grid's listing is left alone. */
  findMailboxes(tenant: string, query: string, pageSize: number): ReturnType<EnclaveApi['listMailboxes']>;
  /** A bulk action; the grid takes every outcome in one step when it ends. */
  bulkMailboxes: EnclaveApi['bulkMailboxes'];
  /** Progress of the bulk run `runId`, until the returned function is called. */
  watchBulkProgress(runId: string, listener: (progress: BulkProgress) => void): () => void;
};

export function mailboxActions({ api, dispatch }: StoreKernel, reloadGroups: (tenant: string) => Promise<void>): MailboxActions {
  const changed = async <R extends Awaited<ReturnType<EnclaveApi['updateMailbox']>>>(result: Promise<R>): Promise<R> => {
    const done = await result;
    if (done.ok) dispatch({ type: 'mailbox-changed', tenant: done.value.tenant, login: done.value.login, mailbox: done.value });
    return done;
  };
  return {
    getMailbox: (request) => api.getMailbox(request),
    getTenantUsage: (request) => api.getTenantUsage(request),
    listDeletedMailboxes: (request) => api.listDeletedMailboxes(request),
    async restoreMailbox(request) {
      const result = await api.restoreMailbox(request);
      if (result.ok) {
        // Back in the listing and the count, and in its groups again.
        dispatch({ type: 'mailbox-changed', tenant: result.value.tenant, login: result.value.login, mailbox: result.value, created: true });
        await reloadGroups(result.value.tenant);
      }
      return result;
    },
    purgeMailbox: (request) => api.purgeMailbox(request),
    async bulkMailboxes(request) {
      const result = await api.bulkMailboxes(request);
      if (result.ok) {
        const { results, action } = result.value;
        const changed = results.flatMap((item) => (item.ok && item.mailbox !== undefined ? [item.mailbox] : []));
        const removed = action === 'delete' ? results.filter((item) => item.ok).map((item) => item.login) : [];
        dispatch({ type: 'mailboxes-changed', tenant: request.tenant, changed, removed });
        // Memberships changed: the groups' member counts.
        if (action === 'delete' || action === 'add-to-group') await reloadGroups(request.tenant);
      }
      return result;
    },
    watchBulkProgress: (runId, listener) => api.on('bulkProgress', (progress) => {
      if (progress.runId === runId) listener(progress);
    }),
    purgeExpiredMailboxes: (request) => api.purgeExpiredMailboxes(request),
    findMailboxes: (tenant, query, pageSize) => api.listMailboxes({ tenant, pageSize, ...(query.trim() !== '' ? { query: query.trim() } : {}) }),
    async createMailbox(request) {
      const result = await api.createMailbox(request);
      if (result.ok) {
        dispatch({ type: 'mailbox-changed', tenant: result.value.tenant, login: result.value.login, mailbox: result.value, created: true });
        // It joined all-users and the groups chosen: member counts changed.
        await reloadGroups(result.value.tenant);
      }
      return result;
    },
    updateMailbox: (request) => changed(api.updateMailbox(request)),
    setMailboxEnabled: (request) => changed(api.setMailboxEnabled(request)),
    unlockMailbox: (request) => changed(api.unlockMailbox(request)),
    resetMailboxPassword: (request) => api.resetMailboxPassword(request),
    async deleteMailbox(request) {
      const result = await api.deleteMailbox(request);
      if (result.ok) {
        dispatch({ type: 'mailbox-changed', tenant: request.tenant, login: request.login, mailbox: null });
        await reloadGroups(request.tenant);
      }
      return result;
    },
  };
}
