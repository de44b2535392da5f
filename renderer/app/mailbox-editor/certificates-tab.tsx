/**
 * The mailbox's published certificates (what S/MIME senders find in the address book) with what is wrong with
 * each; for those who manage the tenant, importing one (PEM or DER: checked first, written only without errors
 * and, with warnings, only once confirmed) and removing one. Changes apply at once, like Member of.
 */
import { useEffect, useState } from 'react';
import type { EnclaveError } from '../../../shared/errors';
import type { CertificateFinding, CertificateImportResult, CertificateInfo, MailboxCertificateView } from '../../../shared/model/keys';
import { findingLabels, isoDay, severityLabel } from '../../format/certificate-findings';
import { useConsoleActions } from '../../state/store-context';
import { ConfirmDialog } from '../dialogs/confirm-dialog';
import { ErrorNotice } from '../error-notice';
import { Field } from '../field';
import { toBase64 } from '../import/file-source';
import { useCall } from '../use-call';

interface CertificatesTabProps {
  tenant: string;
  login: string;
  canEdit: boolean;
}

/** A file chosen for import, with what the dry run found. */
interface Checked {
  fileName: string;
  fileBase64: string;
  result: CertificateImportResult;
}

export function CertificatesTab({ tenant, login, canEdit }: CertificatesTabProps) {
  const actions = useConsoleActions();
  const [view, setView] = useState<MailboxCertificateView | null>(null);
  const [loadError, setLoadError] = useState<EnclaveError | null>(null);
  const [generation, setGeneration] = useState(0);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [accept, setAccept] = useState(false);
  const [imported, setImported] = useState<string | null>(null);
  const [removing, setRemoving] = useState<{ fingerprint: string; what: string } | null>(null);
  const check = useCall();
  const write = useCall();

  useEffect(() => {
    let live = true;
    void actions.getMailboxCertificates({ tenant, login }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setView(result.value);
        setLoadError(null);
      } else setLoadError(result.error);
    });
    return () => {
      live = false;
    };
  }, [actions, tenant, login, generation]);

  const reload = () => setGeneration((current) => current + 1);

  const choose = async (file: File) => {
    setImported(null);
    setAccept(false);
    setChecked(null);
    const fileBase64 = toBase64(new Uint8Array(await file.arrayBuffer()));
    const result = await check.run(() => actions.importMailboxCertificate({ tenant, login, fileBase64, dryRun: true }));
    if (result !== null) setChecked({ fileName: file.name, fileBase64, result });
  };

  const importChecked = async () => {
    if (checked === null) return;
    const result = await write.run(() => actions.importMailboxCertificate({ tenant, login, fileBase64: checked.fileBase64, acceptWarnings: accept }));
    if (result === null) return;
    setImported(result.certificate?.subject ?? checked.fileName);
    setChecked(null);
    reload();
  };

  if (loadError !== null) return <ErrorNotice title="Could not read the certificates" error={loadError} onRetry={reload} />;
  if (view === null) return <p className="pane__placeholder">Reading certificates…</p>;

  const errors = checked?.result.problems.filter((p) => p.severity === 'error') ?? [];
  const warnings = checked?.result.problems.filter((p) => p.severity === 'warning') ?? [];
  const findingsOf = (fingerprint: string) => view.findings.filter((f) => f.fingerprint === fingerprint);

  return (
    <div className="form-grid" data-state="ready">
      <p className="form-note">
        Certificates published for {view.addresses.join(', ')}: mail clients of {tenant} find them in the address book to encrypt mail to this mailbox. Only the
        public certificate belongs here, never its private key.
      </p>
      <ul className="member-list" aria-label={`Certificates of ${login}`}>
        {view.certificates.length === 0 && view.unparsed.length === 0 && <li className="form-note">No certificate published.</li>}
        {view.certificates.map((certificate, index) => (
          <li key={`${certificate.attribute}/${index}/${certificate.fingerprint}`} className="certificate-card" aria-label={`Certificate ${certificate.subject}`}>
            <CertificateFacts certificate={certificate} />
            <FindingList findings={findingsOf(certificate.fingerprint)} />
            {canEdit && (
              <div className="button-row">
                <button type="button" className="button" onClick={() => setRemoving({ fingerprint: certificate.fingerprint, what: `the certificate "${certificate.subject}" (serial ${certificate.serialNumber})` })}>
                  Remove…
                </button>
              </div>
            )}
          </li>
        ))}
        {view.unparsed.map((value) => (
          <li key={value.fingerprint} className="certificate-card" aria-label={`Unreadable value of ${value.attribute}`}>
            <p>
              An unreadable value of {value.attribute} ({value.bytes} bytes): {value.reason}.
            </p>
            {canEdit && (
              <div className="button-row">
                <button type="button" className="button" onClick={() => setRemoving({ fingerprint: value.fingerprint, what: `the unreadable value of ${value.attribute}` })}>
                  Remove…
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>

      {canEdit && (
        <section className="account-block" aria-label="Import a certificate">
          <h3 className="section-title">Import a certificate</h3>
          <Field label="Certificate file" hint="PEM or DER (.pem, .crt, .cer, .der), alone or with its chain (.p7b). It is checked before anything is written.">
            {(props) => (
              <input
                {...props}
                type="file"
                className="input"
                accept=".pem,.crt,.cer,.der,.p7b,.p7c,application/x-x509-user-cert,application/pkix-cert"
                disabled={check.busy || write.busy}
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  event.target.value = '';
                  if (file !== undefined) void choose(file);
                }}
              />
            )}
          </Field>
          {check.busy && <p className="form-note">Checking the certificate…</p>}
          {check.error !== null && <ErrorNotice title="The file could not be checked" error={check.error} />}
          {checked !== null && (
            <div className="certificate-card" aria-label="Checked certificate" data-verdict={errors.length > 0 ? 'refused' : warnings.length > 0 ? 'warnings' : 'clean'}>
              {checked.result.certificate !== null ? <CertificateFacts certificate={checked.result.certificate} /> : <p>{checked.fileName}</p>}
              {checked.result.notes.map((note) => (
                <p key={note} className="form-note">
                  {note}
                </p>
              ))}
              <FindingList findings={checked.result.problems} />
              {checked.result.unchecked.length > 0 && (
                <p className="form-note" role="note">
                  Not checked: {checked.result.unchecked.map((u) => findingLabels[u.kind].toLowerCase()).join(', ')}. {checked.result.unchecked[0]?.reason}
                </p>
              )}
              {errors.length > 0 ? (
                <p className="notice notice--bad" role="alert">
                  This certificate cannot be imported.
                </p>
              ) : (
                <>
                  {warnings.length > 0 && (
                    <label className="checkbox">
                      <input type="checkbox" checked={accept} onChange={(event) => setAccept(event.target.checked)} /> Import despite {warnings.length === 1 ? 'the warning' : `the ${warnings.length} warnings`}
                    </label>
                  )}
                  <div className="button-row">
                    <button type="button" className="button" onClick={() => setChecked(null)} disabled={write.busy}>
                      Cancel
                    </button>
                    <button type="button" className="button button--primary" disabled={write.busy || (warnings.length > 0 && !accept)} onClick={() => void importChecked()}>
                      {write.busy ? 'Importing…' : 'Import certificate'}
                    </button>
                  </div>
                </>
              )}
            </div>
          )}
          {write.error !== null && <ErrorNotice title="The certificate was not imported" error={write.error} />}
          {imported !== null && (
            <p className="notice notice--ok" role="status">
              Imported {imported}.
            </p>
          )}
        </section>
      )}

      {removing !== null && (
        <ConfirmDialog
          title={`Remove a certificate of ${login}?`}
          confirmLabel="Remove certificate"
          onCancel={() => setRemoving(null)}
          onConfirm={async () => {
            const result = await actions.removeMailboxCertificate({ tenant, login, fingerprint: removing.fingerprint });
            if (result.ok) setView(result.value);
            return result;
          }}
          onDone={() => setRemoving(null)}
        >
          <p>
            This withdraws {removing.what} from the directory: mail clients will no longer find it to encrypt mail to {login}. Mail already encrypted to it
            stays readable with its private key.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function CertificateFacts({ certificate }: { certificate: CertificateInfo }) {
  return (
    <dl>
      <dt>Subject</dt>
      <dd>{certificate.subject || '(none)'}</dd>
      <dt>Issuer</dt>
      <dd>
        {certificate.selfSigned ? 'Self-signed' : certificate.issuer}
        {certificate.isCa && <span className="badge badge--inline">CA</span>}
      </dd>
      <dt>Serial</dt>
      <dd className="mono">{certificate.serialNumber}</dd>
      <dt>Valid</dt>
      <dd>
        {isoDay(certificate.notBefore)} to {isoDay(certificate.notAfter)}
      </dd>
      <dt>Addresses</dt>
      <dd className="mono">{certificate.addresses.join(', ') || '(none)'}</dd>
      <dt>Key</dt>
      <dd className="mono" title={certificate.keyFingerprint}>
        {certificate.keyType}, SHA-256 {certificate.keyFingerprint.slice(0, 16)}…
      </dd>
      <dt>Published in</dt>
      <dd>
        {certificate.attribute}
        {certificate.container === 'pkcs7' ? ' (PKCS#7)' : ''}
      </dd>
    </dl>
  );
}

function FindingList({ findings }: { findings: CertificateFinding[] }) {
  if (findings.length === 0) return null;
  return (
    <ul className="certificate-card__findings" aria-label="Findings">
      {findings.map((finding) => (
        <li key={`${finding.kind}/${finding.message}`} className={`notice ${finding.severity === 'error' ? 'notice--bad' : 'notice--warn'}`} data-kind={finding.kind}>
          <strong>
            {severityLabel(finding)}: {findingLabels[finding.kind]}.
          </strong>{' '}
          {finding.message}
        </li>
      ))}
    </ul>
  );
}
