/**
 * `verify-isolation`: binds as temporary principals of every role in every tenant and runs the isolation
 * probe matrix (each flavor's verifier/ folder). Prints every failing probe (all with --json) and exits non-zero
 * when any probe did not get the expected answer (a real leak); on Active Directory the leaks by design are listed
 * apart and do not fail it. The bound identity must be a host admin (on AD over LDAPS: probes get passwords).
 */
import { readFile } from 'node:fs/promises';
import { failure } from '../../shared/errors';
import type { IsolationReport } from '../../shared/model/isolation';
import type { ConnectionSettings } from '../directory/connection-settings';
import { verifyIsolation } from '../flavors/verify-isolation';
import { connectFromCli } from './cli-connection';
import type { CliValues } from './cli-options';
import type { Output } from './commands';
import { renderTable } from './table';

/** Runs the verifier with the command line's connection; throws (exit 1) when any probe failed. */
export async function verifyIsolationCommand(values: CliValues, out: Output): Promise<void> {
  const env = process.env;
  if (values.profile) {
    throw failure({ kind: 'invalid-input', message: 'verify-isolation binds probe accounts next to yours: give --url, --bind-dn and the password (--password-file or $ENCLAVE_PASSWORD) of a host admin.', issues: [{ path: ['profile'], message: 'not supported here' }] });
  }
  // Connect once the usual way: it validates the options and finds the suffix.
  const session = await connectFromCli(values, env);
  const suffix = session.info.suffix;
  await session.connection.dispose();
  const password = values['password-file'] ? (await readFile(values['password-file'], 'utf8')).replace(/\r?\n$/, '') : (env['ENCLAVE_PASSWORD'] ?? '');
  const settings: ConnectionSettings = {
    urls: values.url ?? [],
    bindDN: values['bind-dn'] ?? '',
    password,
    tlsMode: values['tls-mode'] === 'ldaps' || values['tls-mode'] === 'starttls' ? values['tls-mode'] : (values.url?.[0] ?? '').toLowerCase().startsWith('ldaps:') ? 'ldaps' : 'none',
    ...(values['ca-file'] ? { caCertificatePem: await readFile(values['ca-file'], 'utf8') } : {}),
    ...(values['tls-server-name'] ? { tlsServerName: values['tls-server-name'] } : {}),
  };
  const report = await verifyIsolation({ admin: settings, suffix });
  out(values.json ? JSON.stringify(report) : renderReport(report));
  if (!report.passed) {
    throw failure({ kind: 'internal', message: `Tenant isolation is broken: ${report.failureCount} of ${report.probeCount} probes did not get the expected answer.` });
  }
}

/** The failing probes (real leaks) as a table, the known leaks by design apart, then a one-line summary. */
export function renderReport(report: IsolationReport): string {
  const failed = report.results.filter((r) => !r.passed);
  const known = report.knownLeaks.length > 0 ? `, ${report.knownLeaks.length} known leaks by design (not failures)` : '';
  const summary = `${report.passed ? 'PASS' : 'FAIL'}: ${report.probeCount} probes over ${report.tenantCount} tenants in ${report.elapsedMs} ms, ${report.failureCount} failed${known}.`;
  const sections: string[] = [];
  if (failed.length > 0) {
    const rows = failed.map((r) => [r.probe, r.tenant ?? '-', r.targetTenant ?? '-', r.expected.join('|'), r.actual, r.detail]);
    sections.push(renderTable(['PROBE', 'TENANT', 'TARGET', 'EXPECTED', 'ACTUAL', 'DETAIL'], rows));
  }
  if (report.knownLeaks.length > 0) {
    const rows = report.knownLeaks.map((leak) => [leak.id, String(leak.observations), leak.what, leak.examples[0] ?? '-']);
    sections.push(`Known leaks by design (${report.flavor}; docs/active-directory.md):\n${renderTable(['LEAK', 'SEEN', 'WHAT', 'EXAMPLE'], rows)}`);
  }
  return [...sections, summary].join('\n');
}
