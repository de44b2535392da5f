/**
 * Plans the groups and lists of an LDIF file against the snapshot: create, update (description, address,
 * members), unchanged or rejected, with the same rules as the console's group editor (names unique across
 * groups and lists, an address in the tenant's domains and free, members only mailboxes of the same tenant)
 * plus the file's own mailboxes as members. A new mailbox joins a group through its own row's memberships,
 * written after its entry (so the group, written first, exists); existing mailboxes join through the group's entry.
 */
import type { ImportMode, RowIssue } from '../../shared/model/bulk-import';
import { displayNameField, domainOf, mailAddressField, optionalNameField } from '../../shared/model/fields';
import { type GroupKind } from '../../shared/model/hosting';
import { addValues, removeValues } from '../directory/changes';
import { normalizeDn } from '../directory/dn';
import type { HostingDialect } from '../hosting/hosting-dialect';
import type { DirectorySnapshot } from './directory-snapshot';
import { startsLikeFormula } from '../../shared/csv/formula-cells';
import type { RowPlan } from './import-plan';
import type { GroupRow } from './ldif-import';

const groupNameField = displayNameField('Group name', 64);
const descriptionField = optionalNameField('Description', 256);

const describeKind = (kind: GroupKind) => (kind === 'security' ? 'security group' : 'distribution list');

export interface GroupPlanInput {
  groups: readonly GroupRow[];
  /** The mailbox rows' plans (after the tenant's limits): members that are rows of the file. */
  mailboxPlans: readonly RowPlan[];
  /** Normalized DN in the file → row, and login → row, of the file's mailbox rows. */
  fileDns: ReadonlyMap<string, number>;
  fileLogins: ReadonlyMap<string, number>;
  /** Address → rows using it (mailboxes and groups of the file). */
  rowsByAddress: ReadonlyMap<string, number[]>;
  snapshot: DirectorySnapshot;
  dialect: HostingDialect;
  mode: ImportMode;
  upsertRows?: ReadonlySet<number> | undefined;
}

/** Plans every group row; joins new member mailboxes to their groups through those mailboxes' own plans. */
export function planGroups(input: GroupPlanInput): RowPlan[] {
  const { snapshot, dialect } = input;
  const tenant = snapshot.tenant;
  const planByRow = new Map(input.mailboxPlans.map((plan) => [plan.row, plan]));
  const mailboxByDn = new Map([...snapshot.mailboxes.values()].map((mailbox) => [normalizeDn(mailbox.dn), mailbox]));
  const groupDns = new Set([...input.groups.map((g) => safeNormalize(g.dn)), ...[...snapshot.groups.values()].map((g) => normalizeDn(g.dn))]);
  const rowsByName = new Map<string, number[]>();
  for (const group of input.groups) {
    const key = group.name.trim().toLowerCase();
    if (key !== '') rowsByName.set(key, [...(rowsByName.get(key) ?? []), group.row]);
  }

  return input.groups.map((group): RowPlan => {
    const issues: RowIssue[] = [...group.issues];
    const notices: RowIssue[] = [...group.notices];
    const entity = group.kind;
    const issue = (header: string, message: string) => issues.push({ column: null, header, message });
    const parsedName = groupNameField.safeParse(group.name);
    const name = parsedName.success ? parsedName.data : '';
    if (!parsedName.success) issue('cn', parsedName.error.issues[0]?.message ?? 'invalid');
    const existing = name === '' ? undefined : snapshot.groups.get(name.toLowerCase());
    if (name !== '' && !existing && startsLikeFormula(name)) issue('cn', `"${name}" starts with "${name.charAt(0)}", which a spreadsheet would run as a formula`);
    const others = (rowsByName.get(name.toLowerCase()) ?? []).filter((r) => r !== group.row);
    if (others.length > 0) issue('cn', `Group "${name}" is also in ${rowList(others)}`);
    if (existing && existing.kind !== group.kind) issue('cn', `Tenant "${tenant.name}" has a ${describeKind(existing.kind)} named "${existing.name}"; this entry is a ${describeKind(group.kind)}`);

    let address: string | null | undefined;
    if (group.address !== undefined && group.address.trim() !== '') {
      const parsed = mailAddressField.safeParse(group.address);
      if (!parsed.success) issue('mail', `${group.address.trim()}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      else {
        address = parsed.data;
        if (!tenant.mailDomains.includes(domainOf(address))) issue('mail', `${address} is not in a domain of tenant "${tenant.name}" (${tenant.mailDomains.join(', ') || 'no domains'})`);
        const holder = snapshot.addresses.get(address);
        if (holder && !(existing && holder.kind === 'group' && normalizeDn(holder.dn) === normalizeDn(existing.dn))) {
          issue('mail', `Address ${address} is already used by ${holder.kind === 'mailbox' ? 'mailbox' : 'list'} "${holder.name}"${holder.tenant ? ` in tenant "${holder.tenant}"` : ''}`);
        }
        const sharing = (input.rowsByAddress.get(address) ?? []).filter((r) => r !== group.row);
        if (sharing.length > 0) issue('mail', `Address ${address} is also in ${rowList(sharing)}`);
      }
    } else if (group.address !== undefined) address = null;
    let description: string | undefined;
    if (group.description !== undefined) {
      const parsed = descriptionField.safeParse(group.description);
      if (parsed.success) description = parsed.data;
      else issue('description', parsed.error.issues[0]?.message ?? 'invalid');
    }

    // Members: mailboxes of the file (by their DN there) or of the tenant; never groups.
    const existingMembers = new Map<string, string>();
    const newMembers: RowPlan[] = [];
    const addMember = (target: RowPlan | undefined, dn: string | undefined, shown: string, header: string, fileRow: number | undefined) => {
      if (target) {
        if (target.action === 'rejected') notices.push({ column: null, header, message: `${shown} is row ${target.row}, which is rejected: it will not be a member` });
        else if (target.action === 'create') newMembers.push(target);
        else existingMembers.set(normalizeDn(target.dn), target.dn);
        return;
      }
      if (dn !== undefined) return void existingMembers.set(normalizeDn(dn), dn);
      if (fileRow === undefined) issue(header, `${shown} is neither a mailbox of tenant "${tenant.name}" nor a mailbox entry of this file`);
    };
    for (const member of group.memberDns) {
      const key = safeNormalize(member.dn);
      const fileRow = input.fileDns.get(key);
      if (fileRow !== undefined) addMember(planByRow.get(fileRow), undefined, member.dn, member.header, fileRow);
      else if (mailboxByDn.has(key)) addMember(undefined, mailboxByDn.get(key)?.dn, member.dn, member.header, undefined);
      else if (groupDns.has(key)) issue(member.header, `${member.dn} is a group: groups and lists hold mailboxes only`);
      else addMember(undefined, undefined, member.dn, member.header, undefined);
    }
    for (const login of group.memberLogins) {
      const fileRow = input.fileLogins.get(login.trim().toLowerCase());
      const mailbox = snapshot.mailboxes.get(login.trim().toLowerCase());
      if (fileRow !== undefined) addMember(planByRow.get(fileRow), undefined, login, 'memberUid', fileRow);
      else addMember(undefined, mailbox?.dn, login, 'memberUid', undefined);
    }

    const base = { row: group.row, login: name || group.name, entity, ...(notices.length > 0 ? { notices } : {}), joinGroups: [], leaveGroups: [], repairJoined: [], repairLeft: [] };
    if (issues.length > 0) return { ...base, action: 'rejected', changes: [], issues, dn: '' };
    if (!existing) {
      const dn = dialect.groupDn(tenant.name, group.kind, name);
      for (const member of newMembers) member.joinGroups.push(dn);
      return { ...base, action: 'create', changes: [], issues: [], dn, entry: dialect.groupEntry(group.kind, name, description ?? '', address ?? null, [...existingMembers.values()]) };
    }
    // An existing group: the file's member list is the whole list (as a mailbox row's groups column is).
    const current = new Set(existing.members);
    const add = [...existingMembers].filter(([key]) => !current.has(key)).map(([, dn]) => dn);
    const remove = [...existing.members].filter((key) => !existing.implicitMembers.has(key) && !existingMembers.has(key) && !newMembers.some((plan) => normalizeDn(plan.dn) === key));
    const removeDns = remove.map((key) => existing.memberDns.get(key) ?? key);
    const changes: RowPlan['changes'] = [];
    const groupChanges: { description?: string; address?: string | null } = {};
    if (description !== undefined && description !== existing.description) {
      changes.push('description');
      groupChanges.description = description;
    }
    if (address !== undefined && (address ?? '') !== (existing.address ?? '').toLowerCase()) {
      changes.push('address');
      groupChanges.address = address;
    }
    if (add.length > 0 || remove.length > 0 || newMembers.length > 0) changes.push('members');
    if (changes.length === 0) return { ...base, action: 'unchanged', changes: [], issues: [], dn: existing.dn };
    if (input.mode === 'create' && !input.upsertRows?.has(group.row)) {
      return { ...base, action: 'rejected', changes: [], dn: '', issues: [{ column: null, header: 'cn', message: `The ${describeKind(existing.kind)} "${existing.name}" already exists with different ${changes.join(', ')}; use create-or-update mode to change it` }] };
    }
    for (const member of newMembers) member.joinGroups.push(existing.dn);
    const modifications = [
      ...(Object.keys(groupChanges).length > 0 ? dialect.groupChanges(groupChanges) : []),
      ...(add.length > 0 ? [addValues(dialect.memberAttribute, add)] : []),
      ...(removeDns.length > 0 ? [removeValues(dialect.memberAttribute, removeDns)] : []),
    ];
    return { ...base, action: 'update', changes, issues: [], dn: existing.dn, modifications };
  });
}

/** A DN's comparable form; a string that is no DN compares as itself. */
function safeNormalize(dn: string): string {
  try {
    return normalizeDn(dn);
  } catch {
    return dn.trim().toLowerCase();
  }
}

const rowList = (rows: number[]) => (rows.length === 1 ? `row ${rows[0]}` : `rows ${rows.join(', ')}`);
