/** Every tenant of the directory, read page by page (a host identity sees all of them; others see their own). */
import type { Tenant } from '../../shared/model/hosting';
import type { HostingContext } from './hosting-context';

export async function readTenants({ connection, dialect }: HostingContext): Promise<Tenant[]> {
  const tenants: Tenant[] = [];
  for await (const page of connection.searchPages(dialect.layout.tenantsDn, { scope: 'one', filter: dialect.tenantFilter(), attributes: dialect.tenantAttributes() })) {
    for (const entry of page) tenants.push(dialect.tenantFromEntry(entry));
  }
  return tenants;
}
