/** An error shown where the failure happened, in main's words, with an optional way to try again. */
import type { EnclaveError } from '../../shared/errors';
import { describeError } from '../format/describe-error';

interface ErrorNoticeProps {
  /** What was being attempted, e.g. "Could not load tenants". */
  title: string;
  error: EnclaveError;
  onRetry?: () => void;
  retryLabel?: string;
}

export function ErrorNotice({ title, error, onRetry, retryLabel = 'Try again' }: ErrorNoticeProps) {
  const { message, detail } = describeError(error);
  return (
    <div className="error-notice" role="alert">
      <p className="error-notice__title">{title}</p>
      <p className="error-notice__message">{message}</p>
      {detail !== null && <p className="error-notice__detail">{detail}</p>}
      {onRetry !== undefined && (
        <button type="button" className="button" onClick={onRetry}>
          {retryLabel}
        </button>
      )}
    </div>
  );
}
