/**
 * The plan as LDIF (RFC 2849) change records: adds for new mailboxes, modifies for updates, and the group
 * memberships batched into a few modifies per group. Every value goes through ldifLine, which base64-encodes
 * anything that is not a SAFE-STRING (non-ASCII, leading space or colon, new lines).
 */
import type { Change } from 'ldapts';
import type { HostingDialect } from '../hosting/hosting-dialect';
import { mailboxCreateWrites } from '../hosting/mailbox-writes';
import { ldifLine } from '../directory/ldif';
import type { RowPlan } from './import-plan';

/** Member values per group modify: few large modifies are far faster than one per member. */
export const membersPerModify = 500;

export interface LdifOptions {
  /** Write initial passwords (cleartext: the server hashes them). Off by default: LDIF files get copied around. */
  includePasswords?: boolean;
  /** Passwords resolved for rows that asked for "generate", by row number. */
  passwords?: ReadonlyMap<number, string>;
}

/** LDIF of every create and update in `rows`. */
export function planToLdif(rows: readonly RowPlan[], dialect: HostingDialect, options: LdifOptions = {}): string {
  const out: string[] = [];
  const joins = new Map<string, string[]>();
  const leaves = new Map<string, string[]>();
  for (const plan of rows) {
    if (plan.action === 'create' && plan.create) {
      const password = options.includePasswords ? (options.passwords?.get(plan.row) ?? plan.create.password) : '';
      out.push(addRecord(plan.dn, mailboxCreateWrites(dialect, { ...plan.create, password }, plan.joinGroups).attributes));
    } else if (plan.action === 'create' && plan.entry) {
      out.push(addRecord(plan.dn, plan.entry));
    } else if (plan.action === 'update' && plan.modifications && plan.modifications.length > 0) {
      out.push(modifyRecord(plan.dn, plan.modifications));
    }
    if (plan.action === 'create' || plan.action === 'update') {
      for (const group of plan.joinGroups) push(joins, group, plan.dn);
      for (const group of plan.leaveGroups) push(leaves, group, plan.dn);
    }
  }
  for (const [groups, operation] of [[joins, 'add'], [leaves, 'delete']] as const) {
    for (const [group, members] of groups) {
      for (let start = 0; start < members.length; start += membersPerModify) {
        out.push(memberRecord(group, operation, dialect.memberAttribute, members.slice(start, start + membersPerModify)));
      }
    }
  }
  return out.join('');
}

/** An add record. */
export function addRecord(dn: string, attributes: Record<string, string | string[]>): string {
  const lines = [ldifLine('dn', dn), 'changetype: add'];
  // LDAP has no empty values: an empty one is a value left out (the password, unless included).
  for (const [name, value] of Object.entries(attributes)) for (const single of typeof value === 'string' ? [value] : value) if (single !== '') lines.push(ldifLine(name, single));
  return `${lines.join('\n')}\n\n`;
}

/** A modify record with ldapts changes. */
export function modifyRecord(dn: string, changes: Change[]): string {
  const lines = [ldifLine('dn', dn), 'changetype: modify'];
  for (const change of changes) {
    const type = change.modification.type;
    lines.push(`${change.operation}: ${type}`);
    for (const value of change.modification.values) lines.push(ldifLine(type, typeof value === 'string' ? value : value.toString('utf8')));
    lines.push('-');
  }
  return `${lines.join('\n')}\n\n`;
}

/** A modify record adding or deleting member values of one group. */
export function memberRecord(group: string, operation: 'add' | 'delete', attribute: string, members: string[]): string {
  return [ldifLine('dn', group), 'changetype: modify', `${operation}: ${attribute}`, ...members.map((member) => ldifLine(attribute, member)), '-', '', ''].join('\n');
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
