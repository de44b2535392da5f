/** `keys report`, `certificates` and `certificate import|remove` in a terminal (with --json: the call's result). */
import type { CertificateFinding, CertificateImportResult, KeysReport, MailboxCertificateView, UncheckedKeyRule } from '../../shared/model/keys';
import { renderTable } from './table';

const day = (iso: string) => iso.slice(0, 10);
const also = (names: string[], count: number) => (count === 0 ? '-' : `${names.slice(0, 3).join(', ')}${count > 3 ? ` (+${count - 3})` : ''}`);

function renderFindings(findings: CertificateFinding[]): string {
  return renderTable(['SEVERITY', 'TENANT', 'MAILBOX', 'FINDING', 'WHAT'], findings.map((f) => [f.severity, f.tenant, f.login ?? '-', f.kind, f.message]));
}

const renderUnchecked = (unchecked: UncheckedKeyRule[]): string[] =>
  unchecked.length === 0 ? [] : [`Not checked: ${unchecked.map((u) => u.kind).join(', ')}. ${unchecked[0]?.reason ?? ''}`];

/** Per tenant: counts, then the issuers each uses, then every finding, then what was not checked. */
export function renderKeysReport(report: KeysReport): string {
  const count = (findings: CertificateFinding[], severity: CertificateFinding['severity']) => String(findings.filter((f) => f.severity === severity).length);
  const sections = [
    renderTable(
      ['TENANT', 'MAILBOXES', 'CERTIFICATES', 'ISSUERS', 'ERRORS', 'WARNINGS'],
      report.tenants.map((t) => [t.tenant, String(t.mailboxes.length), String(t.certificateCount), String(t.issuers.length), count(t.findings, 'error'), count(t.findings, 'warning')]),
    ),
  ];
  const issuers = report.tenants.flatMap((t) => t.issuers.map((i) => [t.tenant, i.issuer, String(i.certificates), String(i.mailboxes), also(i.otherTenants, i.otherTenantCount)]));
  if (issuers.length > 0) sections.push(`Issuers:\n${renderTable(['TENANT', 'ISSUER', 'CERTIFICATES', 'MAILBOXES', 'ALSO SERVES'], issuers)}`);
  const findings = report.tenants.flatMap((t) => t.findings);
  if (findings.length > 0) sections.push(`Findings:\n${renderFindings(findings)}`);
  sections.push(...renderUnchecked(report.unchecked));
  sections.push(`${report.totals.mailboxesRead} mailboxes with certificates read, ${report.totals.certificates} certificates in ${report.tenants.length} tenants, ${report.totals.findings} findings (expiring: within ${report.expiringWithinDays} days), in ${report.elapsedMs} ms.`);
  return sections.join('\n\n');
}

/** One mailbox's certificates (the full fingerprint is what `certificate remove` takes). */
export function renderCertificates(view: MailboxCertificateView): string {
  const sections = [
    `${view.login} of ${view.tenant} (${view.addresses.join(', ')}): ${view.certificates.length} certificates${view.unparsed.length > 0 ? `, ${view.unparsed.length} unreadable values` : ''}.`,
  ];
  if (view.certificates.length > 0) {
    sections.push(
      renderTable(
        ['SUBJECT', 'ISSUER', 'SERIAL', 'VALID FROM', 'VALID TO', 'ADDRESSES', 'KEY', 'IN', 'FINGERPRINT'],
        view.certificates.map((c) => [c.subject, c.issuer, c.serialNumber, day(c.notBefore), day(c.notAfter), c.addresses.join(', ') || '-', c.keyType, `${c.attribute}${c.container === 'pkcs7' ? ' (PKCS#7)' : ''}`, c.fingerprint]),
      ),
    );
  }
  if (view.unparsed.length > 0) sections.push(renderTable(['IN', 'BYTES', 'WHY', 'FINGERPRINT'], view.unparsed.map((u) => [u.attribute, String(u.bytes), u.reason, u.fingerprint])));
  if (view.findings.length > 0) sections.push(renderFindings(view.findings));
  return sections.join('\n\n');
}

/** What an import found and whether it wrote. */
export function renderCertificateImport(result: CertificateImportResult): string {
  const c = result.certificate;
  const lines = [
    result.written ? 'Imported.' : 'Not written (dry run).',
    ...(c ? [`Certificate: ${c.subject}, issued by ${c.issuer}, serial ${c.serialNumber}, valid ${day(c.notBefore)} to ${day(c.notAfter)}, for ${c.addresses.join(', ') || 'no address'}.`, `Fingerprint: ${c.fingerprint}`] : []),
    ...result.notes,
    ...result.problems.map((p) => `${p.severity === 'error' ? 'Error' : 'Warning'} (${p.kind}): ${p.message}`),
    ...renderUnchecked(result.unchecked),
  ];
  return lines.join('\n');
}
