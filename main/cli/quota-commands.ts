/** `quota report` in a terminal: pool, allocation, mailbox count, limit and overcommit per tenant, then the totals. */
import type { QuotaReport } from '../../shared/model/quota';
import { formatBytes, renderTable } from './table';

const percent = (ratio: number | null): string => (ratio === null ? '-' : `${Math.round(ratio * 100)}%`);

export function renderQuotaReport(report: QuotaReport): string {
  const table = renderTable(
    ['TENANT', 'POOL', 'ALLOCATED', 'USE OF POOL', 'MAILBOXES', 'LIMIT', 'OVERCOMMIT'],
    report.tenants.map((t) => [
      t.tenant,
      formatBytes(t.poolBytes),
      formatBytes(t.allocatedBytes),
      percent(t.poolRatio),
      String(t.mailboxCount),
      t.mailboxLimit === null ? '-' : String(t.mailboxLimit),
      t.overcommitBytes > 0 ? `${formatBytes(t.overcommitBytes)}${t.allowOvercommit ? ' (allowed)' : ''}` : '-',
    ]),
  );
  return `${table}\n${report.totals.tenants} tenants, ${report.totals.mailboxes} mailboxes, aggregated in ${report.elapsedMs} ms. Usage: ${report.usage.connected ? report.usage.source : 'not connected'}.`;
}
