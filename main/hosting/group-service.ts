/**
 * Security groups and distribution lists of one tenant. Members can only be mailboxes of the same
 * tenant; the tenant-admins and all-users groups can be re-membered but not deleted.
 */
import { EqualityFilter, OrFilter, type Entry, type Filter } from 'ldapts';
import { failure } from '../../shared/errors';
import {
  isSystemGroupName,
  type CreateGroupRequest,
  type Group,
  type GroupKind,
  type GroupMember,
  type GroupRef,
} from '../../shared/model/hosting';
import { addValues, removeValues } from '../directory/changes';
import { isBelow, normalizeDn } from '../directory/dn';
import { assertAddressesFree, assertAddressesInTenantDomains } from './address-checks';
import type { HostingContext } from './hosting-context';
import type { MailboxService } from './mailbox-service';
import type { TenantService } from './tenant-service';

const kinds: GroupKind[] = ['security', 'distribution'];

export class GroupService {
  constructor(
    private readonly context: HostingContext,
    private readonly tenants: TenantService,
    private readonly mailboxes: MailboxService,
  ) {}

  /** The tenant's groups and lists (optionally one kind), members resolved. */
  async list(tenant: string, kind?: GroupKind): Promise<Group[]> {
    await this.tenants.require(tenant);
    const { connection, dialect } = this.context;
    const raw = [];
    for (const k of kind ? [kind] : kinds) {
      const entries = await connection.search(dialect.layout.groupsDn(tenant, k), {
        scope: 'one',
        filter: dialect.groupFilter(k),
        attributes: dialect.groupAttributes(),
      });
      raw.push(...entries.map((entry) => dialect.groupFromEntry(tenant, k, entry)));
    }
    // Every mailbox of the tenant, not only those whose memberOf names a group: the group's member attribute is the
    // truth, and memberOf can lag behind it (docs/directory-layout.md, "memberof is not atomic").
    const members = await this.memberDirectory(tenant, dialect.memberDirectoryFilter?.() ?? dialect.mailboxFilter());
    const implicit = await Promise.all(raw.map((group) => this.implicitMemberDns(tenant, group.dn)));
    return raw
      .map(({ memberDns, ...group }, index) => ({ ...group, members: resolveMembers([...memberDns, ...(implicit[index] ?? [])], members) }))
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  }

  async get(ref: GroupRef): Promise<Group> {
    const { connection, dialect } = this.context;
    const dn = dialect.groupDn(ref.tenant, ref.kind, ref.name);
    const entry = await connection.read(dn, dialect.groupAttributes());
    if (!entry) {
      throw failure({ kind: 'not-found', target: ref.name, message: `Tenant "${ref.tenant}" has no ${describe(ref.kind)} named "${ref.name}".` });
    }
    const { memberDns, ...group } = dialect.groupFromEntry(ref.tenant, ref.kind, entry);
    const byMemberOf = new EqualityFilter({ attribute: 'memberOf', value: entry.dn });
    // AD records a user's primary group outside `member`: count those members too.
    const implicit = (await dialect.implicitMembersFilter?.(connection, entry.dn)) ?? null;
    const members = await this.memberDirectory(ref.tenant, implicit ? new OrFilter({ filters: [byMemberOf, implicit] }) : byMemberOf);
    const implicitDns = implicit ? [...members.keys()].filter((dn) => !memberDns.some((m) => normalizeDn(m) === dn)) : [];
    // memberOf finds the members quickly, but the group's member attribute is the truth: memberOf can lag behind it.
    await this.addUnfoundMembers(ref.tenant, memberDns, members);
    return { ...group, members: resolveMembers([...memberDns, ...implicitDns], members) };
  }

  async create(request: CreateGroupRequest): Promise<Group> {
    const { connection, dialect } = this.context;
    const tenant = await this.tenants.require(request.tenant);
    if (isSystemGroupName(request.name)) {
      throw failure({ kind: 'invalid-input', message: `"${request.name}" is reserved for the tenant's built-in group.`, issues: [{ path: ['name'], message: 'reserved name' }] });
    }
    await this.assertNameFree(request);
    if (request.address) {
      assertAddressesInTenantDomains(tenant, [{ path: ['address'], address: request.address }]);
      await assertAddressesFree(this.context, [request.address], null);
    }
    const memberDns = await this.memberDns(request.tenant, request.members);
    const dn = dialect.groupDn(request.tenant, request.kind, request.name);
    await connection.add(dn, dialect.groupEntry(request.kind, request.name, request.description, request.address, memberDns));
    return this.get(request);
  }

  async update(ref: GroupRef, changes: { description?: string; address?: string | null }): Promise<Group> {
    const current = await this.get(ref);
    if (changes.address) {
      const tenant = await this.tenants.require(ref.tenant);
      assertAddressesInTenantDomains(tenant, [{ path: ['address'], address: changes.address }]);
      if (changes.address !== current.address) await assertAddressesFree(this.context, [changes.address], current.dn);
    }
    await this.context.connection.modify(current.dn, this.context.dialect.groupChanges(changes));
    return this.get(ref);
  }

  async delete(ref: GroupRef): Promise<void> {
    const current = await this.get(ref);
    if (current.system) {
      throw failure({ kind: 'invalid-input', message: `"${ref.name}" is a built-in group of the tenant and cannot be deleted.`, issues: [{ path: ['name'], message: 'built-in group' }] });
    }
    await this.context.connection.delete(current.dn);
  }

  async addMembers(ref: GroupRef, logins: string[]): Promise<Group> {
    const current = await this.get(ref);
    const present = new Set(current.members.map((m) => m.login));
    const dns = await this.memberDns(ref.tenant, logins.filter((login) => !present.has(login)));
    if (dns.length > 0) await this.context.connection.modify(current.dn, [addValues(this.context.dialect.memberAttribute, dns)]);
    return this.get(ref);
  }

  async removeMembers(ref: GroupRef, logins: string[]): Promise<Group> {
    const current = await this.get(ref);
    const present = new Set(current.members.map((m) => m.login));
    const missing = logins.filter((login) => !present.has(login));
    if (missing.length > 0) {
      throw failure({ kind: 'invalid-input', message: `Not members of "${ref.name}": ${missing.join(', ')}.`, issues: [{ path: ['logins'], message: `not members: ${missing.join(', ')}` }] });
    }
    const dns = await this.memberDns(ref.tenant, logins);
    await this.context.connection.modify(current.dn, [removeValues(this.context.dialect.memberAttribute, dns)]);
    return this.get(ref);
  }

  /** DNs of the given logins; each must be a mailbox of this tenant. */
  private async memberDns(tenant: string, logins: string[]): Promise<string[]> {
    const dns: string[] = [];
    for (const login of [...new Set(logins)]) {
      const entry = await this.mailboxes.locate(tenant, login).catch(() => {
        throw failure({
          kind: 'invalid-input',
          message: `"${login}" is not a mailbox of tenant "${tenant}"; members must come from the same tenant.`,
          issues: [{ path: ['members'], message: `unknown mailbox "${login}" in this tenant` }],
        });
      });
      dns.push(entry.dn);
    }
    return dns;
  }

  /** Refuses a name already used by a group or list of the tenant (they share one namespace for the UI). */
  private async assertNameFree(ref: GroupRef): Promise<void> {
    for (const kind of kinds) {
      if (await this.context.connection.read(this.context.dialect.groupDn(ref.tenant, kind, ref.name), ['1.1'])) {
        throw failure({ kind: 'already-exists', target: ref.name, field: 'name', message: `Tenant "${ref.tenant}" already has a ${describe(kind)} named "${ref.name}".` });
      }
    }
  }

  /** Members the directory records outside the member attribute (AD: mailboxes whose primary group this is). */
  private async implicitMemberDns(tenant: string, groupDn: string): Promise<string[]> {
    const { connection, dialect } = this.context;
    const filter = (await dialect.implicitMembersFilter?.(connection, groupDn)) ?? null;
    if (!filter) return [];
    const entries = await connection.search(dialect.layout.mailboxesDn(tenant), { filter, attributes: ['1.1'] });
    return entries.map((entry) => entry.dn);
  }

  /** Mailboxes of the tenant matching `filter`, keyed by normalized DN. */
  private async memberDirectory(tenant: string, filter: Filter): Promise<Map<string, GroupMember>> {
    const { connection, dialect } = this.context;
    const directory = new Map<string, GroupMember>();
    for await (const page of connection.searchPages(dialect.layout.mailboxesDn(tenant), { filter, attributes: dialect.mailboxAttributes() })) {
      for (const entry of page) directory.set(normalizeDn(entry.dn), this.toMember(tenant, entry));
    }
    return directory;
  }

  /**
   * Reads the tenant's mailboxes among `memberDns` that `directory` lacks (a member value whose memberOf the server
   * has not written, e.g. after slapd stopped between the group's write and the overlay's), one by one: normally none.
   */
  private async addUnfoundMembers(tenant: string, memberDns: string[], directory: Map<string, GroupMember>): Promise<void> {
    const { connection, dialect } = this.context;
    const mailboxes = dialect.layout.mailboxesDn(tenant);
    const unfound = new Map<string, string>();
    for (const dn of memberDns) {
      const key = normalizeDn(dn);
      if (!directory.has(key) && isBelow(dn, mailboxes)) unfound.set(key, dn);
    }
    const entries = await Promise.all([...unfound.values()].map((dn) => connection.read(dn, dialect.mailboxAttributes())));
    for (const entry of entries) if (entry) directory.set(normalizeDn(entry.dn), this.toMember(tenant, entry));
  }

  private toMember(tenant: string, entry: Entry): GroupMember {
    const mailbox = this.context.dialect.mailboxFromEntry(tenant, entry);
    return { login: mailbox.login, displayName: mailbox.displayName, primaryAddress: mailbox.primaryAddress };
  }
}

const describe = (kind: GroupKind) => (kind === 'security' ? 'security group' : 'distribution list');

function resolveMembers(memberDns: string[], directory: Map<string, GroupMember>): GroupMember[] {
  return memberDns
    .map((dn) => directory.get(normalizeDn(dn)))
    .filter((member): member is GroupMember => member !== undefined)
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}
