/**
 * The one mailbox writer: what a create or a change of a mailbox writes, for the console's single calls
 * (MailboxService) and the bulk import alike. It turns a checked create request into the entry to add, a change
 * request into the LDAP changes against the current mailbox (comparing field by field: one comparison for the
 * editor's update and the import's create-or-update), and names the writes that follow an add (group joins, the
 * flavor's own steps) as data, so one caller runs them one by one and the import batches them per chunk.
 * Nothing here checks anything (tenant, pool, limit, addresses, password policy): the callers do that first,
 * and nothing here talks to the server except runAfterAdd, which runs the flavor's steps for one mailbox.
 */
import type { Change } from 'ldapts';
import type { CreateMailboxRequest, Mailbox, MailboxChanges, MailboxNotice } from '../../shared/model/hosting';
import { addValues, removeValues } from '../directory/changes';
import type { DirectoryConnection } from '../directory/directory-connection';
import type { EntryAttributes, HostingDialect } from './hosting-dialect';

/** A create request whose quota is decided (the tenant's default applied, or null for unlimited). */
export type MailboxCreate = CreateMailboxRequest & { quotaBytes: number | null };

/** What a new mailbox writes, in order: the add, one join per group, then the flavor's steps when it has any. */
export interface MailboxCreateWrites {
  dn: string;
  attributes: EntryAttributes;
  /** Group DNs the new mailbox joins (its DN into their member attribute): the tenant's all-users group first. */
  joins: string[];
  /** The request the flavor's after-add steps need (AD: password, enabling, primary group), or null when it has none. */
  afterAdd: CreateMailboxRequest | null;
}

export function mailboxCreateWrites(dialect: HostingDialect, request: MailboxCreate, joins: readonly string[]): MailboxCreateWrites {
  return {
    dn: dialect.newMailboxDn(request),
    attributes: dialect.mailboxEntry(request),
    joins: [...joins],
    afterAdd: hasAfterAddSteps(dialect) ? request : null,
  };
}

/** Whether a create is more than the add and the joins here (AD), so a half-made one can exist. */
export const hasAfterAddSteps = (dialect: HostingDialect): boolean => dialect.afterMailboxCreated !== undefined;

/** Runs the flavor's after-add steps for one new mailbox; returns what it left to the host (AD: Domain Users). */
export async function runAfterAdd(connection: DirectoryConnection, dialect: HostingDialect, dn: string, request: CreateMailboxRequest): Promise<MailboxNotice[]> {
  return (await dialect.afterMailboxCreated?.(connection, dn, request)) ?? [];
}

/**
 * A membership write: join, leave, or a repair. slapd's memberof overlay writes memberOf after the group's modify
 * commits, one member at a time in writes of its own, so a server stopped in between leaves the two sides apart;
 * a repair writes the member value away and back (or in and out again) in one modify, so the group ends as it was
 * and the overlay, seeing both steps, writes memberOf again.
 */
export type MembershipOperation = 'add' | 'delete' | 'rejoin' | 'releave';

const membershipSteps: Record<MembershipOperation, readonly ('add' | 'delete')[]> = { add: ['add'], delete: ['delete'], rejoin: ['delete', 'add'], releave: ['add', 'delete'] };

/** The changes of one group's modify that make `members` (one, or a batch) join, leave or be repaired. */
export function membershipChanges(dialect: HostingDialect, operation: MembershipOperation, members: string[]): Change[] {
  return membershipSteps[operation].map((step) => (step === 'add' ? addValues : removeValues)(dialect.memberAttribute, members));
}

/** What a change request may name: the editor's fields, and the enabled state (the import sets it with the rest). */
export type WantedMailbox = MailboxChanges & { enabled?: boolean };

/** A field a change request changed, in the order reports list them. */
export type MailboxField = 'givenName' | 'surname' | 'displayName' | 'primaryAddress' | 'aliases' | 'quotaBytes' | 'hiddenFromAddressBook' | 'enabled' | 'services' | 'mustChangePassword' | 'expiresAt';

export interface MailboxUpdateWrites {
  /** The fields whose value changes. */
  changed: MailboxField[];
  /** The LDAP changes of the mailbox entry (empty when nothing changes). */
  modifications: Change[];
}

const nameFields = ['givenName', 'surname', 'displayName'] as const;

/**
 * The changes `wanted` makes to `current`. An absent field is kept; a field equal to the current value is not
 * written (addresses compare without case, an empty display name as "given name surname", which is how the
 * directory shows it). The name fields are written together: when one changes, every name the request gives goes
 * with it, since the flavors derive the shown name (cn, displayName) from all three. Services, must-change and
 * expiry are written as given: writing them does more than store a value (AD's pwdLastSet restarts the password's age).
 */
export function mailboxUpdateWrites(dialect: HostingDialect, current: Mailbox, wanted: WantedMailbox): MailboxUpdateWrites {
  const changed: MailboxField[] = [];
  const changes: MailboxChanges = {};
  const given = wanted.givenName ?? current.givenName;
  const surname = wanted.surname ?? current.surname;
  if (wanted.givenName !== undefined && wanted.givenName !== current.givenName) changed.push('givenName');
  if (wanted.surname !== undefined && wanted.surname !== current.surname) changed.push('surname');
  if (wanted.displayName !== undefined && effectiveDisplayName(wanted.displayName, given, surname) !== current.displayName) changed.push('displayName');
  if (changed.length > 0) for (const field of nameFields) if (wanted[field] !== undefined) changes[field] = wanted[field];

  const primary = wanted.primaryAddress?.toLowerCase();
  if (primary !== undefined && primary !== current.primaryAddress.toLowerCase()) {
    changed.push('primaryAddress');
    changes.primaryAddress = primary;
  }
  const aliases = wanted.aliases?.map((address) => address.toLowerCase());
  if (aliases !== undefined && !sameSet(aliases, current.aliases.map((address) => address.toLowerCase()))) {
    changed.push('aliases');
    changes.aliases = aliases;
  } else if (changes.primaryAddress !== undefined) {
    // The primary moves: the other addresses stay, without the new primary (it is an address once).
    changes.aliases = current.aliases.filter((address) => address.toLowerCase() !== changes.primaryAddress);
  }
  if (wanted.quotaBytes !== undefined && wanted.quotaBytes !== current.quotaBytes) {
    changed.push('quotaBytes');
    changes.quotaBytes = wanted.quotaBytes;
  }
  if (wanted.hiddenFromAddressBook !== undefined && wanted.hiddenFromAddressBook !== current.hiddenFromAddressBook) {
    changed.push('hiddenFromAddressBook');
    changes.hiddenFromAddressBook = wanted.hiddenFromAddressBook;
  }
  for (const field of ['services', 'mustChangePassword', 'expiresAt'] as const) {
    if (wanted[field] === undefined) continue;
    changed.push(field);
    Object.assign(changes, { [field]: wanted[field] });
  }
  const modifications = dialect.mailboxChanges(current, changes);
  if (wanted.enabled !== undefined && wanted.enabled !== current.enabled) {
    changed.push('enabled');
    modifications.push(...dialect.enabledChanges(wanted.enabled));
  }
  return { changed: order(changed), modifications };
}

/** The change request that turns a mailbox into what `request` would create (the password and groups aside). */
export const wantedAsCreated = (request: MailboxCreate): WantedMailbox => ({
  givenName: request.givenName,
  surname: request.surname,
  displayName: request.displayName,
  primaryAddress: request.primaryAddress,
  aliases: request.aliases,
  quotaBytes: request.quotaBytes,
  hiddenFromAddressBook: request.hiddenFromAddressBook,
  enabled: request.enabled,
});

const fieldOrder: readonly MailboxField[] = ['givenName', 'surname', 'displayName', 'primaryAddress', 'aliases', 'quotaBytes', 'hiddenFromAddressBook', 'enabled', 'services', 'mustChangePassword', 'expiresAt'];
const order = (fields: MailboxField[]) => fieldOrder.filter((field) => fields.includes(field));

const effectiveDisplayName = (displayName: string, given: string, surname: string) => displayName || [given, surname].filter(Boolean).join(' ');

const sameSet = (a: string[], b: string[]) => a.length === b.length && new Set(a).size === new Set([...a, ...b]).size;
