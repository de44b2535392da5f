/**
 * The seam between the hosting model (written once, in the services) and a directory flavor. A dialect
 * says where things live, which object classes and attributes represent them, and how model values become
 * LDAP changes. The services never name an LDAP attribute themselves.
 */
import type { Change, Entry, Filter } from 'ldapts';
import type { DirectoryFlavor, GroupKind, Mailbox, Group, Tenant, TenantSettings, CreateMailboxRequest, MailboxChanges, MailboxNotice } from '../../shared/model/hosting';
import type { MailboxLockState } from '../../shared/model/mailbox-activity';
import type { DirectoryConnection } from '../directory/directory-connection';
import type { DeletedItems } from '../../shared/model/deleted-items';
import type { EntryAttributes, HostingLayout } from './hosting-layout';
import type { ConformanceExpectations } from './conformance-expectations';
import type { TenantPasswordPolicyStore } from './password-policy-store';

export type { EntryAttributes, HostingLayout } from './hosting-layout';

/** Where a flavor keeps a mailbox's certificates: read by the key inventory, written by a certificate import. */
export interface CertificateAttributes {
  /**
   * Each attribute holding certificates, named as a search must ask for it (OpenLDAP: `userCertificate;binary`),
   * and whether one value can be deleted by itself (it has an equality rule) or the rest must replace it.
   */
  readonly stored: readonly { attribute: string; deleteByValue: boolean }[];
  /** The attribute an imported X.509 certificate (DER) is added to. */
  readonly importTo: string;
  /** Mailboxes holding at least one certificate. */
  holderFilter(): Filter;
}

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
  /** A new tenant's entry; without `services` it offers every mail service (what a tenant that never set them has). */
  tenantEntry(name: string, settings: Omit<TenantSettings, 'services'> & { services?: TenantSettings['services'] }): EntryAttributes;
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
  /** Attributes lockState() reads (lock time, failures, account state). */
  lockAttributes(): string[];
  /** A mailbox's lock state with when and why, from an entry holding lockAttributes(). */
  lockState(entry: Entry): MailboxLockState;
  /** Attributes holding the key of the mailbox's mail folder (the same key the mail configuration uses). */
  mailStoreKeyAttributes(): string[];
  /** The key of its mail folder and last-login record, or null when the entry lacks it. */
  mailStoreKey(entry: Entry): string | null;
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
  /** Where certificates are kept (docs/keys.md). */
  readonly certificates: CertificateAttributes;

  // ---- Service accounts of the mail hosts (below layout.servicesDn, members of layout.mailServicesGroupDn) ----

  /** Filter matching service accounts (searched one level below servicesDn). */
  serviceAccountFilter(): Filter;
  serviceAccountAttributes(): string[];
  serviceAccountDn(name: string): string;
  /** The new account's entry; the password is in it where the flavor takes one on add (OpenLDAP). */
  serviceAccountEntry(name: string, description: string, password: string): EntryAttributes;
  serviceAccountFromEntry(entry: Entry): { name: string; description: string; createdAt: string | null };
  /** Entries a directory needs before its first service account: the container and the mail-services group. */
  serviceAccountContainers(): { dn: string; attributes: EntryAttributes }[];
  /** Runs after the account is added (AD: password and enabling); the account is deleted again when it fails. */
  afterServiceAccountCreated?(connection: DirectoryConnection, dn: string, password: string): Promise<void>;

  /** What every entry of this flavor must look like (read by the conformance scan). */
  readonly conformance: ConformanceExpectations;
  /** Where the flavor keeps each tenant's own password policy. */
  readonly passwordPolicy?: TenantPasswordPolicyStore;

  // ---- Optional hooks: flavors whose directory needs more than entries and changes (Active Directory) ----

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
