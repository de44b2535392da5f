/**
 * The seam between the hosting model (written once, in the services) and a directory flavor. A dialect
 * says where things live, which object classes and attributes represent them, and how model values become
 * LDAP changes. The services never name an LDAP attribute themselves.
 */
import type { Change, Entry, Filter } from 'ldapts';
import type { DirectoryFlavor, GroupKind, Mailbox, Group, Tenant, TenantSettings, CreateMailboxRequest, MailboxChanges, MailboxNotice } from '../../shared/model/hosting';
import type { DirectoryConnection } from '../directory/directory-connection';
import type { PasswordPolicy } from '../../shared/model/password-policy';
import type { DeletedItems } from '../../shared/model/deleted-items';
import type { EntryAttributes, HostingLayout } from './hosting-layout';
import type { ConformanceExpectations } from './conformance-expectations';

export type { EntryAttributes, HostingLayout } from './hosting-layout';

/** Deleted items, per flavor: OpenLDAP keeps a deleted mailbox marked in place, AD's Recycle Bin keeps it for us. */
export interface DeletedItemsSupport {
  /** Deletes into deleted items; `groups` are the DNs it is a member of, `actor` who deletes. */
  remove(connection: DirectoryConnection, mailbox: Mailbox, groups: string[], actor: string): Promise<void>;
  list(connection: DirectoryConnection, tenant: string): Promise<DeletedItems>;
  /** Brings a deleted mailbox back where it was, with the groups that still exist; answers its DN. */
  restore(connection: DirectoryConnection, tenant: string, login: string): Promise<string>;
  /** Removes a deleted mailbox for good (its login and addresses become free). */
  purge(connection: DirectoryConnection, tenant: string, login: string): Promise<void>;
}

export interface HostingDialect {
  readonly flavor: DirectoryFlavor;
  readonly layout: HostingLayout;

  /** Filter matching tenant entries (one level below tenantsDn). */
  tenantFilter(): Filter;
  tenantAttributes(): string[];
  tenantEntry(name: string, settings: TenantSettings): EntryAttributes;
  tenantFromEntry(entry: Entry): Tenant;
  /** `current` is the tenant as last read (flavors that keep several settings in one attribute need it). */
  tenantChanges(changes: Partial<TenantSettings>, current?: Tenant): Change[];

  mailboxFilter(): Filter;
  mailboxAttributes(): string[];
  /** The few attributes holding a mailbox's login and addresses, so directory-wide checks read only these (default: mailboxAttributes). */
  mailboxKeyAttributes?(): string[];
  /** The DN a new mailbox gets. */
  newMailboxDn(request: CreateMailboxRequest): string;
  mailboxEntry(request: CreateMailboxRequest & { quotaBytes: number | null }): EntryAttributes;
  mailboxFromEntry(tenant: string, entry: Entry): Mailbox;
  mailboxChanges(current: Mailbox, changes: MailboxChanges): Change[];
  /** The one attribute holding a mailbox's quota in bytes (the quota report reads only this). */
  readonly quotaAttribute: string;
  /** A mailbox's quota from an entry holding quotaAttribute; null means unlimited (each flavor stores that its own way). */
  quotaFromEntry(entry: Entry): number | null;
  enabledChanges(enabled: boolean): Change[];
  passwordChanges(password: string): Change[];
  /** Changes that lift a lockout after failed logins (not an administrative disable). */
  unlockChanges(): Change[];
  /** Filter that finds a mailbox by login anywhere (logins are unique directory-wide). */
  loginFilter(login: string): Filter;
  /** Filter that finds any entry using `address` as primary address or alias. */
  addressFilter(address: string): Filter;
  /** Filter for the directory-wide search box. */
  searchFilter(text: string): Filter;
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
  /** What every entry of this flavor must look like (read by the conformance scan). */
  readonly conformance: ConformanceExpectations;

  // ---- Optional hooks: flavors whose directory needs more than entries and changes (Active Directory) ----

  /** The password policy in force for the mailbox at `mailboxDn`, or for a new mailbox of `tenant` (null). */
  passwordPolicy?(connection: DirectoryConnection, tenant: string, mailboxDn: string | null): Promise<PasswordPolicy>;
  /** Changes that make the user choose a new password at the next sign-in, or lift that. */
  mustChangeChanges?(mustChange: boolean): Change[];
  /** Changes that set the account's expiry (ISO 8601), or clear it (null). */
  expiryChanges?(expiresAt: string | null): Change[];
  /** How deleted mailboxes are kept for undoing (absent: a delete is final). */
  deletedItems?: DeletedItemsSupport;

  /** Refuses, before anything is written, to send a password over this connection (AD: LDAPS or StartTLS only). */
  assertPasswordTransport?(connection: DirectoryConnection): void;
  /** Runs after a tenant's entries are written (AD: its isolating DACL); the tenant is removed again if it fails. */
  afterTenantCreated?(connection: DirectoryConnection, tenant: string): Promise<void>;
  /**
   * Runs after a new mailbox and its memberships are written (AD: password, enabling, primary group); undone with
   * the mailbox on failure. Returns what it left for the host to finish (AD: Domain Users, for a tenant admin).
   */
  afterMailboxCreated?(connection: DirectoryConnection, dn: string, request: CreateMailboxRequest): Promise<MailboxNotice[]>;
  /** Filter for mailboxes in the group without being in its member attribute (AD: those whose primary group it is), or null. */
  implicitMembersFilter?(connection: DirectoryConnection, groupDn: string): Promise<Filter | null>;
  /** Filter for mailboxes that may be members of some group (default: the mailbox filter). */
  memberDirectoryFilter?(): Filter;
  /** The kind of a group entry found by a search (needs groupAttributes()). */
  groupKindOf?(entry: Entry): GroupKind;
  /** Deletes an entry with everything below it (AD: one tree-delete request). */
  deleteSubtree?(connection: DirectoryConnection, dn: string): Promise<void>;
}
