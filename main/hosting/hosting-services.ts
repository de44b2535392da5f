/** The hosting services of one connection, built together because they depend on each other. */
import type { DirectoryConnection } from '../directory/directory-connection';
import { GroupService } from './group-service';
import type { HostingContext } from './hosting-context';
import type { HostingDialect } from './hosting-dialect';
import { MailboxService } from './mailbox-service';
import { PasswordPolicyService } from './password-policy-service';
import { SearchService } from './search-service';
import { ServiceAccountService } from './service-account-service';
import { TenantService } from './tenant-service';

export interface HostingServices {
  context: HostingContext;
  tenants: TenantService;
  mailboxes: MailboxService;
  groups: GroupService;
  search: SearchService;
  passwordPolicies: PasswordPolicyService;
  serviceAccounts: ServiceAccountService;
}

/** Wires the services for `connection` with the flavor's dialect (chosen once per session, by the flavor module). */
export function createHostingServices(connection: DirectoryConnection, dialect: HostingDialect): HostingServices {
  const context: HostingContext = { connection, dialect };
  const tenants = new TenantService(context);
  const passwordPolicies = new PasswordPolicyService(context, tenants);
  const mailboxes = new MailboxService(context, tenants, passwordPolicies);
  const groups = new GroupService(context, tenants, mailboxes);
  return { context, tenants, mailboxes, groups, search: new SearchService(context), passwordPolicies, serviceAccounts: new ServiceAccountService(context) };
}
