/**
 * Checkpoint entries in the directory (docs/audit.md, "Anchors"): one new entry per checkpoint, named by its
 * sequence number and console id (`enclaveCheckpointSeq=N+enclaveConsoleId=ID,ou=audit,ou=host,SUFFIX`), never
 * changed afterwards — the server's rules allow adding them and nothing else.
 */
import { DN, EqualityFilter } from 'ldapts';
import type { AuditCheckpoint } from '../../shared/model/audit';
import type { DirectoryConnection } from '../directory/directory-connection';
import { first } from '../directory/entry';
import { checkpointAttributes, checkpointObjectClass } from './checkpoint-schema';

/** What one checkpoint states. */
export type CheckpointFacts = Omit<AuditCheckpoint, 'dn' | 'author'>;

/** The DN of a checkpoint: a multi-valued RDN of its sequence number and console id, below `container`. */
export function checkpointDn(container: string, consoleId: string, seq: number): string {
  const rdn = new DN().addRDN({ enclaveCheckpointSeq: String(seq), enclaveConsoleId: consoleId }).toString();
  return `${rdn},${container}`;
}

/** The entry's attributes. */
export function checkpointEntry(facts: CheckpointFacts): Record<string, string | string[]> {
  return {
    objectClass: checkpointObjectClass,
    enclaveConsoleId: facts.consoleId,
    enclaveCheckpointSeq: String(facts.seq),
    enclaveCheckpointHash: facts.hash,
    enclaveCheckpointTime: generalizedTimeWithMs(facts.time),
    enclaveWorkstation: facts.workstation,
  };
}

/** Every checkpoint below `container` this identity may read (host staff: all; a tenant admin: its own). */
export async function readCheckpoints(connection: DirectoryConnection, container: string): Promise<AuditCheckpoint[]> {
  const entries = await connection.search(container, {
    scope: 'one',
    filter: new EqualityFilter({ attribute: 'objectClass', value: checkpointObjectClass }),
    attributes: [...checkpointAttributes, 'creatorsName'],
  });
  return entries.map((entry) => ({
    consoleId: first(entry, 'enclaveConsoleId').toLowerCase(),
    seq: Number(first(entry, 'enclaveCheckpointSeq')),
    hash: first(entry, 'enclaveCheckpointHash').toLowerCase(),
    time: isoOfGeneralized(first(entry, 'enclaveCheckpointTime')),
    workstation: first(entry, 'enclaveWorkstation'),
    author: first(entry, 'creatorsName') || null,
    dn: entry.dn,
  }));
}

/** "2025-01-02T03:04:05.678Z" → "20250102030405.678Z" (GeneralizedTime keeps the milliseconds). */
function generalizedTimeWithMs(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:T]/g, '');
}

function isoOfGeneralized(value: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d+))?Z$/.exec(value);
  if (!match) return value;
  const [, y, mo, d, h, mi, s, fraction = '0'] = match;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}.${fraction.padEnd(3, '0').slice(0, 3)}Z`;
}
