/**
 * An error shown where the failure happened: what went wrong in words, the technical detail (main's message,
 * the LDAP code, the server's words) one click away under "Technical detail", and an optional retry.
 */
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
      {detail !== null && (
        <details className="error-notice__more">
          <summary>Technical detail</summary>
          <p className="error-notice__detail">{detail}</p>
        </details>
      )}
      {onRetry !== undefined && (
        <button type="button" className="button" onClick={onRetry}>
          {retryLabel}
        </button>
      )}
    </div>
  );
}
