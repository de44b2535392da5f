/**
 * A DirectoryConnection whose every write is journaled: the intent (with the old values of the touched
 * attributes, read first) is written and synced before the write is sent, the outcome after. When the
 * intent cannot be written the write is not sent: the caller gets `audit-unavailable`. A write whose response is
 * lost is read back on a fresh connection; what stayed unknown is reconciled when a session opens.
 */
import { hostname } from 'node:os';
import type { Change, Control } from 'ldapts';
import type { AuditChange, AuditWriteKind } from '../../shared/model/audit';
import type { ConnectionSettings } from '../directory/connection-settings';
import { DirectoryConnection, type ConnectionStateListener } from '../directory/directory-connection';
import { values } from '../directory/entry';
import type { AuditJournal } from './audit-journal';
import { journaledBatch, journaledWrite } from './journaled-write';
import type { JournalLine } from './journal-line';
import { readBack, secretWitnessAttributes, type ReadBackFinding } from './outcome-read-back';
import { CheckpointWriter } from './checkpoint-writer';
import { reconcileJournal } from './reconcile';
import { isSecretAttribute, shownValues } from './secret-attributes';

const asStrings = (list: (string | Buffer)[] | string | string[]): string[] =>
  (Array.isArray(list) ? list : [list]).map((item) => (typeof item === 'string' ? item : item.toString('utf8')));

export class JournaledConnection extends DirectoryConnection {
  private reconciling: Promise<unknown> = Promise.resolve();
  /** Anchors the journal's head in this directory after outcomes (not journaled: a checkpoint is not a change). */
  readonly checkpoints: CheckpointWriter;

  constructor(
    settings: ConnectionSettings,
    onStateChange: ConnectionStateListener | undefined,
    private readonly journal: AuditJournal,
    private readonly workstation: string = hostname(),
  ) {
    super(settings, onStateChange);
    this.checkpoints = new CheckpointWriter(journal, (dn, attributes) => super.add(dn, attributes), workstation);
  }

  /** Starts anchoring in `container` (known once the server and its suffix are identified). */
  anchorIn(container: string): void {
    this.checkpoints.anchorIn(container);
  }

  /** Connects, then settles in the background what earlier sessions of this identity left unknown. */
  override async open(): Promise<void> {
    await super.open();
    this.reconciling = reconcileJournal(this.journal, { actor: this.bindDN, readBack: (line) => this.readBackOn(line) }).catch((problem: unknown) => {
      console.error('audit journal: reconciling unknown outcomes failed', problem);
    });
  }

  /** Waits for the background reconciliation and the pending checkpoint (tests, and before closing). */
  async settled(): Promise<void> {
    await this.reconciling;
    await this.checkpoints.settled();
  }

  override async dispose(): Promise<void> {
    await this.reconciling;
    await this.checkpoints.dispose();
    await super.dispose();
  }

  /** Names the tenant of each target once the directory's layout is known (after the server is identified). */
  tenantOf: ((dn: string) => string | null) | undefined;

  override async add(dn: string, attributes: Record<string, string | string[]>, controls?: Control[]): Promise<void> {
    const changes: AuditChange[] = Object.entries(attributes).map(([attribute, list]) => ({
      attribute,
      op: 'add',
      before: null,
      after: shownValues(attribute, asStrings(list)),
    }));
    await this.journaled('add', dn, null, changes, () => super.add(dn, attributes, controls));
  }

  override async modify(dn: string, changes: Change[], controls?: Control[]): Promise<void> {
    if (changes.length === 0) return;
    const touched = [...new Set(changes.map((change) => change.modification.type))];
    const readable = touched.filter((attribute) => !isSecretAttribute(attribute));
    // A secret cannot be read back; the time stamp the server moves with it can (read now, compared after).
    const witnesses = touched.length > readable.length ? secretWitnessAttributes : [];
    const old = readable.length + witnesses.length > 0 ? await this.read(dn, [...readable, ...witnesses]).catch(() => null) : null;
    const described: AuditChange[] = changes.map((change) => {
      const attribute = change.modification.type;
      const secret = isSecretAttribute(attribute);
      return {
        attribute,
        op: change.operation,
        before: secret || old === null ? null : values(old, attribute),
        after: shownValues(attribute, asStrings(change.modification.values)),
      };
    });
    // Empty lists too: a time stamp that appears where there was none shows the change as well.
    const witness: Record<string, string[]> = {};
    for (const attribute of witnesses) if (old !== null) witness[attribute] = values(old, attribute);
    await this.journaled('modify', dn, null, described, () => super.modify(dn, changes, controls), Object.keys(witness).length > 0 ? witness : undefined);
  }

  override async delete(dn: string, controls?: Control[]): Promise<void> {
    // The whole entry as it was, so a deletion can be explained (secrets still only as "(set)").
    const old = await this.read(dn, ['*']).catch(() => null);
    const changes: AuditChange[] = old === null
      ? []
      : Object.keys(old)
          .filter((attribute) => attribute !== 'dn')
          .map((attribute) => ({ attribute, op: 'delete', before: shownValues(attribute, values(old, attribute)), after: [] }));
    await this.journaled('delete', dn, null, changes, () => super.delete(dn, controls));
  }

  override async rename(dn: string, newDn: string): Promise<void> {
    await this.journaled('rename', dn, newDn, [], () => super.rename(dn, newDn));
  }

  /** One intent and one outcome for many modifications (a bulk action's chunk), sent on a plain copy. */
  override async writeBatch<T>(description: { target: string; changes: AuditChange[] }, send: (connection: DirectoryConnection) => Promise<T>, judge: (sent: T) => { failed: number; of: number; first: string | null }): Promise<T> {
    const plain = this.plainCopy({ maxInFlight: 16 });
    const change = { actor: this.bindDN, workstation: this.workstation, kind: 'modify' as const, target: description.target, changes: description.changes, ...(this.tenantOf ? { tenantOf: this.tenantOf } : {}) };
    try {
      return await journaledBatch(this.journal, change, () => send(plain), (sent) => {
        const { failed, of, first } = judge(sent);
        return failed === 0 ? { result: 'ok', error: null } : { result: 'failed', error: { kind: 'items-failed', ldapCode: null, message: `${failed} of ${of} failed; first: ${first ?? '?'}` } };
      });
    } finally {
      await plain.dispose();
    }
  }

  private journaled(kind: AuditWriteKind, target: string, newTarget: string | null, changes: AuditChange[], send: () => Promise<void>, witness?: Record<string, string[]>): Promise<void> {
    const change = { actor: this.bindDN, workstation: this.workstation, kind, target, newTarget, changes, ...(witness ? { witness } : {}), ...(this.tenantOf ? { tenantOf: this.tenantOf } : {}) };
    return journaledWrite(this.journal, change, send, (intent) => this.readBackOn(intent));
  }

  /** Reads back on a fresh connection (same servers, same identity): the held one may be the one that failed. */
  private async readBackOn(line: JournalLine): Promise<ReadBackFinding> {
    const fresh = this.plainCopy();
    try {
      return await readBack(fresh, line, line.time);
    } finally {
      await fresh.dispose();
    }
  }
}
