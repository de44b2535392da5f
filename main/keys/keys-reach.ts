/**
 * Whether the bound identity can make the cross-tenant checks (the same key, certificate or CA in another
 * tenant): only a role that reads other tenants' certificates can. Read off the access policy table, so a role
 * confined to its tenant is told why the check is missing instead of being shown a clean result.
 */
import { crossTenantFindingKinds, type UncheckedKeyRule } from '../../shared/model/keys';
import { cellFor, type ConsoleRole } from '../policy/role-checks';

export type CrossTenantReach =
  /** Reads every tenant's certificates (host admins, helpdesk). */
  | { kind: 'all' }
  /** Confined to its own tenants: other tenants are invisible to it. */
  | { kind: 'own' }
  /** An identity in no Enclave role: it sees what the server shows it. */
  | { kind: 'unknown' };

export function crossTenantReach(role: ConsoleRole): CrossTenantReach {
  // A tenant nobody is admin of: the scope the policy gives this role for "another tenant".
  const cell = cellFor(role, { kind: 'mailbox', set: 'certificates', operation: 'read' }, null);
  if (cell === null) return { kind: 'unknown' };
  return cell.allowed ? { kind: 'all' } : { kind: 'own' };
}

/** What the report and an import say about the checks `reach` leaves out. */
export function uncheckedFor(reach: CrossTenantReach): UncheckedKeyRule[] {
  if (reach.kind === 'all') return [];
  const reason =
    reach.kind === 'own'
      ? 'This account reads only its own tenant, so the same key, certificate or CA in another tenant cannot be seen from here; the host admins’ keys report finds it.'
      : 'This account is in no Enclave role: only the tenants the server shows it were compared.';
  return crossTenantFindingKinds.map((kind) => ({ kind, reason }));
}
