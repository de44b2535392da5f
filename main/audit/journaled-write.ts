/**
 * The one sequence every audited change follows: write and fsync the intent, send the change only when
 * that worked (fail closed), then record the outcome. Used for directory writes and for cn=config rule
 * changes alike.
 */
import { hostname } from 'node:os';
import type { EnclaveError } from '../../shared/errors';
import type { AuditChange, AuditWriteKind } from '../../shared/model/audit';
import { toEnclaveError } from '../directory/ldap-errors';
import { currentAuditContext } from './audit-context';
import type { AuditJournal } from './audit-journal';
import type { JournalLine } from './journal-line';

/** What is changed, by whom. */
export interface AuditedChange {
  actor: string;
  kind: AuditWriteKind;
  target: string;
  newTarget?: string | null;
  changes: AuditChange[];
  /** Used when no call context names the operation. */
  operation?: string;
  workstation?: string;
  /** Names the tenant of a DN (the directory's layout); without it the call's tenant is recorded. */
  tenantOf?: (dn: string) => string | null;
}

/** Journals `change` around `send`; `send` never runs when the intent cannot be written. */
export async function journaledWrite(journal: AuditJournal, change: AuditedChange, send: () => Promise<void>): Promise<void> {
  await journaledBatch(journal, change, send, () => ({ result: 'ok', error: null }));
}

/** How a batch of writes ended, as its outcome record says it. */
export interface BatchOutcome {
  result: 'ok' | 'failed';
  error: JournalLine['error'];
}

/**
 * The same sequence for a batch of writes under one record (a bulk-import chunk): `judge` turns what `send`
 * returns into the outcome, so rows that failed inside a batch that ran are recorded without throwing.
 */
export async function journaledBatch<T>(journal: AuditJournal, change: AuditedChange, send: () => Promise<T>, judge: (sent: T) => BatchOutcome): Promise<T> {
  const context = currentAuditContext();
  const intent = await journal.recordIntent({
    actor: change.actor,
    workstation: change.workstation ?? hostname(),
    tenant: change.tenantOf?.(change.target) ?? context?.tenant ?? null,
    operation: context?.operation ?? change.operation ?? 'directory write',
    callId: context?.callId ?? null,
    kind: change.kind,
    target: change.target,
    newTarget: change.newTarget ?? null,
    changes: change.changes,
  });
  let sent: T;
  try {
    sent = await send();
  } catch (error) {
    await recordOutcome(journal, intent, 'failed', toEnclaveError(error));
    throw error;
  }
  const outcome = judge(sent);
  await appendOutcome(journal, intent, outcome);
  return sent;
}

/** The change already happened (or failed) on the server: a lost outcome leaves the record "unknown", never undoes it. */
async function recordOutcome(journal: AuditJournal, intent: JournalLine, result: 'ok' | 'failed', error: EnclaveError | null): Promise<void> {
  const shown = error === null ? null : { kind: error.kind, ldapCode: 'ldapCode' in error ? error.ldapCode : null, message: error.message };
  await appendOutcome(journal, intent, { result, error: shown });
}

async function appendOutcome(journal: AuditJournal, intent: JournalLine, outcome: BatchOutcome): Promise<void> {
  await journal.recordOutcome(intent, outcome).catch((problem: unknown) => {
    console.error(`audit journal: the outcome of change ${intent.seq} could not be written`, problem);
  });
}
