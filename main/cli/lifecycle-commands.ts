/**
 * `tenant export` and `tenant teardown`: the console's exportTenant and teardownTenant calls through its dispatcher
 * (cli-core.ts), with the folders the command line names (--out, --export) instead of the data folder's.
 */
import { resolve } from 'node:path';
import { failure } from '../../shared/errors';
import type { TeardownReport, TenantExitPackage } from '../../shared/model/tenant-lifecycle';
import { renderTeardownReport } from '../lifecycle/teardown-report';
import { openCliCore } from './cli-core';
import { usageFailure } from './cli-exit';
import type { CliValues } from './cli-options';
import type { Output } from './commands';

/** Exit status of a teardown that left residue (the report lists it). */
const residueFound = 3;

export async function tenantExportCommand(values: CliValues, out: Output): Promise<void> {
  if (!values.tenant) throw usageFailure('Usage: tenant export --tenant NAME [--out DIR]');
  const core = await openCliCore(values, { feature: 'lifecycle', connect: true, lifecycle: values.out ? { exportFolder: resolve(values.out) } : {} });
  try {
    const result = await core.dispatch('exportTenant', { tenant: values.tenant });
    if (!result.ok) throw failure(result.error);
    const exported = result.value as TenantExitPackage;
    out(values.json ? JSON.stringify(exported) : renderPackage(exported));
  } finally {
    await core.dispose();
  }
}

export async function tenantTeardownCommand(values: CliValues, out: Output): Promise<number> {
  if (!values.tenant || values.confirm === undefined) throw usageFailure('Usage: tenant teardown --tenant NAME --confirm NAME [--export DIR]');
  const core = await openCliCore(values, { feature: 'lifecycle', connect: true, lifecycle: values.export ? { packageFolder: resolve(values.export) } : {} });
  try {
    const result = await core.dispatch('teardownTenant', { tenant: values.tenant, confirm: values.confirm });
    if (!result.ok) throw failure(result.error);
    const report = result.value as TeardownReport;
    out(values.json ? JSON.stringify(report) : renderTeardownReport(report));
    return report.outcome === 'complete' ? 0 : residueFound;
  } finally {
    await core.dispose();
  }
}

function renderPackage(exported: TenantExitPackage): string {
  const { counts } = exported;
  return [
    `Exit package of "${exported.tenant}" written to ${exported.folder}`,
    `  ${counts.entries} entries, ${counts.mailboxes} mailboxes, ${counts.groups} groups, ${counts.lists} lists, ${counts.certificates} certificates, ${counts.consoleRecords + counts.serverRecords} audit records`,
    `  ${exported.files.length} files, each with its SHA-256 in manifest.json and SHA256SUMS (check: cd ${exported.folder} && sha256sum -c SHA256SUMS)`,
    ...(exported.certificateWarning ? [`WARNING: ${exported.certificateWarning.message} Mailboxes: ${exported.certificateWarning.mailboxes.join(', ')}.`] : []),
    ...exported.notes.map((note) => `Note: ${note}`),
  ].join('\n');
}
