/** Where the hosting tree lives on OpenLDAP (docs/directory-layout.md). */
import { childDn } from '../../directory/dn';
import type { GroupKind } from '../../../shared/model/hosting';
import { tenantOfBelow, type HostingLayout } from '../../hosting/hosting-layout';

const containerOf: Record<GroupKind, string> = { security: 'groups', distribution: 'lists' };

/** The RDN value of a tenant's password policy entry, right below the tenant entry. */
export const tenantPolicyName = 'password-policy';

/** The OpenLDAP tree's extra fixed points: the password policies and the (password-less) root DN. */
export interface OpenLdapLayout extends HostingLayout {
  policiesDn: string;
  defaultPolicyDn: string;
  /** The password policy of host staff and service accounts (no lockout). */
  staffPolicyDn: string;
  /** A tenant's own password policy: inside the tenant, so it is isolated, exported and removed with it (docs/tenant-lifecycle.md). */
  tenantPolicyDn(tenant: string): string;
  /** slapd's rootDN: it needs one for internal writes (refint, memberof); nobody binds as it. */
  rootDn: string;
}

/**
 * The layout below `suffix`: ou=tenants → ou=<tenant> → ou=mailboxes / ou=groups / ou=lists; host staff in
 * ou=people,ou=host with their groups in ou=groups,ou=host; password policies in ou=policies.
 */
export function openLdapLayout(suffix: string): OpenLdapLayout {
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
  const hostDn = childDn(suffix, 'ou', 'host');
  const hostPeopleDn = childDn(hostDn, 'ou', 'people');
  const hostGroupsDn = childDn(hostDn, 'ou', 'groups');
  const policiesDn = childDn(suffix, 'ou', 'policies');
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
    hostDn,
    hostPeopleDn,
    hostGroupsDn,
    hostAdminsGroupDn: childDn(hostGroupsDn, 'cn', 'host-admins'),
    helpdeskGroupDn: childDn(hostGroupsDn, 'cn', 'helpdesk'),
    auditDn: childDn(hostDn, 'ou', 'audit'),
    servicesDn: childDn(hostDn, 'ou', 'services'),
    mailServicesGroupDn: childDn(hostGroupsDn, 'cn', 'mail-services'),
    staffDn: (login) => childDn(hostPeopleDn, 'uid', login),
    tenantOf: tenantOfBelow(tenantsDn),
    policiesDn,
    defaultPolicyDn: childDn(policiesDn, 'cn', 'default'),
    staffPolicyDn: childDn(policiesDn, 'cn', 'staff'),
    tenantPolicyDn: (tenant) => childDn(tenantDn(tenant), 'cn', tenantPolicyName),
    rootDn: childDn(suffix, 'cn', 'admin'),
  };
}
