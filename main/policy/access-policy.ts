/**
 * The access policy, written once as data: who (role) may do what (operation) to which part (attribute set) of
 * which entries (object kind), where (scope). Everything else is generated from it and checked against it: the
 * OpenLDAP access rules (flavors/openldap/isolation/), the Active Directory DACLs and their known leaks
 * (flavors/active-directory/), the console's refusals before sending (policy/role-checks.ts), the role table in
 * docs/isolation.md, and the verifier's probe matrix (every denied cell attacked, every allowed cell tried).
 *
 * A cell not granted below is denied. Conditions narrow a grant to some values; `enforcedBy` says who refuses
 * what the condition excludes (the server, or only the console plus the conformance scan for totals).
 */

/** Who acts. */
export const policyRoles = ['host-admin', 'helpdesk', 'tenant-admin', 'tenant-user', 'mail-service', 'anonymous'] as const;
export type PolicyRole = (typeof policyRoles)[number];

/**
 * Where the target is, seen from the principal: `tenant` is its own tenant (for host roles: any tenant), `other-tenant`
 * another tenant (tenant roles only), `self` its own entry, `host` the host's own subtree (staff, groups, audit).
 */
export const policyScopes = ['tenant', 'other-tenant', 'self', 'host'] as const;
export type PolicyScope = (typeof policyScopes)[number];

/** What kind of entry, with the attribute sets that matter for it. */
export const objectKindSets = {
  tenant: ['entry', 'settings', 'domains', 'services', 'password'],
  container: ['entry', 'children', 'password'],
  mailbox: ['entry', 'login', 'names', 'primary-address', 'addresses', 'password', 'quota', 'account-state', 'lock', 'visibility', 'classes', 'memberships', 'password-policy', 'store-key', 'operational', 'certificates', 'services', 'must-change', 'expiry', 'deletion'],
  group: ['entry', 'names', 'primary-address', 'addresses', 'members', 'kind', 'visibility', 'classes', 'password'],
  list: ['entry', 'names', 'primary-address', 'addresses', 'members', 'kind', 'visibility', 'classes', 'password'],
  'host-staff': ['entry', 'password', 'password-policy'],
  'host-group': ['entry', 'members'],
  'service-account': ['entry', 'password'],
  'password-policy': ['entry', 'settings'],
  'audit-checkpoint': ['entry', 'values'],
  'server-log': ['entry'],
} as const;
export type ObjectKind = keyof typeof objectKindSets;
export type AttributeSet = (typeof objectKindSets)[ObjectKind][number];
export const objectKinds = Object.keys(objectKindSets) as ObjectKind[];

/**
 * What is done. On `entry`: read (see it at all), create, delete, rename (modrdn, moves included). On an attribute
 * set: read, modify (add a value, or replace a single-valued attribute), remove (delete one value of a
 * multi-valued attribute, or a single-valued attribute). Replacing a whole multi-valued list is a modify. `lock`/`unlock`
 * act on the lock set only.
 */
export const policyOperations = ['read', 'create', 'delete', 'rename', 'modify', 'remove', 'lock', 'unlock'] as const;
export type PolicyOperation = (typeof policyOperations)[number];

/** Narrowing of a grant to some values; what it excludes is refused. */
export const policyConditions = {
  'console-classes': 'only with exactly the object classes the console writes for this kind of entry, in its own container (a mailbox also naming its tenant’s own password policy)',
  'tenant-domains': "only addresses in the tenant's own mail domains, and by replacing the whole list (never removing one value)",
  'within-pool': "only quotas from 1 byte up to the tenant's storage pool; unlimited (0) only when the tenant has no pool",
  'own-tenant-mailboxes': "only mailboxes of the group's own tenant as members",
  cleartext: 'only cleartext passwords, which the password policy checks and hashes (never a pre-hashed value)',
  'not-built-in': 'not the built-in groups (all-users, tenant-admins)',
  'known-values': 'only the values the console knows (active/disabled; security under groups, distribution under lists)',
  own: 'only the entries it created itself',
  'enabled-only': 'only mailboxes that are not disabled (re-enabling is an administrator’s decision)',
  'own-tenant-policy': "only its tenant's own password policy, given to a mailbox that has none (never another tenant's, the default, or a change or removal)",
  'mark-only': 'only marking a mailbox deleted (adding the values); restoring and purging are the host admins’',
} as const;
export type PolicyCondition = keyof typeof policyConditions;

/** Who refuses what a condition excludes. */
export type Enforcement = 'server' | 'console';

/** One grant of the table (expanded into cells by `policyCells`). */
interface Grant {
  role: PolicyRole;
  scope: PolicyScope;
  kind: ObjectKind;
  sets: readonly AttributeSet[];
  operations: readonly PolicyOperation[];
  condition?: PolicyCondition;
  /** Default: the server. */
  enforcedBy?: Enforcement;
  why: string;
}

/** Kinds of entries inside a tenant; a tenant's own password policy is one of them (docs/tenant-lifecycle.md). */
const TENANT_KINDS = ['tenant', 'container', 'mailbox', 'group', 'list', 'password-policy'] as const satisfies readonly ObjectKind[];
const GROUPS = ['group', 'list'] as const satisfies readonly ObjectKind[];
/** Sets the schema requires: they can be replaced, never removed (the schema refuses it, whoever asks). */
const mandatory: Record<(typeof TENANT_KINDS)[number], AttributeSet[]> = { tenant: [], container: [], mailbox: ['quota'], group: ['kind'], list: ['kind'], 'password-policy': [] };
const everySet = (kind: ObjectKind): readonly AttributeSet[] => objectKindSets[kind];
const allBut = (kind: ObjectKind, ...excluded: AttributeSet[]): AttributeSet[] => everySet(kind).filter((set) => !excluded.includes(set));
/**
 * The address book: what every mailbox of a tenant reads of its tenant's mailboxes, groups and lists. Public
 * certificates are in it: a sender's mail client looks the recipient's certificate up there to encrypt (S/MIME).
 */
const addressBook: AttributeSet[] = ['entry', 'login', 'names', 'primary-address', 'addresses', 'members', 'kind', 'visibility', 'classes', 'memberships', 'certificates'];
const inBook = (kind: ObjectKind): AttributeSet[] => addressBook.filter((set) => (everySet(kind) as readonly string[]).includes(set));

/** The grants. Anything not granted here is denied, for every role. */
export const accessPolicy: readonly Grant[] = [
  // ---- Host admins: everything in tenants, with the limits that hold for everybody.
  ...TENANT_KINDS.map((kind): Grant => ({ role: 'host-admin', scope: 'tenant', kind, sets: allBut(kind, 'password'), operations: ['read'], why: 'Host admins see every tenant.' })),
  ...TENANT_KINDS.map((kind): Grant => ({
    role: 'host-admin', scope: 'tenant', kind, sets: allBut(kind, 'password', 'password-policy', 'login', 'memberships', 'store-key', 'operational', 'primary-address', 'addresses'), operations: ['modify'],
    why: 'Host admins run every tenant (logins, memberships and timestamps are the server’s: a login is set once).',
  })),
  ...TENANT_KINDS.map((kind): Grant => ({
    role: 'host-admin', scope: 'tenant', kind, sets: allBut(kind, 'password', 'password-policy', 'login', 'memberships', 'store-key', 'operational', 'primary-address', 'addresses', ...mandatory[kind]), operations: ['remove'],
    why: 'Host admins clear optional values (a mailbox’s quota and a group’s kind are mandatory: replaced, never removed).',
  })),
  ...TENANT_KINDS.map((kind): Grant => ({ role: 'host-admin', scope: 'tenant', kind, sets: ['entry'], operations: ['create', 'delete'], why: 'Host admins create and remove tenants and everything in them.' })),
  ...(['mailbox', 'group', 'list'] as const).map((kind): Grant => ({ role: 'host-admin', scope: 'tenant', kind, sets: ['primary-address', 'addresses'], operations: ['remove'], why: 'Removing an address or an alias.' })),
  { role: 'host-admin', scope: 'tenant', kind: 'container', sets: ['children'], operations: ['create', 'delete'], why: 'Adding and removing entries in a container.' },
  { role: 'host-admin', scope: 'tenant', kind: 'mailbox', sets: ['password'], operations: ['modify'], condition: 'cleartext', why: 'Host admins set passwords, through the password policy like everyone (write, never manage: ppolicy skips its checks for managers).' },
  { role: 'host-admin', scope: 'tenant', kind: 'mailbox', sets: ['password-policy'], operations: ['modify', 'remove'], why: "Which password policy a mailbox follows is the host's decision." },
  { role: 'host-admin', scope: 'tenant', kind: 'mailbox', sets: ['lock'], operations: ['lock', 'unlock'], why: 'Host admins disable and unlock.' },
  ...(['mailbox', 'group', 'list'] as const).map((kind): Grant => ({ role: 'host-admin', scope: 'tenant', kind, sets: ['primary-address', 'addresses'], operations: ['modify'], condition: 'tenant-domains', enforcedBy: 'console', why: "The console keeps host admins to the tenant's domains too; the conformance scan finds what other tools wrote." })),
  { role: 'host-admin', scope: 'host', kind: 'host-staff', sets: ['entry', 'password-policy'], operations: ['read', 'create', 'delete', 'modify'], why: 'Host admins manage the staff.' },
  { role: 'host-admin', scope: 'host', kind: 'host-staff', sets: ['password'], operations: ['modify'], condition: 'cleartext', why: 'Staff passwords go through the staff password policy.' },
  { role: 'host-admin', scope: 'host', kind: 'host-staff', sets: ['password', 'password-policy'], operations: ['remove'], why: 'Taking a staff member’s password away ends their logins.' },
  { role: 'host-admin', scope: 'host', kind: 'service-account', sets: ['entry'], operations: ['read', 'create', 'delete'], why: 'Host admins make and remove the mail hosts’ read-only accounts.' },
  { role: 'host-admin', scope: 'host', kind: 'service-account', sets: ['password'], operations: ['modify'], condition: 'cleartext', why: 'A service account gets a generated password.' },
  { role: 'host-admin', scope: 'host', kind: 'host-group', sets: ['entry', 'members'], operations: ['read', 'modify', 'remove'], why: 'Host admins decide who is staff.' },
  { role: 'host-admin', scope: 'host', kind: 'host-group', sets: ['entry'], operations: ['create', 'delete'], why: 'Host admins shape the staff groups (nothing below them could stop them: they manage the data).' },
  { role: 'host-admin', scope: 'host', kind: 'password-policy', sets: ['entry', 'settings'], operations: ['read', 'modify', 'remove', 'create', 'delete'], why: 'Password policies are the host’s.' },
  { role: 'host-admin', scope: 'host', kind: 'audit-checkpoint', sets: ['entry', 'values'], operations: ['read'], why: 'Host staff read every console’s checkpoints.' },
  { role: 'host-admin', scope: 'host', kind: 'audit-checkpoint', sets: ['entry'], operations: ['create'], why: 'Every console anchors its journal; nobody changes or removes a checkpoint.' },
  { role: 'host-admin', scope: 'host', kind: 'server-log', sets: ['entry'], operations: ['read'], why: 'The server log (it holds password hashes in reqMod) is for host admins only.' },

  // ---- Helpdesk: reads tenants, resets passwords, lifts locks. Nothing structural.
  ...TENANT_KINDS.map((kind): Grant => ({ role: 'helpdesk', scope: 'tenant', kind, sets: allBut(kind, 'password'), operations: ['read'], why: 'Helpdesk reviews tenant mailboxes and groups.' })),
  { role: 'helpdesk', scope: 'tenant', kind: 'mailbox', sets: ['password'], operations: ['modify'], condition: 'enabled-only', why: 'Password reset for a user who forgot it, in cleartext through the password policy (never a delete: the password is mandatory; never on a disabled mailbox, which the reset would unlock).' },
  { role: 'helpdesk', scope: 'tenant', kind: 'mailbox', sets: ['lock'], operations: ['unlock'], why: 'Helpdesk lifts a lock after failed logins; locking is the admins’ decision.' },
  { role: 'helpdesk', scope: 'tenant', kind: 'mailbox', sets: ['must-change'], operations: ['modify', 'remove'], why: 'A password given out by the helpdesk is changed by its user at the next sign-in.' },
  { role: 'helpdesk', scope: 'host', kind: 'audit-checkpoint', sets: ['entry', 'values'], operations: ['read'], why: 'Host staff read every console’s checkpoints.' },
  ...(['host-staff', 'host-group', 'service-account', 'password-policy'] as const).map((kind): Grant => ({ role: 'helpdesk', scope: 'host', kind, sets: allBut(kind, 'password'), operations: ['read'], why: 'Helpdesk sees who the staff and the mail hosts are, and the password policies it explains to users.' })),
  { role: 'helpdesk', scope: 'host', kind: 'audit-checkpoint', sets: ['entry'], operations: ['create'], why: 'A helpdesk console anchors its journal.' },

  // ---- Tenant admins, in their own tenant.
  { role: 'tenant-admin', scope: 'tenant', kind: 'tenant', sets: ['entry', 'settings', 'domains', 'services'], operations: ['read'], why: 'The tenant’s settings, pool, domains and mail services belong to the host admins: read only.' },
  { role: 'tenant-admin', scope: 'tenant', kind: 'mailbox', sets: ['services'], operations: ['read'], why: 'A mailbox’s mail services (IMAP, POP3, sending outside, message size) are the host’s decision, like the tenant’s: read only.' },
  { role: 'tenant-admin', scope: 'tenant', kind: 'container', sets: ['entry'], operations: ['read'], why: 'The containers themselves are fixed.' },
  { role: 'tenant-admin', scope: 'tenant', kind: 'container', sets: ['children'], operations: ['create', 'delete'], why: 'Adding mailboxes, groups and lists; removing groups and lists (deleting a mailbox only marks it: deleted items).' },
  ...(['mailbox', 'group', 'list'] as const).flatMap((kind): Grant[] => [
    { role: 'tenant-admin', scope: 'tenant', kind, sets: ['entry'], operations: ['create'], condition: 'console-classes', why: 'New mailboxes, groups and lists, exactly as the console writes them.' },
    { role: 'tenant-admin', scope: 'tenant', kind, sets: ['entry'], operations: ['read'], why: 'Its tenant’s entries, hidden ones included.' },
    { role: 'tenant-admin', scope: 'tenant', kind, sets: ['names', 'visibility'], operations: ['read', 'modify', 'remove'], why: 'Names and address-book visibility.' },
    { role: 'tenant-admin', scope: 'tenant', kind, sets: ['primary-address', 'addresses'], operations: ['read'], why: 'Reading addresses.' },
    { role: 'tenant-admin', scope: 'tenant', kind, sets: ['primary-address', 'addresses'], operations: ['modify'], condition: 'tenant-domains', why: 'Addresses only in the tenant’s domains; aliases as a whole list.' },
    { role: 'tenant-admin', scope: 'tenant', kind, sets: ['primary-address'], operations: ['remove'], why: 'Clearing the primary address (a group or list without an address); aliases are replaced as a whole list, never removed one by one.' },
    { role: 'tenant-admin', scope: 'tenant', kind, sets: ['classes'], operations: ['read'], why: 'Object classes are fixed once the entry exists.' },
  ]),
  // A tenant admin's delete keeps the mailbox (deleted items): marked, locked, hidden, its login and addresses
  // reserved; only host admins restore or purge, so a deletion can always be undone within the retention period.
  { role: 'tenant-admin', scope: 'tenant', kind: 'mailbox', sets: ['deletion'], operations: ['read'], why: 'Seeing what was deleted and when.' },
  { role: 'tenant-admin', scope: 'tenant', kind: 'mailbox', sets: ['deletion'], operations: ['modify'], condition: 'mark-only', why: 'Deleting a mailbox into deleted items (restored or purged by the host admins).' },
  ...GROUPS.map((kind): Grant => ({ role: 'tenant-admin', scope: 'tenant', kind, sets: ['entry'], operations: ['delete'], condition: 'not-built-in', why: 'Removing a group or list (not all-users or tenant-admins).' })),
  { role: 'tenant-admin', scope: 'tenant', kind: 'mailbox', sets: ['login', 'memberships', 'store-key', 'operational', 'password-policy'], operations: ['read'], why: 'Login, group memberships, the mail store key, timestamps and the password policy in force are read only.' },
  { role: 'tenant-admin', scope: 'tenant', kind: 'mailbox', sets: ['password-policy'], operations: ['modify'], condition: 'own-tenant-policy', why: 'A new mailbox follows its tenant’s own password policy, and only that one.' },
  { role: 'tenant-admin', scope: 'tenant', kind: 'password-policy', sets: ['entry', 'settings'], operations: ['read'], why: 'Its tenant’s password policy, to show the rules while a password is typed; the host admins set it.' },
  { role: 'tenant-admin', scope: 'tenant', kind: 'mailbox', sets: ['password'], operations: ['modify'], condition: 'cleartext', why: 'Password reset in its tenant (never a delete, never a hash).' },
  { role: 'tenant-admin', scope: 'tenant', kind: 'mailbox', sets: ['certificates'], operations: ['read', 'modify', 'remove'], why: 'Publishing and withdrawing its users’ public certificates (the console checks each before writing: docs/keys.md).' },
  { role: 'tenant-admin', scope: 'tenant', kind: 'mailbox', sets: ['must-change', 'expiry'], operations: ['read', 'modify', 'remove'], why: '“Must change the password at the next sign-in” and when the account expires.' },
  { role: 'tenant-admin', scope: 'tenant', kind: 'mailbox', sets: ['quota'], operations: ['read'], why: 'Reading quotas.' },
  { role: 'tenant-admin', scope: 'tenant', kind: 'mailbox', sets: ['quota'], operations: ['modify'], condition: 'within-pool', why: 'Quotas within the tenant’s pool (the pool’s total is the console’s and the conformance scan’s job).' },
  { role: 'tenant-admin', scope: 'tenant', kind: 'mailbox', sets: ['account-state'], operations: ['read'], why: 'Reading the account state.' },
  { role: 'tenant-admin', scope: 'tenant', kind: 'mailbox', sets: ['account-state'], operations: ['modify'], condition: 'known-values', why: 'Disabling and enabling mailboxes.' },
  { role: 'tenant-admin', scope: 'tenant', kind: 'mailbox', sets: ['account-state'], operations: ['remove'], why: 'Clearing the state (the lock, not this value, is what keeps a mailbox out).' },
  { role: 'tenant-admin', scope: 'tenant', kind: 'mailbox', sets: ['lock'], operations: ['read', 'lock', 'unlock'], why: 'Disabling (the administrative lock) and lifting locks.' },
  ...GROUPS.flatMap((kind): Grant[] => [
    { role: 'tenant-admin', scope: 'tenant', kind, sets: ['members'], operations: ['read'], why: 'Reading members.' },
    { role: 'tenant-admin', scope: 'tenant', kind, sets: ['members'], operations: ['modify', 'remove'], condition: 'own-tenant-mailboxes', why: 'Members only from its own tenant’s mailboxes.' },
    { role: 'tenant-admin', scope: 'tenant', kind, sets: ['kind'], operations: ['read'], why: 'Reading what a group is for.' },
    { role: 'tenant-admin', scope: 'tenant', kind, sets: ['kind'], operations: ['modify'], condition: 'known-values', why: 'A group is a security group, a list a distribution list.' },
  ]),
  { role: 'tenant-admin', scope: 'host', kind: 'audit-checkpoint', sets: ['entry'], operations: ['create'], why: 'A tenant admin’s console anchors its journal.' },
  { role: 'tenant-admin', scope: 'host', kind: 'audit-checkpoint', sets: ['entry', 'values'], operations: ['read'], condition: 'own', why: 'It reads the checkpoints it added, nobody else’s.' },

  // ---- Tenant users: their tenant's address book and their own password.
  { role: 'tenant-user', scope: 'tenant', kind: 'tenant', sets: ['entry', 'settings', 'domains', 'services'], operations: ['read'], why: 'Its tenant’s name, domains and the mail services it offers.' },
  { role: 'tenant-user', scope: 'tenant', kind: 'container', sets: ['entry'], operations: ['read'], why: 'The containers of its address book.' },
  { role: 'tenant-user', scope: 'tenant', kind: 'password-policy', sets: ['entry', 'settings'], operations: ['read'], why: 'The rules its own password must meet.' },
  ...(['mailbox', 'group', 'list'] as const).map((kind): Grant => ({ role: 'tenant-user', scope: 'tenant', kind, sets: inBook(kind), operations: ['read'], why: 'The address book (entries hidden from it excluded).' })),
  { role: 'tenant-user', scope: 'tenant', kind: 'mailbox', sets: ['deletion'], operations: ['read'], why: 'The deletion mark of the mailboxes it sees, which they never have (deleted ones are invisible to it): a listing filters on it.' },
  { role: 'tenant-user', scope: 'self', kind: 'mailbox', sets: ['password'], operations: ['modify'], condition: 'cleartext', why: 'Changing its own password.' },
  { role: 'tenant-user', scope: 'self', kind: 'mailbox', sets: ['entry', 'login', 'names', 'primary-address', 'addresses', 'quota', 'account-state', 'visibility', 'classes', 'memberships', 'password-policy', 'store-key', 'operational', 'certificates', 'services', 'must-change', 'expiry', 'deletion'], operations: ['read'], why: 'Its own entry (not the lock, nor its password hash).' },

  // ---- The mail service: exactly what Dovecot and Postfix need, read only.
  { role: 'mail-service', scope: 'tenant', kind: 'tenant', sets: ['entry', 'domains', 'services'], operations: ['read'], why: 'Which domains are hosted, and the mail services each tenant offers.' },
  { role: 'mail-service', scope: 'tenant', kind: 'container', sets: ['entry'], operations: ['read'], why: 'Its searches run below the containers.' },
  ...(['mailbox', 'group', 'list'] as const).map((kind): Grant => ({ role: 'mail-service', scope: 'tenant', kind, sets: kind === 'mailbox' ? ['entry', 'login', 'primary-address', 'addresses', 'quota', 'account-state', 'lock', 'classes', 'store-key', 'services', 'must-change', 'expiry'] : ['entry', 'primary-address', 'addresses', 'members', 'kind', 'classes'], operations: ['read'], why: 'Logins, addresses, quota, account state (expiry and a pending password change included), service settings, the mail store key and list members for delivery and login.' })),
];

/** One cell of the expanded table. */
export interface PolicyCell {
  role: PolicyRole;
  scope: PolicyScope;
  kind: ObjectKind;
  set: AttributeSet;
  operation: PolicyOperation;
  allowed: boolean;
  condition: PolicyCondition | null;
  enforcedBy: Enforcement;
  why: string;
}

/** The scopes a role can stand in, and the kinds each scope holds. */
const scopesOf: Record<PolicyRole, readonly PolicyScope[]> = {
  'host-admin': ['tenant', 'host'],
  helpdesk: ['tenant', 'host'],
  'tenant-admin': ['tenant', 'other-tenant', 'host'],
  'tenant-user': ['tenant', 'other-tenant', 'self', 'host'],
  'mail-service': ['tenant', 'host'],
  anonymous: ['tenant', 'host'],
};
const kindsIn: Record<PolicyScope, readonly ObjectKind[]> = {
  tenant: TENANT_KINDS,
  'other-tenant': TENANT_KINDS,
  self: ['mailbox'],
  host: ['host-staff', 'host-group', 'service-account', 'password-policy', 'audit-checkpoint', 'server-log'],
};
/** Which operations make sense on a set. */
function operationsOn(scope: PolicyScope, kind: ObjectKind, set: AttributeSet): PolicyOperation[] {
  // One's own entry exists already: it can be read, deleted or renamed, not created.
  if (set === 'entry') return kind === 'server-log' ? ['read'] : scope === 'self' ? ['read', 'delete', 'rename'] : ['read', 'create', 'delete', 'rename'];
  if (set === 'lock') return ['read', 'lock', 'unlock'];
  if (set === 'children') return ['create', 'delete'];
  if (set === 'memberships' || set === 'operational' || set === 'store-key') return ['read', 'modify'];
  return ['read', 'modify', 'remove'];
}

let expanded: PolicyCell[] | null = null;

/** Every cell of the policy: granted ones with their condition, the rest denied (computed once). */
export function policyCells(): readonly PolicyCell[] {
  expanded ??= expandCells();
  return expanded;
}

function expandCells(): PolicyCell[] {
  const cells: PolicyCell[] = [];
  for (const role of policyRoles) {
    for (const scope of scopesOf[role]) {
      for (const kind of kindsIn[scope]) {
        for (const set of everySet(kind)) {
          for (const operation of operationsOn(scope, kind, set)) {
            const grant = accessPolicy.find((g) => g.role === role && g.scope === scope && g.kind === kind && g.sets.includes(set) && g.operations.includes(operation));
            cells.push({
              role,
              scope,
              kind,
              set,
              operation,
              allowed: grant !== undefined,
              condition: grant?.condition ?? null,
              enforcedBy: grant?.enforcedBy ?? 'server',
              why: grant?.why ?? denialReason(role, scope, kind, set, operation),
            });
          }
        }
      }
    }
  }
  return cells;
}

/** Why a cell is denied, in words, for the docs and the verifier's report. */
function denialReason(role: PolicyRole, scope: PolicyScope, kind: ObjectKind, set: AttributeSet, operation: PolicyOperation): string {
  if (operation === 'rename') return 'Nobody renames or moves entries (the console never does; a move could leave a tenant or escape its rules).';
  if (set === 'password' && operation === 'read') return 'Nobody reads password hashes.';
  if (set === 'password' && operation === 'remove') return 'A password is mandatory on mailboxes and staff: it can be reset, never removed.';
  if (set === 'password') return 'Only mailboxes and host staff have passwords (an entry with one could bind).';
  if (scope === 'other-tenant') return 'Other tenants are invisible: not even their existence is disclosed.';
  if (role === 'anonymous') return 'Anonymous clients may only bind.';
  if (kind === 'audit-checkpoint') return 'Checkpoints are append-only: nobody modifies or removes one.';
  if (scope === 'host') return 'The host’s own entries are staff-only.';
  if (role === 'tenant-user' && set === 'certificates') return 'Certificates are published by the tenant’s admins, who check each one first (a key already used in another tenant, its addresses, its validity); tenant users read them in the address book.';
  if (role === 'tenant-user') return 'Tenant users may read their address book and change their own password only.';
  if (role === 'helpdesk') return 'Helpdesk accounts may read, reset passwords and unlock mailboxes, but not change tenants, mailboxes or groups.';
  if (role === 'mail-service') return 'Mail services read what Dovecot and Postfix need and change nothing.';
  if (set === 'services') return 'Mail services (IMAP, POP3, sending outside the hosted domains, message size) are the host’s decision, for tenants and mailboxes alike.';
  if (role === 'tenant-admin' && kind === 'tenant') return 'Tenant admins cannot create, change or delete tenants; their settings, pool and limits belong to the host admins.';
  if (role === 'tenant-admin' && kind === 'container') return 'Tenant admins add and remove entries in their containers, not the containers themselves.';
  if (role === 'tenant-admin' && set === 'classes') return 'Object classes are fixed once an entry exists (only host admins change them).';
  if (role === 'tenant-admin' && set === 'login') return 'A login is set when the mailbox is created and never changed.';
  if (role === 'tenant-admin' && set === 'password-policy') return 'Which password policy a mailbox follows is the host admins’ decision.';
  if (kind === 'password-policy') return 'Password policies are the host admins’: a tenant’s own people read its policy and change nothing in it.';
  return `Not granted by the access policy (${role} on ${set} of ${kind}).`;
}

/** The cell for (role, scope, kind, set, operation); undefined when that combination does not exist. */
export function policyCell(role: PolicyRole, scope: PolicyScope, kind: ObjectKind, set: AttributeSet, operation: PolicyOperation): PolicyCell | undefined {
  return policyCells().find((c) => c.role === role && c.scope === scope && c.kind === kind && c.set === set && c.operation === operation);
}

/** A stable id for a cell, used by generated rules, probes and docs to say which cells they cover. */
export const cellId = (cell: Pick<PolicyCell, 'role' | 'scope' | 'kind' | 'set' | 'operation'>): string => `${cell.role}/${cell.scope}/${cell.kind}/${cell.set}/${cell.operation}`;
