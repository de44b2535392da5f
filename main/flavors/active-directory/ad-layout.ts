/** Where the hosting tree lives on Active Directory (docs/active-directory.md). */
import type { GroupKind } from '../../../shared/model/hosting';
import { childDn } from '../../directory/dn';
import { tenantOfBelow, type HostingLayout } from '../../hosting/hosting-layout';

const containerOf: Record<GroupKind, string> = { security: 'Groups', distribution: 'Lists' };

/** OU=Tenants → OU=<tenant> → OU=Mailboxes / OU=Groups / OU=Lists; host staff under OU=People,OU=Host. */
export function activeDirectoryLayout(suffix: string): HostingLayout {
  const tenantsDn = childDn(suffix, 'OU', 'Tenants');
  const tenantDn = (tenant: string) => childDn(tenantsDn, 'OU', tenant);
  const container = (tenant: string, name: string) => childDn(tenantDn(tenant), 'OU', name);
  const hostDn = childDn(suffix, 'OU', 'Host');
  const hostPeopleDn = childDn(hostDn, 'OU', 'People');
  const hostGroupsDn = childDn(hostDn, 'OU', 'Groups');
  return {
    suffix,
    tenantsDn,
    tenantDn,
    mailboxesDn: (tenant) => container(tenant, 'Mailboxes'),
    groupsDn: (tenant, kind) => container(tenant, containerOf[kind]),
    tenantContainers: (tenant) =>
      ['Mailboxes', 'Groups', 'Lists'].map((name) => ({ dn: container(tenant, name), attributes: { objectClass: ['organizationalUnit'], ou: name } })),
    hostDn,
    hostPeopleDn,
    hostGroupsDn,
    hostAdminsGroupDn: childDn(hostGroupsDn, 'CN', 'host-admins'),
    helpdeskGroupDn: childDn(hostGroupsDn, 'CN', 'helpdesk'),
    auditDn: childDn(hostDn, 'OU', 'Audit'),
    // AD names users by CN (sAMAccountName holds the login).
    staffDn: (login) => childDn(hostPeopleDn, 'CN', login),
    tenantOf: tenantOfBelow(tenantsDn),
  };
}
