/**
 * Which audit records the bound identity may read, by its role (main/hosting/bound-role.ts): a host admin reads
 * everything; helpdesk what helpdesk may read in the directory (every tenant and the host's entries) but not the
 * access-rule changes made in cn=config, which it cannot read; a tenant admin its own tenants' records only; an
 * identity in none of the known groups only the changes it made itself. Without a connection there is no identity
 * and nothing is shown. The same rule holds in the viewer, its live tail, exports and `audit list`.
 */
import { failure } from '../../shared/errors';
import type { AuditFilters, AuditRecord, AuditVerification } from '../../shared/model/audit';
import type { BoundRole } from '../../shared/model/connection';
import { isBelow, sameDn } from '../directory/dn';

export type AuditScope =
  | { kind: 'everything' }
  | { kind: 'helpdesk' }
  | { kind: 'tenants'; tenants: string[] }
  | { kind: 'own'; actor: string }
  | { kind: 'nobody' };

/** Who is reading, as the session knows it. */
export interface AuditReader {
  role: BoundRole;
  bindDN: string;
}

/** The scope of `reader`; null (not connected) reads nothing. */
export function auditScopeOf(reader: AuditReader | null): AuditScope {
  if (reader === null) return { kind: 'nobody' };
  switch (reader.role.kind) {
    case 'host-admin':
      return { kind: 'everything' };
    case 'helpdesk':
      return { kind: 'helpdesk' };
    case 'tenant-admin':
      return { kind: 'tenants', tenants: reader.role.tenants };
    default:
      return { kind: 'own', actor: reader.bindDN };
  }
}

/** True when `record` is within `scope`. */
export function inScope(scope: AuditScope, record: AuditRecord): boolean {
  switch (scope.kind) {
    case 'everything':
      return true;
    case 'helpdesk':
      return !isConfigEntry(record.target);
    case 'tenants':
      return record.tenant !== null && scope.tenants.some((tenant) => tenant.toLowerCase() === record.tenant?.toLowerCase());
    case 'own':
      return sameActor(record.actor, scope.actor);
    case 'nobody':
      return false;
  }
}

/**
 * The filters to run for `scope`: a tenant outside it is refused with a reason (not answered with an empty page),
 * and a single-tenant scope becomes the tenant filter, so both sources narrow on it before reading.
 */
export function scopedFilters(scope: AuditScope, filters: AuditFilters): AuditFilters {
  if (scope.kind !== 'tenants') return filters;
  if (filters.tenant !== undefined) {
    const wanted = filters.tenant.toLowerCase();
    if (!scope.tenants.some((tenant) => tenant.toLowerCase() === wanted)) {
      throw failure({
        kind: 'invalid-input',
        message: `You may read the audit records of ${scope.tenants.join(', ')} only, not of ${filters.tenant}.`,
        issues: [{ path: ['filters', 'tenant'], message: 'outside your tenants' }],
      });
    }
    return filters;
  }
  return scope.tenants.length === 1 && scope.tenants[0] !== undefined ? { ...filters, tenant: scope.tenants[0] } : filters;
}

/** The verification as `scope` may see it: the open changes listed are only those within the scope. */
export function scopedVerification(scope: AuditScope, report: AuditVerification): AuditVerification {
  if (scope.kind === 'everything') return report;
  const unresolved = report.unresolved.filter((open) => inScope(scope, { actor: open.actor, tenant: open.tenant, target: open.target } as AuditRecord));
  // The count stays whole (it says how much is open, not what): the list names only what the scope may read.
  return { ...report, unresolved };
}

/** Why a scope shows nothing at all, for the viewer (null when it shows something). */
export function emptyScopeReason(scope: AuditScope): string | null {
  return scope.kind === 'nobody' ? 'Not connected: audit records are shown as far as the bound identity may read them, so connect to see them.' : null;
}

function isConfigEntry(dn: string): boolean {
  try {
    return sameDn(dn, 'cn=config') || isBelow(dn, 'cn=config');
  } catch {
    return false;
  }
}

function sameActor(a: string, b: string): boolean {
  try {
    return sameDn(a, b);
  } catch {
    return a.toLowerCase() === b.toLowerCase();
  }
}
