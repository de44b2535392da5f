/**
 * Multi-entry writes without server transactions: entries are added in order and, when one fails, the
 * ones already added are removed again (newest first) so nothing half-written remains.
 */
import { failure, type EnclaveFailure } from '../../shared/errors';
import type { DirectoryConnection } from '../directory/directory-connection';
import { parseDn } from '../directory/dn';
import type { EntryAttributes } from './hosting-dialect';

export interface AddStep {
  dn: string;
  attributes: EntryAttributes;
  /** The error to report when this entry already exists (default: the server's). */
  onExists?: () => EnclaveFailure;
}

/** Adds every entry or none of them. */
export async function writeAllOrNothing(connection: DirectoryConnection, steps: AddStep[]): Promise<void> {
  const written: string[] = [];
  for (const step of steps) {
    try {
      await connection.add(step.dn, step.attributes);
      written.push(step.dn);
    } catch (error) {
      await removeAll(connection, written.reverse());
      const kind = (error as EnclaveFailure).error?.kind;
      if (kind === 'already-exists' && step.onExists) throw step.onExists();
      throw error;
    }
  }
}

/** Best-effort removal of entries in order (used to undo partial writes). */
export async function removeAll(connection: DirectoryConnection, dns: string[]): Promise<void> {
  for (const dn of dns) {
    await connection.delete(dn).catch(() => {});
  }
}

/** Deletes `dn` and everything below it, deepest entries first (OpenLDAP has no tree-delete control). */
export async function deleteSubtree(connection: DirectoryConnection, dn: string): Promise<void> {
  const dns: string[] = [];
  for await (const page of connection.searchPages(dn, { scope: 'sub', attributes: ['1.1'], pageSize: 1000 })) {
    for (const entry of page) dns.push(entry.dn);
  }
  if (dns.length === 0) throw failure({ kind: 'not-found', target: dn, message: `Nothing to delete at ${dn}.` });
  const depth = (entryDn: string) => parseDn(entryDn).length;
  dns.sort((a, b) => depth(b) - depth(a));
  for (const entryDn of dns) await connection.delete(entryDn);
}
