/**
 * Turns an EnclaveError into what the console shows: a sentence in words (no DNs, no result codes), and the
 * technical detail — main's own message, the LDAP result code, the server's words — kept one click away.
 */
import type { EnclaveError } from '../../shared/errors';
import { formatSizesInText } from './format-number';

export interface ErrorDescription {
  /** What happened and what to do, in words an administrator can act on. */
  message: string;
  /** Everything technical, for a directory admin or a bug report; null when there is nothing more. */
  detail: string | null;
}

/** A distinguished name ("uid=ann,ou=people,ou=Globex\\, Inc.,dc=…"): two or more RDNs; the last holds no spaces and does not end a sentence. */
const dn = String.raw`(?:[A-Za-z][\w-]*=(?:\\.|[^,=()\\])+,\s*)+(?:[A-Za-z][\w-]*=[^,=()\s\\]*[^,=()\s\\.]…?|…)`;
const bracketedDn = new RegExp(String.raw`\s*\(${dn}\)`, 'g');
const bareDn = new RegExp(String.raw`\b${dn}`, 'g');

/** Main's sentence without the technical parts: DNs, "Code: 0x13", "LDAP result code 19", empty brackets left behind. */
export function plainWords(text: string): string {
  return formatSizesInText(text)
    .replace(bracketedDn, '')
    .replace(bareDn, 'the entry')
    .replace(/\s*Code: 0x[0-9a-f]+/gi, '')
    .replace(/\s*\(?LDAP result code \d+\)?/gi, '')
    .replace(/\(\s*\)/g, '')
    .replace(/\s+([:.,;])/g, '$1')
    .replace(/([.:])\.+/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** What the server's own words mean, for the refusals administrators meet every day. */
function serverRefusal(serverMessage: string): string | null {
  const said = serverMessage.toLowerCase();
  if (/password/.test(said) && /(quality|too short|length|complex|history|in history|restriction)/.test(said)) {
    return "The directory's password policy refused this password: it is too short, too simple or was used before. Choose a longer one.";
  }
  if (/non-unique|unique|already in use|duplicate/.test(said)) return 'Another entry in the directory already uses this value (an address or login must be unique).';
  if (/quota|ceiling|size limit/.test(said)) return "This would go past a limit the directory enforces for the tenant.";
  if (/locked/.test(said)) return 'The account is locked after too many failed sign-ins.';
  return null;
}

/** The sentence for each kind of failure; main's message stays in the detail. */
function wordsFor(error: EnclaveError): string {
  switch (error.kind) {
    case 'invalid-input':
    case 'already-exists':
    case 'address-in-use':
    case 'conflict':
    case 'sandbox-unavailable':
      // Main's own sentence names the field, the address or the change; it only loses its technical parts.
      return plainWords(error.message);
    case 'not-found':
      return plainWords(error.message) || 'It no longer exists, or your account may not see it.';
    case 'invalid-credentials':
      return 'The directory did not accept the sign-in name or password. Check both: after repeated failures the account may be locked.';
    case 'server-unreachable':
      return 'The directory server cannot be reached. Check the address and port, and that the server is running.';
    case 'tls-verification-failed':
      return "The server's certificate is not trusted. Add the CA certificate that signed it to the connection, or check the server name.";
    case 'tls-unavailable':
      return 'This server does not offer encryption (StartTLS). Connect with ldaps:// if it has that, turn TLS on at the server, or choose “None” only on a trusted network.';
    case 'connection-lost':
      return 'The connection to the directory was lost. It is made again on your next action: try again.';
    case 'not-connected':
      return 'Not connected to a directory. Choose one in Connections.';
    case 'insufficient-access':
      return 'Your account is not allowed to do this here.';
    case 'not-empty':
      return 'It still contains entries: remove them first.';
    case 'policy-violation':
      return serverRefusal(error.serverMessage) ?? "The directory's rules refused this change.";
    case 'ldap':
      return serverRefusal(error.serverMessage) ?? 'The directory refused this request.';
    case 'audit-unavailable':
      return 'Nothing was changed: the audit journal could not be written, and no change is made without it.';
    case 'internal':
      return 'Something went wrong inside Enclave. Nothing is known to have changed; try again, and report it if it persists.';
  }
}

export function describeError(error: EnclaveError): ErrorDescription {
  const message = wordsFor(error);
  const parts: string[] = [];
  if (formatSizesInText(error.message).trim() !== message) parts.push(error.message.trim());
  if ('ldapCode' in error) parts.push(`LDAP result code ${error.ldapCode}`);
  // The server's diagnostic is only worth showing when it adds something to what is already there.
  if ('serverMessage' in error && error.serverMessage.trim() !== '' && !error.message.includes(error.serverMessage.trim())) {
    parts.push(`server said: ${error.serverMessage.trim()}`);
  }
  if (error.kind === 'tls-verification-failed') parts.push(error.reason);
  if (error.kind === 'server-unreachable' || error.kind === 'tls-verification-failed' || error.kind === 'tls-unavailable') parts.push(error.url);
  if (error.kind === 'invalid-input') {
    for (const issue of error.issues) parts.push(issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message);
  }
  const detail = parts.filter((part, index) => part !== '' && parts.indexOf(part) === index);
  return { message, detail: detail.length > 0 ? detail.join(' · ') : null };
}
