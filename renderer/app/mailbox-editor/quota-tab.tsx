/**
 * The mailbox quota, with how much of the tenant's storage pool is allocated and left, before and after the
 * change typed. Every size in one format; no preview for a value that is not a quota.
 */
import type { EnclaveError } from '../../../shared/errors';
import type { Mailbox, TenantUsage } from '../../../shared/model/hosting';
import { formatBytes } from '../../format/format-bytes';
import { formatPool } from '../../format/format-number';
import { parseQuota } from '../../format/quota-units';
import type { DraftIssues, MailboxDraft } from '../../state/mailbox-draft';
import { ErrorNotice } from '../error-notice';
import { QuotaInput } from '../quota-input';

interface QuotaTabProps {
  mailbox: Mailbox;
  draft: MailboxDraft;
  issues: DraftIssues;
  readOnly: boolean;
  usage: TenantUsage | null;
  usageError: EnclaveError | null;
  onChange(draft: MailboxDraft): void;
}

export function QuotaTab({ mailbox, draft, issues, readOnly, usage, usageError, onChange }: QuotaTabProps) {
  const parsed = parseQuota(draft.quotaAmount, draft.quotaUnit);
  // What the pool gains (negative) or loses with the typed quota; no quota of its own takes nothing from it.
  const delta = parsed.ok && issues['quota'] === undefined ? (parsed.bytes ?? 0) - (mailbox.quotaBytes ?? 0) : null;
  return (
    <div className="form-grid">
      <QuotaInput label="Mailbox quota" amount={draft.quotaAmount} unit={draft.quotaUnit} issue={issues['quota']} hint="Leave empty for no quota of its own (unlimited)." readOnly={readOnly} onChange={(quotaAmount, quotaUnit) => onChange({ ...draft, quotaAmount, quotaUnit })} />
      {usageError !== null && <ErrorNotice title="Could not read the tenant’s storage pool" error={usageError} />}
      {usage !== null && (
        <dl className="usage" aria-label="Storage pool of the tenant">
          <div>
            <dt>Storage pool</dt>
            <dd>{formatPool(usage.storagePoolBytes)}</dd>
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
                {delta !== null && delta !== 0 && ` (${formatBytes(Math.max(usage.remainingBytes - delta, 0))} after this change)`}
              </dd>
            </div>
          )}
          {usage.allowOvercommit && usage.storagePoolBytes !== null && <p className="form-note">This tenant allows quotas to add up to more than its pool.</p>}
        </dl>
      )}
    </div>
  );
}
