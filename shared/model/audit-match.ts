/** The viewer's filters applied to a record: the same test in main (both sources) and in the renderer (live tail). */
import type { AuditFilters, AuditRecord } from './audit';
import { operationLabel } from './audit-labels';

const contains = (haystack: string, needle: string): boolean => haystack.toLowerCase().includes(needle.toLowerCase());

/** True when `record` passes every filter that is set. */
export function matchesFilters(record: AuditRecord, filters: AuditFilters): boolean {
  if (filters.tenant && (record.tenant ?? '').toLowerCase() !== filters.tenant.toLowerCase()) return false;
  if (filters.actor && !contains(record.actor, filters.actor)) return false;
  // The call name, the LDAP kind, or the words the viewer shows ("Password reset").
  if (filters.operation && !contains(record.operation, filters.operation) && record.kind !== filters.operation.toLowerCase() && !contains(operationLabel(record), filters.operation)) return false;
  if (filters.target && !contains(`${record.target} ${record.newTarget ?? ''}`, filters.target)) return false;
  if (filters.result && record.result !== filters.result) return false;
  const time = Date.parse(record.time);
  if (filters.since && time < Date.parse(filters.since)) return false;
  if (filters.until && time >= Date.parse(filters.until)) return false;
  if (filters.text && !contains(searchableText(record), filters.text)) return false;
  return true;
}

function searchableText(record: AuditRecord): string {
  const changes = record.changes.map((change) => `${change.attribute} ${(change.before ?? []).join(' ')} ${change.after.join(' ')}`);
  return [record.actor, record.workstation ?? '', record.tenant ?? '', record.operation, operationLabel(record), record.kind, record.target, record.newTarget ?? '', record.error?.message ?? '', ...changes].join('\n');
}
