/**
 * The one sequence every audited change follows: write and sync the intent, send the change only when that
 * worked (fail closed), then record the outcome. The outcome is what the server said; when it said nothing (the
 * connection dropped, the answer timed out, the server fell silent) the target is read back and the outcome says
 * what was found: applied, not applied, or unknown (reconciled on a later connection). Used for directory writes
 * and for cn=config rule changes alike.
 */
import { hostname } from 'node:os';
import type { AuditChange, AuditWriteKind } from '../../shared/model/audit';
import { toEnclaveError } from '../directory/ldap-errors';
import { deliveryOf } from '../directory/write-delivery';
import { currentAuditContext } from './audit-context';
import type { AuditJournal, OutcomeWrite } from './audit-journal';
import type { JournalLine } from './journal-line';
import type { ReadBackFinding } from './outcome-read-back';

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
  /** Values the server moves with a secret (see JournalWrite.witness). */
  witness?: Record<string, string[]>;
}

/** Reads the target of a write whose response was lost and says whether it holds the change. */
export type ReadBack = (intent: JournalLine) => Promise<ReadBackFinding>;

/**
 * Journals `change` around `send`; `send` never runs when the intent cannot be written. A write whose response was
 * lost but that `readBack` finds applied returns normally: the server holds the change.
 */
export async function journaledWrite(journal: AuditJournal, change: AuditedChange, send: () => Promise<void>, readBack?: ReadBack): Promise<void> {
  const intent = await recordIntent(journal, change);
  try {
    await send();
  } catch (error) {
    const outcome = await outcomeOfFailure(error, intent, readBack);
    await appendOutcome(journal, intent, outcome);
    if (outcome.result === 'ok') return;
    throw error;
  }
  await appendOutcome(journal, intent, { result: 'ok', error: null });
}

/** How a batch of writes ended, as its outcome record says it. */
export interface BatchOutcome {
  result: 'ok' | 'failed' | 'unknown';
  error: JournalLine['error'];
}

/**
 * The same sequence for a batch of writes under one record (a bulk-import chunk): `judge` turns what `send`
 * returns into the outcome, so rows that failed inside a batch that ran are recorded without throwing. When `send`
 * itself throws after sending, part of the batch may have been applied: the outcome is unknown.
 */
export async function journaledBatch<T>(journal: AuditJournal, change: AuditedChange, send: () => Promise<T>, judge: (sent: T) => BatchOutcome): Promise<T> {
  const intent = await recordIntent(journal, change);
  let sent: T;
  try {
    sent = await send();
  } catch (error) {
    await appendOutcome(journal, intent, await outcomeOfFailure(error, intent));
    throw error;
  }
  await appendOutcome(journal, intent, judge(sent));
  return sent;
}

function recordIntent(journal: AuditJournal, change: AuditedChange): Promise<JournalLine> {
  const context = currentAuditContext();
  return journal.recordIntent({
    actor: change.actor,
    workstation: change.workstation ?? hostname(),
    tenant: change.tenantOf?.(change.target) ?? context?.tenant ?? null,
    operation: context?.operation ?? change.operation ?? 'directory write',
    callId: context?.callId ?? null,
    kind: change.kind,
    target: change.target,
    newTarget: change.newTarget ?? null,
    changes: change.changes,
    ...(change.witness ? { witness: change.witness } : {}),
  });
}

/**
 * A refusal the server answered, or a write that never left, is `failed`. A write sent without an answer is read
 * back: applied (`ok`), not applied (`failed`), or `unknown` when the target cannot be read.
 */
async function outcomeOfFailure(error: unknown, intent: JournalLine, readBack?: ReadBack): Promise<OutcomeWrite> {
  const mapped = toEnclaveError(error);
  const shown = { kind: mapped.kind, ldapCode: 'ldapCode' in mapped ? mapped.ldapCode : null, message: mapped.message };
  if (deliveryOf(error) !== 'unknown') return { result: 'failed', error: shown };
  const found: ReadBackFinding = readBack ? await readBack(intent) : { finding: 'unknown', detail: 'This write cannot be read back.' };
  const detail = `The response was lost (${mapped.message}) ${found.detail}`;
  const confirmation = { how: 'read-back' as const, finding: found.finding, detail };
  if (found.finding === 'applied') return { result: 'ok', error: null, confirmation };
  if (found.finding === 'not-applied') return { result: 'failed', error: { ...shown, message: `Not applied: ${mapped.message}` }, confirmation };
  return { result: 'unknown', error: shown, confirmation };
}

/** The change already happened (or failed) on the server: a lost outcome leaves the record unresolved, never undoes it. */
async function appendOutcome(journal: AuditJournal, intent: JournalLine, outcome: OutcomeWrite): Promise<void> {
  await journal.recordOutcome(intent, outcome).catch((problem: unknown) => {
    console.error(`audit journal: the outcome of change ${intent.seq} could not be written`, problem);
  });
}
