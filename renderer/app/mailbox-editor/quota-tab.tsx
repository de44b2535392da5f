/** The mailbox quota, with how much of the tenant's storage pool is allocated and left. */
import { useEffect, useState } from 'react';
import type { EnclaveError } from '../../../shared/errors';
import type { Mailbox, TenantUsage } from '../../../shared/model/hosting';
import { formatBytes } from '../../format/format-bytes';
import { parseQuota } from '../../format/quota-units';
import type { DraftIssues, MailboxDraft } from '../../state/mailbox-draft';
import { useConsoleActions } from '../../state/store-context';
import { ErrorNotice } from '../error-notice';
import { QuotaInput } from '../quota-input';

interface QuotaTabProps {
  mailbox: Mailbox;
  draft: MailboxDraft;
  issues: DraftIssues;
  readOnly: boolean;
  onChange(draft: MailboxDraft): void;
}

export function QuotaTab({ mailbox, draft, issues, readOnly, onChange }: QuotaTabProps) {
  const actions = useConsoleActions();
  const [usage, setUsage] = useState<TenantUsage | null>(null);
  const [error, setError] = useState<EnclaveError | null>(null);
  useEffect(() => {
    let live = true;
    void actions.getTenantUsage({ tenant: mailbox.tenant }).then((result) => {
      if (!live) return;
      if (result.ok) setUsage(result.value);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [actions, mailbox.tenant, mailbox.revision]);

  const parsed = parseQuota(draft.quotaAmount, draft.quotaUnit);
  const delta = parsed.ok ? (parsed.bytes ?? 0) - (mailbox.quotaBytes ?? 0) : 0;
  return (
    <div className="form-grid">
      <QuotaInput label="Mailbox quota" amount={draft.quotaAmount} unit={draft.quotaUnit} issue={issues['quota']} hint="Leave empty for no quota of its own." readOnly={readOnly} onChange={(quotaAmount, quotaUnit) => onChange({ ...draft, quotaAmount, quotaUnit })} />
      {error !== null && <ErrorNotice title="Could not read the tenant’s storage pool" error={error} />}
      {usage !== null && (
        <dl className="usage" aria-label="Storage pool of the tenant">
          <div>
            <dt>Storage pool</dt>
            <dd>{usage.storagePoolBytes === null ? 'No limit' : formatBytes(usage.storagePoolBytes)}</dd>
          </div>
          <div>
            <dt>Allocated to mailboxes</dt>
            <dd>{formatBytes(usage.allocatedBytes)}</dd>
          </div>
          {usage.remainingBytes !== null && (
            <div>
              <dt>Left in the pool</dt>
              <dd>
                {formatBytes(usage.remainingBytes)}
                {delta !== 0 && ` (${formatBytes(Math.max(usage.remainingBytes - delta, 0))} after this change)`}
              </dd>
            </div>
          )}
          {usage.remainingBytes !== null && delta > usage.remainingBytes && !usage.allowOvercommit && (
            <p className="field__issue" role="alert">
              This quota needs {formatBytes(delta)} more than the mailbox has, but only {formatBytes(usage.remainingBytes)} is left in the pool.
            </p>
          )}
        </dl>
      )}
    </div>
  );
}
