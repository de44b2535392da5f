/** Writes to groups and lists: each answers its Result and puts the group as main returned it into the store. */
import type { EnclaveApi } from '../../../shared/ipc/contract';
import type { StoreKernel } from './store-kernel';

export type GroupActions = Pick<EnclaveApi, 'createGroup' | 'updateGroup' | 'deleteGroup' | 'addGroupMembers' | 'removeGroupMembers'>;

export function groupActions({ api, dispatch }: StoreKernel): GroupActions {
  const saved = async <R extends Awaited<ReturnType<EnclaveApi['updateGroup']>>>(result: Promise<R>): Promise<R> => {
    const done = await result;
    if (done.ok) dispatch({ type: 'group-saved', group: done.value });
    return done;
  };
  return {
    createGroup: (request) => saved(api.createGroup(request)),
    updateGroup: (request) => saved(api.updateGroup(request)),
    addGroupMembers: (request) => saved(api.addGroupMembers(request)),
    removeGroupMembers: (request) => saved(api.removeGroupMembers(request)),
    async deleteGroup(request) {
      const result = await api.deleteGroup(request);
      if (result.ok) dispatch({ type: 'group-deleted', tenant: request.tenant, kind: request.kind, name: request.name });
      return result;
    },
  };
}
