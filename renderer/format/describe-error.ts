/** Turns an EnclaveError into the lines shown next to whatever failed. */
import type { EnclaveError } from '../../shared/errors';

export interface ErrorDescription {
  /** The administrator-facing sentence main wrote. */
  message: string;
  /** Technical detail worth quoting to a directory admin: LDAP result code and the server's words. */
  detail: string | null;
}

export function describeError(error: EnclaveError): ErrorDescription {
  const parts: string[] = [];
  if ('ldapCode' in error) parts.push(`LDAP result code ${error.ldapCode}`);
  // The server's diagnostic is only worth showing when it adds something to the message.
  if ('serverMessage' in error && error.serverMessage.trim() !== '' && !error.message.includes(error.serverMessage)) {
    parts.push(`server said: ${error.serverMessage.trim()}`);
  }
  if (error.kind === 'tls-verification-failed') parts.push(error.reason);
  if (error.kind === 'invalid-input') {
    for (const issue of error.issues) parts.push(issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message);
  }
  return { message: error.message, detail: parts.length > 0 ? parts.join(' · ') : null };
}
