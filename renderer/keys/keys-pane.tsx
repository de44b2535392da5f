/**
 * A tenant's Keys and certificates node: every certificate its mailboxes publish, the CAs they come from (and the
 * other tenants each CA also serves), and what is wrong — a key or certificate shared with another tenant, a CA
 * serving several tenants, expired or expiring certificates, certificates for other addresses. A row opens the
 * mailbox, whose Certificates tab imports and removes. Checks the bound identity cannot make are said, not hidden.
 */
import { useEffect, useMemo, useState } from 'react';
import type { EnclaveError } from '../../shared/errors';
import type { TenantSummary } from '../../shared/model/hosting';
import type { CertificateFinding, CertificateInfo, IssuerUse, KeysReport, TenantKeys } from '../../shared/model/keys';
import { ErrorNotice } from '../app/error-notice';
import { DataTable, type Column } from '../app/table/data-table';
import { compareText } from '../app/table/table-sort';
import { findingLabels, isoDay, severityLabel, shortFingerprint } from '../format/certificate-findings';
import { countOf, formatCount } from '../format/format-number';
import { useConsoleActions } from '../state/store-context';
import './keys-pane.css';

type Load = { status: 'loading' } | { status: 'ready'; report: KeysReport; keys: TenantKeys } | { status: 'failed'; error: EnclaveError };

/** One certificate as a row, with the mailbox it is published for. */
interface CertificateRow {
  login: string;
  certificate: CertificateInfo;
  index: number;
}

const findingColumns: readonly Column<CertificateFinding>[] = [
  { key: 'severity', header: 'Severity', width: '96px', cell: (f) => <span className={`severity severity--${f.severity}`}>{severityLabel(f)}</span>, compare: (a, b) => compareText(a.severity, b.severity) },
  { key: 'mailbox', header: 'Mailbox', width: 'minmax(90px, 0.8fr)', mono: true, cell: (f) => f.login ?? '(tenant)', compare: (a, b) => compareText(a.login ?? '', b.login ?? '') },
  { key: 'kind', header: 'Finding', width: 'minmax(150px, 1fr)', cell: (f) => findingLabels[f.kind], compare: (a, b) => compareText(findingLabels[a.kind], findingLabels[b.kind]) },
  { key: 'message', header: 'What', width: 'minmax(240px, 3fr)', wrap: true, cell: (f) => f.message },
];

const issuerColumns: readonly Column<IssuerUse>[] = [
  { key: 'issuer', header: 'Issuing CA', width: 'minmax(200px, 2fr)', wrap: true, cell: (i) => i.issuer, compare: (a, b) => compareText(a.issuer, b.issuer) },
  { key: 'certificates', header: 'Certificates', width: '110px', align: 'end', cell: (i) => formatCount(i.certificates), compare: (a, b) => a.certificates - b.certificates, firstDirection: 'descending' },
  { key: 'mailboxes', header: 'Mailboxes', width: '100px', align: 'end', cell: (i) => formatCount(i.mailboxes), compare: (a, b) => a.mailboxes - b.mailboxes, firstDirection: 'descending' },
  {
    key: 'others',
    header: 'Also serves',
    width: 'minmax(160px, 1.5fr)',
    wrap: true,
    cell: (i) => (i.otherTenantCount === 0 ? '–' : `${i.otherTenants.join(', ')}${i.otherTenantCount > i.otherTenants.length ? ` and ${formatCount(i.otherTenantCount - i.otherTenants.length)} more` : ''}`),
    compare: (a, b) => a.otherTenantCount - b.otherTenantCount,
    firstDirection: 'descending',
  },
];

const certificateColumns: readonly Column<CertificateRow>[] = [
  { key: 'mailbox', header: 'Mailbox', width: 'minmax(90px, 0.8fr)', mono: true, cell: (r) => r.login, compare: (a, b) => compareText(a.login, b.login) },
  { key: 'subject', header: 'Subject', width: 'minmax(140px, 1.4fr)', cell: (r) => r.certificate.subject, title: (r) => r.certificate.subject, compare: (a, b) => compareText(a.certificate.subject, b.certificate.subject) },
  { key: 'issuer', header: 'Issuer', width: 'minmax(140px, 1.4fr)', cell: (r) => r.certificate.issuer, title: (r) => r.certificate.issuer, compare: (a, b) => compareText(a.certificate.issuer, b.certificate.issuer) },
  { key: 'serial', header: 'Serial', width: 'minmax(90px, 0.8fr)', mono: true, cell: (r) => r.certificate.serialNumber, title: (r) => r.certificate.serialNumber },
  { key: 'notAfter', header: 'Valid to', width: '104px', cell: (r) => isoDay(r.certificate.notAfter), title: (r) => `${isoDay(r.certificate.notBefore)} to ${isoDay(r.certificate.notAfter)}`, compare: (a, b) => compareText(a.certificate.notAfter, b.certificate.notAfter) },
  { key: 'addresses', header: 'Addresses', width: 'minmax(140px, 1.2fr)', mono: true, cell: (r) => r.certificate.addresses.join(', ') || '–', title: (r) => r.certificate.addresses.join(', ') },
  { key: 'key', header: 'Key (SHA-256)', width: '170px', mono: true, cell: (r) => shortFingerprint(r.certificate.keyFingerprint), title: (r) => `${r.certificate.keyType} ${r.certificate.keyFingerprint}` },
];

export function KeysPane({ tenant }: { tenant: TenantSummary }) {
  const actions = useConsoleActions();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    void actions.keysReport({ tenant: tenant.name }).then((result) => {
      if (!live) return;
      if (!result.ok) return setLoad({ status: 'failed', error: result.error });
      const keys = result.value.tenants.find((t) => t.tenant.toLowerCase() === tenant.name.toLowerCase()) ?? { tenant: tenant.name, mailboxes: [], certificateCount: 0, issuers: [], findings: [] };
      setLoad({ status: 'ready', report: result.value, keys });
    });
    return () => {
      live = false;
    };
  }, [actions, tenant.name, generation]);

  const rows = useMemo<CertificateRow[]>(
    () => (load.status === 'ready' ? load.keys.mailboxes.flatMap((mailbox) => mailbox.certificates.map((certificate, index) => ({ login: mailbox.login, certificate, index }))) : []),
    [load],
  );
  const reload = () => {
    setLoad({ status: 'loading' });
    setGeneration((current) => current + 1);
  };
  const title = `Keys and certificates of ${tenant.name}`;

  return (
    <section className="pane content-pane keys-pane" aria-labelledby="content-pane-title" data-state={load.status}>
      <div className="pane__header">
        <h2 id="content-pane-title" className="pane__title">
          {title}
        </h2>
        <span className="pane__actions">
          <button type="button" className="button button--quiet" onClick={reload} disabled={load.status === 'loading'} aria-label="Reload keys and certificates" title="Reload">
            ⟳
          </button>
        </span>
      </div>
      {load.status === 'loading' && <p className="pane__placeholder">Reading the certificates of {tenant.name}…</p>}
      {load.status === 'failed' && <ErrorNotice title="Could not read the certificates" error={load.error} onRetry={reload} />}
      {load.status === 'ready' && (
        <div className="keys-pane__body">
          <p className="keys-pane__summary">
            {countOf(load.keys.mailboxes.length, 'mailbox publishes', 'mailboxes publish')} {countOf(load.keys.certificateCount, 'certificate', 'certificates')} from{' '}
            {countOf(load.keys.issuers.length, 'issuing CA', 'issuing CAs')}; {countOf(load.keys.findings.length, 'finding', 'findings')}. Expiring means within {load.report.expiringWithinDays} days.
          </p>
          {load.report.unchecked.length > 0 && (
            <p className="notice notice--warn" role="note">
              Not checked: {load.report.unchecked.map((u) => findingLabels[u.kind].toLowerCase()).join(', ')}. {load.report.unchecked[0]?.reason}
            </p>
          )}
          <h3 className="section-title">Findings</h3>
          {load.keys.findings.length === 0 ? (
            <p className="notice notice--ok" role="status">
              Nothing to report{load.report.unchecked.length > 0 ? ' among what could be checked' : ''}.
            </p>
          ) : (
            <DataTable label={`Findings of ${tenant.name}`} columns={findingColumns} rows={load.keys.findings} rowKey={findingKey} onActivate={(f) => f.login !== null && actions.openMailbox(f.login)} />
          )}
          <h3 className="section-title">Issuing CAs</h3>
          {load.keys.issuers.length === 0 ? (
            <p className="pane__placeholder">No certificates, so no issuers.</p>
          ) : (
            <DataTable label={`Issuing CAs of ${tenant.name}`} columns={issuerColumns} rows={load.keys.issuers} rowKey={(i) => i.issuerId} />
          )}
          <h3 className="section-title">Certificates</h3>
          {rows.length === 0 ? (
            <p className="pane__placeholder">No mailbox of {tenant.name} publishes a certificate. Import one in a mailbox’s Certificates tab.</p>
          ) : (
            <DataTable label={`Certificates of ${tenant.name}`} columns={certificateColumns} rows={rows} rowKey={certificateKey} onActivate={(row) => actions.openMailbox(row.login)} />
          )}
        </div>
      )}
    </section>
  );
}

const findingKey = (f: CertificateFinding) => `${f.kind}/${f.login ?? ''}/${f.fingerprint ?? ''}/${f.message}`;
const certificateKey = (row: CertificateRow) => `${row.login}/${row.index}/${row.certificate.fingerprint}`;
