/**
 * A bulk-import chunk as the console's audit journal records it: one intent (fsynced before any of the chunk's
 * writes is sent) and one outcome. Journaling each row would cost an fsync per row and cap a job near 100
 * rows/s; per chunk it is one per 500 rows. The per-row detail stays in the job's own files (audit.jsonl).
 */
import type { AuditChange } from '../../shared/model/audit';
import { secretPlaceholder } from '../../shared/model/audit';
import { leafValue } from '../directory/dn';
import type { EntryAttributes } from '../hosting/hosting-dialect';
import { isSecretAttribute } from '../audit/secret-attributes';
import type { AuditedChange, BatchOutcome } from '../audit/journaled-write';
import type { EnclaveError } from '../../shared/errors';
import type { RowPlan } from './import-plan';

/** The journal's operation name for import chunks. */
export const bulkImportOperation = 'bulk import';

/** A row about to be written: its plan and, for a create, the entry that will be added. */
export interface ChunkWrite {
  plan: RowPlan;
  entry: EntryAttributes | null;
}

/**
 * One intent for the chunk: per row the login, create or update, the attribute names written (secrets as
 * "(set)", values left to the job's files) and the groups joined or left.
 */
export function chunkChange(writes: readonly ChunkWrite[], target: string, actor: string, passwordByHook: boolean): AuditedChange {
  const groupNames = new Map<string, string>();
  const groupName = (dn: string) => {
    let name = groupNames.get(dn);
    if (name === undefined) groupNames.set(dn, (name = leafValue(dn)));
    return name;
  };
  const changes: AuditChange[] = writes.map(({ plan, entry }) => {
    const names = entry ? Object.keys(entry).filter((name) => name !== 'objectClass') : [...new Set((plan.modifications ?? []).map((change) => change.modification.type))];
    const after = [entry ? 'create' : 'update', ...names.map((name) => (isSecretAttribute(name) ? `${name}: ${secretPlaceholder}` : name))];
    // Flavors that set the password after the add (AD) still set one: say so.
    if (entry && passwordByHook && plan.create) after.push(`password: ${secretPlaceholder}`);
    for (const dn of plan.joinGroups) after.push(`joins ${groupName(dn)}`);
    for (const dn of plan.leaveGroups) after.push(`leaves ${groupName(dn)}`);
    return { attribute: plan.login, op: entry ? 'add' : 'replace', before: null, after };
  });
  return { actor, kind: writes.every((write) => write.entry) ? 'add' : 'modify', target, changes, operation: bulkImportOperation };
}

/** What a chunk's writes came to: rows refused (by login) and a lost connection, if any. */
export interface ChunkSent {
  failed: { login: string; row: number; message: string }[];
  lost: EnclaveError | null;
  rows: number;
}

/** The chunk's outcome record: ok; failed with how many rows failed and the first reason; unknown when the connection was lost mid-chunk. */
export function chunkOutcome(sent: ChunkSent): BatchOutcome {
  if (sent.lost) {
    return { result: 'unknown', error: { kind: sent.lost.kind, ldapCode: null, message: `${sent.lost.message} The chunk's ${sent.rows} rows are unconfirmed; resuming the job re-checks them.` } };
  }
  const first = sent.failed[0];
  if (!first) return { result: 'ok', error: null };
  return { result: 'failed', error: { kind: 'rows-failed', ldapCode: null, message: `${sent.failed.length} of ${sent.rows} rows failed; first: row ${first.row} (${first.login}): ${first.message}` } };
}
