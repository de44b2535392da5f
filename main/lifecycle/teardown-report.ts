/** The teardown report on disk: the whole report as JSON, and the same in words for the people who sign it off. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TeardownReport } from '../../shared/model/tenant-lifecycle';

/** Writes report-<time>.json and .txt into `folder` (owner-only); returns their paths. */
export async function writeTeardownReport(folder: string, report: TeardownReport): Promise<string[]> {
  const stamp = report.finishedAt.replace(/[:.]/g, '-');
  const json = join(folder, `report-${stamp}.json`);
  const text = join(folder, `report-${stamp}.txt`);
  const files = [json, text];
  await writeFile(json, `${JSON.stringify({ ...report, reportFiles: files }, null, 2)}\n`, { mode: 0o600 });
  await writeFile(text, renderTeardownReport({ ...report, reportFiles: files }), { mode: 0o600 });
  return files;
}

/** The report in words. */
export function renderTeardownReport(report: TeardownReport): string {
  const lines = [
    `Teardown of the tenant "${report.tenant}" (${report.tenantDn})`,
    `${report.outcome === 'complete' ? 'COMPLETE: nothing of the tenant is left in the directory.' : `RESIDUE: ${report.residue.length} value(s) still name the tenant (listed below).`}`,
    `Started ${report.startedAt}, finished ${report.finishedAt}, ${report.runs} run(s), by ${report.actor}.`,
    `Exit package: ${report.exitPackage.folder} (made ${report.exitPackage.createdAt}).`,
    '',
    'Removed:',
    `  ${report.removed.entries} entries (mailboxes, groups, lists, containers, its password policy, the tenant entry)`,
    `  ${report.removed.policyEntries.length} policy entries outside the tenant${report.removed.policyEntries.length > 0 ? `: ${report.removed.policyEntries.join('; ')}` : ''}`,
    `  ${report.removed.memberValues.length} member values naming its entries in other groups${report.removed.memberValues.length > 0 ? `: ${report.removed.memberValues.map((m) => `${m.member} in ${m.group}`).join('; ')}` : ''}`,
    `  its claim on ${report.removed.domains.join(', ') || 'no domains'}; ${report.removed.addresses} addresses and ${report.removed.logins} logins are free again`,
    `  ${report.accessPolicy}`,
    '',
    'Checked:',
    `  ${report.checked.entriesScanned} entries (${report.checked.valuesScanned} values) in ${report.checked.namingContexts.join(', ')}`,
    `  searched for its ${report.checked.dns} DNs, ${report.checked.domains} domains, ${report.checked.addresses} addresses and ${report.checked.logins} logins`,
    '',
    ...(report.residue.length > 0 ? ['Residue:', ...report.residue.map((r) => `  ${r.dn}  ${r.attribute}: ${r.value}  (${r.matched})`), ''] : []),
    ...(report.retained.length > 0 ? ['Kept by the server by design (no LDAP client can remove them):', ...report.retained.map((r) => `  ${r.count} ${r.what}: ${r.why}`), ''] : []),
    `Mail store: ${report.mailStore.length} folders to purge on the mail host (named by ${report.mailStoreKey}):`,
    ...report.mailStore.map((folder) => `  ${folder.key}  ${folder.login}  ${folder.address}`),
    '',
    'Steps:',
    ...report.steps.map((step) => `  ${step.at}  ${step.step}: ${step.detail}`),
    '',
  ];
  return lines.join('\n');
}
