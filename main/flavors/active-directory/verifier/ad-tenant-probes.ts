/**
 * The probe matrix of one tenant on Active Directory: the OpenLDAP matrix's questions where AD can answer them
 * (same probe names), plus AD's own escalations (Domain Admins, Domain Users). What every account sees on AD by
 * design (ad-known-leaks.ts) is logged apart and does not fail a probe; anything else outside the tenant does.
 * Probes that do not apply: the accesslog (AD has none), deleting the tenant's system groups (the console's rule,
 * not the server's: tenant admins hold full control below their OU).
 */
import { AndFilter, Attribute, Change, EqualityFilter, OrFilter, PresenceFilter, type Filter } from 'ldapts';
import type { ProbeOutcome, ProbeResult } from '../../../../shared/model/isolation';
import { systemGroupNames } from '../../../../shared/model/hosting';
import { setUnicodePwd, unicodePwdValue } from '../directory/unicode-password';
import { addValues, removeValues, replace } from '../../../directory/changes';
import type { DirectoryConnection } from '../../../directory/directory-connection';
import { childDn, isBelow, sameDn } from '../../../directory/dn';
import { values } from '../../../directory/entry';
import type { activeDirectoryKnownLeaks, KnownLeakId } from './ad-known-leaks';
import { adAttributes as A, userAccountControl } from '../ad-schema';
import { hostRoleGroups } from '../../../hosting/bound-role';
import type { HostingDialect } from '../../../hosting/hosting-dialect';
import { adProbePassword, probeMailboxRequest } from './ad-probe-accounts';
import type { KnownLeakLog } from '../../../policy/verifier/known-leak-log';
import type { ProbeAccount, TenantPrincipals, TenantProbes } from './ad-probe-types';
import { attemptRead, attemptWrite, probeResult, type Observation, type ProbeSubject } from '../../../policy/verifier/probe-outcome';

/** What the AD matrix of one tenant needs. */
export interface AdProbeContext {
  dialect: HostingDialect;
  leaks: ReturnType<typeof activeDirectoryKnownLeaks>;
  log: KnownLeakLog;
  configurationDn: string;
  domainAdminsDn: string;
  domainUsersDn: string;
  fallbackDomain: string;
  tag: string;
  index: number;
  own: TenantProbes;
  /** The tenant probed against; null when the domain has only one tenant. */
  other: TenantProbes | null;
  helpdeskAccount: ProbeAccount;
}

type Seen = { seen: boolean; detail?: string; knownLeaks?: string[] };

const uac = (disabled: boolean) => String(userAccountControl.normalAccount | (disabled ? userAccountControl.accountDisable : 0));

/** Reads `dn` and reports whether the entry (and `attribute`, when given) came back. */
async function sees(connection: DirectoryConnection, dn: string, attribute?: string): Promise<Seen> {
  const entry = await connection.read(dn, attribute ? [attribute] : ['1.1']);
  if (!entry) return { seen: false };
  if (attribute && values(entry, attribute).length === 0) return { seen: false, detail: `entry visible, ${attribute} withheld` };
  return { seen: true, detail: attribute ? `${attribute} returned` : 'entry returned' };
}

/** Runs every probe of one tenant on AD, in order, and returns the rows. */
export async function runAdTenantProbes(context: AdProbeContext, principals: TenantPrincipals): Promise<ProbeResult[]> {
  const { dialect, leaks, log, own, other, tag, index } = context;
  const { layout } = dialect;
  const results: ProbeResult[] = [];
  const name = own.tenant.name;
  const otherName = other?.tenant.name ?? null;
  const user: ProbeSubject = { role: 'tenant-user', tenant: name };
  const admin: ProbeSubject = { role: 'tenant-admin', tenant: name };
  const helpdesk: ProbeSubject = { role: 'helpdesk', tenant: null, targetTenant: name };
  const against = (subject: ProbeSubject): ProbeSubject => ({ ...subject, targetTenant: otherName });
  const inOwn = (dn: string) => sameDn(dn, own.tenant.dn) || isBelow(dn, own.tenant.dn);
  const add = (subject: ProbeSubject, probe: string, description: string, expected: ProbeOutcome[], observed: Observation, explainedBy?: KnownLeakId) => {
    const row = probeResult(subject, probe, description, expected, observed, explainedBy);
    if (explainedBy && row.knownLeaks.includes(explainedBy)) log.note(leaks.leak(explainedBy), probe, `${name}: ${observed.detail || observed.outcome}`);
    results.push(row);
  };

  /** Entries outside the own tenant: each is a known leak (logged) or a real one (fails the probe). */
  const outside = (probe: string, dns: string[]): Seen => {
    const real: string[] = [];
    const known = new Set<string>();
    for (const dn of dns.filter((d) => !inOwn(d))) {
      const leak = leaks.leakOf(dn, name);
      if (leak) {
        log.note(leak, probe, dn);
        known.add(leak.id);
      } else real.push(dn);
    }
    const knownLeaks = [...known].sort();
    if (real.length > 0) return { seen: true, detail: `returned ${real[0]}${real.length > 1 ? ` and ${real.length - 1} more` : ''} outside its tenant`, knownLeaks };
    const why = knownLeaks.length > 0 ? `outside its tenant only known leaks by design (${knownLeaks.join(', ')})` : 'all in its own tenant';
    return { seen: false, detail: `${dns.length} entries, ${why}`, knownLeaks };
  };

  // The next tenant's OU and probes and the helpdesk probe by name; the first tenant's principals sweep everything.
  const targets: Filter | null =
    index === 0
      ? null
      : new OrFilter({
          filters: [
            dialect.loginFilter(context.helpdeskAccount.login),
            ...(other ? [dialect.loginFilter(other.admin.login), dialect.loginFilter(other.user.login), new EqualityFilter({ attribute: A.tenantName, value: other.tenant.name })] : []),
          ],
        });

  // ---- Reads that must stay inside the tenant, for the user and the admin alike.
  for (const [subject, connection] of [[user, principals.user], [admin, principals.admin]] as const) {
    const role = subject.role;
    const probe = (suffix: string) => `${role}.${suffix}`;
    add(subject, probe('search-from-suffix'), 'a subtree search from the domain root (for the other tenant and the probes; everything for the first tenant) returns only its own tenant and known leaks', ['invisible'], await attemptRead(async () => {
      const entries = await connection.search(layout.suffix, { scope: 'sub', attributes: ['1.1'], pageSize: 500, ...(targets ? { filter: targets } : {}) });
      return outside(probe('search-from-suffix'), entries.map((e) => e.dn));
    }));
    add(subject, probe('list-tenants'), 'listing the tenants container shows only its own tenant', ['invisible'], await attemptRead(async () => {
      const entries = await connection.search(layout.tenantsDn, { scope: 'one', filter: dialect.tenantFilter(), attributes: ['1.1'] });
      return outside(probe('list-tenants'), entries.map((e) => e.dn));
    }));
    add(subject, probe('foreign-member-values'), 'no visible group names a user of another tenant as member (groups outside the tenants are a known leak)', ['invisible'], await attemptRead(async () => {
      const groups = await connection.search(layout.suffix, { filter: new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: 'group' }), new PresenceFilter({ attribute: A.member })] }), attributes: [A.member], pageSize: 500 });
      const real: string[] = [];
      for (const group of groups) {
        for (const member of values(group, A.member).filter((dn) => isBelow(dn, layout.tenantsDn) && !inOwn(dn))) {
          if (isBelow(group.dn, layout.tenantsDn)) real.push(`${group.dn} → ${member}`);
          else log.note(leaks.leak('member-values'), probe('foreign-member-values'), `${group.dn} → ${member}`);
        }
      }
      return real.length > 0 ? { seen: true, detail: `${real[0]}${real.length > 1 ? ` and ${real.length - 1} more` : ''}` } : { seen: false, detail: `${groups.length} groups with members checked` };
    }));
    add(subject, probe('read-configuration'), 'reading the Configuration partition', ['invisible'], await attemptRead(() => sees(connection, context.configurationDn)), 'configuration');
    add(subject, probe('read-host-staff'), 'reading a host staff entry', ['invisible'], await attemptRead(() => sees(connection, context.helpdeskAccount.dn)), 'host-staff');
    const victim = role === 'tenant-user' ? own.admin : own.user;
    add(subject, probe('read-password-hash'), 'reading another mailbox’s password (unicodePwd) in its own tenant', ['invisible'], await attemptRead(() => sees(connection, victim.dn, 'unicodePwd')));
    if (victim.address !== null) {
      add(subject, probe('address-book'), 'looking up an address of its own tenant', ['allowed'], await attemptRead(() => findsAddress(connection, dialect, layout.mailboxesDn(name), victim.address ?? '')));
    }
    if (other) {
      add(against(subject), probe('read-other-tenant'), 'reading a mailbox of another tenant by DN', ['invisible'], await attemptRead(() => sees(connection, other.user.dn)));
      add(against(subject), probe('read-other-tenant-entry'), 'reading another tenant’s OU (its settings) by DN', ['invisible'], await attemptRead(() => sees(connection, other.tenant.dn)));
      if (other.user.address !== null) {
        add(against(subject), probe('lookup-other-address'), 'looking up another tenant’s address from the domain root', ['invisible'], await attemptRead(() => findsAddress(connection, dialect, layout.suffix, other.user.address ?? '')));
      }
    }
  }

  // ---- The tenant user: its own password, nothing else.
  const changedPassword = adProbePassword();
  // A user's own change is delete-old + add-new in one modify (a replace is an administrative reset).
  const ownChange = [
    new Change({ operation: 'delete', modification: new Attribute({ type: 'unicodePwd', values: [unicodePwdValue(own.user.password)] }) }),
    new Change({ operation: 'add', modification: new Attribute({ type: 'unicodePwd', values: [unicodePwdValue(changedPassword)] }) }),
  ];
  // 19 here is the domain's minimum password age, checked after the access check: the right was granted.
  add(user, 'tenant-user.change-own-password', 'changing its own password (old and new)', ['allowed', 'constraint'], await attemptWrite(() => principals.user.modify(own.user.dn, ownChange)));
  add(user, 'tenant-user.edit-other-mailbox', 'editing another mailbox of its tenant', ['denied'], await attemptWrite(() => principals.user.modify(own.admin.dn, [replace(A.surname, 'changed')])));
  const userAttempt = probeMailboxRequest(own.tenant, `${tag}x${index}`, context.fallbackDomain).request;
  add(user, 'tenant-user.create-mailbox', 'creating a mailbox in its tenant', ['denied'], await attemptWrite(() => principals.user.add(dialect.newMailboxDn(userAttempt), dialect.mailboxEntry({ ...userAttempt, quotaBytes: null }))));
  add(user, 'tenant-user.join-tenant-admins', 'adding itself to its tenant’s admins', ['denied'], await attemptWrite(() => principals.user.modify(dialect.groupDn(name, 'security', systemGroupNames.tenantAdmins), [addValues(A.member, own.user.dn)])));

  // ---- The tenant admin inside its tenant: allowed (except the Domain Users step, below).
  const created = probeMailboxRequest(own.tenant, `${tag}n${index}`, context.fallbackDomain).request;
  const newDn = dialect.newMailboxDn(created);
  const quota = own.tenant.storagePoolBytes ?? 1024;
  add(admin, 'tenant-admin.create-mailbox', 'creating a mailbox (with quota, then password and enabling) in its tenant', ['allowed'], await attemptWrite(async () => {
    await principals.admin.add(newDn, dialect.mailboxEntry({ ...created, quotaBytes: quota }));
    await principals.admin.modify(newDn, [setUnicodePwd(created.password), replace(A.userAccountControl, uac(false))]);
  }));
  add(admin, 'tenant-admin.add-member', 'adding a mailbox of its tenant to the tenant’s all-users group', ['allowed'], await attemptWrite(() => principals.admin.modify(dialect.groupDn(name, 'security', systemGroupNames.allUsers), [addValues(A.member, newDn)])));
  add(admin, 'tenant-admin.delete-mailbox', 'deleting a mailbox of its tenant', ['allowed'], await attemptWrite(() => principals.admin.delete(newDn)));
  const groupName = `${tag}g${index}`;
  const groupDn = dialect.groupDn(name, 'security', groupName);
  add(admin, 'tenant-admin.create-group', 'creating a group with a member of its tenant', ['allowed'], await attemptWrite(() => principals.admin.add(groupDn, dialect.groupEntry('security', groupName, '', null, [own.user.dn]))));
  add(admin, 'tenant-admin.delete-group', 'deleting a group of its tenant', ['allowed'], await attemptWrite(() => principals.admin.delete(groupDn)));
  add(admin, 'tenant-admin.edit-mailbox', 'editing a mailbox of its tenant', ['allowed'], await attemptWrite(() => principals.admin.modify(own.user.dn, [replace(A.surname, 'Edited by admin')])));
  add(admin, 'tenant-admin.reset-password', 'resetting a password in its tenant', ['allowed'], await attemptWrite(() => principals.admin.modify(own.user.dn, [setUnicodePwd(adProbePassword())])));
  const tenantAdmins = dialect.groupDn(name, 'security', systemGroupNames.tenantAdmins);
  add(admin, 'tenant-admin.make-admin', 'making another of its users a tenant admin', ['allowed'], await attemptWrite(() => principals.admin.modify(tenantAdmins, [addValues(A.member, own.user.dn)])));
  add(admin, 'tenant-admin.revoke-admin', 'removing that user from the tenant admins again', ['allowed'], await attemptWrite(() => principals.admin.modify(tenantAdmins, [removeValues(A.member, own.user.dn)])));
  add(admin, 'tenant-admin.set-quota', 'giving a mailbox a quota within the pool', ['allowed'], await attemptWrite(() => principals.admin.modify(own.user.dn, [replace(dialect.quotaAttribute, String(quota))])));

  // ---- The tenant admin's escalations: refused by the server, or a known gap the console covers.
  const refused = async (probe: string, description: string, run: () => Promise<unknown>, expected: ProbeOutcome[] = ['denied'], subject: ProbeSubject = admin, explainedBy?: KnownLeakId) =>
    add(subject, `tenant-admin.${probe}`, description, expected, await attemptWrite(run), explainedBy);
  if (own.tenant.storagePoolBytes !== null) {
    await refused('quota-above-pool', 'giving a mailbox more quota than the tenant’s pool', () => principals.admin.modify(own.user.dn, [replace(dialect.quotaAttribute, String(BigInt(own.tenant.storagePoolBytes ?? 0) + 1n))]), ['denied'], admin, 'quota-ceiling');
  }
  await refused('edit-tenant-settings', 'changing its tenant’s pool and limits (the OU’s adminDescription)', () => principals.admin.modify(own.tenant.dn, [replace(A.tenantSettings, 'enclave-tenant storagePoolBytes=999999999999999 mailboxLimit=1000000')]));
  await refused('edit-tenant-domains', 'changing its tenant’s mail domains', () => principals.admin.modify(own.tenant.dn, [addValues(A.mailDomain, `${tag}${index}.invalid`)]));
  await refused('create-tenant', 'creating an OU in the tenants container', () => principals.admin.add(childDn(layout.tenantsDn, 'OU', `${tag}t${index}`), { objectClass: ['organizationalUnit'] }));
  await refused('create-at-suffix', 'creating an OU directly below the domain root', () => principals.admin.add(childDn(layout.suffix, 'OU', `${tag}s${index}`), { objectClass: ['organizationalUnit'] }));
  await refused('create-below-tenant-entry', 'creating a container below its tenant OU', () => principals.admin.add(childDn(own.tenant.dn, 'OU', `${tag}c${index}`), { objectClass: ['organizationalUnit'] }));
  await refused('join-host-admins', 'adding itself to the host admins', () => principals.admin.modify(childDn(layout.hostGroupsDn, 'CN', hostRoleGroups.hostAdmins), [addValues(A.member, own.admin.dn)]));
  await refused('join-helpdesk', 'adding itself to the helpdesk group', () => principals.admin.modify(childDn(layout.hostGroupsDn, 'CN', hostRoleGroups.helpdesk), [addValues(A.member, own.admin.dn)]));
  await refused('join-domain-admins', 'adding itself to Domain Admins', () => principals.admin.modify(context.domainAdminsDn, [addValues(A.member, own.admin.dn)]));
  // Why a tenant admin's create leaves Domain Users to the host (docs/active-directory.md): that group is the host's.
  await refused('edit-domain-users', 'removing a user of its tenant from Domain Users (the primary-group step)', () => principals.admin.modify(context.domainUsersDn, [removeValues(A.member, own.user.dn)]), ['denied']);
  if (other) {
    const otherSubject = against(admin);
    const intruder = probeMailboxRequest(other.tenant, `${tag}o${index}`, context.fallbackDomain).request;
    const hidden: ProbeOutcome[] = ['denied', 'invisible'];
    await refused('create-in-other-tenant', 'creating a mailbox in another tenant', () => principals.admin.add(dialect.newMailboxDn(intruder), dialect.mailboxEntry({ ...intruder, quotaBytes: null })), hidden, otherSubject);
    await refused('join-other-tenant-admins', 'adding itself to another tenant’s admins', () => principals.admin.modify(dialect.groupDn(other.tenant.name, 'security', systemGroupNames.tenantAdmins), [addValues(A.member, own.admin.dn)]), hidden, otherSubject);
    await refused('edit-other-tenant', 'editing a mailbox of another tenant', () => principals.admin.modify(other.user.dn, [replace(A.surname, 'hijacked')]), hidden, otherSubject);
    await refused('edit-other-tenant-settings', 'changing another tenant’s settings', () => principals.admin.modify(other.tenant.dn, [replace(A.tenantSettings, 'enclave-tenant mailboxLimit=0')]), hidden, otherSubject);
    await refused('move-into-other-tenant', 'moving one of its mailboxes into another tenant', () => principals.admin.rename(own.user.dn, childDn(layout.mailboxesDn(other.tenant.name), 'CN', own.user.login)), hidden, otherSubject);
    if (other.tenant.mailDomains[0]) {
      await refused('foreign-domain-address', 'giving a mailbox an address in another tenant’s domain', () => principals.admin.modify(own.user.dn, [addValues(A.proxyAddresses, `smtp:${tag}f${index}@${other.tenant.mailDomains[0]}`)]), ['constraint', 'denied'], otherSubject, 'address-domains');
    }
  }
  add(admin, 'tenant-admin.disable-mailbox', 'disabling a mailbox of its tenant', ['allowed'], await attemptWrite(() => principals.admin.modify(own.user.dn, [replace(A.userAccountControl, uac(true))])));

  // ---- Helpdesk on this tenant: reads, resets and unlocks; no structural change.
  add(helpdesk, 'helpdesk.read-mailbox', 'reading a tenant mailbox’s login', ['allowed'], await attemptRead(() => sees(principals.helpdesk, own.user.dn, A.login)));
  add(helpdesk, 'helpdesk.read-password-hash', 'reading a tenant mailbox’s password (unicodePwd)', ['invisible'], await attemptRead(() => sees(principals.helpdesk, own.user.dn, 'unicodePwd')));
  add(helpdesk, 'helpdesk.read-groups', 'reading the tenant’s groups and their members', ['allowed'], await attemptRead(async () => {
    const groups = await principals.helpdesk.search(layout.groupsDn(name, 'security'), { scope: 'one', filter: new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: 'group' }), new PresenceFilter({ attribute: A.member })] }), attributes: [A.member] });
    return { seen: groups.length > 0, detail: `${groups.length} groups with members` };
  }));
  add(helpdesk, 'helpdesk.unlock', 'unlocking a mailbox (lockoutTime 0)', ['allowed'], await attemptWrite(() => principals.helpdesk.modify(own.user.dn, dialect.unlockChanges())));
  add(helpdesk, 'helpdesk.reset-password', 'resetting a tenant mailbox’s password', ['allowed'], await attemptWrite(() => principals.helpdesk.modify(own.user.dn, [setUnicodePwd(adProbePassword())])));
  const hd = async (probe: string, description: string, run: () => Promise<unknown>) => add(helpdesk, `helpdesk.${probe}`, description, ['denied'], await attemptWrite(run));
  await hd('edit-mailbox', 'editing a mailbox’s name', () => principals.helpdesk.modify(own.user.dn, [replace(A.surname, 'helpdesk edit')]));
  await hd('disable-mailbox', 'disabling a mailbox (userAccountControl)', () => principals.helpdesk.modify(own.user.dn, [replace(A.userAccountControl, uac(true))]));
  const helpdeskAttempt = probeMailboxRequest(own.tenant, `${tag}h${index}`, context.fallbackDomain).request;
  await hd('create-mailbox', 'creating a mailbox', () => principals.helpdesk.add(dialect.newMailboxDn(helpdeskAttempt), dialect.mailboxEntry({ ...helpdeskAttempt, quotaBytes: null })));
  await hd('delete-mailbox', 'deleting a mailbox', () => principals.helpdesk.delete(own.user.dn));
  await hd('edit-group', 'adding a member to a group', () => principals.helpdesk.modify(tenantAdmins, [addValues(A.member, own.user.dn)]));
  await hd('edit-tenant-settings', 'changing the tenant’s settings', () => principals.helpdesk.modify(own.tenant.dn, [replace(A.tenantSettings, 'enclave-tenant mailboxLimit=1')]));
  return results;
}

/**
 * Run after every tenant's matrix: on AD a foreign member of a tenant group gains that tenant's read rights, so
 * while other tenants still probe, it would show as their leak. Undone at once.
 */
export async function runAdForeignMemberProbe(context: AdProbeContext, tenantAdmin: DirectoryConnection): Promise<ProbeResult[]> {
  const { dialect, own, other, log, leaks } = context;
  if (!other) return [];
  const group = dialect.groupDn(own.tenant.name, 'security', systemGroupNames.allUsers);
  const observed = await attemptWrite(() => tenantAdmin.modify(group, [addValues(A.member, other.user.dn)]));
  if (observed.outcome === 'allowed') await tenantAdmin.modify(group, [removeValues(A.member, other.user.dn)]);
  const subject: ProbeSubject = { role: 'tenant-admin', tenant: own.tenant.name, targetTenant: other.tenant.name };
  const row = probeResult(subject, 'tenant-admin.foreign-member', 'adding another tenant’s mailbox to one of its groups', ['constraint', 'denied', 'invisible'], observed, 'foreign-members');
  if (row.knownLeaks.includes('foreign-members')) log.note(leaks.leak('foreign-members'), row.probe, `${own.tenant.name}: ${observed.outcome}`);
  return [row];
}

/** A lookup of `address` below `base` with the dialect's address filter (mail or proxyAddresses). */
async function findsAddress(connection: DirectoryConnection, dialect: HostingDialect, base: string, address: string): Promise<Seen> {
  const entries = await connection.search(base, { scope: 'sub', filter: dialect.addressFilter(address), attributes: ['1.1'] });
  return entries.length > 0 ? { seen: true, detail: `found ${entries[0]?.dn}` } : { seen: false };
}
