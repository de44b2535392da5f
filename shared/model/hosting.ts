/**
 * The hosting model, written once for every directory flavor: tenants, mailboxes, groups and
 * distribution lists. Entities are addressed by tenant name + login/group name, never by raw DN, so the
 * renderer cannot point main at arbitrary directory entries.
 */
import { z } from 'zod';
import {
  byteSizeField,
  mailboxQuotaField,
  countField,
  displayNameField,
  loginNameField,
  mailAddressField,
  mailDomainField,
  optionalNameField,
  passwordField,
  tenantNameField,
} from './fields';
import { mailboxMailServicesSchema, tenantMailServicesSchema, type MailboxMailServices } from './mail-services';
import { searchTextField } from '../text/search-text';

export const directoryFlavors = ['openldap', 'active-directory'] as const;
export type DirectoryFlavor = (typeof directoryFlavors)[number];

/** Groups every tenant has; the console creates them with the tenant and never deletes them alone. */
export const systemGroupNames = { tenantAdmins: 'tenant-admins', allUsers: 'all-users' } as const;
export const isSystemGroupName = (name: string): boolean =>
  Object.values(systemGroupNames).some((reserved) => reserved === name.trim().toLowerCase());

// ---- Tenants ----

/** Per-tenant limits and settings; null means "no limit / not set". */
export const tenantSettingsSchema = z.object({
  displayName: optionalNameField('Display name'),
  mailDomains: z.array(mailDomainField).min(1, 'A tenant needs at least one mail domain').max(100),
  storagePoolBytes: byteSizeField.nullable(),
  mailboxLimit: countField.nullable(),
  defaultQuotaBytes: mailboxQuotaField.nullable(),
  allowOvercommit: z.boolean(),
  /** The mail services its mailboxes may use (docs/mail-servers.md): host admins set them. */
  services: tenantMailServicesSchema,
});
export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

export interface Tenant extends TenantSettings {
  name: string;
  dn: string;
}

export interface TenantSummary extends Tenant {
  /** null: not counted (a listing asked for without counts, which the console fills in afterwards). */
  mailboxCount: number | null;
}

/** Tenants in the tree's first screen, asked for before the whole list (a tall screen shows ~80 rows). */
export const firstScreenTenants = 100;

export const listTenantsRequest = z.object({
  /**
   * Count each tenant's mailboxes too (default). Counting reads every mailbox DN below the tenants: 2.7-3.6 s at
   * 100,000 mailboxes, so the console's tree asks without, paints, then asks `countTenantMailboxes`.
   */
  counts: z.boolean().optional(),
  /**
   * Only the first N tenants by name (without counts): the tree's first screen. The list is read whole all the same
   * and kept for a full listing asked for next (main/app/first-screen-warmup.ts), so the screen paints before 10,000
   * tenants (3.3 MB) travel to the window.
   */
  first: z.number().int().min(1).max(1_000).optional(),
}).strict();

/** Each tenant's mailbox count, by tenant name. */
export type TenantMailboxCounts = Record<string, number>;

export const createTenantRequest = z.object({
  name: tenantNameField,
  settings: tenantSettingsSchema.partial().extend({ mailDomains: tenantSettingsSchema.shape.mailDomains, services: tenantMailServicesSchema.partial().optional() }),
});
export type CreateTenantRequest = z.infer<typeof createTenantRequest>;

export const tenantRef = z.object({ tenant: tenantNameField });

/** Changes to a tenant's settings: only the fields given (services too, one switch at a time). */
export const tenantChangesSchema = tenantSettingsSchema.partial().extend({ services: tenantMailServicesSchema.partial().optional() });
export type TenantChanges = z.infer<typeof tenantChangesSchema>;

export const updateTenantRequest = z.object({
  tenant: tenantNameField,
  changes: tenantChangesSchema,
});

export const deleteTenantRequest = z.object({
  tenant: tenantNameField,
  /** Delete even though it still holds mailboxes (everything below the tenant goes). */
  force: z.boolean().default(false),
});

// ---- Mailboxes ----

export interface Mailbox {
  tenant: string;
  login: string;
  dn: string;
  givenName: string;
  surname: string;
  displayName: string;
  primaryAddress: string;
  aliases: string[];
  quotaBytes: number | null;
  enabled: boolean;
  locked: boolean;
  hiddenFromAddressBook: boolean;
  /** Its own mail service settings over its tenant's (docs/mail-servers.md). */
  services: MailboxMailServices;
  /** The user must choose a new password at the next sign-in (OpenLDAP pwdReset, AD pwdLastSet 0). */
  mustChangePassword?: boolean;
  /** When the account stops working (ISO 8601, UTC); null or absent: never. */
  expiresAt?: string | null;
  /** The entry's change stamp as last read (entryCSN on OpenLDAP); '' when the server keeps none. */
  revision: string;
  /** Only on a create that left a step to the host (AD: Domain Users): shown as a warning, not an error. */
  notices?: MailboxNotice[];
}

export const mailboxRef = z.object({ tenant: tenantNameField, login: loginNameField });
export type MailboxRef = z.infer<typeof mailboxRef>;

/** An account's expiry: an instant in ISO 8601 UTC, between 1970 and 9999 (AD's FILETIME reaches further, people do not). */
export const expiryField = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'An expiry is a UTC time such as 2027-01-31T00:00:00Z')
  .refine((value) => !Number.isNaN(Date.parse(value)) && Date.parse(value) > 0, 'Not a real date');

const mailboxFields = {
  givenName: optionalNameField('First name', 64),
  surname: displayNameField('Last name', 64),
  displayName: optionalNameField('Display name'),
  primaryAddress: mailAddressField,
  aliases: z.array(mailAddressField).max(100, 'At most 100 aliases'),
  quotaBytes: mailboxQuotaField.nullable(),
  hiddenFromAddressBook: z.boolean(),
};

export const createMailboxRequest = z.object({
  tenant: tenantNameField,
  login: loginNameField,
  givenName: mailboxFields.givenName.default(''),
  surname: mailboxFields.surname,
  displayName: mailboxFields.displayName.default(''),
  primaryAddress: mailboxFields.primaryAddress,
  aliases: mailboxFields.aliases.default([]),
  quotaBytes: mailboxFields.quotaBytes.optional(),
  hiddenFromAddressBook: mailboxFields.hiddenFromAddressBook.default(false),
  password: passwordField,
  enabled: z.boolean().default(true),
  /** Extra groups or lists of the same tenant to join; the all-users group is always joined. */
  groups: z.array(displayNameField('Group name', 64)).default([]),
  /** The user must choose a new password at the first sign-in. */
  mustChangePassword: z.boolean().optional(),
  expiresAt: expiryField.nullable().optional(),
});
export type CreateMailboxRequest = z.infer<typeof createMailboxRequest>;

export const updateMailboxRequest = z.object({
  tenant: tenantNameField,
  login: loginNameField,
  /** `services`: host admins only (the tenant's service settings are the host's decision). */
  changes: z.object({ ...mailboxFields, mustChangePassword: z.boolean(), expiresAt: expiryField.nullable() }).partial().extend({ services: mailboxMailServicesSchema.partial().optional() }),
  /** The revision the editor read; when given and the entry changed since, nothing is written (conflict). */
  expectedRevision: z.string().max(128).optional(),
});
export type MailboxChanges = z.infer<typeof updateMailboxRequest>['changes'];

export const setMailboxEnabledRequest = mailboxRef.extend({ enabled: z.boolean() });
export const resetPasswordRequest = mailboxRef.extend({
  password: passwordField,
  /** Make the user choose another at the next sign-in (absent: leave that as it is). */
  mustChange: z.boolean().optional(),
});

export const listMailboxesRequest = z.object({
  tenant: tenantNameField,
  /** Continue a listing: the cursor the previous page returned. */
  cursor: z.string().max(64).optional(),
  pageSize: z.number().int().min(1).max(1000).default(200),
  /** Only mailboxes whose name, login or address contains this text (searched on the server, accents aside). */
  query: searchTextField().optional(),
});

export interface MailboxPage {
  items: Mailbox[];
  /** Pass back to get the next page; null when this was the last one. */
  nextCursor: string | null;
}

// ---- Groups and distribution lists ----

export const groupKinds = ['security', 'distribution'] as const;
export type GroupKind = (typeof groupKinds)[number];

export interface GroupMember {
  login: string;
  displayName: string;
  primaryAddress: string;
}

export interface Group {
  tenant: string;
  kind: GroupKind;
  name: string;
  dn: string;
  description: string;
  /** Distribution lists have an address; security groups may not. */
  address: string | null;
  members: GroupMember[];
  system: boolean;
}

export const groupRef = z.object({
  tenant: tenantNameField,
  kind: z.enum(groupKinds),
  name: displayNameField('Group name', 64),
});
export type GroupRef = z.infer<typeof groupRef>;

export const createGroupRequest = groupRef.extend({
  description: optionalNameField('Description', 256).default(''),
  address: mailAddressField.nullable().default(null),
  members: z.array(loginNameField).default([]),
});
export type CreateGroupRequest = z.infer<typeof createGroupRequest>;

export const updateGroupRequest = groupRef.extend({
  changes: z
    .object({ description: optionalNameField('Description', 256), address: mailAddressField.nullable() })
    .partial(),
});

export const groupMembersRequest = groupRef.extend({
  logins: z.array(loginNameField).min(1, 'Name at least one member').max(1000),
});

export const listGroupsRequest = z.object({ tenant: tenantNameField, kind: z.enum(groupKinds).optional() });

// ---- Directory-wide search ----

export const searchDirectoryRequest = z.object({
  query: searchTextField().min(1, 'Type something to search for'),
  limit: z.number().int().min(1).max(500).default(50),
});

export interface SearchHit {
  type: 'tenant' | 'mailbox' | 'group';
  tenant: string;
  /** Login for mailboxes, group name for groups, tenant name for tenants. */
  name: string;
  groupKind?: GroupKind;
  displayName: string;
  address: string | null;
}

// ---- Tenant usage ----

/** How much of a tenant's storage pool the mailbox quotas already take. */
export interface TenantUsage {
  tenant: string;
  /** Sum of every mailbox quota of the tenant. */
  allocatedBytes: number;
  storagePoolBytes: number | null;
  /** What is left for new or larger quotas; null when the pool is unlimited. */
  remainingBytes: number | null;
  allowOvercommit: boolean;
}

// ---- Steps a create leaves to the host (Active Directory: Domain Users) ----

/** What a create left for someone else to finish; the mailbox itself is complete and usable. */
export interface MailboxNotice {
  kind: 'domain-users-pending';
  message: string;
}

/** A tenant mailbox that is still a member of Domain Users (primary group or member value). */
export interface DomainUsersMember {
  tenant: string;
  login: string;
  /** True when Domain Users is still its primary group (a tenant admin's create); false for a member value only. */
  primaryIsDomainUsers: boolean;
}

/** "Acme/ann, Globex/gus and 3 more": the mailboxes for a one-line summary or a tooltip. */
export function domainUsersMemberNames(members: readonly DomainUsersMember[], shown = 10): string {
  const names = members.slice(0, shown).map((m) => `${m.tenant}/${m.login}`);
  return members.length > shown ? `${names.join(', ')} and ${members.length - shown} more` : names.join(', ');
}

/** Tenant mailboxes still in Domain Users, for the host admin's banner and `finish-primary-groups --dry-run`. */
export interface PendingPrimaryGroups {
  flavor: DirectoryFlavor;
  mailboxes: DomainUsersMember[];
}

/** What finishing did: each pending mailbox moved to its tenant's all-users group and out of Domain Users, or why not. */
export interface PrimaryGroupFinishReport {
  finished: DomainUsersMember[];
  failed: (DomainUsersMember & { message: string })[];
  elapsedMs: number;
}
