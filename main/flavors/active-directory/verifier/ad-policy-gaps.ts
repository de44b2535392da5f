/**
 * What Active Directory cannot enforce of the access policy, derived from the policy table cell by cell: AD's rights
 * are per object and per attribute, never per value, and the tenant DACL (isolation/ad-tenant-dacl.ts) gives tenant
 * admins full control below their OU and the tenant's users read of all of it. Every cell AD leaves open lands in
 * exactly one known leak with its reason; the verifier lists them all, observed or not (docs/active-directory.md).
 */
import type { KnownLeak } from '../../../policy/verifier/known-leak-log';
import { policyCells, type PolicyCell, type PolicyCondition } from '../../../policy/access-policy';
import { cellProbeName } from '../../../policy/verifier/probe-plan';

/** A known leak and the policy cells it leaves unenforced on AD. */
export interface PolicyGap extends KnownLeak {
  cells: string[];
}

/** Conditions AD cannot check (it has no value-dependent rights), with the leak that says so. */
const conditionGaps: Partial<Record<PolicyCondition, KnownLeak>> = {
  'within-pool': { id: 'quota-ceiling', what: 'A tenant admin can give a mailbox of its tenant any quota, above the pool too', why: 'AD has no value-dependent access rights (OpenLDAP\'s val.regex); the console refuses quotas beyond the pool before sending.' },
  'own-tenant-mailboxes': { id: 'foreign-members', what: 'A tenant admin can add a user of another tenant to one of its own groups, which lets that user read the admin\'s tenant', why: 'AD only checks that a member exists; only the admin\'s own tenant is exposed, and the console refuses members from other tenants before sending.' },
  'tenant-domains': { id: 'address-domains', what: 'A tenant admin can give a mailbox of its tenant an address in another tenant\'s domain', why: 'AD has no value constraints (OpenLDAP\'s constraint overlay); the console refuses addresses outside the tenant\'s domains before sending.' },
  'console-classes': { id: 'object-classes', what: 'A tenant admin can create objects of any class its OU allows (contacts, computers, OUs) below its tenant', why: 'AD checks the right to create a child class, not the attribute values of the new object; the conformance scan finds what the console did not write.' },
  'not-built-in': { id: 'built-in-groups', what: 'A tenant admin can delete or rename its tenant\'s all-users and tenant-admins groups', why: 'Full control below the OU includes them; deleting all-users cuts the tenant\'s own users off their address book (and only theirs).' },
  'known-values': { id: 'value-rules', what: 'A tenant admin can write values the console does not know (account states, group types)', why: 'AD has no value rules; the conformance scan reports them.' },
  'own-tenant-policy': { id: 'tenant-policy-by-group', what: 'A tenant admin can take a mailbox out of its tenant\'s all-users group, which leaves it under the domain\'s default password policy', why: 'AD applies a tenant\'s password policy (a PSO) through the all-users group, whose members the tenant admin manages; the conformance scan finds mailboxes outside all-users.' },
  'mark-only': { id: 'final-deletes', what: 'A tenant admin\'s delete of a mailbox is final (no deleted items to restore from)', why: 'Samba 4.17 cannot enable its Recycle Bin over LDAP and a restore fails there (measured, docs/console.md); full control below the OU includes deleting.' },
  own: { id: 'checkpoints', what: 'Audit checkpoints are not anchored in the directory on AD', why: 'The checkpoint container and its rules exist on OpenLDAP only; on AD the console journal stands alone (docs/audit.md).' },
};

const fullControl: KnownLeak = {
  id: 'tenant-admin-full-control',
  what: 'Below its tenant\'s OU a tenant admin can change what the policy keeps from it: logins, object classes, renames and moves between its containers',
  why: 'AD delegates by object, not by attribute set: the delegation that lets a tenant admin manage its users is full control below the OU. Nothing outside its tenant is reachable.',
};
const readsAll: KnownLeak = {
  id: 'tenant-users-read-all',
  what: 'A tenant user reads every attribute of its tenant\'s entries (hidden entries, quotas, account and lock state included); never password hashes',
  why: 'The tenant\'s all-users group holds generic read on the OU: AD has no per-entry filter like OpenLDAP\'s address-book rule.',
};
const hostStaff: KnownLeak = { id: 'host-staff', what: 'OU=Host (host staff accounts and the host-admins/helpdesk groups)', why: 'Outside OU=Tenants; protect it too if staff names are sensitive.' };
const noMailService: KnownLeak = { id: 'mail-service-reads-all', what: 'The mail hosts\' accounts read every attribute of every tenant\'s entries, not only what Dovecot and Postfix need (never passwords: AD never returns them)', why: 'AD grants the mail-services group generic read on each tenant OU: per-attribute read grants on every tenant would multiply the DACLs for no protection the OU boundary does not already give (docs/mail-servers.md).' };

/** Which leak (if any) leaves `cell` unenforced on AD. */
export function adGapOf(cell: PolicyCell): KnownLeak | null {
  if (cell.allowed) {
    if (cell.condition === null || cell.enforcedBy === 'console') return null;
    return conditionGaps[cell.condition] ?? null;
  }
  if (cell.role === 'mail-service' && cell.operation === 'read' && cell.scope === 'tenant' && cell.set !== 'password') return noMailService;
  if ((cell.role === 'tenant-admin' || cell.role === 'tenant-user' || cell.role === 'mail-service') && cell.scope === 'host' && cell.operation === 'read' && (cell.kind === 'host-staff' || cell.kind === 'host-group')) return hostStaff;
  if (cell.scope !== 'tenant') return null;
  if (cell.role === 'tenant-admin' && ['mailbox', 'group', 'list'].includes(cell.kind) && cell.operation !== 'read' && !serverOwned(cell)) return fullControl;
  if (cell.role === 'tenant-user' && cell.operation === 'read' && cell.set !== 'password' && !serverOwned(cell)) return readsAll;
  return null;
}

/** Sets AD itself keeps from everyone (back-links, system attributes, hashes that are never returned). */
const serverOwned = (cell: PolicyCell): boolean => ['memberships', 'operational', 'password', 'password-policy'].includes(cell.set);

/** Every leak AD leaves, with its cells (derived from the table each time). */
export function activeDirectoryPolicyGaps(): PolicyGap[] {
  const byId = new Map<string, PolicyGap>();
  for (const cell of policyCells()) {
    const leak = adGapOf(cell);
    if (leak === null) continue;
    const gap = byId.get(leak.id) ?? { ...leak, cells: [] };
    gap.cells.push(cellProbeName(cell));
    byId.set(leak.id, gap);
  }
  return [...byId.values()];
}
