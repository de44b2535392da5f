/** Creating, changing and deleting tenants: the tree and the panes follow from what main answers. */
import type { EnclaveApi } from '../../../shared/ipc/contract';
import type { StoreKernel } from './store-kernel';

export type TenantActions = Pick<EnclaveApi, 'createTenant' | 'updateTenant' | 'deleteTenant'>;

export function tenantActions({ api, dispatch }: StoreKernel): TenantActions {
  return {
    async createTenant(request) {
      const result = await api.createTenant(request);
      if (result.ok) dispatch({ type: 'tenant-saved', tenant: result.value });
      return result;
    },
    async updateTenant(request) {
      const result = await api.updateTenant(request);
      if (result.ok) dispatch({ type: 'tenant-saved', tenant: result.value });
      return result;
    },
    async deleteTenant(request) {
      const result = await api.deleteTenant(request);
      if (result.ok) dispatch({ type: 'tenant-deleted', tenant: request.tenant });
      return result;
    },
  };
}
