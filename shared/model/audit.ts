/**
 * The audit trail as the console shows it: Enclave's own journal ("console") and the directory server's
 * log ("server", OpenLDAP's accesslog) in one record shape, so one timeline can hold both.
 */
import { z } from 'zod';

export const auditSources = ['console', 'server'] as const;
export type AuditSource = (typeof auditSources)[number];

/** The LDAP operation behind a record. */
export const auditWriteKinds = ['add', 'modify', 'delete', 'rename'] as const;
export type AuditWriteKind = (typeof auditWriteKinds)[number];

/** What secret values are shown as: the fact that they were set, never the value or its hash. */
export const secretPlaceholder = '(set)';

/** One attribute's change: values before (null when not known) and after. */
export interface AuditChange {
  attribute: string;
  /** add = values added, replace = values replaced, delete = values (or the attribute) removed. */
  op: 'add' | 'replace' | 'delete';
  before: string[] | null;
  after: string[];
}

/**
 * How a change ended: done, not done (refused with the error, or found not applied), or unknown (no answer, and
 * the target could not be read back yet: shown as such until a later connection reconciles it).
 */
export type AuditResult = 'ok' | 'failed' | 'unknown';

/**
 * How a result was established when the server's answer did not give it: the write's response was lost
 * (connection cut, no answer), so the target was read back right away (`read-back`) or on a later
 * connection (`reconciliation`) and compared with the intended change.
 */
export interface AuditConfirmation {
  how: 'read-back' | 'reconciliation';
  finding: 'applied' | 'not-applied' | 'unknown';
  /** What was seen, in words ("the entry holds every value written"). */
  detail: string;
}

/** One change, from either source. */
export interface AuditRecord {
  /** Unique within its source; stable across listings. */
  id: string;
  source: AuditSource;
  /** ISO 8601, UTC. */
  time: string;
  /** The bind identity that made the change. */
  actor: string;
  /** The machine the console ran on (console records only). */
  workstation: string | null;
  /** The tenant the target belongs to, or null for host-level entries. */
  tenant: string | null;
  /** The console call (e.g. updateMailbox) or, for server records, the LDAP operation. */
  operation: string;
  kind: AuditWriteKind;
  target: string;
  /** The new DN of a rename. */
  newTarget: string | null;
  changes: AuditChange[];
  result: AuditResult;
  /** Failed changes: the error kind and LDAP result code when there is one, and the message. */
  error: { kind: string; ldapCode: number | null; message: string } | null;
  /** Console records: the id shared by every write of one console call (a tenant's provisioning). */
  callId: string | null;
  /** Console records whose response was lost: how the result was found out instead. */
  confirmation?: AuditConfirmation;
}

const text = z.string().trim().max(1024);

/** What the viewer narrows the timeline to; every field is optional and they combine with AND. */
export const auditFiltersSchema = z.object({
  tenant: text.optional(),
  /** Substring of the bind identity. */
  actor: text.optional(),
  operation: text.optional(),
  /** Substring of the target DN. */
  target: text.optional(),
  result: z.enum(['ok', 'failed', 'unknown']).optional(),
  /** ISO 8601; inclusive. */
  since: z.iso.datetime({ offset: true }).optional(),
  /** ISO 8601; exclusive. */
  until: z.iso.datetime({ offset: true }).optional(),
  /** Free text searched in every field, values included. */
  text: text.optional(),
});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export const auditSourceChoice = z.enum(['console', 'server', 'both']);
export type AuditSourceChoice = z.infer<typeof auditSourceChoice>;

export const listAuditRecordsRequest = z.object({
  source: auditSourceChoice.default('both'),
  filters: auditFiltersSchema.default({}),
  /** The nextCursor of the previous page. */
  cursor: z.string().max(8192).optional(),
  pageSize: z.number().int().min(1).max(1000).default(100),
});
export type ListAuditRecordsRequest = z.infer<typeof listAuditRecordsRequest>;

/** A page of the timeline, newest first. */
export interface AuditPage {
  items: AuditRecord[];
  nextCursor: string | null;
  /** Sources that could not be read (e.g. the server log is not readable for this identity), with why. */
  unavailable: { source: AuditSource; message: string }[];
  /** Sources that do not exist for this directory by design (not an error), e.g. no server log on AD. */
  notices: AuditSourceNotice[];
}

/**
 * Something the viewer should say about a source that is not an error. `server-log-not-over-ldap`: Active
 * Directory keeps its own record of changes in the DC's event log (Samba: its log files), which no LDAP client
 * can read. `journal-torn-tail`: records whose write never finished were moved aside into side files (never
 * cut silently), listed here.
 */
export type AuditSourceNotice =
  | { source: 'server'; kind: 'server-log-not-over-ldap'; flavor: 'active-directory'; message: string }
  | { source: 'console'; kind: 'journal-torn-tail'; files: string[]; message: string };

export const exportAuditRecordsRequest = z.object({
  source: auditSourceChoice.default('both'),
  filters: auditFiltersSchema.default({}),
  format: z.enum(['csv', 'json']),
  /** At most this many records (newest first). */
  limit: z.number().int().min(1).max(1_000_000).default(100_000),
});
export type ExportAuditRecordsRequest = z.infer<typeof exportAuditRecordsRequest>;

export interface AuditExport {
  fileName: string;
  mimeType: string;
  content: string;
  recordCount: number;
  /** True when more records matched than `limit`. */
  truncated: boolean;
}

/** One anchor in the directory: the journal of console `consoleId` had `seq` records ending in `hash` at `time`. */
export interface AuditCheckpoint {
  consoleId: string;
  seq: number;
  hash: string;
  /** ISO 8601, when the console wrote it. */
  time: string;
  workstation: string;
  /** Who added it (the server's creatorsName), when readable. */
  author: string | null;
  dn: string;
}

/** A journal that has anchored checkpoints in the directory: every workstation that has journaled shows here. */
export interface AuditConsoleSummary {
  consoleId: string;
  workstation: string;
  checkpoints: number;
  lastSeq: number;
  lastTime: string;
  /** True for the journal being verified. */
  thisJournal: boolean;
}

/**
 * The journal compared with its checkpoints in the directory. `dropped-tail`: the directory anchored a record
 * the journal no longer has (records removed from its end, or the file rolled back to an older copy);
 * `rollback`: the journal was rolled back and written on since (an anchored hash is not in the chain, and the
 * record now at that place is newer than the anchor); `re-chained`: a record was altered and the chain
 * recomputed (an anchored hash is not in the chain, and the record at that place is older than the anchor).
 */
export type AuditAnchorCheck =
  | { state: 'not-checked'; message: string }
  | { state: 'unavailable'; message: string }
  | { state: 'agrees'; message: string; checkpoints: number; latest: { seq: number; time: string } | null; foreign: number }
  | {
      state: 'dropped-tail' | 'rollback' | 're-chained';
      message: string;
      checkpoint: { seq: number; hash: string; time: string };
      /** The journal's last seq (dropped tail) or the seq whose hash differs. */
      journalSeq: number;
    };

/** An intent whose outcome is missing or stayed unknown (not reconciled yet). */
export interface AuditUnresolved {
  seq: number;
  time: string;
  operation: string;
  actor: string;
  tenant: string | null;
  target: string;
  state: 'no-outcome' | 'unknown';
}

/** The outcome of checking the journal: its hash chain, its tail, and (when connected) its anchors. */
export interface AuditVerification {
  journal: string;
  /** Names this journal in its checkpoints (from its first record's hash); null while it is empty. */
  consoleId: string | null;
  records: number;
  /** The chain holds and, when checked, agrees with its anchors. */
  intact: boolean;
  /** The first record whose link or own hash does not match, with why. */
  firstBroken: { line: number; seq: number | null; reason: string } | null;
  /** The last record read. */
  head: { seq: number; hash: string; time: string } | null;
  /** Bytes after the last complete record: a write that never finished (moved aside by the next append). */
  tornTail: { bytes: number } | null;
  /** Torn tails moved aside earlier, kept in side files next to the journal. */
  quarantined: { file: string; bytes: number }[];
  /** Changes whose result is not known yet (at most the 100 oldest; `unresolvedCount` counts all). */
  unresolved: AuditUnresolved[];
  unresolvedCount: number;
  anchor: AuditAnchorCheck;
  /** Every journal that anchored checkpoints in the connected directory (empty when not checked). */
  consoles: AuditConsoleSummary[];
  elapsedMs: number;
}
