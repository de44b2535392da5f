/** `quota report [--tenant T] [--json]`: pool, allocation, mailbox count, limit and overcommit per tenant. */
import { failure } from '../../shared/errors';
import { tenantNameField } from '../../shared/model/fields';
import { notConnectedUsageSource } from '../quota/mailbox-usage-source';
import { buildQuotaReport } from '../quota/quota-report';
import { connectFromCli } from './cli-connection';
import type { CliValues } from './cli-options';
import type { Output } from './commands';
import { formatBytes, renderTable } from './table';

const percent = (ratio: number | null): string => (ratio === null ? '-' : `${Math.round(ratio * 100)}%`);

export async function quotaCommand(values: CliValues, out: Output, args: string[] = []): Promise<void> {
  if (args[0] !== 'report') throw failure({ kind: 'invalid-input', message: 'Usage: quota report [--tenant NAME] [--json]', issues: [] });
  const tenant = values.tenant === undefined ? undefined : tenantNameField.safeParse(values.tenant);
  if (tenant && !tenant.success) throw failure({ kind: 'invalid-input', message: '--tenant needs a tenant name.', issues: [{ path: ['tenant'], message: 'invalid' }] });
  const session = await connectFromCli(values);
  try {
    const report = await buildQuotaReport(session.services.context, { ...(tenant?.data ? { tenant: tenant.data } : {}), top: 10, usage: notConnectedUsageSource });
    if (values.json) return out(JSON.stringify(report));
    out(
      renderTable(
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
      ),
    );
    out(`${report.totals.tenants} tenants, ${report.totals.mailboxes} mailboxes, aggregated in ${report.elapsedMs} ms. Usage: ${report.usage.connected ? report.usage.source : 'not connected'}.`);
  } finally {
    await session.connection.dispose();
  }
}
