/**
 * "Import mailboxes…": choose a CSV or LDIF file (its bytes go to main, which detects the encoding and the
 * format), check the column mapping, preview what it would do, then start a job in main and follow it. Closing
 * the dialog leaves the job running; opening it again shows the job.
 */
import { useEffect, useState } from 'react';
import type { ColumnChoice, ImportMode, ImportPreview } from '../../../shared/model/bulk-import';
import type { TenantSummary } from '../../../shared/model/hosting';
import { downloadFile } from '../../quota/download';
import { useConsoleActions, useConsoleApi, useConsoleState } from '../../state/store-context';
import { Dialog } from '../dialogs/dialog';
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
  const api = useConsoleApi();
  const actions = useConsoleActions();
  const selectedTenant = useConsoleState().selectedTenant;
  const job = useImportJob(api, tenant.name);
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

  // A finished job wrote mailboxes: show them in the list behind the dialog.
  const finishedJob = job.progress !== null && isFinished(job.progress) ? job.progress.jobId : null;
  useEffect(() => {
    if (finishedJob !== null && selectedTenant === tenant.name) void actions.refresh();
  }, [finishedJob, selectedTenant, tenant.name, actions]);

  const title = `Import mailboxes into ${tenant.name}`;
  if (job.progress !== null) {
    return (
      <Dialog title={title} onClose={onClose} size="wide">
        <ImportJobView
          api={api}
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
          onClose={onClose}
        />
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
    void previewCall.run(() => api.previewImport({ tenant: tenant.name, ...chosen.source, ...mapping, mode })).then((result) => {
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
              void template.run(() => api.importTemplateCsv({})).then((csv) => {
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
                void startCall.run(() => api.startImport({ tenant: tenant.name, ...file.source, ...mapping, mode, onlyValid, fileName: file.name })).then((started) => {
                  if (started !== null) job.follow(started);
                })
              }
            >
              {startCall.busy ? 'Starting…' : `Start import (${preview.counts.create + preview.counts.update} rows)`}
            </button>
          </div>
        </section>
      )}
    </Dialog>
  );
}
