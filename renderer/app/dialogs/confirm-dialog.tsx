/** Asks before a destructive or limit-breaking action, naming exactly what will happen; shows the failure in place. */
import { useState, type ReactNode } from 'react';
import type { EnclaveError, Result } from '../../../shared/errors';
import { ErrorNotice } from '../error-notice';
import { Dialog } from './dialog';

interface ConfirmDialogProps {
  title: string;
  /** What will go, in full: "the mailbox ada (ada@acme.test) and its 3 group memberships". */
  children: ReactNode;
  confirmLabel: string;
  onConfirm(): Promise<Result<unknown>>;
  onDone(): void;
  onCancel(): void;
  /** danger (default): something is removed; caution: it goes through, but past a limit. */
  tone?: 'danger' | 'caution';
}

export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onDone, onCancel, tone = 'danger' }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<EnclaveError | null>(null);
  return (
    <Dialog title={title} onClose={onCancel}>
      <div className="confirm__text">{children}</div>
      {error !== null && <ErrorNotice title={`${confirmLabel} failed`} error={error} />}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className={tone === 'danger' ? 'button button--danger' : 'button button--primary'}
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onConfirm().then((result) => {
              setBusy(false);
              if (result.ok) onDone();
              else setError(result.error);
            });
          }}
        >
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
