/**
 * `conformance [--tenant T]`: reads the directory and names every entry that breaks the access policy, and every
 * tenant over the totals the server cannot sum (pool, mailbox limit). Exits 1 when there are findings, as
 * verify-isolation does for a leak. Runs through the console's dispatcher (the same call as the console's view).
 */
import { failure } from '../../shared/errors';
import type { ConformanceReport } from '../../shared/model/conformance';
import { openCliCore } from './cli-core';
import type { CliValues } from './cli-options';
import type { Output } from './commands';
import { renderTable } from './table';

export async function conformanceCommand(values: CliValues, out: Output): Promise<void> {
  const core = await openCliCore(values, { feature: 'isolation', connect: true });
  let report: ConformanceReport;
  try {
    const result = await core.dispatch('scanConformance', values.tenant ? { tenant: values.tenant } : {});
    if (!result.ok) throw failure(result.error);
    report = result.value as ConformanceReport;
  } finally {
    await core.dispose();
  }
  out(values.json ? JSON.stringify(report) : renderConformance(report));
  if (!report.passed) throw failure({ kind: 'internal', message: `The directory breaks the access policy: ${report.findings.length} findings in ${report.tenantsWithFindings.length} tenants.` });
}

/** The findings as a table, what could not be checked, then a one-line summary. */
export function renderConformance(report: ConformanceReport): string {
  const sections: string[] = [];
  if (report.findings.length > 0) sections.push(renderTable(['TENANT', 'RULE', 'ENTRY', 'WHAT'], report.findings.map((f) => [f.tenant ?? '-', f.rule, f.dn, f.message])));
  if (report.unchecked.length > 0) sections.push(`Not checked:\n${report.unchecked.map((u) => `  ${u.rule}: ${u.reason}`).join('\n')}`);
  sections.push(`${report.passed ? 'PASS' : 'FAIL'}: ${report.entryCount} entries of ${report.tenantCount} tenants read in ${report.elapsedMs} ms, ${report.findings.length} findings.`);
  return sections.join('\n');
}
