/**
 * Runs a plan against the directory on the job's own connection: rows in chunks; per chunk one intent in the
 * console's audit journal (fsynced before anything of the chunk is sent: no journal, no writes), every entry
 * write pipelined, then the chunk's group memberships as a few many-valued modifies (and, on AD, each new
 * mailbox's password, enabling and primary group), then one outcome record, the job journal and the row
 * audit. The next chunk's entries are sent while the previous chunk's memberships and records are written, so
 * the server never waits on the client between chunks. Pause and cancel take effect between chunks; a lost
 * connection stops the job as `interrupted` without journaling the unfinished chunks, which resume re-checks
 * against the directory; an unwritable audit journal pauses it.
 *
 * Where a create is several writes (AD), each create is marked started in the job journal before its add is sent.
 * A resumed row still marked so whose entry exists is this job's own, cut off mid-create: it gets the create's
 * remaining steps (its changes and memberships, then the after-create steps) instead of a plain update.
 */
import type { Change } from 'ldapts';
import { failure, type EnclaveError } from '../../shared/errors';
import { describeIssues, type ImportJobState } from '../../shared/model/bulk-import';
import type { CreateMailboxRequest } from '../../shared/model/hosting';
import { runInAuditContext } from '../audit/audit-context';
import type { AuditJournal } from '../audit/audit-journal';
import { journaledBatch } from '../audit/journaled-write';
import { leafValue } from '../directory/dn';
import { toEnclaveError } from '../directory/ldap-errors';
import type { HostingContext } from '../hosting/hosting-context';
import { hasAfterAddSteps, mailboxCreateWrites, mailboxUpdateWrites, membershipChanges, runAfterAdd, wantedAsCreated, type MembershipOperation } from '../hosting/mailbox-writes';
import { bulkImportOperation, chunkChange, chunkOutcome, type ChunkSent, type ChunkWrite } from './chunk-audit';
import type { RowOutcome, RowResult } from './csv-report';
import { createRequest, type RowPlan } from './import-plan';
import type { JobJournal } from './job-journal';
import { membersPerModify } from './ldif-export';
import type { RowAuditEvent, RowAuditSink } from './row-audit';

/** Rows per chunk: big enough to batch memberships, small enough for prompt pause and progress. */
export const defaultChunkSize = 500;

const connectionKinds = new Set<EnclaveError['kind']>(['connection-lost', 'server-unreachable', 'not-connected']);
// LDAP result codes: the member is already there (20) / already gone (16), i.e. the membership is as wanted.
const attributeOrValueExists = 20;
const noSuchAttribute = 16;

export interface ImportJobRun {
  jobId: string;
  tenant: string;
  /** The job's own plain connection (not the session's journaled one) and the dialect. */
  context: HostingContext;
  /** The rows still to do, in file order. */
  rows: RowPlan[];
  /** Row → action the job originally planned: a planned create that now needs an update is still reported as created. */
  planned: ReadonlyMap<number, string>;
  passwords: ReadonlyMap<number, string>;
  journal: JobJournal;
  audit: RowAuditSink;
  /** The console's audit journal: one intent and one outcome per chunk. */
  auditJournal: AuditJournal;
  chunkSize?: number;
  /** Called after each chunk with that chunk's results. */
  onChunk(results: RowResult[]): void;
}

/** Why the job stops before its last chunk. */
interface Halt {
  state: ImportJobState;
  message: string;
}

/** One row's entry write. */
interface RowWrite extends ChunkWrite {
  /** For a create (a new one, or one an earlier run left unfinished): what its after-create steps get, password resolved. */
  request?: CreateMailboxRequest;
  /** For a create an earlier run left unfinished whose entry exists: the entry's changes, sent instead of the add. */
  finish?: Change[];
}

/** A chunk's entry writes, answered: the rows written, and per row a failure message. */
interface EntriesSent {
  written: RowPlan[];
  /**
   * Creates under way (added now, or an earlier run's unfinished one), until completed or removed again: the
   * after-create steps apply to these, and one that fails stays marked unfinished for the next resume.
   */
  creating: Map<RowPlan, CreateMailboxRequest>;
  /** Creates an earlier run began and this one completed: their report row says so. */
  completedLate: Set<RowPlan>;
  failed: Map<RowPlan, string>;
  /** Rows written whole with a step left to the host (AD: Domain Users): the warning their report row carries. */
  notes: Map<RowPlan, string>;
  lost: EnclaveError | null;
}

/** Executes one run of a job; `pause()`/`cancel()` stop it after the current chunk. */
export class ImportJob {
  private stopRequest: 'paused' | 'cancelled' | null = null;
  private halt: Halt | null = null;

  constructor(private readonly run: ImportJobRun) {}

  /** Whether a create is several writes here (AD), so its steps are marked and an unfinished one is completed later. */
  private get createsInSteps(): boolean {
    return hasAfterAddSteps(this.run.context.dialect);
  }

  pause(): void {
    this.stopRequest ??= 'paused';
  }

  cancel(): void {
    this.stopRequest = 'cancelled';
  }

  /** Runs until every row is done or the job stops; resolves with the final state and why. */
  execute(): Promise<{ state: ImportJobState; message?: string }> {
    // Every chunk record of this job shares its id, so the audit log groups them.
    return runInAuditContext({ operation: bulkImportOperation, tenant: this.run.tenant, callId: this.run.jobId }, () => this.executeChunks());
  }

  private async executeChunks(): Promise<{ state: ImportJobState; message?: string }> {
    const { connection, dialect } = this.run.context;
    // Completing an unfinished create sends its password: the same transport rule as a new one.
    if (this.run.rows.some((plan) => this.completesEarlierCreate(plan))) dialect.assertPasswordTransport?.(connection);
    const size = this.run.chunkSize ?? defaultChunkSize;
    let previous: Promise<void> = Promise.resolve();
    let stoppedEarly: 'paused' | 'cancelled' | null = null;
    for (let start = 0; start < this.run.rows.length; start += size) {
      if (this.halt) break;
      if (this.stopRequest) {
        stoppedEarly = this.stopRequest;
        break;
      }
      const { entriesAnswered, done } = this.startChunk(this.run.rows.slice(start, start + size), previous);
      previous = done;
      // The next chunk goes out once this one's entries are answered; its memberships and records overlap it.
      await entriesAnswered;
    }
    await previous;
    if (this.halt) return this.halt;
    return stoppedEarly ? { state: stoppedEarly } : { state: 'completed' };
  }

  /**
   * Starts one chunk: journal intent, entry writes, then (in the background) memberships, after-create steps,
   * the outcome record and, once `previous` chunk is recorded, this chunk's job journal, audit and progress.
   */
  private startChunk(chunk: RowPlan[], previous: Promise<void>): { entriesAnswered: Promise<void>; done: Promise<void> } {
    const { connection, dialect } = this.run.context;
    let answered!: () => void;
    const entriesAnswered = new Promise<void>((resolve) => (answered = resolve));
    const writes: RowWrite[] = [];
    for (const plan of chunk) {
      if (plan.action === 'create' && plan.create) {
        // The entry a single create of the same request adds (mailbox-writes.ts); its joins are batched per group below.
        const created = mailboxCreateWrites(dialect, { ...plan.create, password: this.run.passwords.get(plan.row) ?? plan.create.password }, plan.joinGroups);
        writes.push({ plan, entry: created.attributes, ...(created.afterAdd ? { request: created.afterAdd } : {}) });
      } else if (plan.action === 'create' && plan.entry) writes.push({ plan, entry: plan.entry });
      else if (this.completesEarlierCreate(plan)) writes.push(this.completion(plan));
      else if (plan.action === 'update') writes.push({ plan, entry: null });
    }
    const change = chunkChange(writes.map((write) => this.asAudited(write)), dialect.layout.mailboxesDn(this.run.tenant), connection.bindDN, this.createsInSteps);
    let sent: EntriesSent = { written: [], creating: new Map(), completedLate: new Set(), failed: new Map(), notes: new Map(), lost: null };
    const lostStop = (lost: EnclaveError) => this.stopWith('interrupted', `${lost.message} Resume the job to finish the remaining rows.`);
    const send = async (): Promise<ChunkSent> => {
      try {
        const adds = writes.filter((write) => write.entry).map(({ plan }) => plan);
        if (this.createsInSteps && adds.length > 0) await this.run.journal.markCreatesStarted(adds);
        sent = await this.sendEntries(writes);
        // Set before the loop looks again, so no further chunk is started.
        if (sent.lost) lostStop(sent.lost);
      } finally {
        answered();
      }
      if (!sent.lost) {
        sent.lost = await this.afterEntries(sent);
        if (sent.lost) lostStop(sent.lost);
      }
      const failed = [...sent.failed].map(([plan, message]) => ({ row: plan.row, login: plan.login, message }));
      return { failed, lost: sent.lost, rows: writes.length };
    };
    // A chunk with nothing to write (every row unchanged) sends nothing and needs no journal record.
    if (writes.length === 0) answered();
    const written = writes.length === 0 ? Promise.resolve(null) : journaledBatch(this.run.auditJournal, change, send, chunkOutcome);
    const done = written.then(
      async () => {
        await previous;
        // A chunk cut off by a lost connection is not recorded: resume re-checks its rows.
        if (!sent.lost) await this.record(chunk, sent);
      },
      async (error: unknown) => {
        const mapped = toEnclaveError(error);
        // Fail closed: without the intent on disk nothing of this chunk was sent.
        if (mapped.kind === 'audit-unavailable') this.stopWith('paused', `${mapped.message} The import is paused: make the journal writable, then resume the job.`);
        else this.stopWith('interrupted', `The job stopped: ${mapped.message}. Resume it to finish.`);
        answered();
        await previous;
      },
    );
    return { entriesAnswered, done };
  }

  private stopWith(state: ImportJobState, message: string): void {
    this.halt ??= { state, message };
  }

  /** A row whose create an earlier run began and did not finish, and whose entry exists (so it is planned as an update). */
  private completesEarlierCreate(plan: RowPlan): boolean {
    return this.createsInSteps && this.run.journal.unfinishedCreates.has(plan.row) && (plan.action === 'update' || plan.action === 'unchanged') && plan.mailbox !== undefined;
  }

  /**
   * The write that completes an unfinished create: the entry's changes except enabling (AD enables only an account
   * with a password, and the after-create step sets both at once), then the create's after-create steps.
   */
  private completion(plan: RowPlan): RowWrite {
    const { dialect } = this.run.context;
    const desired = plan.mailbox;
    if (!desired) return { plan, entry: null };
    const enabling = new Set(dialect.enabledChanges(true).map((change) => change.modification.type.toLowerCase()));
    // The request the row's create had (the plan builds one for creates only; this row is planned as an update).
    const planned = createRequest(desired, this.run.tenant, null, desired.groups ?? []);
    const request: CreateMailboxRequest = { ...planned, password: this.run.passwords.get(plan.row) ?? planned.password };
    return { plan, entry: null, request, finish: (plan.modifications ?? []).filter((change) => !enabling.has(change.modification.type.toLowerCase())) };
  }

  /**
   * The write as the chunk's audit intent lists it: a completion names the password and state it sets too, and a
   * repaired membership counts as joined (memberOf gains the group) or left (memberOf loses it).
   */
  private asAudited(write: RowWrite): ChunkWrite {
    const { finish, request } = write;
    const { repairJoined, repairLeft, joinGroups, leaveGroups } = write.plan;
    const plan = repairJoined.length + repairLeft.length > 0 ? { ...write.plan, joinGroups: [...joinGroups, ...repairJoined], leaveGroups: [...leaveGroups, ...repairLeft] } : write.plan;
    if (!finish || !request) return { ...write, plan };
    const { dialect } = this.run.context;
    return { plan: { ...plan, modifications: [...finish, ...dialect.passwordChanges(request.password), ...dialect.enabledChanges(request.enabled)] }, entry: null };
  }

  /** Adds and modifies of the chunk's mailbox entries, pipelined on the job's connection. */
  private async sendEntries(writes: readonly RowWrite[]): Promise<EntriesSent> {
    const { connection } = this.run.context;
    const sent: EntriesSent = { written: [], creating: new Map(), completedLate: new Set(), failed: new Map(), notes: new Map(), lost: null };
    await Promise.all(
      writes.map(async ({ plan, entry, request, finish }) => {
        try {
          if (entry) {
            await connection.add(plan.dn, entry);
            if (request) sent.creating.set(plan, request);
          } else {
            // An unfinished create is this job's own whatever happens to this write: it stays marked until completed.
            if (finish && request) sent.creating.set(plan, request);
            const changes = finish ?? plan.modifications ?? [];
            if (changes.length > 0) await connection.modify(plan.dn, changes);
          }
          sent.written.push(plan);
        } catch (error) {
          const mapped = toEnclaveError(error);
          if (connectionKinds.has(mapped.kind)) sent.lost ??= mapped;
          else if (mapped.kind === 'already-exists' && plan.create && (await this.existsAsPlanned(plan).catch(() => false))) sent.written.push(plan);
          else sent.failed.set(plan, mapped.message);
        }
      }),
    );
    return sent;
  }

  /** The chunk's memberships, then the flavor's after-create steps (AD: password, enabling, primary group). */
  private async afterEntries(sent: EntriesSent): Promise<EnclaveError | null> {
    const groups = await this.applyMemberships(sent.written);
    for (const [dn, message] of groups.byDn) {
      const plan = sent.written.find((p) => p.dn === dn);
      if (plan) sent.failed.set(plan, message);
    }
    if (groups.lost) return groups.lost;
    const { connection, dialect } = this.run.context;
    if (!this.createsInSteps) return null;
    let lost: EnclaveError | null = null;
    const unfinishedBefore = this.run.journal.unfinishedCreates;
    await Promise.all(
      [...sent.creating].filter(([plan]) => !sent.failed.has(plan)).map(async ([plan, request]) => {
        try {
          const notices = await runAfterAdd(connection, dialect, plan.dn, request);
          sent.creating.delete(plan);
          if (plan.action !== 'create' && unfinishedBefore.has(plan.row)) sent.completedLate.add(plan);
          if (notices.length > 0) sent.notes.set(plan, notices.map((notice) => notice.message).join(' '));
        } catch (error) {
          const mapped = toEnclaveError(error);
          if (connectionKinds.has(mapped.kind)) return void (lost ??= mapped);
          // As a single create does: the half-made mailbox goes, so a retry starts clean.
          const removed = await connection.delete(plan.dn).then(() => true, () => false);
          if (removed) sent.creating.delete(plan);
          sent.failed.set(plan, `The mailbox could not be completed${removed ? ' and was removed again' : '; resuming the job tries again'}: ${mapped.message}`);
        }
      }),
    );
    return lost;
  }

  /** The chunk's rows into the job journal and the row audit, then progress. */
  private async record(chunk: RowPlan[], sent: EntriesSent): Promise<void> {
    const results: RowResult[] = [];
    const plans: RowPlan[] = [];
    const written = new Set(sent.written);
    for (const plan of chunk) {
      const result = (outcome: RowOutcome, message = '') => {
        results.push({ row: plan.row, login: plan.login, outcome, changes: plan.changes, message });
        plans.push(plan);
      };
      const failed = sent.failed.get(plan);
      const notes = [sent.notes.get(plan), repairNote(plan)].filter(Boolean).join(' ');
      if (sent.completedLate.has(plan)) result('created', [completedLateNote, notes].filter(Boolean).join(' '));
      else if (plan.action === 'unchanged') result(this.run.planned.get(plan.row) === 'create' ? 'created' : 'unchanged');
      else if (plan.action === 'rejected') result('failed', describeIssues(plan.issues));
      else if (failed !== undefined) result('failed', failed);
      else if (written.has(plan)) result(this.outcomeOf(plan), notes);
    }
    // A create left half-made (its entry there, its steps not done) stays this job's to complete on the next resume.
    const unfinished = chunk.filter(
      (plan) => sent.creating.has(plan) || (plan.action === 'rejected' && this.createsInSteps && this.run.journal.unfinishedCreates.has(plan.row)),
    );
    await this.run.journal.append(results, unfinished);
    const time = new Date().toISOString();
    const actor = this.run.context.connection.bindDN;
    const events: RowAuditEvent[] = results.map((result, index) => {
      const plan = plans[index];
      return {
        time,
        jobId: this.run.jobId,
        tenant: this.run.tenant,
        actor,
        row: result.row,
        login: result.login,
        dn: plan?.dn ?? '',
        action: plan?.action ?? 'rejected',
        outcome: result.outcome,
        changes: result.changes,
        message: result.message,
      };
    });
    await this.run.audit.record(events);
    this.run.onChunk(results);
  }

  /**
   * An add refused with already-exists (e.g. resent after a lost answer): done when the entry holds exactly
   * what this job writes (the password aside, which the directory keeps hashed).
   */
  private async existsAsPlanned(plan: RowPlan): Promise<boolean> {
    const { connection, dialect } = this.run.context;
    const entry = await connection.read(plan.dn, dialect.mailboxAttributes());
    const request = plan.create;
    if (!entry || !request) return false;
    const found = dialect.mailboxFromEntry(this.run.tenant, entry);
    // As planned when updating it to the request would change nothing (the comparison every update makes).
    return found.login === request.login && mailboxUpdateWrites(dialect, found, wantedAsCreated(request)).changed.length === 0;
  }

  private outcomeOf(plan: RowPlan): RowOutcome {
    // A resumed create whose entry already existed was completed by an update: it is still this job's create.
    if (plan.action === 'create' || this.run.planned.get(plan.row) === 'create') return 'created';
    return 'updated';
  }

  /**
   * Joins and leaves groups for the written rows, and repairs the memberships whose memberOf disagrees: one modify
   * per group, kind and 500 members. A refused batch is retried member by member, so one bad row cannot fail the
   * others.
   */
  private async applyMemberships(written: RowPlan[]): Promise<{ lost: EnclaveError | null; byDn: Map<string, string> }> {
    const { connection, dialect } = this.run.context;
    const byDn = new Map<string, string>();
    const batches: { group: string; operation: MembershipOperation; members: string[] }[] = [];
    const collect = (operation: MembershipOperation, pick: (plan: RowPlan) => string[]) => {
      const byGroup = new Map<string, string[]>();
      for (const plan of written) {
        for (const group of pick(plan)) {
          const members = byGroup.get(group);
          if (members) members.push(plan.dn);
          else byGroup.set(group, [plan.dn]);
        }
      }
      for (const [group, members] of byGroup) {
        for (let start = 0; start < members.length; start += membersPerModify) batches.push({ group, operation, members: members.slice(start, start + membersPerModify) });
      }
    };
    collect('add', (plan) => plan.joinGroups);
    collect('delete', (plan) => plan.leaveGroups);
    collect('rejoin', (plan) => plan.repairJoined);
    collect('releave', (plan) => plan.repairLeft);
    let lost: EnclaveError | null = null;
    const modify = (group: string, operation: MembershipOperation, members: string[]) =>
      connection.modify(group, membershipChanges(dialect, operation, members));
    const groupName = (dn: string) => `group "${leafValue(dn)}"`;
    /** One member's write; null when the membership ends as wanted. */
    const writeMember = async (group: string, operation: MembershipOperation, member: string): Promise<EnclaveError | null> => {
      try {
        await modify(group, operation, [member]);
        return null;
      } catch (error) {
        const mapped = toEnclaveError(error);
        const code = 'ldapCode' in mapped ? mapped.ldapCode : 0;
        if ((operation === 'add' && code === attributeOrValueExists) || (operation === 'delete' && code === noSuchAttribute)) return null;
        // A repair whose first step found the group changed meanwhile: the plain join or leave it was for.
        if (operation === 'rejoin' && code === noSuchAttribute) return writeMember(group, 'add', member);
        if (operation === 'releave' && code === attributeOrValueExists) return writeMember(group, 'delete', member);
        return mapped;
      }
    };
    await Promise.all(
      batches.map(async ({ group, operation, members }) => {
        try {
          await modify(group, operation, members);
          return;
        } catch (error) {
          const mapped = toEnclaveError(error);
          if (connectionKinds.has(mapped.kind)) return void (lost ??= mapped);
        }
        for (const member of members) {
          const refused = await writeMember(group, operation, member);
          if (refused && connectionKinds.has(refused.kind)) return void (lost ??= refused);
          const doing = operation === 'add' ? 'joining' : operation === 'delete' ? 'leaving' : 'repairing the membership in';
          if (refused) byDn.set(member, `The mailbox was written but ${doing} ${groupName(group)} failed: ${refused.message}`);
        }
      }),
    );
    return { lost, byDn };
  }
}

/** What a row's report says about its repaired memberships, or '' when there are none. */
function repairNote(plan: RowPlan): string {
  const names = (dns: string[]) => dns.map((dn) => `"${leafValue(dn)}"`).join(', ');
  const parts = [
    plan.repairJoined.length > 0 ? `${names(plan.repairJoined)} listed this mailbox but its memberOf did not` : '',
    plan.repairLeft.length > 0 ? `its memberOf still named ${names(plan.repairLeft)}, which did not list it` : '',
  ].filter(Boolean);
  if (parts.length === 0) return '';
  return `Memberships repaired: ${parts.join('; ')} (the directory writes memberOf after the group, separately, and that write was lost, e.g. when the server stopped mid-import); written again.`;
}

/** The report's word on a create finished by a resume. */
const completedLateNote =
  'Created in two runs: the job was interrupted after this mailbox was added, and the resume completed it (password, enabled state, groups and primary group as for a new mailbox).';

/** Refusal of a job that cannot start. */
export const jobRefused = (message: string) => failure({ kind: 'invalid-input', message, issues: [{ path: ['csv'], message }] });
