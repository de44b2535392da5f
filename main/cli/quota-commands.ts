/** `quota report` in a terminal: pool, allocation, mailbox count, limit and overcommit per tenant, then the totals. */
import type { QuotaReport } from '../../shared/model/quota';
import { formatBytes, renderTable } from './table';

const percent = (ratio: number | null): string => (ratio === null ? '-' : `${Math.round(ratio * 100)}%`);

export function renderQuotaReport(report: QuotaReport): string {
  const used = report.usage.connected;
  const table = renderTable(
    ['TENANT', 'POOL', 'ALLOCATED', ...(used ? ['USED'] : []), 'USE OF POOL', 'MAILBOXES', 'LIMIT', 'OVERCOMMIT'],
    report.tenants.map((t) => [
      t.tenant,
      formatBytes(t.poolBytes),
      formatBytes(t.allocatedBytes),
      ...(used ? [formatBytes(t.usedBytes)] : []),
      percent(t.poolRatio),
      String(t.mailboxCount),
      t.mailboxLimit === null ? '-' : String(t.mailboxLimit),
      t.overcommitBytes > 0 ? `${formatBytes(t.overcommitBytes)}${t.allowOvercommit ? ' (allowed)' : ''}` : '-',
    ]),
  );
  const usage = report.usage.connected ? `${report.usage.source} (${formatBytes(report.totals.usedBytes)} used)` : report.usage.error ? `unavailable: ${report.usage.error}` : 'not connected';
  return `${table}\n${report.totals.tenants} tenants, ${report.totals.mailboxes} mailboxes, aggregated in ${report.elapsedMs} ms. Usage: ${usage}.`;
}
