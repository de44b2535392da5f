/**
 * A mailbox's revision (the editor's conflict check): a digest of the attributes the console reads, not the
 * server's change stamp. The stamp moves on writes the console neither makes nor shows: on AD the user's first
 * logon writes lastLogonTimestamp (measured on Samba: a bind moved uSNChanged 4026 → 4028), on OpenLDAP ppolicy
 * writes pwdFailureTime on every mistyped password (measured: entryCSN moved) — so an edit saved meanwhile was
 * refused as "changed by someone else". The digest moves exactly when what the editor shows changes, and is the
 * same on every replica, where uSNChanged is per DC.
 */
import { createHash } from 'node:crypto';
import type { Entry } from 'ldapts';
import { values } from '../directory/entry';

/** The digest of `attributes` of `entry` (values sorted: their order on the wire carries no meaning). */
export function contentRevision(entry: Entry, attributes: readonly string[]): string {
  const hash = createHash('sha256');
  for (const attribute of attributes) hash.update(JSON.stringify([attribute.toLowerCase(), values(entry, attribute).sort()]));
  return hash.digest('base64url').slice(0, 22);
}
