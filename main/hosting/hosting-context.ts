import type { DirectoryConnection } from '../directory/directory-connection';
import { valuesBelow } from '../directory/dn';
import type { HostingDialect } from './hosting-dialect';

/** What every hosting service works with: one held connection and the flavor's dialect. */
export interface HostingContext {
  connection: DirectoryConnection;
  dialect: HostingDialect;
}

/** The tenant an entry belongs to (the first RDN value below the tenants container), or null. */
export function tenantOfDn(context: HostingContext, dn: string): string | null {
  return valuesBelow(dn, context.dialect.layout.tenantsDn)[0] ?? null;
}
