/** Where the hosting tree lives on OpenLDAP (docs/directory-layout.md). */
import { childDn } from '../../directory/dn';
import type { GroupKind } from '../../../shared/model/hosting';
import type { HostingLayout } from '../../hosting/hosting-dialect';

const containerOf: Record<GroupKind, string> = { security: 'groups', distribution: 'lists' };

/** The layout below `suffix`: ou=tenants → ou=<tenant> → ou=mailboxes / ou=groups / ou=lists. */
export function openLdapLayout(suffix: string): HostingLayout {
  const tenantsDn = childDn(suffix, 'ou', 'tenants');
  const tenantDn = (tenant: string) => childDn(tenantsDn, 'ou', tenant);
  // Memoized: a bulk import asks for the same tenant's containers once per row.
  const containers = new Map<string, string>();
  const container = (tenant: string, name: string) => {
    const key = `${name}\u0000${tenant}`;
    let dn = containers.get(key);
    if (dn === undefined) {
      dn = childDn(tenantDn(tenant), 'ou', name);
      if (containers.size > 10_000) containers.clear();
      containers.set(key, dn);
    }
    return dn;
  };
  return {
    suffix,
    tenantsDn,
    tenantDn,
    mailboxesDn: (tenant) => container(tenant, 'mailboxes'),
    groupsDn: (tenant, kind) => container(tenant, containerOf[kind]),
    tenantContainers: (tenant) =>
      ['mailboxes', 'groups', 'lists'].map((name) => ({
        dn: container(tenant, name),
        attributes: { objectClass: ['organizationalUnit'], ou: name },
      })),
    hostGroupsDn: childDn(childDn(suffix, 'ou', 'host'), 'ou', 'groups'),
  };
}
