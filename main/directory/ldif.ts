/** Writes LDIF (RFC 2849) text; values that are not SAFE-STRINGs are base64-encoded instead of escaped by hand. */

/** An entry's attributes in the order they should be written; a list means several values. */
export type LdifAttributes = Record<string, string | readonly string[]>;

// SAFE-INIT-CHAR then SAFE-CHARs (RFC 2849); a trailing space is also encoded because parsers may trim it.
const SAFE_STRING = /^(?:[\x01-\x09\x0b\x0c\x0e-\x1f\x21-\x39\x3b\x3d-\x7f](?:[\x01-\x09\x0b\x0c\x0e-\x7f]*[\x01-\x09\x0b\x0c\x0e-\x1f\x21-\x7f])?)?$/;

/** One `name: value` line, or `name:: base64` when the value needs it. */
export function ldifLine(name: string, value: string): string {
  return SAFE_STRING.test(value) ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

/** One entry (dn line then its attributes), ending with the blank line that separates records. */
export function ldifEntry(dn: string, attributes: LdifAttributes): string {
  const lines = [ldifLine('dn', dn)];
  for (const [name, value] of Object.entries(attributes)) {
    const values = typeof value === 'string' ? [value] : value;
    for (const single of values) lines.push(ldifLine(name, single));
  }
  return `${lines.join('\n')}\n\n`;
}
