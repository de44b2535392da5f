/**
 * Where everything lives in a hosting directory: the one description of the tree (docs/directory-layout.md).
 * Each flavor builds it once from the suffix (flavors/<flavor>/<flavor>-layout.ts); every consumer —
 * services, access rules, sandbox, audit, verifier — reads DNs from this value instead of building its own.
 */
import type { GroupKind } from '../../shared/model/hosting';
import { isBelow, valuesBelow } from '../directory/dn';

/** Attribute values for a new entry. */
export type EntryAttributes = Record<string, string | string[]>;

export interface HostingLayout {
  suffix: string;
  /** The container of all tenants. */
  tenantsDn: string;
  tenantDn(tenant: string): string;
  mailboxesDn(tenant: string): string;
  groupsDn(tenant: string, kind: GroupKind): string;
  /** Containers created below each tenant entry, outermost first. */
  tenantContainers(tenant: string): { dn: string; attributes: EntryAttributes }[];
  /** The host's own subtree: staff, their groups, the audit checkpoints. Tenants never reach it. */
  hostDn: string;
  /** Host staff accounts (host admins, helpdesk, service accounts). */
  hostPeopleDn: string;
  /** Host-level staff groups. */
  hostGroupsDn: string;
  hostAdminsGroupDn: string;
  helpdeskGroupDn: string;
  /** The audit checkpoint container: every console anchors its journal here (docs/audit.md). */
  auditDn: string;
  /** A host staff account by its login. */
  staffDn(login: string): string;
  /** The tenant `dn` belongs to (the RDN value right below the tenants container), or null. */
  tenantOf(dn: string): string | null;
}

/** `tenantOf` for a layout whose tenants sit directly below `tenantsDn`. */
export function tenantOfBelow(tenantsDn: string): (dn: string) => string | null {
  return (dn) => {
    try {
      return isBelow(dn, tenantsDn) ? (valuesBelow(dn, tenantsDn)[0] ?? null) : null;
    } catch {
      return null;
    }
  };
}
