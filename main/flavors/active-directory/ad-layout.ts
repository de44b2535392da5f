/** Where the hosting tree lives on Active Directory (docs/active-directory.md). */
import type { GroupKind } from '../../../shared/model/hosting';
import { childDn } from '../../directory/dn';
import type { HostingLayout } from '../../hosting/hosting-dialect';

const containerOf: Record<GroupKind, string> = { security: 'Groups', distribution: 'Lists' };

/** OU=Tenants → OU=<tenant> → OU=Mailboxes / OU=Groups / OU=Lists; host staff under OU=Host. */
export function activeDirectoryLayout(suffix: string): HostingLayout {
  const tenantsDn = childDn(suffix, 'OU', 'Tenants');
  const tenantDn = (tenant: string) => childDn(tenantsDn, 'OU', tenant);
  const container = (tenant: string, name: string) => childDn(tenantDn(tenant), 'OU', name);
  return {
    suffix,
    tenantsDn,
    tenantDn,
    mailboxesDn: (tenant) => container(tenant, 'Mailboxes'),
    groupsDn: (tenant, kind) => container(tenant, containerOf[kind]),
    tenantContainers: (tenant) =>
      ['Mailboxes', 'Groups', 'Lists'].map((name) => ({ dn: container(tenant, name), attributes: { objectClass: ['organizationalUnit'], ou: name } })),
    hostGroupsDn: childDn(childDn(suffix, 'OU', 'Host'), 'OU', 'Groups'),
  };
}

/** Host staff accounts (the sandbox's admin and helpdesk). */
export const hostPeopleDn = (suffix: string): string => childDn(childDn(suffix, 'OU', 'Host'), 'OU', 'People');
