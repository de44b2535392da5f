/**
 * Quoting for values placed in slapd configuration text (olcAccess, olcConstraintAttribute). slapd's
 * config tokenizer ends a quoted value at the next `"` and keeps backslashes as they are (measured: a
 * doubled backslash reaches the DN parser doubled). So a value is quoted as it is and any value holding a
 * `"` or a control character is refused: DNs from the server never hold a raw `"` (it is escaped `\22`),
 * and our regexes never use one. A tenant name can therefore never close the quotes and add clauses.
 */
import { failure } from '../../../../shared/errors';

/** `"value"`, refusing values that could end the quoted string or the line. */
export function quoteConfigValue(value: string): string {
  if (/["\u0000-\u001f\u007f]/.test(value)) {
    throw failure({
      kind: 'invalid-input',
      message: `A double quote or control character cannot appear in a generated slapd rule: ${JSON.stringify(value)}`,
      issues: [{ path: ['rule'], message: 'unquotable value' }],
    });
  }
  return `"${value}"`;
}

/**
 * A DN as the base of an LDAP URL (RFC 4516): every character outside the unreserved set is
 * percent-encoded, so `?`, `%`, `,` and quotes in tenant names cannot end the DN part of the URL.
 */
export function escapeUrlDn(dn: string): string {
  return encodeURIComponent(dn).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}
