/**
 * A tenant leaving, on its settings page (host admins): write its exit package, then delete it with its name typed
 * again. The teardown runs only after an exit package that still shows the tenant as it is; its report (what was
 * removed, what was searched, what is left) is shown before the tenant leaves the tree.
 */
import { useEffect, useState } from 'react';
import type { EnclaveError } from '../../shared/errors';
import type { TenantSummary } from '../../shared/model/hosting';
import type { TeardownReport, TenantExitPackage, TenantLifecycleStatus } from '../../shared/model/tenant-lifecycle';
import { countOf } from '../format/format-number';
import { useConsoleActions } from '../state/store-context';
import { Dialog } from './dialogs/dialog';
import { ErrorNotice } from './error-notice';
import { Field } from './field';

export function TenantExitSection({ tenant }: { tenant: TenantSummary }) {
  const actions = useConsoleActions();
  const [status, setStatus] = useState<TenantLifecycleStatus | null>(null);
  const [exported, setExported] = useState<TenantExitPackage | null>(null);
  const [error, setError] = useState<EnclaveError | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);

  // Read again after an export, a cancelled deletion, or a change of the tenant (its package may no longer be current).
  const [reads, setReads] = useState(0);
  const reload = () => setReads((count) => count + 1);
  useEffect(() => {
    let live = true;
    void actions.getTenantLifecycle({ tenant: tenant.name }).then((result) => {
      if (live && result.ok) setStatus(result.value);
    });
    return () => {
      live = false;
    };
  }, [actions, tenant, reads]);

  const exportPackage = async () => {
    setBusy(true);
    setError(null);
    const result = await actions.exportTenant({ tenant: tenant.name });
    setBusy(false);
    if (result.ok) setExported(result.value);
    else setError(result.error);
    reload();
  };

  return (
    <section className="danger-zone settings-section" aria-label="Leaving">
      <h3 className="section-title">Leaving</h3>
      <p className="form-note">
        {status?.lastExport
          ? `Last exit package: ${new Date(status.lastExport.createdAt).toLocaleString()}${status.lastExport.current ? '' : ' — the tenant changed since, export again before deleting it'}.`
          : 'No exit package yet: export the tenant before deleting it.'}
      </p>
      {status?.unfinishedTeardown && (
        <p className="notice notice--warn" role="status">
          A teardown started {new Date(status.unfinishedTeardown.startedAt).toLocaleString()} did not finish (last step: {status.unfinishedTeardown.lastStep}). Run it again to finish it.
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button" disabled={busy} onClick={() => void exportPackage()}>
          {busy ? 'Exporting…' : 'Export exit package'}
        </button>
        <button type="button" className="button button--danger" onClick={() => setDeleting(true)}>
          {status?.unfinishedTeardown ? 'Finish teardown…' : 'Delete tenant…'}
        </button>
      </div>
      {error !== null && <ErrorNotice title="The exit package was not written" error={error} />}
      {exported !== null && <ExitPackageSummary exported={exported} />}
      {deleting && (
        <TeardownDialog
          tenant={tenant}
          status={status}
          onCancel={() => {
            setDeleting(false);
            reload();
          }}
          onGone={() => actions.forgetTenant(tenant.name)}
        />
      )}
    </section>
  );
}

function ExitPackageSummary({ exported }: { exported: TenantExitPackage }) {
  const { counts } = exported;
  return (
    <div className="notice notice--ok" role="status" aria-label="Exit package written">
      <p>
        Exit package written to <span className="path">{exported.folder}</span>: {countOf(counts.entries, 'entry', 'entries')}, {countOf(counts.mailboxes, 'mailbox', 'mailboxes')}, {countOf(counts.groups + counts.lists, 'group or list', 'groups and lists')}, {countOf(counts.certificates, 'certificate', 'certificates')}, {countOf(counts.consoleRecords + counts.serverRecords, 'audit record', 'audit records')} — {countOf(exported.files.length, 'file', 'files')}, each with its SHA-256 in manifest.json.
      </p>
      {exported.certificateWarning && (
        <p className="notice notice--warn" role="alert">
          {exported.certificateWarning.message} Mailboxes: {exported.certificateWarning.mailboxes.join(', ')}.
        </p>
      )}
      {exported.notes.map((note) => (
        <p key={note}>{note}</p>
      ))}
    </div>
  );
}

function TeardownDialog({ tenant, status, onCancel, onGone }: { tenant: TenantSummary; status: TenantLifecycleStatus | null; onCancel(): void; onGone(): void }) {
  const actions = useConsoleActions();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<EnclaveError | null>(null);
  const [report, setReport] = useState<TeardownReport | null>(null);
  const resuming = status?.unfinishedTeardown != null;
  const ready = resuming || status?.lastExport?.current === true;

  if (report !== null) {
    return (
      <Dialog title={`Teardown of ${report.tenant}`} onClose={onGone} size="wide">
        <TeardownSummary report={report} />
        <div className="dialog__actions">
          <button type="button" className="button button--primary" onClick={onGone}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title={`Delete tenant ${tenant.name}?`} onClose={onCancel}>
      <div className="confirm__text">
        <p>
          This removes <strong>{tenant.name}</strong> and everything in it: <strong>{tenant.mailboxCount === null ? 'all its mailboxes' : countOf(tenant.mailboxCount, 'mailbox', 'mailboxes')}</strong>, its groups, distribution lists and password policy, its claim on {tenant.mailDomains.join(', ')}, and every mention of its entries in other groups. Then the whole directory is searched for anything left. Mail to these domains will bounce. This cannot be undone.
        </p>
        {!ready && <p className="notice notice--warn">{status?.lastExport ? 'The tenant changed after its last exit package: export it again first.' : 'Export the tenant’s exit package first.'}</p>}
      </div>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (typed !== tenant.name || !ready) return;
          setBusy(true);
          setError(null);
          void actions.teardownTenant({ tenant: tenant.name, confirm: typed }).then((result) => {
            setBusy(false);
            if (result.ok) setReport(result.value);
            else setError(result.error);
          });
        }}
      >
        <Field label="Type the tenant’s name to confirm" hint={tenant.name}>
          {(props) => <input {...props} className="input" autoComplete="off" value={typed} onChange={(event) => setTyped(event.target.value)} />}
        </Field>
        {error !== null && <ErrorNotice title="The teardown did not finish" error={error} />}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button--danger" disabled={busy || typed !== tenant.name || !ready}>
            {busy ? 'Removing…' : error !== null ? 'Run the teardown again' : 'Delete tenant'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function TeardownSummary({ report }: { report: TeardownReport }) {
  return (
    <div className="confirm__text" aria-label="Teardown report">
      <p className={report.outcome === 'complete' ? 'notice notice--ok' : 'notice notice--warn'} role="status">
        {report.outcome === 'complete' ? 'Nothing of the tenant is left in the directory.' : `${countOf(report.residue.length, 'value still names', 'values still name')} the tenant: see below.`}
      </p>
      <ul className="report-list">
        <li>Removed {countOf(report.removed.entries, 'entry', 'entries')}, {countOf(report.removed.policyEntries.length, 'policy entry', 'policy entries')} outside the tenant and {countOf(report.removed.memberValues.length, 'member value', 'member values')} in other groups.</li>
        <li>Freed {report.removed.domains.join(', ')}, {countOf(report.removed.addresses, 'address', 'addresses')} and {countOf(report.removed.logins, 'login', 'logins')}.</li>
        <li>Searched {countOf(report.checked.entriesScanned, 'entry', 'entries')} ({countOf(report.checked.valuesScanned, 'value', 'values')}) in {report.checked.namingContexts.join(', ')}.</li>
        <li>{countOf(report.mailStore.length, 'mail-store folder', 'mail-store folders')} (named by {report.mailStoreKey}) to purge on the mail host.</li>
        <li>{report.accessPolicy}</li>
        {report.retained.map((trace) => (
          <li key={trace.what}>
            Kept by the server: {trace.count} {trace.what} — {trace.why}
          </li>
        ))}
        {report.residue.map((finding) => (
          <li key={`${finding.dn} ${finding.attribute} ${finding.value}`}>
            Residue: {finding.dn} {finding.attribute}: {finding.value} ({finding.matched})
          </li>
        ))}
      </ul>
      <p className="form-note">
        Report: <span className="path">{report.reportFiles.join(', ')}</span>
      </p>
    </div>
  );
}
