/**
 * "Import mailboxes…": choose a CSV or LDIF file (its bytes go to main, which detects the encoding and the
 * format), check the column mapping, preview what it would do, then start a job in main and follow it. Closing
 * the dialog leaves the job running; opening it again shows the job.
 */
import { useEffect, useMemo, useState } from 'react';
import { ok } from '../../../shared/errors';
import type { ColumnChoice, ImportMode, ImportPreview } from '../../../shared/model/bulk-import';
import type { TenantSummary } from '../../../shared/model/hosting';
import { countOf } from '../../format/format-number';
import { downloadFile } from '../../quota/download';
import { generatedInPreview, reportUnsaved } from '../../state/import-report';
import { useConsoleActions, useConsoleState } from '../../state/store-context';
import { ConfirmDialog } from '../dialogs/confirm-dialog';
import { Dialog } from '../dialogs/dialog';
import { RecentImports } from '../recent-imports';
import { ErrorNotice } from '../error-notice';
import { Field } from '../field';
import { useCall } from '../use-call';
import { fileSource, type FileSource } from './file-source';
import { ImportJobView } from './import-job-view';
import { ImportMappingView } from './import-mapping-view';
import { ImportPreviewView } from './import-preview-view';
import { isFinished, useImportJob } from './use-import-job';

interface ChosenFile {
  name: string;
  source: FileSource;
}

export function ImportDialog({ tenant, onClose }: { tenant: TenantSummary; onClose(): void }) {
  const actions = useConsoleActions();
  const { selectedTenant, importReports } = useConsoleState();
  const job = useImportJob(actions, tenant.name);
  // A finished job's report with generated passwords that was never downloaded: closing asks first.
  const unsavedReport = job.progress !== null && isFinished(job.progress) ? importReports[job.progress.jobId] : undefined;
  const [confirmClose, setConfirmClose] = useState(false);
  const close = () => (reportUnsaved(unsavedReport) ? setConfirmClose(true) : onClose());
  const closeConfirmation = confirmClose && unsavedReport !== undefined && (
    <ConfirmDialog title="Close without the report?" confirmLabel="Close without it" onCancel={() => setConfirmClose(false)} onConfirm={() => Promise.resolve(ok(true))} onDone={onClose}>
      <p>
        The report holds the {countOf(unsavedReport.generatedPasswords, 'password', 'passwords')} Enclave generated for this import; they are shown nowhere else. It stays under
        “Recent imports” in this dialog, but download it now if you can.
      </p>
    </ConfirmDialog>
  );
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [fileIssue, setFileIssue] = useState<string | undefined>(undefined);
  const [mode, setMode] = useState<ImportMode>('create');
  const [onlyValid, setOnlyValid] = useState(false);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  // The admin's column → header choice over the recognised mapping, and whether its editor is open.
  const [choice, setChoice] = useState<ColumnChoice>({});
  const [editingMapping, setEditingMapping] = useState(false);
  // The choice the shown preview was made with: a changed mapping must be previewed before it can be imported.
  const [previewedChoice, setPreviewedChoice] = useState('{}');
  const template = useCall();
  const previewCall = useCall();
  const startCall = useCall();
  // Rows of the previewed file whose new mailbox gets a generated password (read once per preview, not per render).
  const generated = useMemo(() => (preview !== null && file !== null ? generatedInPreview(preview, 'csv' in file.source ? file.source.csv : null) : 0), [preview, file]);

  // A finished job wrote mailboxes: show them in the list behind the dialog.
  const finishedJob = job.progress !== null && isFinished(job.progress) ? job.progress.jobId : null;
  useEffect(() => {
    if (finishedJob !== null && selectedTenant === tenant.name) void actions.refresh();
  }, [finishedJob, selectedTenant, tenant.name, actions]);

  const title = `Import mailboxes into ${tenant.name}`;
  if (job.progress !== null) {
    return (
      <Dialog title={title} onClose={close} size="wide">
        <ImportJobView
          imports={actions}
          progress={job.progress}
          messages={job.messages}
          failedRows={job.failedRows}
          moreFailedRows={job.moreFailedRows}
          onProgress={job.follow}
          onAnother={() => {
            job.forget();
            setFile(null);
            setPreview(null);
          }}
          onClose={close}
        />
        {closeConfirmation}
      </Dialog>
    );
  }

  const stale = preview !== null && JSON.stringify(choice) !== previewedChoice;
  const blocked = preview !== null && (stale || !preview.ready || (preview.counts.rejected > 0 && !onlyValid));
  const nothingToDo = preview !== null && preview.ready && preview.counts.create + preview.counts.update === 0;
  const mapping = Object.keys(choice).length > 0 ? { mapping: choice } : {};
  const runPreview = (chosen: ChosenFile) => {
    setPreview(null);
    setPreviewedChoice(JSON.stringify(choice));
    void previewCall.run(() => actions.previewImport({ tenant: tenant.name, ...chosen.source, ...mapping, mode })).then((result) => {
      setPreview(result);
      if (result !== null && !result.ready) setEditingMapping(true);
    });
  };

  return (
    <Dialog title={title} onClose={onClose} size="wide">
      <form
        className="import-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (file === null) {
            setFileIssue('Choose a CSV or LDIF file first.');
            return;
          }
          runPreview(file);
        }}
      >
        <div className="import-form__file">
          <Field
            label="CSV file"
            issue={fileIssue}
            hint="Enclave's template, Microsoft 365's or Google Workspace's user file, an Active Directory export (csvde), or LDIF; any encoding. The header is row 1."
          >
            {(props) => (
              <input
                {...props}
                type="file"
                className="input"
                accept=".csv,.txt,.ldif,text/csv"
                onChange={(event) => {
                  const chosen = event.target.files?.[0];
                  setPreview(null);
                  setFile(null);
                  setFileIssue(undefined);
                  setChoice({});
                  setPreviewedChoice('{}');
                  setEditingMapping(false);
                  if (chosen === undefined) return;
                  chosen.arrayBuffer().then(
                    (buffer) => setFile({ name: chosen.name, source: fileSource(new Uint8Array(buffer)) }),
                    () => setFileIssue(`Could not read ${chosen.name}.`),
                  );
                }}
              />
            )}
          </Field>
          <button
            type="button"
            className="button"
            disabled={template.busy}
            onClick={() =>
              void template.run(() => actions.importTemplateCsv({})).then((csv) => {
                if (csv !== null) downloadFile(csv.fileName, csv.csv, 'text/csv');
              })
            }
          >
            Download template
          </button>
        </div>
        {template.error !== null && <ErrorNotice title="Could not get the template" error={template.error} />}
        <Field label="Mode">
          {(props) => (
            <select
              {...props}
              className="input"
              value={mode}
              onChange={(event) => {
                setMode(event.target.value === 'upsert' ? 'upsert' : 'create');
                setPreview(null);
              }}
            >
              <option value="create">Create new mailboxes only</option>
              <option value="upsert">Create or update</option>
            </select>
          )}
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={onlyValid} onChange={(event) => setOnlyValid(event.target.checked)} />
          Import only the valid rows (otherwise a file with any rejected row is refused)
        </label>
        <div className="dialog__actions">
          <button type="submit" className="button" disabled={previewCall.busy}>
            {previewCall.busy ? 'Checking…' : 'Preview'}
          </button>
        </div>
        {previewCall.error !== null && <ErrorNotice title="The file could not be checked" error={previewCall.error} />}
      </form>
      {preview !== null && file !== null && (
        <section className="import-form__preview" aria-label="Preview">
          <ImportMappingView
            mapping={preview.mapping}
            encoding={preview.encoding}
            choice={choice}
            editing={editingMapping}
            onEdit={() => setEditingMapping(true)}
            onChange={setChoice}
            onApply={() => runPreview(file)}
            busy={previewCall.busy}
          />
          {preview.ready && <ImportPreviewView preview={preview} />}
          {preview.ready && generated > 0 && (
            <p className="notice notice--warn" role="note">
              {countOf(generated, 'new mailbox gets', 'new mailboxes get')} a generated password. Those passwords appear only in the report: download it when the import ends (it
              also stays under “Recent imports”).
            </p>
          )}
          {stale && <p className="form-note">The mapping changed: preview again before importing.</p>}
          {blocked && !stale && preview.ready && <p className="form-note">{preview.counts.rejected} row(s) are rejected: fix the file, or import only the valid rows.</p>}
          {nothingToDo && <p className="form-note">Nothing to import: no row creates or updates a mailbox.</p>}
          {startCall.error !== null && <ErrorNotice title="The import did not start" error={startCall.error} />}
          <div className="dialog__actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={blocked || nothingToDo || startCall.busy}
              onClick={() =>
                void startCall.run(() => actions.startImport({ tenant: tenant.name, ...file.source, ...mapping, mode, onlyValid, fileName: file.name })).then((started) => {
                  if (started !== null) job.follow(started);
                })
              }
            >
              {startCall.busy ? 'Starting…' : `Start import (${preview.counts.create + preview.counts.update} rows)`}
            </button>
          </div>
        </section>
      )}
      {preview === null && <RecentImports tenant={tenant.name} />}
    </Dialog>
  );
}
