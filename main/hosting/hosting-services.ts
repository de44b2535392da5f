/** The hosting services of one connection, built together because they depend on each other. */
import { failure } from '../../shared/errors';
import type { DirectoryConnection } from '../directory/directory-connection';
import type { ServerIdentity } from '../directory/root-dse';
import { GroupService } from './group-service';
import type { HostingContext } from './hosting-context';
import { MailboxService } from './mailbox-service';
import { openLdapDialect } from './openldap/openldap-dialect';
import { SearchService } from './search-service';
import { TenantService } from './tenant-service';

export interface HostingServices {
  context: HostingContext;
  tenants: TenantService;
  mailboxes: MailboxService;
  groups: GroupService;
  search: SearchService;
}

/** Wires the services for `connection`, choosing the dialect from the server's identity. */
export function createHostingServices(connection: DirectoryConnection, identity: ServerIdentity): HostingServices {
  if (identity.flavor !== 'openldap') {
    throw failure({
      kind: 'invalid-input',
      message: `This server is ${identity.vendor} (Active Directory); the Active Directory flavor is not available in this version.`,
      issues: [{ path: ['flavor'], message: 'unsupported directory flavor' }],
    });
  }
  if (!identity.suffix) {
    throw failure({ kind: 'invalid-input', message: 'The server did not announce a naming context; set the base DN in the connection.', issues: [{ path: ['baseDN'], message: 'required for this server' }] });
  }
  const context: HostingContext = { connection, dialect: openLdapDialect(identity.suffix) };
  const tenants = new TenantService(context);
  const mailboxes = new MailboxService(context, tenants);
  return { context, tenants, mailboxes, groups: new GroupService(context, tenants, mailboxes), search: new SearchService(context) };
}
