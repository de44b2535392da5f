/**
 * A mailbox's revision on AD (the editor's conflict check): a digest of the attributes the console reads, not
 * uSNChanged. uSNChanged moves on writes the console neither makes nor shows — the user's first logon writes
 * lastLogonTimestamp (and again every 9–14 days), the DC writes password and logon bookkeeping — so an edit saved
 * after the mailbox's user had signed in was refused as "changed by someone else" (measured on Samba: a bind moved
 * uSNChanged 4026 → 4028). The digest moves exactly when what the editor shows changes, and it is the same on every
 * DC, where uSNChanged is per DC.
 */
import { createHash } from 'node:crypto';
import type { Entry } from 'ldapts';
import { values } from '../../directory/entry';

/** The digest of `attributes` of `entry` (values sorted: their order on the wire carries no meaning). */
export function contentRevision(entry: Entry, attributes: readonly string[]): string {
  const hash = createHash('sha256');
  for (const attribute of attributes) hash.update(JSON.stringify([attribute.toLowerCase(), values(entry, attribute).sort()]));
  return hash.digest('base64url').slice(0, 22);
}
