/**
 * The seam between the hosting model (written once, in the services) and a directory flavor. A dialect
 * says where things live, which object classes and attributes represent them, and how model values become
 * LDAP changes. The services never name an LDAP attribute themselves.
 */
import type { Change, Entry, Filter } from 'ldapts';
import type { DirectoryFlavor, GroupKind, Mailbox, Group, Tenant, TenantSettings, CreateMailboxRequest, MailboxChanges } from '../../shared/model/hosting';

/** Attribute values for a new entry. */
export type EntryAttributes = Record<string, string | string[]>;

/** Where the hosting tree lives below the suffix. */
export interface HostingLayout {
  suffix: string;
  tenantsDn: string;
  tenantDn(tenant: string): string;
  mailboxesDn(tenant: string): string;
  groupsDn(tenant: string, kind: GroupKind): string;
  /** Containers created below each tenant entry, outermost first. */
  tenantContainers(tenant: string): { dn: string; attributes: EntryAttributes }[];
  /** Host-level staff groups, which tenants must never reach. */
  hostGroupsDn: string;
}

export interface HostingDialect {
  readonly flavor: DirectoryFlavor;
  readonly layout: HostingLayout;

  /** Filter matching tenant entries (one level below tenantsDn). */
  tenantFilter(): Filter;
  tenantAttributes(): string[];
  tenantEntry(name: string, settings: TenantSettings): EntryAttributes;
  tenantFromEntry(entry: Entry): Tenant;
  tenantChanges(changes: Partial<TenantSettings>): Change[];

  mailboxFilter(): Filter;
  mailboxAttributes(): string[];
  /** The DN a new mailbox gets. */
  newMailboxDn(request: CreateMailboxRequest): string;
  mailboxEntry(request: CreateMailboxRequest & { quotaBytes: number | null }): EntryAttributes;
  mailboxFromEntry(tenant: string, entry: Entry): Mailbox;
  mailboxChanges(current: Mailbox, changes: MailboxChanges): Change[];
  enabledChanges(enabled: boolean): Change[];
  passwordChanges(password: string): Change[];
  /** Filter that finds a mailbox by login anywhere (logins are unique directory-wide). */
  loginFilter(login: string): Filter;
  /** Filter that finds any entry using `address` as primary address or alias. */
  addressFilter(address: string): Filter;
  /** Filter for the directory-wide search box. */
  searchFilter(text: string): Filter;
  /** Filter matching entries whose primary address or an alias is in `domain`. */
  domainInUseFilter(domain: string): Filter;
  /** Filter matching tenants that own `domain`. */
  tenantDomainFilter(domain: string): Filter;
  /** What a search hit is. */
  classify(entry: Entry): 'tenant' | 'mailbox' | 'group' | null;
  /** Attributes needed by classify(). */
  classifyAttributes(): string[];

  groupFilter(kind?: GroupKind): Filter;
  groupAttributes(): string[];
  groupDn(tenant: string, kind: GroupKind, name: string): string;
  groupEntry(kind: GroupKind, name: string, description: string, address: string | null, memberDns: string[]): EntryAttributes;
  /** Everything of a group except its resolved members. */
  groupFromEntry(tenant: string, kind: GroupKind, entry: Entry): Omit<Group, 'members'> & { memberDns: string[] };
  groupChanges(changes: { description?: string; address?: string | null }): Change[];
  memberAttribute: string;
}
