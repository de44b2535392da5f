/** The filtered timeline as a file: CSV (one row per record, spreadsheet-safe) or JSON (the records as they are). */
import { guardCell } from '../../shared/csv/formula-cells';
import type { AuditExport, AuditFilters, AuditRecord, AuditSourceChoice } from '../../shared/model/audit';
import { listTimeline, type TimelineSources } from './audit-timeline';

const columns = ['time', 'source', 'actor', 'workstation', 'tenant', 'operation', 'kind', 'target', 'newTarget', 'result', 'error', 'changes'] as const;

/** Collects up to `limit` records page by page and renders them. */
export async function exportTimeline(sources: TimelineSources, source: AuditSourceChoice, filters: AuditFilters, format: 'csv' | 'json', limit: number): Promise<AuditExport> {
  const records: AuditRecord[] = [];
  let cursor: string | undefined;
  let truncated = false;
  for (;;) {
    const page = await listTimeline(sources, source, filters, cursor, Math.min(1000, limit - records.length + 1));
    records.push(...page.items);
    if (records.length > limit) {
      records.length = limit;
      truncated = true;
      break;
    }
    if (page.nextCursor === null || page.items.length === 0) break;
    cursor = page.nextCursor;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const scope = filters.tenant ? `-${filters.tenant.replace(/[^A-Za-z0-9._-]+/g, '_')}` : '';
  return format === 'json'
    ? { fileName: `enclave-audit${scope}-${stamp}.json`, mimeType: 'application/json', content: `${JSON.stringify(records, null, 2)}\n`, recordCount: records.length, truncated }
    : { fileName: `enclave-audit${scope}-${stamp}.csv`, mimeType: 'text/csv', content: toCsv(records), recordCount: records.length, truncated };
}

/** RFC 4180 CSV with a header row. */
export function toCsv(records: AuditRecord[]): string {
  const rows = records.map((record) => [
    record.time,
    record.source,
    record.actor,
    record.workstation ?? '',
    record.tenant ?? '',
    record.operation,
    record.kind,
    record.target,
    record.newTarget ?? '',
    record.result,
    record.error ? `${record.error.ldapCode ?? record.error.kind}: ${record.error.message}` : '',
    record.changes.map((change) => `${change.attribute} ${change.op}: ${(change.before ?? ['?']).join('|')} -> ${change.after.join('|')}`).join('; '),
  ]);
  return [[...columns], ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string): string {
  // A cell a spreadsheet would run (OWASP CSV injection) is written as text: the one guard every CSV uses.
  const safe = guardCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
