/**
 * Which role the bound identity holds, from the memberOf values of its own entry: host-admins or helpdesk
 * under the host's groups, or a tenant's tenant-admins group. Kept tiny on purpose: access rules on the
 * server are the real gate; this only lets the console hide actions that would be refused.
 */
import type { BoundRole } from '../../shared/model/connection';
import { systemGroupNames } from '../../shared/model/hosting';
import { childDn, sameDn } from '../directory/dn';
import { values } from '../directory/entry';
import type { HostingContext } from './hosting-context';

/** Host staff groups, by their cn under the host's groups container. */
export const hostRoleGroups = { hostAdmins: 'host-admins', helpdesk: 'helpdesk' } as const;

/** Reads `bindDN`'s memberOf and names the role; an unreadable entry (e.g. a rootDN) is 'unrecognized'. */
export async function detectBoundRole(context: HostingContext, bindDN: string): Promise<BoundRole> {
  const { connection, dialect } = context;
  const entry = await connection.read(bindDN, ['memberOf']).catch(() => null);
  if (!entry) return { kind: 'unrecognized' };
  const groups = values(entry, 'memberOf');
  const hostGroup = (cn: string) => childDn(dialect.layout.hostGroupsDn, 'cn', cn);
  if (groups.some((dn) => sameDn(dn, hostGroup(hostRoleGroups.hostAdmins)))) return { kind: 'host-admin' };
  if (groups.some((dn) => sameDn(dn, hostGroup(hostRoleGroups.helpdesk)))) return { kind: 'helpdesk' };
  const tenants = groups
    .map((dn) => context.dialect.layout.tenantOf(dn))
    .filter((tenant): tenant is string => tenant !== null)
    .filter((tenant, index, all) => all.indexOf(tenant) === index)
    .filter((tenant) => groups.some((dn) => sameDn(dn, dialect.groupDn(tenant, 'security', systemGroupNames.tenantAdmins))));
  return tenants.length > 0 ? { kind: 'tenant-admin', tenants } : { kind: 'unrecognized' };
}
