/**
 * A DirectoryConnection whose every write is journaled: the intent (with the old values of the touched
 * attributes, read first) is written and fsynced before the write is sent, the outcome after. When the
 * intent cannot be written the write is not sent: the caller gets `audit-unavailable`.
 */
import { hostname } from 'node:os';
import type { Change, Control } from 'ldapts';
import type { AuditChange, AuditWriteKind } from '../../shared/model/audit';
import type { ConnectionSettings } from '../directory/connection-settings';
import { DirectoryConnection, type ConnectionStateListener } from '../directory/directory-connection';
import { values } from '../directory/entry';
import type { AuditJournal } from './audit-journal';
import { journaledWrite } from './journaled-write';
import { isSecretAttribute, shownValues } from './secret-attributes';

const asStrings = (list: (string | Buffer)[] | string | string[]): string[] =>
  (Array.isArray(list) ? list : [list]).map((item) => (typeof item === 'string' ? item : item.toString('utf8')));

export class JournaledConnection extends DirectoryConnection {
  constructor(
    settings: ConnectionSettings,
    onStateChange: ConnectionStateListener | undefined,
    private readonly journal: AuditJournal,
    private readonly workstation: string = hostname(),
  ) {
    super(settings, onStateChange);
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
    const old = readable.length > 0 ? await this.read(dn, readable).catch(() => null) : null;
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
    await this.journaled('modify', dn, null, described, () => super.modify(dn, changes, controls));
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

  private journaled(kind: AuditWriteKind, target: string, newTarget: string | null, changes: AuditChange[], send: () => Promise<void>): Promise<void> {
    return journaledWrite(this.journal, { actor: this.bindDN, workstation: this.workstation, kind, target, newTarget, changes, ...(this.tenantOf ? { tenantOf: this.tenantOf } : {}) }, send);
  }
}
