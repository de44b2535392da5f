/**
 * The probe matrix of one tenant: what its user, its admin and the helpdesk may and may not do, inside the
 * tenant and against the next tenant (the "other" one). Runs in a fixed order because some probes change
 * the probe accounts (the admin disables the user, helpdesk unlocks it).
 */
import { AndFilter, EqualityFilter, OrFilter, PresenceFilter, type Filter } from 'ldapts';
import type { ProbeResult } from '../../../../shared/model/isolation';
import { addValues, removeValues, replace } from '../../../directory/changes';
import type { DirectoryConnection } from '../../../directory/directory-connection';
import { childDn, isBelow, sameDn } from '../../../directory/dn';
import { values } from '../../../directory/entry';
import type { IsolationDns } from '../isolation/isolation-dns';
import { probeMailboxEntry, type ProbeAccount, type TenantProbes } from './probe-accounts';
import { attemptRead, attemptWrite, probeResult, type ProbeSubject } from '../../../policy/verifier/probe-outcome';

/** Bound connections of the three principals probing one tenant. */
export interface TenantPrincipals {
  user: DirectoryConnection;
  admin: DirectoryConnection;
  helpdesk: DirectoryConnection;
}

/** What the matrix of one tenant needs. */
export interface TenantProbeContext {
  dns: IsolationDns;
  tag: string;
  index: number;
  own: TenantProbes;
  /** The tenant probed against; null when the directory has only one tenant. */
  other: TenantProbes | null;
  helpdeskAccount: ProbeAccount;
}

const mailboxesOf = (tenantDn: string) => childDn(tenantDn, 'ou', 'mailboxes');
const groupOf = (tenantDn: string, cn: string) => childDn(childDn(tenantDn, 'ou', 'groups'), 'cn', cn);

/** Reads `dn` and reports whether the entry (and `attribute`, when given) came back. */
async function sees(connection: DirectoryConnection, dn: string, attribute?: string): Promise<{ seen: boolean; detail?: string }> {
  const entry = await connection.read(dn, attribute ? [attribute] : ['1.1']);
  if (!entry) return { seen: false };
  if (attribute && values(entry, attribute).length === 0) return { seen: false, detail: `entry visible, ${attribute} withheld` };
  return { seen: true, detail: attribute ? `${attribute} returned` : 'entry returned' };
}

/**
 * A subtree search from `base`: "seen" when any entry outside `ownTenantDn` comes back. The filter names
 * the other tenant's entry and principals and the helpdesk probe (indexed, so 100 tenants stay fast); the
 * first tenant's principals also sweep everything (`filter` null).
 */
async function seesOutside(connection: DirectoryConnection, base: string, ownTenantDn: string, filter: Filter | null): Promise<{ seen: boolean; detail?: string }> {
  const entries = await connection.search(base, { scope: 'sub', attributes: ['1.1'], pageSize: 500, ...(filter ? { filter } : {}) });
  const foreign = entries.find((entry) => !sameDn(entry.dn, ownTenantDn) && !isBelow(entry.dn, ownTenantDn));
  return foreign ? { seen: true, detail: `returned ${foreign.dn} (${entries.length} entries)` } : { seen: false, detail: `${entries.length} entries, all in its own tenant` };
}

/** Entries a principal of one tenant must never find: the other tenant, its probes, the helpdesk probe. */
function foreignTargets(context: TenantProbeContext): Filter | null {
  if (context.index === 0) return null;
  const uid = (account: ProbeAccount) => new EqualityFilter({ attribute: 'uid', value: account.login });
  const other = context.other;
  return new OrFilter({
    filters: [uid(context.helpdeskAccount), ...(other ? [uid(other.admin), uid(other.user), new EqualityFilter({ attribute: 'ou', value: other.tenant.name })] : [])],
  });
}

/** Searches the suffix for an address: "seen" when any entry comes back. */
async function findsAddress(connection: DirectoryConnection, suffix: string, address: string): Promise<{ seen: boolean; detail?: string }> {
  const entries = await connection.search(suffix, { scope: 'sub', filter: new EqualityFilter({ attribute: 'mail', value: address }), attributes: ['mail'] });
  return entries.length > 0 ? { seen: true, detail: `found ${entries[0]?.dn}` } : { seen: false };
}

/** Runs every probe of one tenant, in order, and returns the rows. */
export async function runTenantProbes(context: TenantProbeContext, principals: TenantPrincipals): Promise<ProbeResult[]> {
  const { dns, own, other, tag, index } = context;
  const results: ProbeResult[] = [];
  const name = own.tenant.name;
  const otherName = other?.tenant.name ?? null;
  const user: ProbeSubject = { role: 'tenant-user', tenant: name };
  const admin: ProbeSubject = { role: 'tenant-admin', tenant: name };
  const helpdesk: ProbeSubject = { role: 'helpdesk', tenant: null, targetTenant: name };
  const against = (subject: ProbeSubject): ProbeSubject => ({ ...subject, targetTenant: otherName });
  const add = (subject: ProbeSubject, probe: string, description: string, expected: ProbeResult['expected'], observed: { outcome: ProbeResult['actual']; detail: string }) =>
    results.push(probeResult(subject, probe, description, expected, observed));

  // ---- Reads that must stay inside the tenant, for the user and the admin alike.
  const targets = foreignTargets(context);
  for (const [subject, connection] of [[user, principals.user], [admin, principals.admin]] as const) {
    const role = subject.role;
    add(subject, `${role}.search-from-suffix`, 'a subtree search from the suffix (for the other tenant and the probes; everything for the first tenant) returns only its own tenant', ['invisible'], await attemptRead(() => seesOutside(connection, dns.suffix, own.tenant.dn, targets)));
    add(subject, `${role}.read-accesslog`, 'reading the audit log (cn=accesslog)', ['invisible'], await attemptRead(() => seesOutside(connection, 'cn=accesslog', own.tenant.dn, targets)));
    add(subject, `${role}.read-host-staff`, 'reading a host staff entry', ['invisible'], await attemptRead(() => sees(connection, context.helpdeskAccount.dn)));
    const victim = role === 'tenant-user' ? own.admin : own.user;
    add(subject, `${role}.read-password-hash`, 'reading another mailbox’s password hash in its own tenant', ['invisible'], await attemptRead(() => sees(connection, victim.dn, 'userPassword')));
    if (victim.address !== null) {
      add(subject, `${role}.address-book`, 'looking up an address of its own tenant', ['allowed'], await attemptRead(() => findsAddress(connection, mailboxesOf(own.tenant.dn), victim.address ?? '')));
    }
    if (other) {
      add(against(subject), `${role}.read-other-tenant`, 'reading a mailbox of another tenant by DN', ['invisible'], await attemptRead(() => sees(connection, other.user.dn)));
      if (other.user.address !== null) {
        add(against(subject), `${role}.lookup-other-address`, 'looking up another tenant’s address from the suffix', ['invisible'], await attemptRead(() => findsAddress(connection, dns.suffix, other.user.address ?? '')));
      }
    }
  }

  // ---- The tenant user: its own password, nothing else.
  add(user, 'tenant-user.change-own-password', 'changing its own password', ['allowed'], await attemptWrite(() => principals.user.modify(own.user.dn, [replace('userPassword', `${own.user.password}-2`)])));
  add(user, 'tenant-user.edit-other-mailbox', 'editing another mailbox of its tenant', ['denied'], await attemptWrite(() => principals.user.modify(own.admin.dn, [replace('sn', 'changed')])));
  add(user, 'tenant-user.create-mailbox', 'creating a mailbox in its tenant', ['denied'], await attemptWrite(() => principals.user.add(childDn(mailboxesOf(own.tenant.dn), 'uid', `${tag}x${index}`), probeMailboxEntry(`${tag}x${index}`, 'Unused-Password-1', null))));
  add(user, 'tenant-user.join-tenant-admins', 'adding itself to its tenant’s admins', ['denied'], await attemptWrite(() => principals.user.modify(groupOf(own.tenant.dn, 'tenant-admins'), [addValues('member', own.user.dn)])));

  // ---- The tenant admin inside its tenant: allowed.
  const newLogin = `${tag}n${index}`;
  const newDn = childDn(mailboxesOf(own.tenant.dn), 'uid', newLogin);
  const newAddress = own.tenant.mailDomains[0] ? `${newLogin}@${own.tenant.mailDomains[0]}` : null;
  const quota = own.tenant.storagePoolBytes ?? 1024;
  add(admin, 'tenant-admin.create-mailbox', 'creating a mailbox (with password and quota) in its tenant', ['allowed'], await attemptWrite(() => principals.admin.add(newDn, { ...probeMailboxEntry(newLogin, 'Probe-Password-1x', newAddress), enclaveMailboxQuotaBytes: String(quota) })));
  add(admin, 'tenant-admin.hide-mailbox', 'hiding a mailbox of its tenant from the address book', ['allowed'], await attemptWrite(() => principals.admin.modify(newDn, [replace('enclaveHiddenFromAddressBook', 'TRUE')])));
  add(user, 'tenant-user.read-hidden-mailbox', 'reading a mailbox of its tenant hidden from the address book', ['invisible'], await attemptRead(() => sees(principals.user, newDn)));
  add(admin, 'tenant-admin.read-hidden-mailbox', 'reading a hidden mailbox of its tenant', ['allowed'], await attemptRead(() => sees(principals.admin, newDn, 'uid')));
  add(admin, 'tenant-admin.add-member', 'adding a mailbox of its tenant to the tenant’s all-users group', ['allowed'], await attemptWrite(() => principals.admin.modify(groupOf(own.tenant.dn, 'all-users'), [addValues('member', newDn)])));
  add(admin, 'tenant-admin.delete-mailbox', 'deleting a mailbox of its tenant', ['allowed'], await attemptWrite(() => principals.admin.delete(newDn)));
  const groupDn = childDn(childDn(own.tenant.dn, 'ou', 'groups'), 'cn', `${tag}g${index}`);
  add(admin, 'tenant-admin.create-group', 'creating a group with a member of its tenant', ['allowed'], await attemptWrite(() => principals.admin.add(groupDn, { objectClass: 'enclaveGroup', cn: `${tag}g${index}`, enclaveGroupKind: 'security', member: own.user.dn })));
  add(admin, 'tenant-admin.delete-group', 'deleting a group of its tenant', ['allowed'], await attemptWrite(() => principals.admin.delete(groupDn)));
  add(admin, 'tenant-admin.edit-mailbox', 'editing a mailbox of its tenant', ['allowed'], await attemptWrite(() => principals.admin.modify(own.user.dn, [replace('sn', 'Edited by admin')])));
  add(admin, 'tenant-admin.reset-password', 'resetting a password in its tenant', ['allowed'], await attemptWrite(() => principals.admin.modify(own.user.dn, [replace('userPassword', `${own.user.password}-3`)])));
  add(admin, 'tenant-admin.make-admin', 'making another of its users a tenant admin', ['allowed'], await attemptWrite(() => principals.admin.modify(groupOf(own.tenant.dn, 'tenant-admins'), [addValues('member', own.user.dn)])));
  add(admin, 'tenant-admin.revoke-admin', 'removing that user from the tenant admins again', ['allowed'], await attemptWrite(() => principals.admin.modify(groupOf(own.tenant.dn, 'tenant-admins'), [removeValues('member', own.user.dn)])));
  add(admin, 'tenant-admin.set-quota', 'giving a mailbox a quota within the pool', ['allowed'], await attemptWrite(() => principals.admin.modify(own.user.dn, [replace('enclaveMailboxQuotaBytes', String(quota))])));

  // ---- The tenant admin's escalations: every one refused by the server.
  const refused = async (probe: string, description: string, run: () => Promise<unknown>, expected: ProbeResult['expected'] = ['denied'], subject: ProbeSubject = admin) =>
    add(subject, `tenant-admin.${probe}`, description, expected, await attemptWrite(run));
  if (own.tenant.storagePoolBytes !== null) {
    await refused('quota-above-pool', 'giving a mailbox more quota than the tenant’s pool', () => principals.admin.modify(own.user.dn, [replace('enclaveMailboxQuotaBytes', String(BigInt(own.tenant.storagePoolBytes ?? 0) + 1n))]));
    await refused('unlimited-quota', 'making a mailbox unlimited (quota 0) in a tenant with a pool', () => principals.admin.modify(own.user.dn, [replace('enclaveMailboxQuotaBytes', '0')]));
    // Adds are checked value by value too (olcAddContentAcl), not only modifies.
    await refused('create-mailbox-above-pool', 'creating a mailbox with more quota than the tenant’s pool', () => principals.admin.add(childDn(mailboxesOf(own.tenant.dn), 'uid', `${tag}q${index}`), { ...probeMailboxEntry(`${tag}q${index}`, 'Probe-Password-1x', null), enclaveMailboxQuotaBytes: String(BigInt(own.tenant.storagePoolBytes ?? 0) + 1n) }));
  }
  // Without a quota a mailbox would have no limit: the schema makes it mandatory, for every identity.
  await refused('clear-quota', 'removing a mailbox’s quota', () => principals.admin.modify(own.user.dn, [replace('enclaveMailboxQuotaBytes', [])]), ['constraint', 'denied']);
  await refused('edit-tenant-settings', 'changing its tenant’s pool (the tenant entry)', () => principals.admin.modify(own.tenant.dn, [replace('enclaveStoragePoolBytes', '999999999999999')]));
  await refused('edit-tenant-limits', 'changing its tenant’s mailbox limit', () => principals.admin.modify(own.tenant.dn, [replace('enclaveMailboxLimit', '1000000')]));
  await refused('create-tenant', 'creating an entry in the tenants container', () => principals.admin.add(childDn(dns.tenants, 'ou', `${tag}t${index}`), { objectClass: 'organizationalUnit', ou: `${tag}t${index}` }));
  await refused('create-at-suffix', 'creating an entry directly below the suffix', () => principals.admin.add(childDn(dns.suffix, 'ou', `${tag}s${index}`), { objectClass: 'organizationalUnit', ou: `${tag}s${index}` }));
  await refused('create-below-tenant-entry', 'creating a container below its tenant entry', () => principals.admin.add(childDn(own.tenant.dn, 'ou', `${tag}c${index}`), { objectClass: 'organizationalUnit', ou: `${tag}c${index}` }));
  await refused('join-host-admins', 'adding itself to the host admins', () => principals.admin.modify(dns.hostAdminsGroup, [addValues('member', own.admin.dn)]));
  await refused('join-helpdesk', 'adding itself to the helpdesk group', () => principals.admin.modify(dns.helpdeskGroup, [addValues('member', own.admin.dn)]));
  await refused('delete-system-group', 'deleting its tenant’s all-users group', () => principals.admin.delete(groupOf(own.tenant.dn, 'all-users')));
  if (other) {
    const otherSubject = against(admin);
    await refused('create-in-other-tenant', 'creating a mailbox in another tenant', () => principals.admin.add(childDn(mailboxesOf(other.tenant.dn), 'uid', `${tag}o${index}`), probeMailboxEntry(`${tag}o${index}`, 'Unused-Password-1', null)), ['denied'], otherSubject);
    await refused('join-other-tenant-admins', 'adding itself to another tenant’s admins', () => principals.admin.modify(groupOf(other.tenant.dn, 'tenant-admins'), [addValues('member', own.admin.dn)]), ['denied'], otherSubject);
    await refused('edit-other-tenant', 'editing a mailbox of another tenant', () => principals.admin.modify(other.user.dn, [replace('sn', 'hijacked')]), ['denied'], otherSubject);
    await refused('move-into-other-tenant', 'moving one of its mailboxes into another tenant', () => principals.admin.rename(own.user.dn, childDn(mailboxesOf(other.tenant.dn), 'uid', own.user.login)), ['denied'], otherSubject);
    if (other.tenant.mailDomains[0]) {
      await refused('foreign-domain-address', 'giving a mailbox an address in another tenant’s domain', () => principals.admin.modify(own.user.dn, [addValues('mailLocalAddress', `${tag}f${index}@${other.tenant.mailDomains[0]}`)]), ['constraint'], otherSubject);
    }
    await refused('foreign-member', 'adding another tenant’s mailbox to one of its groups', () => principals.admin.modify(groupOf(own.tenant.dn, 'all-users'), [addValues('member', other.user.dn)]), ['denied'], otherSubject);
    await refused('group-with-foreign-member', 'creating a group whose member is another tenant’s mailbox', () => principals.admin.add(childDn(childDn(own.tenant.dn, 'ou', 'groups'), 'cn', `${tag}m${index}`), { objectClass: 'enclaveGroup', cn: `${tag}m${index}`, enclaveGroupKind: 'security', member: other.user.dn }), ['denied'], otherSubject);
  }
  add(admin, 'tenant-admin.disable-mailbox', 'disabling a mailbox of its tenant', ['allowed'], await attemptWrite(() => principals.admin.modify(own.user.dn, [replace('enclaveAccountState', 'disabled'), replace('pwdAccountLockedTime', '000001010000Z')])));

  // ---- Helpdesk on this tenant: reads, resets and unlocks; no structural change.
  const hd = async (probe: string, description: string, run: () => Promise<unknown>) => add(helpdesk, `helpdesk.${probe}`, description, ['denied'], await attemptWrite(run));
  add(helpdesk, 'helpdesk.read-mailbox', 'reading a tenant mailbox’s addresses', ['allowed'], await attemptRead(() => sees(principals.helpdesk, own.user.dn, 'uid')));
  add(helpdesk, 'helpdesk.read-password-hash', 'reading a tenant mailbox’s password hash', ['invisible'], await attemptRead(() => sees(principals.helpdesk, own.user.dn, 'userPassword')));
  add(helpdesk, 'helpdesk.read-groups', 'reading the tenant’s groups and their members', ['allowed'], await attemptRead(async () => {
    const groups = await principals.helpdesk.search(childDn(own.tenant.dn, 'ou', 'groups'), { scope: 'one', filter: new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: 'enclaveGroup' }), new PresenceFilter({ attribute: 'member' })] }), attributes: ['member'] });
    return { seen: groups.length > 0, detail: `${groups.length} groups with members` };
  }));
  add(helpdesk, 'helpdesk.unlock', 'unlocking a locked mailbox', ['allowed'], await attemptWrite(() => principals.helpdesk.modify(own.user.dn, [replace('pwdAccountLockedTime', [])])));
  // Unlocking lifts a lock; setting one is the admins' decision.
  await hd('lock', 'locking a mailbox', () => principals.helpdesk.modify(own.user.dn, [replace('pwdAccountLockedTime', '000001010000Z')]));
  add(helpdesk, 'helpdesk.reset-password', 'resetting a tenant mailbox’s password', ['allowed'], await attemptWrite(() => principals.helpdesk.modify(own.user.dn, [replace('userPassword', `${own.user.password}-4`)])));
  await hd('edit-mailbox', 'editing a mailbox’s name', () => principals.helpdesk.modify(own.user.dn, [replace('sn', 'helpdesk edit')]));
  await hd('disable-mailbox', 'disabling a mailbox (account state)', () => principals.helpdesk.modify(own.user.dn, [replace('enclaveAccountState', 'disabled')]));
  await hd('create-mailbox', 'creating a mailbox', () => principals.helpdesk.add(childDn(mailboxesOf(own.tenant.dn), 'uid', `${tag}h${index}`), probeMailboxEntry(`${tag}h${index}`, 'Unused-Password-1', null)));
  await hd('delete-mailbox', 'deleting a mailbox', () => principals.helpdesk.delete(own.user.dn));
  await hd('edit-group', 'adding a member to a group', () => principals.helpdesk.modify(groupOf(own.tenant.dn, 'tenant-admins'), [addValues('member', own.user.dn)]));
  await hd('edit-tenant-settings', 'changing the tenant’s settings', () => principals.helpdesk.modify(own.tenant.dn, [replace('enclaveMailboxLimit', '1')]));
  return results;
}
