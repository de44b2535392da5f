/**
 * Search entries as LDIF (RFC 2849): text values as the directory's ldif.ts writes them, bytes base64-encoded.
 * Secrets (password hashes, their history) are never written, whoever reads them: an exit package leaves the host.
 */
import type { Entry } from 'ldapts';
import { isSecretAttribute } from '../audit/secret-attributes';
import { ldifLine } from '../directory/ldif';

/** One entry's record, attributes in the order the server returned them; secrets and attributes without values left out. */
export function entryLdif(entry: Entry): string {
  const lines = [ldifLine('dn', entry.dn)];
  for (const [name, raw] of Object.entries(entry)) {
    if (name === 'dn' || isSecretAttribute(name)) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      lines.push(Buffer.isBuffer(value) ? `${name}:: ${value.toString('base64')}` : ldifLine(name, value));
    }
  }
  return lines.length > 1 ? `${lines.join('\n')}\n\n` : '';
}

/** Every entry, with a version line first. */
export const entriesLdif = (entries: readonly Entry[]): string => `version: 1\n\n${entries.map(entryLdif).join('')}`;
