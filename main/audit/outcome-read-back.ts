/**
 * Finds out whether a write whose response was lost was applied, by reading its target back and comparing it
 * with the intended change as the journal recorded it: add — the entry exists with the values written; delete —
 * it is gone; rename — the old name is gone and the new one exists; modify — each change's values are present or
 * absent (a secret is judged by the time stamp the server moves with it). Used right after the loss and again on
 * later connections for what stayed unknown.
 */
import type { Entry } from 'ldapts';
import type { AuditChange, AuditConfirmation } from '../../shared/model/audit';
import { sameDn } from '../directory/dn';
import type { DirectoryConnection } from '../directory/directory-connection';
import { values } from '../directory/entry';
import { toEnclaveError } from '../directory/ldap-errors';
import type { JournalWrite } from './journal-line';
import { isSecretAttribute } from './secret-attributes';

/** What the read-back found, in the journal's words; `unreachable` when no server could be read at all. */
export type ReadBackFinding = Pick<AuditConfirmation, 'finding' | 'detail'> & { unreachable?: boolean };

/** Attributes a server moves when a password changes: OpenLDAP's ppolicy and Active Directory. */
const passwordTimes = ['pwdChangedTime', 'pwdLastSet'];
/** Attributes a server moves on every change of an entry (OpenLDAP, Active Directory). */
const changeStamps = ['entryCSN', 'uSNChanged'];

/** Read before a write that changes a secret, and again after a lost response. */
export const secretWitnessAttributes = [...passwordTimes, ...changeStamps];

/** Created this long before the intent's time still counts as this add (clocks of console and server differ). */
const clockSkewMs = 120_000;

type Verdict = 'applied' | 'not-applied' | 'inconclusive';

/** Reads the target of `write` (intended at `intentTime`) on `connection` and judges it. Never throws. */
export async function readBack(connection: DirectoryConnection, write: JournalWrite, intentTime: string): Promise<ReadBackFinding> {
  try {
    if (write.kind === 'delete') return await judgeDelete(connection, write);
    if (write.kind === 'rename') return await judgeRename(connection, write);
    if (write.kind === 'add') return await judgeAdd(connection, write, intentTime);
    return await judgeModify(connection, write);
  } catch (error) {
    const mapped = toEnclaveError(error);
    const unreachable = mapped.kind === 'server-unreachable' || mapped.kind === 'connection-lost' || mapped.kind === 'not-connected' || mapped.kind === 'tls-verification-failed';
    return { finding: 'unknown', detail: `The target could not be read back: ${mapped.message}`, unreachable };
  }
}

async function judgeDelete(connection: DirectoryConnection, write: JournalWrite): Promise<ReadBackFinding> {
  // An entry this identity could not see before the delete cannot be told from one that is gone.
  if (write.changes.length === 0) return { finding: 'unknown', detail: 'The entry was not visible before the delete, so its absence proves nothing.' };
  const entry = await connection.read(write.target, ['1.1']);
  return entry === null ? { finding: 'applied', detail: 'The entry no longer exists.' } : { finding: 'not-applied', detail: 'The entry still exists.' };
}

async function judgeRename(connection: DirectoryConnection, write: JournalWrite): Promise<ReadBackFinding> {
  if (write.newTarget === null) return { finding: 'unknown', detail: 'The journal does not name the new DN.' };
  const [old, renamed] = await Promise.all([connection.read(write.target, ['1.1']), connection.read(write.newTarget, ['1.1'])]);
  if (old === null && renamed !== null) return { finding: 'applied', detail: 'The entry exists under its new name only.' };
  if (old !== null && renamed === null) return { finding: 'not-applied', detail: 'The entry exists under its old name only.' };
  return { finding: 'unknown', detail: old === null ? 'Neither the old nor the new name exists.' : 'Both the old and the new name exist.' };
}

async function judgeAdd(connection: DirectoryConnection, write: JournalWrite, intentTime: string): Promise<ReadBackFinding> {
  const readable = write.changes.filter((change) => !isSecretAttribute(change.attribute)).map((change) => change.attribute);
  const entry = await connection.read(write.target, [...readable, 'createTimestamp', 'whenCreated']);
  if (entry === null) return { finding: 'not-applied', detail: 'The entry does not exist.' };
  const differing = write.changes.filter((change) => !isSecretAttribute(change.attribute) && !change.after.every((value) => holds(entry, change.attribute, value)));
  if (differing.length === 0) return { finding: 'applied', detail: 'The entry exists with every value written.' };
  // Some values differ (a server may rewrite some on add): was the entry made by this add, or was it there before?
  const created = createdAt(entry);
  const names = differing.map((change) => change.attribute).join(', ');
  if (created === null) return { finding: 'unknown', detail: `The entry exists, but ${names} differ and its creation time cannot be read.` };
  return created >= Date.parse(intentTime) - clockSkewMs
    ? { finding: 'applied', detail: `The entry was created at ${new Date(created).toISOString()}; the server holds other values for ${names}.` }
    : { finding: 'not-applied', detail: `An entry of that name existed before this add (created ${new Date(created).toISOString()}), with other values for ${names}.` };
}

async function judgeModify(connection: DirectoryConnection, write: JournalWrite): Promise<ReadBackFinding> {
  const readable = [...new Set(write.changes.filter((change) => !isSecretAttribute(change.attribute)).map((change) => change.attribute))];
  const witnesses = Object.keys(write.witness ?? {});
  const entry = await connection.read(write.target, [...readable, ...witnesses, ...(readable.length + witnesses.length === 0 ? ['1.1'] : [])]);
  if (entry === null) return { finding: 'unknown', detail: 'The entry is gone or not visible: the change cannot be compared.' };
  const verdicts = write.changes.map((change) => ({ change, verdict: isSecretAttribute(change.attribute) ? judgeSecret(entry, write.witness) : judgeChange(entry, change) }));
  const applied = verdicts.filter((v) => v.verdict === 'applied');
  const notApplied = verdicts.filter((v) => v.verdict === 'not-applied');
  const list = (items: typeof verdicts) => [...new Set(items.map((v) => v.change.attribute))].join(', ');
  if (applied.length > 0 && notApplied.length === 0) return { finding: 'applied', detail: `The entry holds the change (${list(applied)}).` };
  if (notApplied.length > 0 && applied.length === 0) return { finding: 'not-applied', detail: `The entry does not hold the change (${list(notApplied)} as before).` };
  if (applied.length > 0) return { finding: 'unknown', detail: `Part of the change shows (${list(applied)}) and part does not (${list(notApplied)}): changed again since?` };
  return { finding: 'unknown', detail: 'The change would leave the entry as it was, or its values cannot be compared.' };
}

/** One attribute change against the entry as read back; `before` is what the journal read first. */
function judgeChange(entry: Entry, change: AuditChange): Verdict {
  const now = values(entry, change.attribute);
  const before = change.before;
  const has = (value: string) => holds(entry, change.attribute, value);
  if (change.op === 'add') {
    const fresh = change.after.filter((value) => !(before ?? []).some((old) => sameValue(old, value)));
    if (fresh.length === 0) return 'inconclusive';
    if (fresh.every(has)) return 'applied';
    return fresh.some(has) ? 'inconclusive' : 'not-applied';
  }
  if (change.op === 'delete' && change.after.length > 0) {
    const present = before === null ? change.after : change.after.filter((value) => before.some((old) => sameValue(old, value)));
    if (present.length === 0) return 'inconclusive';
    if (present.every((value) => !has(value))) return 'applied';
    return present.every(has) ? 'not-applied' : 'inconclusive';
  }
  // A replace, or a delete of the whole attribute (a replace with nothing).
  const wanted = change.op === 'delete' ? [] : change.after;
  const equals = (list: string[]) => list.length === now.length && list.every((value) => now.some((held) => sameValue(held, value)));
  if (before !== null && sameSet(before, wanted)) return 'inconclusive';
  if (equals(wanted)) return 'applied';
  if (before !== null && equals(before)) return 'not-applied';
  return 'inconclusive';
}

/**
 * A secret cannot be read: the password's time stamp moved (applied), or the entry's change stamp did not move
 * (nothing at all changed: not applied). A password time kept to the second may not move for a change made within
 * the same second: when only the change stamp moved, it stays inconclusive.
 */
function judgeSecret(entry: Entry, witness: JournalWrite['witness']): Verdict {
  const moved = (attribute: string): boolean | null => {
    const before = Object.entries(witness ?? {}).find(([name]) => name.toLowerCase() === attribute.toLowerCase())?.[1];
    if (before === undefined) return null;
    const now = values(entry, attribute);
    if (now.length === 0 && before.length === 0) return null;
    return !sameSet(now, before);
  };
  if (passwordTimes.some((attribute) => moved(attribute) === true)) return 'applied';
  if (changeStamps.some((attribute) => moved(attribute) === false)) return 'not-applied';
  return 'inconclusive';
}

function holds(entry: Entry, attribute: string, value: string): boolean {
  return values(entry, attribute).some((held) => sameValue(held, value));
}

/** Values as servers give them back: exact, or the same ignoring case, or the same DN written differently. */
function sameValue(a: string, b: string): boolean {
  if (a === b || a.toLowerCase() === b.toLowerCase()) return true;
  if (!a.includes('=') || !b.includes('=')) return false;
  try {
    return sameDn(a, b);
  } catch {
    return false;
  }
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.some((y) => sameValue(x, y)));

/** OpenLDAP's createTimestamp or AD's whenCreated (GeneralizedTime), in ms. */
function createdAt(entry: Entry): number | null {
  const text = values(entry, 'createTimestamp')[0] ?? values(entry, 'whenCreated')[0];
  const match = text ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(text) : null;
  if (!match) return null;
  const [, y, mo, d, h, mi, sec] = match.map(Number);
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, sec ?? 0);
}
