/** A tenant's password policy and its leaving (exit package, teardown): calls whose answers the forms show. */
import type { EnclaveApi } from '../../../shared/ipc/contract';
import type { StoreKernel } from './store-kernel';

export type LifecycleActions = Pick<EnclaveApi, 'getTenantPasswordPolicy' | 'updateTenantPasswordPolicy' | 'adoptTenantPasswordPolicies' | 'exportTenant' | 'getTenantLifecycle' | 'teardownTenant'> & {
  /** Takes a torn-down tenant out of the tree (once its report was read: the settings page showing it goes with it). */
  forgetTenant(tenant: string): void;
};

export function lifecycleActions({ api, dispatch }: StoreKernel): LifecycleActions {
  return {
    getTenantPasswordPolicy: (request) => api.getTenantPasswordPolicy(request),
    updateTenantPasswordPolicy: (request) => api.updateTenantPasswordPolicy(request),
    adoptTenantPasswordPolicies: (request) => api.adoptTenantPasswordPolicies(request),
    exportTenant: (request) => api.exportTenant(request),
    getTenantLifecycle: (request) => api.getTenantLifecycle(request),
    teardownTenant: (request) => api.teardownTenant(request),
    forgetTenant: (tenant) => dispatch({ type: 'tenant-deleted', tenant }),
  };
}
