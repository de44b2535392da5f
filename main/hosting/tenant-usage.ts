/** How much of a tenant's storage pool is taken: what the quota editor shows next to the value. */
import type { TenantUsage } from '../../shared/model/hosting';
import type { HostingServices } from './hosting-services';
import { allocatedQuotaBytes } from './quota-checks';

/** The tenant's allocated quota bytes, its pool and what is left of it. */
export async function tenantUsage(services: HostingServices, tenantName: string): Promise<TenantUsage> {
  const tenant = await services.tenants.require(tenantName);
  const allocatedBytes = await allocatedQuotaBytes(services.context, tenant.name);
  const pool = tenant.storagePoolBytes;
  return {
    tenant: tenant.name,
    allocatedBytes,
    storagePoolBytes: pool,
    remainingBytes: pool === null ? null : Math.max(pool - allocatedBytes, 0),
    allowOvercommit: tenant.allowOvercommit,
  };
}
