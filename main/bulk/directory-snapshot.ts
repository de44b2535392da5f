/**
 * What validation needs from the directory, read ONCE with a few paged searches instead of one search
 * per row: every login and address of every tenant, the target tenant's mailboxes (with their memberOf) and
 * groups with their members, its pool and limits, and the password policy's minimum length.
 */
import { AndFilter } from 'ldapts';
import type { Mailbox, Tenant } from '../../shared/model/hosting';
import { normalizeDn } from '../directory/dn';
import { values } from '../directory/entry';
import type { HostingContext } from '../hosting/hosting-context';
import type { HostingServices } from '../hosting/hosting-services';
import { groupKinds, type GroupKind } from '../../shared/model/hosting';
import { resolveConsoleRole } from '../policy/role-checks';
import { readImportPasswordRules, type ImportPasswordRules } from './password-policy';

/** Who holds an address or login. */
export interface Holder {
  tenant: string | null;
  kind: 'mailbox' | 'group';
  /** Login of a mailbox, name of a group. */
  name: string;
  dn: string;
}

/** A group or list of the target tenant with its members (normalized DNs). */
export interface SnapshotGroup {
  name: string;
  kind: GroupKind;
  dn: string;
  /** As the group entry lists them, plus the implicit ones. */
  members: Set<string>;
  /** Members the member attribute does not list (AD: the mailboxes whose primary group it is); memberOf never names these. */
  implicitMembers: Set<string>;
  /** Normalized member DN → the DN as the group lists it (to remove it as written). */
  memberDns: Map<string, string>;
  description: string;
  address: string | null;
}

export interface DirectorySnapshot {
  tenant: Tenant;
  /** Lower-case login → holder, across all tenants. */
  logins: Map<string, Holder>;
  /** Lower-case address → holder, primary addresses and aliases of mailboxes and lists of all tenants. */
  addresses: Map<string, Holder>;
  /** The target tenant's mailboxes by lower-case login. */
  mailboxes: Map<string, Mailbox>;
  /** The target tenant's groups and lists by lower-case name. */
  groups: Map<string, SnapshotGroup>;
  /**
   * The target tenant's groups that each of its mailboxes' memberOf names (normalized mailbox DN → groups). It
   * can disagree with the groups' member lists: slapd's memberof overlay writes memberOf after the group's own
   * write, in separate writes, so a server stopped in between leaves the member listed without memberOf.
   */
  memberOf: Map<string, SnapshotGroup[]>;
  /** Sum of the target tenant's quotas, and its mailbox count. */
  allocatedBytes: number;
  mailboxCount: number;
  /** The target tenant's own password policy, as rows are checked against it. */
  passwordRules: ImportPasswordRules;
  /** False when the importer is a tenant admin of a tenant with a pool: unlimited mailboxes are beyond its ceiling. */
  mayGrantUnlimited: boolean;
  /** Time the reads took, in milliseconds. */
  loadMs: number;
}

/** Reads the snapshot for an import into `tenantName`. */
export async function loadDirectorySnapshot(services: HostingServices, tenantName: string): Promise<DirectorySnapshot> {
  const started = performance.now();
  const { context } = services;
  const tenant = await services.tenants.require(tenantName);
  // The small reads go alongside the big one, each on a connection of its own (paging lanes), so their round
  // trips add nothing. The big one is not split further: see readMailboxes.
  const [mailboxPart, groupPart, passwordRules, role] = await Promise.all([
    readMailboxes(context, tenant.name),
    readGroups(context, tenant.name),
    readImportPasswordRules(services, tenant.name),
    resolveConsoleRole(context, context.connection.bindDN),
  ]);
  for (const [address, holder] of groupPart.addresses) if (!mailboxPart.addresses.has(address)) mailboxPart.addresses.set(address, holder);
  const mayGrantUnlimited = role.kind !== 'tenant-admin' || tenant.storagePoolBytes === null;
  const { memberOfDns, ...mailboxes } = mailboxPart;
  const memberOf = resolveMemberOf(memberOfDns, groupPart.groups);
  return { tenant, ...mailboxes, groups: groupPart.groups, memberOf, passwordRules, mayGrantUnlimited, loadMs: performance.now() - started };
}

/** The attribute the directory keeps a mailbox's groups in (slapd's memberof overlay; AD's back link). */
const memberOfAttribute = 'memberOf';

/** Each mailbox's memberOf values as the tenant's groups (values naming other groups are left out). */
function resolveMemberOf(memberOfDns: Map<string, string[]>, groups: Map<string, SnapshotGroup>): Map<string, SnapshotGroup[]> {
  const byDn = new Map([...groups.values()].map((group) => [normalizeDn(group.dn), group]));
  const resolved = new Map<string, SnapshotGroup[]>();
  for (const [mailbox, dns] of memberOfDns) {
    const found = dns.map((dn) => byDn.get(normalizeDn(dn))).filter((group): group is SnapshotGroup => group !== undefined);
    if (found.length > 0) resolved.set(mailbox, found);
  }
  return resolved;
}

async function readMailboxes(context: HostingContext, tenantName: string) {
  const { connection, dialect } = context;
  const logins = new Map<string, Holder>();
  const addresses = new Map<string, Holder>();
  const mailboxes = new Map<string, Mailbox>();
  const memberOfDns = new Map<string, string[]>();
  let allocatedBytes = 0;
  let mailboxCount = 0;
  const tenantEntries = await connection.search(dialect.layout.tenantsDn, { scope: 'one', filter: dialect.tenantFilter(), attributes: ['1.1'] });
  // Tenant by tenant, so each entry is read once and its tenant is known without parsing its DN: other
  // tenants' logins and addresses only (the server pays per attribute it returns), the target's in full,
  // because updates are compared with them. One search at a time, on purpose: as a non-root identity the time
  // goes into slapd's access checks (one walk of the olcAccess list per returned attribute of every entry), and
  // the dn.regex rules on that walk are run under a lock per rule (glibc regexec), so parallel searches on more
  // connections only queue for those locks: two at once took 2.7 times as long as one (docs/bulk-import.md).
  for (const tenant of tenantEntries.map((entry) => dialect.tenantFromEntry(entry).name)) {
    const own = tenant === tenantName;
    // memberOf only for the target's: a membership counts as present when both sides say so (import-plan.ts).
    const attributes = own ? [...dialect.mailboxAttributes(), memberOfAttribute] : (dialect.mailboxKeyAttributes?.() ?? dialect.mailboxAttributes());
    for await (const page of connection.searchPages(dialect.layout.mailboxesDn(tenant), { filter: dialect.mailboxFilter(), attributes, pageSize: 1000 })) {
      for (const entry of page) {
        const mailbox = dialect.mailboxFromEntry(tenant, entry);
        const holder: Holder = { tenant, kind: 'mailbox', name: mailbox.login, dn: entry.dn };
        logins.set(mailbox.login.toLowerCase(), holder);
        for (const address of [mailbox.primaryAddress, ...mailbox.aliases]) addresses.set(address.toLowerCase(), holder);
        if (!own) continue;
        mailboxes.set(mailbox.login.toLowerCase(), mailbox);
        memberOfDns.set(normalizeDn(entry.dn), values(entry, memberOfAttribute));
        allocatedBytes += mailbox.quotaBytes ?? 0;
        mailboxCount += 1;
      }
    }
  }
  return { logins, addresses, mailboxes, memberOfDns, allocatedBytes, mailboxCount };
}

async function readGroups(context: HostingContext, tenantName: string) {
  const { connection, dialect } = context;
  const addresses = new Map<string, Holder>();
  const groups = new Map<string, SnapshotGroup>();
  for (const kind of groupKinds) {
    // Other tenants' groups matter only for their addresses: leave out their (possibly huge) member lists.
    const attributes = dialect.groupAttributes().filter((name) => name !== dialect.memberAttribute);
    for await (const page of connection.searchPages(dialect.layout.tenantsDn, { filter: dialect.groupFilter(kind), attributes, pageSize: 1000 })) {
      for (const entry of page) {
        const tenant = context.dialect.layout.tenantOf(entry.dn);
        const group = dialect.groupFromEntry(tenant ?? '', kind, entry);
        if (group.address) addresses.set(group.address.toLowerCase(), { tenant, kind: 'group', name: group.name, dn: entry.dn });
      }
    }
    const own = await connection.search(dialect.layout.groupsDn(tenantName, kind), { scope: 'one', filter: dialect.groupFilter(kind), attributes: dialect.groupAttributes() });
    for (const entry of own) {
      const group = dialect.groupFromEntry(tenantName, kind, entry);
      const key = group.name.toLowerCase();
      // Groups and lists share one namespace in the console; a clash keeps the security group.
      if (groups.has(key)) continue;
      const implicit = new Set((await implicitMembers(context, tenantName, entry.dn)).map(normalizeDn));
      const memberDns = new Map(group.memberDns.map((dn) => [normalizeDn(dn), dn]));
      const members = new Set([...memberDns.keys(), ...implicit]);
      groups.set(key, { name: group.name, kind, dn: entry.dn, members, implicitMembers: implicit, memberDns, description: group.description, address: group.address });
    }
  }
  return { addresses, groups };
}

/**
 * Members the group's member attribute does not list (AD: the mailboxes whose primary group it is, i.e. every
 * mailbox in all-users), so a re-run does not plan to join them again.
 */
async function implicitMembers(context: HostingContext, tenantName: string, groupDn: string): Promise<string[]> {
  const { connection, dialect } = context;
  const filter = await dialect.implicitMembersFilter?.(connection, groupDn);
  if (!filter) return [];
  const found = await connection.search(dialect.layout.mailboxesDn(tenantName), { filter: new AndFilter({ filters: [dialect.mailboxFilter(), filter] }), attributes: ['1.1'], pageSize: 1000 });
  return found.map((entry) => entry.dn);
}
