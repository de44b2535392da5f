/**
 * One line of the journal (JSONL, canonical JSON): an intent written before a change is sent, the outcome
 * written after, and for an outcome that stayed unknown a reconciliation written on a later connection. Each
 * carries the whole change, so any one alone describes it.
 */
import { createHash } from 'node:crypto';
import type { AuditChange, AuditConfirmation, AuditRecord, AuditWriteKind } from '../../shared/model/audit';
import { canonicalJson } from './canonical-json';

/** The hash before the first record. */
export const genesisHash = '0'.repeat(64);

/** What a caller states about a write; the journal adds sequence, time and the chain. */
export interface JournalWrite {
  actor: string;
  workstation: string;
  tenant: string | null;
  operation: string;
  callId: string | null;
  kind: AuditWriteKind;
  target: string;
  newTarget: string | null;
  changes: AuditChange[];
  /**
   * Values read before a write that changes a secret, which the server updates with it (pwdChangedTime,
   * pwdLastSet): not secret themselves, they let a lost response be settled by reading them back.
   */
  witness?: Record<string, string[]>;
}

export interface JournalLine extends JournalWrite {
  v: 1;
  seq: number;
  time: string;
  /** reconciliation: a later line settling an outcome that was unknown (the journal is append-only). */
  phase: 'intent' | 'outcome' | 'reconciliation';
  /** The intent's seq (an intent names itself). */
  intentSeq: number;
  result: 'pending' | 'ok' | 'failed' | 'unknown';
  error: { kind: string; ldapCode: number | null; message: string } | null;
  /** How the result was found when the server's answer was lost (absent in older lines and in answered ones). */
  confirmation?: AuditConfirmation;
  /** SHA-256 (hex) of the previous line's canonical form. */
  prev: string;
  /** SHA-256 (hex) of this line's canonical form without `hash`. */
  hash: string;
}

/** SHA-256 of the line's canonical form, `hash` left out. */
export function lineHash(line: Omit<JournalLine, 'hash'> & { hash?: string }): string {
  const { hash: _ignored, ...rest } = line;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** The record the viewer shows for a line (an intent without outcome has result "unknown"). */
export function recordOfLine(line: JournalLine): AuditRecord {
  return {
    id: `console:${line.intentSeq}`,
    source: 'console',
    time: line.time,
    actor: line.actor,
    workstation: line.workstation,
    tenant: line.tenant,
    operation: line.operation,
    kind: line.kind,
    target: line.target,
    newTarget: line.newTarget,
    changes: line.changes,
    result: line.result === 'pending' ? 'unknown' : line.result,
    error: line.error,
    callId: line.callId,
    ...(line.confirmation ? { confirmation: line.confirmation } : {}),
  };
}
