/**
 * `finish-primary-groups [--dry-run] [--json]`: the host's half of tenant admins' creates on Active Directory.
 * Every tenant mailbox still in Domain Users gets its tenant's all-users group as primary group and leaves Domain
 * Users (docs/active-directory.md). Meant for cron: exits 1 when a mailbox could not be finished; --dry-run only
 * lists them. Every write is journaled first, as every command's.
 */
import { domainUsersMemberNames, type DomainUsersMember, type PendingPrimaryGroups, type PrimaryGroupFinishReport } from '../../shared/model/hosting';
import { connectFromCli } from './cli-connection';
import type { CliValues } from './cli-options';
import type { Output } from './commands';
import { renderTable } from './table';

export async function finishPrimaryGroupsCommand(values: CliValues, out: Output): Promise<number> {
  const session = await connectFromCli(values);
  try {
    if (values['dry-run']) {
      const pending = await session.flavor.pendingPrimaryGroups(session.services.context);
      out(values.json ? JSON.stringify(pending) : renderPending(pending));
      return 0;
    }
    const report = await session.flavor.finishPrimaryGroups(session.services.context);
    out(values.json ? JSON.stringify(report) : renderReport(report));
    if (report.failed.length === 0) return 0;
    process.stderr.write(`enclave: ${report.failed.length} mailboxes are still in Domain Users: ${domainUsersMemberNames(report.failed)}\n`);
    return 1;
  } finally {
    await session.connection.dispose();
  }
}

const still = (member: DomainUsersMember) => (member.primaryIsDomainUsers ? 'primary group' : 'member value');

function renderPending(pending: PendingPrimaryGroups): string {
  const rows = pending.mailboxes.map((m) => [m.tenant, m.login, still(m)]);
  const table = rows.length > 0 ? `${renderTable(['TENANT', 'LOGIN', 'DOMAIN USERS AS'], rows)}\n` : '';
  return `${table}${pending.mailboxes.length} tenant mailboxes are still in Domain Users (dry run: nothing changed).`;
}

function renderReport(report: PrimaryGroupFinishReport): string {
  const rows = [...report.finished.map((m) => [m.tenant, m.login, 'finished', '']), ...report.failed.map((m) => [m.tenant, m.login, 'failed', m.message])];
  const table = rows.length > 0 ? `${renderTable(['TENANT', 'LOGIN', 'RESULT', 'MESSAGE'], rows)}\n` : '';
  return `${table}${report.finished.length} mailboxes taken out of Domain Users, ${report.failed.length} failed, in ${report.elapsedMs} ms.`;
}
