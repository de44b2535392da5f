/**
 * What the console offers, from the role main read off the bound identity: a helpdesk binding is read-only
 * except password resets and unlocks; a tenant admin sees and manages only its own tenants.
 */
import type { BoundRole, SessionInfo } from '../../shared/model/connection';

export interface Permissions {
  role: BoundRole['kind'] | 'none';
  /** Shown next to the connection, e.g. "Helpdesk (read-only)". */
  label: string;
  /** Create and delete tenants. */
  manageTenants: boolean;
  /** Edit one tenant's settings, mailboxes, groups and lists. */
  editTenant(tenant: string): boolean;
  /** Reset passwords and unlock mailboxes of the tenant. */
  resetPasswords(tenant: string): boolean;
  /** Whether the tenant appears in the tree at all. */
  seesTenant(tenant: string): boolean;
  /** The host's own settings (the mail hosts' service accounts): host admins change them, helpdesk reads them. */
  hostSettings: 'edit' | 'read' | 'none';
}

const labels: Record<Permissions['role'], string> = {
  'host-admin': 'Host administrator',
  helpdesk: 'Helpdesk (read-only)',
  'tenant-admin': 'Tenant administrator',
  unrecognized: 'Directory account',
  none: 'Not connected',
};

/** Permissions for the session (none when nothing is connected). */
export function permissionsFor(session: SessionInfo | null): Permissions {
  const role = session?.connection?.role ?? null;
  const all = () => true;
  const nothing = () => false;
  if (role === null) return { role: 'none', label: labels.none, manageTenants: false, editTenant: nothing, resetPasswords: nothing, seesTenant: all, hostSettings: 'none' };
  switch (role.kind) {
    case 'host-admin':
    case 'unrecognized':
      return { role: role.kind, label: labels[role.kind], manageTenants: true, editTenant: all, resetPasswords: all, seesTenant: all, hostSettings: 'edit' };
    case 'helpdesk':
      return { role: role.kind, label: labels.helpdesk, manageTenants: false, editTenant: nothing, resetPasswords: all, seesTenant: all, hostSettings: 'read' };
    case 'tenant-admin': {
      const own = (tenant: string) => role.tenants.includes(tenant);
      return { role: role.kind, label: `${labels['tenant-admin']} (${role.tenants.join(', ')})`, manageTenants: false, editTenant: own, resetPasswords: own, seesTenant: own, hostSettings: 'none' };
    }
  }
}
