/**
 * The verifier's probe matrix, read off the access policy: one attempt per cell (per attribute for writes), the
 * outcomes each cell allows, and the attacks on every server-enforced condition and on every hole an intruder
 * found before (issue list of docs/isolation.md, "What the verifier attacks"). Flavors execute the plan; a unit
 * test fails when a flavor leaves a cell, a condition or a named attack without an attempt.
 */
import type { ProbeOutcome } from '../../../shared/model/isolation';
import { policyCells, type PolicyCell, type PolicyCondition, type PolicyRole } from '../access-policy';

/** What a cell accepts: success for a grant; for a denial any refusal (a read sees nothing). */
export function expectedOutcomes(cell: PolicyCell): ProbeOutcome[] {
  if (cell.allowed) return ['allowed'];
  return cell.operation === 'read' ? ['invisible', 'denied'] : ['denied', 'constraint', 'invisible'];
}

/** A stable name for a cell's probe, e.g. `tenant-admin.other-tenant.mailbox.quota.modify[enclaveMailboxQuotaBytes]`. */
export function cellProbeName(cell: PolicyCell, attribute?: string): string {
  return `${cell.role}.${cell.scope}.${cell.kind}.${cell.set}.${cell.operation}${attribute ? `[${attribute}]` : ''}`;
}

/** The cells the matrix attempts: every cell of the table. */
export const matrixCells = (): readonly PolicyCell[] => policyCells();

/** An attempt that must fail: a value or shape a conditional grant excludes. */
export interface ConditionAttack {
  id: string;
  condition: PolicyCondition;
  role: PolicyRole;
  description: string;
}

/** Every server-enforced condition of the table, attacked by each role it narrows. */
export const conditionAttacks: readonly ConditionAttack[] = [
  { id: 'create-mailbox-without-enclave-class', condition: 'console-classes', role: 'tenant-admin', description: 'adding a bindable mailbox without the enclaveMailbox class (unmetered, invisible to the console)' },
  { id: 'create-mailbox-with-extra-class', condition: 'console-classes', role: 'tenant-admin', description: 'adding a mailbox with a class the console never writes' },
  { id: 'create-mailbox-named-by-cn', condition: 'console-classes', role: 'tenant-admin', description: 'adding a mailbox whose RDN is not its login' },
  { id: 'create-mailbox-multi-valued-rdn', condition: 'console-classes', role: 'tenant-admin', description: 'adding a mailbox with a multi-valued RDN (uid=x+cn=y)' },
  { id: 'create-mailbox-in-lists', condition: 'console-classes', role: 'tenant-admin', description: 'adding a mailbox in the lists container' },
  { id: 'create-group-with-extra-class', condition: 'console-classes', role: 'tenant-admin', description: 'adding a group with a class the console never writes' },
  { id: 'create-group-in-mailboxes', condition: 'console-classes', role: 'tenant-admin', description: 'adding a group in the mailboxes container' },
  { id: 'address-in-other-tenants-domain', condition: 'tenant-domains', role: 'tenant-admin', description: 'giving a mailbox an address in another tenant’s domain' },
  { id: 'address-in-unhosted-domain', condition: 'tenant-domains', role: 'tenant-admin', description: 'giving a mailbox an address in a domain no tenant holds' },
  { id: 'remove-one-address', condition: 'tenant-domains', role: 'tenant-admin', description: 'removing one address value (the console replaces the whole list)' },
  { id: 'create-mailbox-in-other-tenants-domain', condition: 'tenant-domains', role: 'tenant-admin', description: 'adding a mailbox whose address is in another tenant’s domain' },
  { id: 'quota-above-pool', condition: 'within-pool', role: 'tenant-admin', description: 'a quota larger than the tenant’s whole pool' },
  { id: 'quota-unlimited-with-pool', condition: 'within-pool', role: 'tenant-admin', description: 'an unlimited quota (0) in a tenant with a pool' },
  { id: 'quota-not-a-number', condition: 'within-pool', role: 'tenant-admin', description: 'a quota that is not a plain number (-1)' },
  { id: 'create-mailbox-above-pool', condition: 'within-pool', role: 'tenant-admin', description: 'adding a mailbox whose quota is larger than the pool' },
  { id: 'member-from-other-tenant', condition: 'own-tenant-mailboxes', role: 'tenant-admin', description: 'adding another tenant’s mailbox to one of its groups' },
  { id: 'member-host-staff', condition: 'own-tenant-mailboxes', role: 'tenant-admin', description: 'adding a host staff entry to one of its groups' },
  { id: 'member-nested-group', condition: 'own-tenant-mailboxes', role: 'tenant-admin', description: 'adding one of its groups as a member (nesting is not in the policy)' },
  { id: 'create-group-with-foreign-member', condition: 'own-tenant-mailboxes', role: 'tenant-admin', description: 'adding a group whose member is another tenant’s mailbox' },
  { id: 'prehashed-password', condition: 'cleartext', role: 'tenant-admin', description: 'setting a pre-hashed ({SSHA}) password on a mailbox' },
  { id: 'cleartext-scheme-password', condition: 'cleartext', role: 'tenant-admin', description: 'setting a {CLEARTEXT} password (stored as given, never checked)' },
  { id: 'prehashed-password', condition: 'cleartext', role: 'host-admin', description: 'setting a pre-hashed ({SSHA}) password on a mailbox' },
  { id: 'prehashed-staff-password', condition: 'cleartext', role: 'host-admin', description: 'setting a pre-hashed ({SSHA}) password on a staff entry' },
  { id: 'prehashed-own-password', condition: 'cleartext', role: 'tenant-user', description: 'setting its own password pre-hashed ({SSHA})' },
  { id: 'delete-all-users', condition: 'not-built-in', role: 'tenant-admin', description: 'deleting its tenant’s all-users group' },
  { id: 'delete-tenant-admins', condition: 'not-built-in', role: 'tenant-admin', description: 'deleting its tenant’s tenant-admins group' },
  { id: 'account-state-unknown', condition: 'known-values', role: 'tenant-admin', description: 'an account state the console does not know' },
  { id: 'distribution-kind-in-groups', condition: 'known-values', role: 'tenant-admin', description: 'a distribution kind on a security group' },
  { id: 'security-kind-in-lists', condition: 'known-values', role: 'tenant-admin', description: 'a security kind on a distribution list' },
  { id: 'read-staff-checkpoint', condition: 'own', role: 'tenant-admin', description: 'reading a checkpoint a host admin added' },
  { id: 'read-other-tenant-admins-checkpoint', condition: 'own', role: 'tenant-admin', description: 'reading a checkpoint another tenant’s admin added' },
  { id: 'name-default-policy', condition: 'own-tenant-policy', role: 'tenant-admin', description: 'making a mailbox follow the default password policy instead of its tenant’s' },
  { id: 'name-staff-policy', condition: 'own-tenant-policy', role: 'tenant-admin', description: 'making a mailbox follow the host staff’s password policy' },
  { id: 'name-other-tenants-policy', condition: 'own-tenant-policy', role: 'tenant-admin', description: 'making a mailbox follow another tenant’s password policy' },
  { id: 'replace-own-policy', condition: 'own-tenant-policy', role: 'tenant-admin', description: 'replacing the policy a mailbox names (only adding it is granted)' },
  { id: 'create-mailbox-without-policy', condition: 'console-classes', role: 'tenant-admin', description: 'adding a mailbox that names no password policy (ppolicy would check nothing)' },
  { id: 'create-mailbox-naming-default-policy', condition: 'console-classes', role: 'tenant-admin', description: 'adding a mailbox that names the default policy instead of its tenant’s' },
  { id: 'unmark-deleted-mailbox', condition: 'mark-only', role: 'tenant-admin', description: 'taking the deletion mark off a deleted mailbox (restoring is the host admins’)' },
  { id: 'backdate-deletion-mark', condition: 'mark-only', role: 'tenant-admin', description: 'replacing a deleted mailbox’s deletion time with an earlier one (to have it purged sooner)' },
  { id: 'purge-deleted-mailbox', condition: 'mark-only', role: 'tenant-admin', description: 'deleting a deleted mailbox’s entry for good (purging is the host admins’)' },
  { id: 'reset-disabled-mailbox', condition: 'enabled-only', role: 'helpdesk', description: 'resetting the password of a disabled mailbox (the reset would lift its lock)' },
];

/** An attack from the intruders' list that no single cell names (combined changes, moves, lockouts, collisions). */
export interface NamedAttack {
  id: string;
  role: PolicyRole;
  description: string;
  /** What the server must answer. */
  expected: ProbeOutcome[];
}

const refused: ProbeOutcome[] = ['denied', 'constraint', 'invisible'];

/** The named attacks, each from a hole once found with plain ldapmodify (docs/isolation.md). */
export const namedAttacks: readonly NamedAttack[] = [
  { id: 'strip-mailbox-class-and-quota', role: 'tenant-admin', description: 'removing objectClass enclaveMailbox together with the quota from a mailbox', expected: refused },
  { id: 'login-of-host-staff', role: 'tenant-admin', description: 'adding a mailbox whose login is a host staff member’s', expected: refused },
  { id: 'login-of-other-tenant', role: 'tenant-admin', description: 'adding a mailbox whose login exists in another tenant', expected: refused },
  { id: 'second-login-value', role: 'tenant-admin', description: 'adding a second uid value to one of its mailboxes (a login name two accounts answer to)', expected: refused },
  { id: 'move-mailbox-to-lists', role: 'tenant-admin', description: 'moving a mailbox from ou=mailboxes into ou=lists', expected: refused },
  { id: 'move-mailbox-to-other-tenant', role: 'tenant-admin', description: 'moving a mailbox into another tenant', expected: refused },
  { id: 'rename-own-entry', role: 'tenant-user', description: 'renaming its own mailbox', expected: refused },
  { id: 'password-on-tenant-entry', role: 'tenant-admin', description: 'adding userPassword to its tenant entry (it could then bind)', expected: refused },
  { id: 'password-on-container', role: 'tenant-admin', description: 'adding userPassword to its mailboxes container', expected: refused },
  { id: 'password-on-group', role: 'tenant-admin', description: 'adding userPassword to one of its groups', expected: refused },
  { id: 'password-on-tenant-entry', role: 'helpdesk', description: 'adding userPassword to a tenant entry', expected: refused },
  { id: 'password-on-tenant-entry', role: 'host-admin', description: 'adding userPassword to a tenant entry', expected: refused },
  { id: 'delete-mailbox-password', role: 'helpdesk', description: 'deleting a mailbox’s userPassword', expected: refused },
  { id: 'delete-mailbox-password', role: 'tenant-admin', description: 'deleting a mailbox’s userPassword', expected: refused },
  { id: 'prehashed-password', role: 'helpdesk', description: 'resetting a password with a pre-hashed ({SSHA}) value', expected: refused },
  { id: 'crypt-password', role: 'tenant-admin', description: 'setting a {CRYPT} password', expected: refused },
  { id: 'lock-out-host-staff', role: 'anonymous', description: 'ten wrong binds for a host staff member, then the right password still binds', expected: ['allowed'] },
  { id: 'lock-out-mailbox', role: 'anonymous', description: 'ten wrong binds for a mailbox, then the right password still binds (Dovecot throttles instead)', expected: ['allowed'] },
  { id: 'duplicate-domain', role: 'host-admin', description: 'giving a second tenant a domain another tenant holds', expected: refused },
  { id: 'second-mail-is-others-alias', role: 'tenant-admin', description: 'adding a second mail value equal to another mailbox’s alias', expected: refused },
  { id: 'alias-of-other-mailbox', role: 'tenant-admin', description: 'adding an alias another mailbox already has', expected: refused },
  { id: 'mail-outside-aliases', role: 'tenant-admin', description: 'a primary address that is not among the mailbox’s aliases', expected: refused },
  { id: 'join-host-admins', role: 'tenant-admin', description: 'adding itself to the host admins', expected: refused },
  { id: 'join-other-tenant-admins', role: 'tenant-admin', description: 'adding itself to another tenant’s admins', expected: refused },
  { id: 'create-tenant', role: 'tenant-admin', description: 'creating an entry in the tenants container', expected: refused },
  { id: 'create-at-suffix', role: 'tenant-admin', description: 'creating an entry directly below the suffix', expected: refused },
  { id: 'proxied-authorization', role: 'tenant-admin', description: 'acting as a host admin with the proxied authorization control', expected: refused },
  { id: 'mail-of-disabled-mailbox', role: 'mail-service', description: 'reading the address of a disabled mailbox (lists must skip it; delivery must fail)', expected: ['invisible'] },
  { id: 'search-sees-other-tenants', role: 'tenant-user', description: 'a subtree search from the suffix returns entries of its own tenant only (from a probe tenant: everything is asked for, the sweep over every tenant)', expected: ['invisible'] },
  { id: 'search-sees-other-tenants', role: 'tenant-admin', description: 'a subtree search from the suffix returns entries of its own tenant only (from a probe tenant: everything is asked for, the sweep over every tenant)', expected: ['invisible'] },
  { id: 'find-other-tenants-address', role: 'tenant-user', description: 'looking up another tenant’s address from the suffix', expected: ['invisible'] },
  { id: 'read-server-log', role: 'tenant-admin', description: 'reading the server log (cn=accesslog)', expected: ['invisible', 'denied'] },
];

/** `role.attack-id`: how a named or condition attack appears in the report. */
export const attackProbeName = (role: PolicyRole, id: string): string => `${role}.attack.${id}`;
