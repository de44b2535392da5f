/**
 * Runs a plan against the directory: rows in chunks, every write of a chunk pipelined on the held
 * connection (DirectoryConnection keeps up to 64 in flight), then the chunk's group memberships as a few
 * many-valued modifies, then the chunk's rows journaled and audited. Pause and cancel take effect between
 * chunks; a lost connection stops the job as `interrupted` without journaling the unfinished chunk, which
 * resume re-checks against the directory.
 */
import { failure, type EnclaveError } from '../../shared/errors';
import type { ImportJobState } from '../../shared/model/bulk-import';
import { addValues, removeValues } from '../directory/changes';
import { leafValue } from '../directory/dn';
import { toEnclaveError } from '../directory/ldap-errors';
import type { HostingContext } from '../hosting/hosting-context';
import type { RowOutcome, RowResult } from './csv-report';
import type { RowPlan } from './import-plan';
import type { JobJournal } from './job-journal';
import { membersPerModify } from './ldif-export';
import type { RowAuditSink } from './row-audit';

/** Rows per chunk: big enough to batch memberships, small enough for prompt pause and progress. */
export const defaultChunkSize = 500;

const connectionKinds = new Set<EnclaveError['kind']>(['connection-lost', 'server-unreachable', 'not-connected']);
// LDAP result codes: the member is already there (20) / already gone (16), i.e. the membership is as wanted.
const attributeOrValueExists = 20;
const noSuchAttribute = 16;

export interface ImportJobRun {
  jobId: string;
  tenant: string;
  context: HostingContext;
  /** The rows still to do, in file order. */
  rows: RowPlan[];
  /** Row → action the job originally planned: a planned create that now needs an update is still reported as created. */
  planned: ReadonlyMap<number, string>;
  passwords: ReadonlyMap<number, string>;
  journal: JobJournal;
  audit: RowAuditSink;
  chunkSize?: number;
  /** Called after each chunk with that chunk's results. */
  onChunk(results: RowResult[]): void;
}

/** Executes one run of a job; `pause()`/`cancel()` stop it after the current chunk. */
export class ImportJob {
  private stopRequest: 'paused' | 'cancelled' | null = null;

  constructor(private readonly run: ImportJobRun) {}

  pause(): void {
    this.stopRequest ??= 'paused';
  }

  cancel(): void {
    this.stopRequest = 'cancelled';
  }

  /** Runs until every row is done or the job stops; resolves with the final state and why. */
  async execute(): Promise<{ state: ImportJobState; message?: string }> {
    const size = this.run.chunkSize ?? defaultChunkSize;
    for (let start = 0; start < this.run.rows.length; start += size) {
      if (this.stopRequest) return { state: this.stopRequest };
      const outcome = await this.runChunk(this.run.rows.slice(start, start + size));
      if (outcome.lost) {
        return { state: 'interrupted', message: `${outcome.lost.message} Resume the job to finish the remaining rows.` };
      }
    }
    return { state: 'completed' };
  }

  private async runChunk(chunk: RowPlan[]): Promise<{ lost: EnclaveError | null }> {
    const { connection, dialect } = this.run.context;
    const results = new Map<number, RowResult>();
    const written: RowPlan[] = [];
    let lost: EnclaveError | null = null;
    const finish = (plan: RowPlan, outcome: RowOutcome, message = '') =>
      results.set(plan.row, { row: plan.row, login: plan.login, outcome, changes: plan.changes, message });

    await Promise.all(
      chunk.map(async (plan) => {
        if (plan.action === 'unchanged') return finish(plan, this.run.planned.get(plan.row) === 'create' ? 'created' : 'unchanged');
        if (plan.action === 'rejected') return finish(plan, 'failed', plan.issues.map((issue) => issue.message).join('; '));
        try {
          if (plan.action === 'create' && plan.create) {
            const password = this.run.passwords.get(plan.row) ?? plan.create.password;
            await connection.add(plan.dn, dialect.mailboxEntry({ ...plan.create, password }));
          } else if (plan.modifications && plan.modifications.length > 0) {
            await connection.modify(plan.dn, plan.modifications);
          }
          written.push(plan);
        } catch (error) {
          const mapped = toEnclaveError(error);
          if (connectionKinds.has(mapped.kind)) lost ??= mapped;
          else if (mapped.kind === 'already-exists' && plan.create && (await this.existsAsPlanned(plan).catch(() => false))) written.push(plan);
          else finish(plan, 'failed', mapped.message);
        }
      }),
    );
    if (lost) return { lost };

    const groupFailures = await this.applyMemberships(written);
    if (groupFailures.lost) return { lost: groupFailures.lost };
    for (const plan of written) {
      const groupError = groupFailures.byDn.get(plan.dn);
      if (groupError) finish(plan, 'failed', groupError);
      else finish(plan, this.outcomeOf(plan));
    }
    const ordered = chunk.map((plan) => results.get(plan.row)).filter((r): r is RowResult => r !== undefined);
    await this.run.journal.append(ordered);
    const time = new Date().toISOString();
    await this.run.audit.record(
      ordered.map((result) => {
        const plan = chunk.find((p) => p.row === result.row);
        return {
          time,
          jobId: this.run.jobId,
          tenant: this.run.tenant,
          actor: connection.bindDN,
          row: result.row,
          login: result.login,
          dn: plan?.dn ?? '',
          action: plan?.action ?? 'rejected',
          outcome: result.outcome,
          changes: result.changes,
          message: result.message,
        };
      }),
    );
    this.run.onChunk(ordered);
    return { lost: null };
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
    const lower = (list: string[]) => list.map((a) => a.toLowerCase()).sort().join(' ');
    return (
      found.login === request.login &&
      found.givenName === request.givenName &&
      found.surname === request.surname &&
      found.primaryAddress.toLowerCase() === request.primaryAddress &&
      lower(found.aliases) === lower(request.aliases) &&
      found.quotaBytes === request.quotaBytes &&
      found.enabled === request.enabled
    );
  }

  private outcomeOf(plan: RowPlan): RowOutcome {
    // A resumed create whose entry already existed was completed by an update: it is still this job's create.
    if (plan.action === 'create' || this.run.planned.get(plan.row) === 'create') return 'created';
    return 'updated';
  }

  /**
   * Joins and leaves groups for the written rows: one modify per group and 500 members. A refused batch is
   * retried member by member, so one bad row cannot fail the others.
   */
  private async applyMemberships(written: RowPlan[]): Promise<{ lost: EnclaveError | null; byDn: Map<string, string> }> {
    const { connection, dialect } = this.run.context;
    const byDn = new Map<string, string>();
    const batches: { group: string; operation: 'add' | 'delete'; members: string[] }[] = [];
    const collect = (operation: 'add' | 'delete', pick: (plan: RowPlan) => string[]) => {
      const byGroup = new Map<string, string[]>();
      for (const plan of written) for (const group of pick(plan)) byGroup.set(group, [...(byGroup.get(group) ?? []), plan.dn]);
      for (const [group, members] of byGroup) {
        for (let start = 0; start < members.length; start += membersPerModify) batches.push({ group, operation, members: members.slice(start, start + membersPerModify) });
      }
    };
    collect('add', (plan) => plan.joinGroups);
    collect('delete', (plan) => plan.leaveGroups);
    let lost: EnclaveError | null = null;
    const change = (operation: 'add' | 'delete', members: string[]) =>
      operation === 'add' ? addValues(dialect.memberAttribute, members) : removeValues(dialect.memberAttribute, members);
    const groupName = (dn: string) => `group "${leafValue(dn)}"`;
    await Promise.all(
      batches.map(async ({ group, operation, members }) => {
        try {
          await connection.modify(group, [change(operation, members)]);
          return;
        } catch (error) {
          const mapped = toEnclaveError(error);
          if (connectionKinds.has(mapped.kind)) return void (lost ??= mapped);
        }
        for (const member of members) {
          try {
            await connection.modify(group, [change(operation, [member])]);
          } catch (error) {
            const mapped = toEnclaveError(error);
            if (connectionKinds.has(mapped.kind)) return void (lost ??= mapped);
            const code = 'ldapCode' in mapped ? mapped.ldapCode : 0;
            if ((operation === 'add' && code === attributeOrValueExists) || (operation === 'delete' && code === noSuchAttribute)) continue;
            byDn.set(member, `The mailbox was written but ${operation === 'add' ? 'joining' : 'leaving'} ${groupName(group)} failed: ${mapped.message}`);
          }
        }
      }),
    );
    return { lost, byDn };
  }
}

/** Refusal of a job that cannot start. */
export const jobRefused = (message: string) => failure({ kind: 'invalid-input', message, issues: [{ path: ['csv'], message }] });
