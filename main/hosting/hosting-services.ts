/** The hosting services of one connection, built together because they depend on each other. */
import { failure } from '../../shared/errors';
import { activeDirectoryDialect } from '../flavors/active-directory/ad-dialect';
import type { DirectoryConnection } from '../directory/directory-connection';
import type { ServerIdentity } from '../directory/root-dse';
import { GroupService } from './group-service';
import type { HostingContext } from './hosting-context';
import { MailboxService } from './mailbox-service';
import { openLdapDialect } from '../flavors/openldap/openldap-dialect';
import { SearchService } from './search-service';
import { TenantService, type TenantServiceOptions } from './tenant-service';
import { applyRoleChecks, resolveConsoleRole } from '../policy/role-checks';

export interface HostingServices {
  context: HostingContext;
  tenants: TenantService;
  mailboxes: MailboxService;
  groups: GroupService;
  search: SearchService;
}

/** Optional wiring: the tenant-change hook (re-applies access rules) and console-side role checks. */
export interface HostingServicesOptions extends TenantServiceOptions {
  /** Refuse, before sending, what the bound identity's role may not do (default true). */
  roleChecks?: boolean;
}

/** Wires the services for `connection`, choosing the dialect from the server's identity. */
export function createHostingServices(connection: DirectoryConnection, identity: ServerIdentity, options: HostingServicesOptions = {}): HostingServices {
  if (!identity.suffix) {
    throw failure({ kind: 'invalid-input', message: 'The server did not announce a naming context; set the base DN in the connection.', issues: [{ path: ['baseDN'], message: 'required for this server' }] });
  }
  const dialect = identity.flavor === 'active-directory' ? activeDirectoryDialect(identity.suffix) : openLdapDialect(identity.suffix);
  const context: HostingContext = { connection, dialect };
  const tenants = new TenantService(context, options.onTenantsChanged ? { onTenantsChanged: options.onTenantsChanged } : {});
  const mailboxes = new MailboxService(context, tenants);
  const groups = new GroupService(context, tenants, mailboxes);
  if (options.roleChecks !== false) applyRoleChecks({ tenants, mailboxes, groups }, () => resolveConsoleRole(context, connection.bindDN));
  return { context, tenants, mailboxes, groups, search: new SearchService(context) };
}
