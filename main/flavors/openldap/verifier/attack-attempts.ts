/**
 * The attacks of the probe plan (main/policy/verifier/probe-plan.ts) as plain LDAP operations: the values and shapes
 * each conditional grant excludes, and the intruders' list of named holes. Each returns what the server did.
 * Attacks that would damage a tenant if they succeeded run in the verifier's own tenants only.
 */
import { Control, DN, EqualityFilter, OrFilter } from 'ldapts';
import type { PolicyRole } from '../../../policy/access-policy';
import { addValues, removeValues, replace } from '../../../directory/changes';
import type { DirectoryConnection } from '../../../directory/directory-connection';
import { isBelow, sameDn } from '../../../directory/dn';
import { values } from '../../../directory/entry';
import { attemptRead, attemptWrite, type Observation } from '../../../policy/verifier/probe-outcome';
import { permanentLockTime } from '../openldap-schema';
import { hashSsha } from '../sandbox/ssha-password';
import { below, newPassword, plainMailboxEntry } from './probe-accounts';
import { addCheckpoint, bindAs, type ProbeContext, type TenantWorld } from './probe-world';
import type { MatrixPlace } from './cell-attempts';

/** Where an attack runs, and the other tenant's admin (for attacks on what another tenant's admin made). */
export interface AttackPlace extends MatrixPlace {
  otherAdmin: DirectoryConnection;
}

/** One attack's implementation. */
interface AttackRun {
  /** False when success would damage a real tenant: the attack then runs in the verifier's own tenants only. */
  realTenants: boolean;
  run: (context: ProbeContext, place: AttackPlace) => Promise<Observation | null>;
}

const as = (place: AttackPlace, role: PolicyRole): DirectoryConnection => place.principals[role];
const ta = (place: AttackPlace) => as(place, 'tenant-admin');
const write = (run: () => Promise<unknown>) => attemptWrite(run);

/** A mailbox the host admin makes in `tenant` for an attack that changes or moves it. */
async function disposableMailbox(context: ProbeContext, tenant: TenantWorld): Promise<{ dn: string; login: string }> {
  const login = context.names.fresh('k');
  const dn = below(tenant.containers.mailboxes, 'uid', login);
  await context.admin.add(dn, plainMailboxEntry(context.dialect, tenant.tenant.name, login, tenant.domain, newPassword(), tenant.quotaBytes));
  context.ledger.created(dn);
  return { dn, login };
}

/** Adds `entry` as `connection`; a success is recorded for removal. */
async function addAs(context: ProbeContext, connection: DirectoryConnection, dn: string, entry: Record<string, string | string[]>): Promise<Observation> {
  const observed = await write(() => connection.add(dn, entry));
  if (observed.outcome === 'allowed') context.ledger.created(dn);
  return observed;
}

/** A new mailbox in `tenant` as the console writes it, with `changes` applied to its attributes. */
function mailboxWith(context: ProbeContext, tenant: TenantWorld, login: string, changes: Record<string, string | string[]> = {}) {
  return { ...plainMailboxEntry(context.dialect, tenant.tenant.name, login, tenant.domain, newPassword(), tenant.quotaBytes), ...changes };
}

/** Pool + 1 byte, or null when the tenant has no pool. */
const abovePool = (tenant: TenantWorld): string | null => (tenant.tenant.storagePoolBytes === null ? null : String(tenant.tenant.storagePoolBytes + 1));

/** Is `dn` visible to `connection` with `attribute` (a read attack)? */
const sees = (connection: DirectoryConnection, dn: string, attribute: string) =>
  attemptRead(async () => {
    const entry = await connection.read(dn, [attribute]);
    const seen = entry !== null && values(entry, attribute).length > 0;
    return { seen, detail: seen ? `${attribute} returned` : 'nothing returned' };
  });

/** RFC 4370 proxied authorization: act as `authzId`. */
class ProxiedAuthorizationControl extends Control {
  constructor(private readonly authzId: string) {
    super('2.16.840.1.113730.3.4.18', { critical: true });
  }

  protected override writeControl(writer: Parameters<Control['write']>[0]): void {
    writer.writeBuffer(Buffer.from(this.authzId, 'utf8'), 0x04);
  }
}

/** The condition attacks, by `role.id`. */
export const conditionAttackRuns: Record<string, AttackRun> = {
  'tenant-admin.create-mailbox-without-enclave-class': {
    realTenants: true,
    run: (c, p) => {
      const login = c.names.fresh('k');
      const { objectClass: _classes, enclaveMailboxQuotaBytes: _quota, enclaveAccountState: _state, ...rest } = mailboxWith(c, p.own, login);
      return addAs(c, ta(p), below(p.own.containers.mailboxes, 'uid', login), { ...rest, objectClass: ['inetOrgPerson', 'inetLocalMailRecipient'] });
    },
  },
  'tenant-admin.create-mailbox-with-extra-class': {
    realTenants: true,
    run: (c, p) => {
      const login = c.names.fresh('k');
      const entry = mailboxWith(c, p.own, login);
      return addAs(c, ta(p), below(p.own.containers.mailboxes, 'uid', login), { ...entry, objectClass: [...[entry['objectClass'] ?? []].flat(), 'pkiUser'] });
    },
  },
  'tenant-admin.create-mailbox-named-by-cn': {
    realTenants: true,
    run: (c, p) => {
      const login = c.names.fresh('k');
      return addAs(c, ta(p), below(p.own.containers.mailboxes, 'cn', login), mailboxWith(c, p.own, login, { cn: login }));
    },
  },
  'tenant-admin.create-mailbox-multi-valued-rdn': {
    realTenants: true,
    run: (c, p) => {
      const login = c.names.fresh('k');
      const rdn = new DN().addRDN({ uid: login, cn: login }).toString();
      // ldap-literal: a multi-valued RDN built by ldapts, below the tenant's container DN as read from the server.
      return addAs(c, ta(p), `${rdn},${p.own.containers.mailboxes}`, mailboxWith(c, p.own, login, { cn: login }));
    },
  },
  'tenant-admin.create-mailbox-in-lists': {
    realTenants: true,
    run: (c, p) => {
      const login = c.names.fresh('k');
      return addAs(c, ta(p), below(p.own.containers.lists, 'uid', login), mailboxWith(c, p.own, login));
    },
  },
  'tenant-admin.create-group-with-extra-class': {
    realTenants: true,
    run: (c, p) => {
      const name = c.names.fresh('k');
      const entry = c.dialect.groupEntry('security', name, '', null, [p.own.mailbox.dn]);
      return addAs(c, ta(p), below(p.own.containers.groups, 'cn', name), { ...entry, objectClass: [...[entry['objectClass'] ?? []].flat(), 'pkiUser'] });
    },
  },
  'tenant-admin.create-group-in-mailboxes': {
    realTenants: true,
    run: (c, p) => {
      const name = c.names.fresh('k');
      return addAs(c, ta(p), below(p.own.containers.mailboxes, 'cn', name), c.dialect.groupEntry('security', name, '', null, [p.own.mailbox.dn]));
    },
  },
  'tenant-admin.address-in-other-tenants-domain': {
    realTenants: true,
    run: (c, p) => write(() => ta(p).modify(p.own.mailbox.dn, [addValues('mailLocalAddress', `${c.names.fresh('k')}@${p.other.domain}`)])),
  },
  'tenant-admin.address-in-unhosted-domain': {
    realTenants: true,
    run: (c, p) => write(() => ta(p).modify(p.own.mailbox.dn, [addValues('mailLocalAddress', `${c.names.fresh('k')}@${c.names.fresh('k')}.unhosted.invalid`)])),
  },
  'tenant-admin.remove-one-address': {
    realTenants: true,
    run: async (c, p) => {
      const alias = `${c.names.fresh('k')}@${p.own.domain}`;
      await c.admin.modify(p.own.mailbox.dn, [addValues('mailLocalAddress', alias)]);
      const observed = await write(() => ta(p).modify(p.own.mailbox.dn, [removeValues('mailLocalAddress', alias)]));
      await c.admin.modify(p.own.mailbox.dn, [removeValues('mailLocalAddress', alias)]).catch(() => {});
      return observed;
    },
  },
  'tenant-admin.create-mailbox-in-other-tenants-domain': {
    realTenants: true,
    run: (c, p) => {
      const login = c.names.fresh('k');
      const address = `${login}@${p.other.domain}`;
      return addAs(c, ta(p), below(p.own.containers.mailboxes, 'uid', login), mailboxWith(c, p.own, login, { mail: address, mailLocalAddress: address }));
    },
  },
  'tenant-admin.quota-above-pool': {
    realTenants: true,
    run: async (_c, p) => {
      const value = abovePool(p.own);
      return value === null ? null : write(() => ta(p).modify(p.own.mailbox.dn, [replace('enclaveMailboxQuotaBytes', value)]));
    },
  },
  'tenant-admin.quota-unlimited-with-pool': {
    realTenants: true,
    run: async (_c, p) => (p.own.tenant.storagePoolBytes === null ? null : write(() => ta(p).modify(p.own.mailbox.dn, [replace('enclaveMailboxQuotaBytes', '0')]))),
  },
  'tenant-admin.quota-not-a-number': {
    realTenants: true,
    run: (_c, p) => write(() => ta(p).modify(p.own.mailbox.dn, [replace('enclaveMailboxQuotaBytes', '-1')])),
  },
  'tenant-admin.create-mailbox-above-pool': {
    realTenants: true,
    run: async (c, p) => {
      const value = abovePool(p.own);
      if (value === null) return null;
      const login = c.names.fresh('k');
      return addAs(c, ta(p), below(p.own.containers.mailboxes, 'uid', login), mailboxWith(c, p.own, login, { enclaveMailboxQuotaBytes: value }));
    },
  },
  'tenant-admin.member-from-other-tenant': { realTenants: true, run: (_c, p) => write(() => ta(p).modify(p.own.group, [addValues('member', p.other.user.dn)])) },
  'tenant-admin.member-host-staff': { realTenants: true, run: (_c, p) => write(() => ta(p).modify(p.own.group, [addValues('member', p.host.staff.dn)])) },
  'tenant-admin.member-nested-group': { realTenants: true, run: (_c, p) => write(() => ta(p).modify(p.own.group, [addValues('member', p.own.list)])) },
  'tenant-admin.create-group-with-foreign-member': {
    realTenants: true,
    run: (c, p) => {
      const name = c.names.fresh('k');
      return addAs(c, ta(p), below(p.own.containers.groups, 'cn', name), c.dialect.groupEntry('security', name, '', null, [p.other.mailbox.dn]));
    },
  },
  'tenant-admin.prehashed-password': { realTenants: true, run: (_c, p) => write(() => ta(p).modify(p.own.mailbox.dn, [replace('userPassword', hashSsha(newPassword()))])) },
  'tenant-admin.cleartext-scheme-password': { realTenants: true, run: (_c, p) => write(() => ta(p).modify(p.own.mailbox.dn, [replace('userPassword', `{CLEARTEXT}${newPassword()}`)])) },
  'host-admin.prehashed-password': { realTenants: true, run: (c, p) => write(() => c.admin.modify(p.own.mailbox.dn, [replace('userPassword', hashSsha(newPassword()))])) },
  'host-admin.prehashed-staff-password': { realTenants: true, run: (c, p) => write(() => c.admin.modify(p.host.staff.dn, [replace('userPassword', hashSsha(newPassword()))])) },
  'tenant-user.prehashed-own-password': { realTenants: true, run: (_c, p) => write(() => as(p, 'tenant-user').modify(p.own.user.dn, [replace('userPassword', hashSsha(newPassword()))])) },
  'tenant-admin.delete-all-users': { realTenants: false, run: (c, p) => write(() => ta(p).delete(c.dialect.groupDn(p.own.tenant.name, 'security', 'all-users'))) },
  'tenant-admin.delete-tenant-admins': { realTenants: false, run: (c, p) => write(() => ta(p).delete(c.dialect.groupDn(p.own.tenant.name, 'security', 'tenant-admins'))) },
  'tenant-admin.account-state-unknown': { realTenants: true, run: (_c, p) => write(() => ta(p).modify(p.own.mailbox.dn, [replace('enclaveAccountState', 'frozen')])) },
  'tenant-admin.distribution-kind-in-groups': { realTenants: true, run: (_c, p) => write(() => ta(p).modify(p.own.group, [replace('enclaveGroupKind', 'distribution')])) },
  'tenant-admin.security-kind-in-lists': { realTenants: true, run: (_c, p) => write(() => ta(p).modify(p.own.list, [replace('enclaveGroupKind', 'security')])) },
  'tenant-admin.read-staff-checkpoint': { realTenants: true, run: (_c, p) => sees(ta(p), p.host.checkpoint, 'enclaveCheckpointHash') },
  'tenant-admin.read-other-tenant-admins-checkpoint': {
    realTenants: true,
    run: async (c, p) => {
      const dn = await addCheckpoint(p.otherAdmin, c.layout, `verifier-${c.names.fresh('o')}`);
      return sees(ta(p), dn, 'enclaveCheckpointHash');
    },
  },
  'tenant-admin.name-default-policy': { realTenants: true, run: (c, p) => namePolicy(c, p, c.layout.defaultPolicyDn) },
  'tenant-admin.name-staff-policy': { realTenants: true, run: (c, p) => namePolicy(c, p, c.layout.staffPolicyDn) },
  'tenant-admin.name-other-tenants-policy': { realTenants: true, run: (c, p) => namePolicy(c, p, c.layout.tenantPolicyDn(p.other.tenant.name)) },
  'tenant-admin.replace-own-policy': { realTenants: true, run: (c, p) => write(() => ta(p).modify(p.own.mailbox.dn, [replace('pwdPolicySubentry', c.layout.tenantPolicyDn(p.own.tenant.name))])) },
  'tenant-admin.create-mailbox-without-policy': {
    realTenants: true,
    run: (c, p) => {
      const login = c.names.fresh('k');
      const { pwdPolicySubentry: _policy, ...entry } = mailboxWith(c, p.own, login);
      return addAs(c, ta(p), below(p.own.containers.mailboxes, 'uid', login), entry);
    },
  },
  'tenant-admin.create-mailbox-naming-default-policy': {
    realTenants: true,
    run: (c, p) => {
      const login = c.names.fresh('k');
      return addAs(c, ta(p), below(p.own.containers.mailboxes, 'uid', login), mailboxWith(c, p.own, login, { pwdPolicySubentry: c.layout.defaultPolicyDn }));
    },
  },
  'tenant-admin.unmark-deleted-mailbox': { realTenants: false, run: (c, p) => onDeletedMailbox(c, p, (dn) => ta(p).modify(dn, [removeValues('enclaveDeletedAt', [])])) },
  'tenant-admin.backdate-deletion-mark': { realTenants: false, run: (c, p) => onDeletedMailbox(c, p, (dn) => ta(p).modify(dn, [replace('enclaveDeletedAt', '19700101000000Z')])) },
  'tenant-admin.purge-deleted-mailbox': { realTenants: false, run: (c, p) => onDeletedMailbox(c, p, (dn) => ta(p).delete(dn)) },
  'helpdesk.reset-disabled-mailbox': { realTenants: true, run: (_c, p) => write(() => as(p, 'helpdesk').modify(p.own.disabled, [replace('userPassword', newPassword())])) },
};

/** A mailbox of the tenant's own, deleted into deleted items by the host admin (marked and locked), then `attempt` on it. */
async function onDeletedMailbox(context: ProbeContext, place: AttackPlace, attempt: (dn: string) => Promise<unknown>): Promise<Observation> {
  const { dn } = await disposableMailbox(context, place.own);
  await context.admin.modify(dn, [replace('enclaveDeletedAt', '20260101000000Z'), replace('enclaveDeletedBy', context.admin.bindDN), replace('pwdAccountLockedTime', permanentLockTime)]);
  return write(() => attempt(dn));
}

/** The tenant admin adds `policy` as the policy of a mailbox that names none (the host admin puts its own back). */
async function namePolicy(context: ProbeContext, place: AttackPlace, policy: string): Promise<Observation> {
  const dn = place.own.mailbox.dn;
  await context.admin.modify(dn, [replace('pwdPolicySubentry', [])]);
  try {
    return await write(() => ta(place).modify(dn, [addValues('pwdPolicySubentry', policy)]));
  } finally {
    await context.admin.modify(dn, [replace('pwdPolicySubentry', context.layout.tenantPolicyDn(place.own.tenant.name))]);
  }
}

/** Wrong binds, then the right one: the account must still bind. */
async function lockOut(context: ProbeContext, dn: string, password: string): Promise<Observation> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const wrong = bindAs(context.adminSettings, { dn, login: '', password: `${password}-wrong` });
    await wrong.open().catch(() => {});
    await wrong.dispose();
  }
  const right = bindAs(context.adminSettings, { dn, login: '', password });
  try {
    return await attemptWrite(() => right.open());
  } finally {
    await right.dispose();
  }
}

/** The named attacks, by `role.id`. */
export const namedAttackRuns: Record<string, AttackRun> = {
  'tenant-admin.strip-mailbox-class-and-quota': {
    realTenants: true,
    run: async (c, p) => {
      const { dn } = await disposableMailbox(c, p.own);
      return write(() => ta(p).modify(dn, [removeValues('objectClass', 'enclaveMailbox'), removeValues('enclaveMailboxQuotaBytes'), removeValues('enclaveAccountState')]));
    },
  },
  'tenant-admin.login-of-host-staff': { realTenants: true, run: (c, p) => addAs(c, ta(p), below(p.own.containers.mailboxes, 'uid', p.host.staff.login), mailboxWith(c, p.own, p.host.staff.login)) },
  'tenant-admin.login-of-other-tenant': { realTenants: true, run: (c, p) => addAs(c, ta(p), below(p.own.containers.mailboxes, 'uid', p.other.user.login), mailboxWith(c, p.own, p.other.user.login)) },
  // A login nobody has: uniqueness does not stop it, only "one login per entry" does (login-of-host-staff covers uniqueness).
  'tenant-admin.second-login-value': { realTenants: true, run: (c, p) => write(() => ta(p).modify(p.own.mailbox.dn, [addValues('uid', c.names.fresh('x'))])) },
  'tenant-admin.move-mailbox-to-lists': { realTenants: true, run: (c, p) => moveAttempt(c, p, p.own.containers.lists) },
  'tenant-admin.move-mailbox-to-other-tenant': { realTenants: true, run: (c, p) => moveAttempt(c, p, p.other.containers.mailboxes) },
  'tenant-user.rename-own-entry': { realTenants: true, run: (c, p) => write(() => as(p, 'tenant-user').rename(p.own.user.dn, below(p.own.containers.mailboxes, 'uid', c.names.fresh('r')))) },
  'tenant-admin.password-on-tenant-entry': { realTenants: false, run: (_c, p) => write(() => ta(p).modify(p.own.tenant.dn, [addValues('userPassword', newPassword())])) },
  'tenant-admin.password-on-container': { realTenants: false, run: (_c, p) => write(() => ta(p).modify(p.own.containers.mailboxes, [addValues('userPassword', newPassword())])) },
  'tenant-admin.password-on-group': { realTenants: true, run: (_c, p) => write(() => ta(p).modify(p.own.group, [addValues('userPassword', newPassword())])) },
  'helpdesk.password-on-tenant-entry': { realTenants: false, run: (_c, p) => write(() => as(p, 'helpdesk').modify(p.own.tenant.dn, [addValues('userPassword', newPassword())])) },
  'host-admin.password-on-tenant-entry': { realTenants: false, run: (c, p) => write(() => c.admin.modify(p.own.tenant.dn, [addValues('userPassword', newPassword())])) },
  'helpdesk.delete-mailbox-password': { realTenants: true, run: (_c, p) => write(() => as(p, 'helpdesk').modify(p.own.mailbox.dn, [removeValues('userPassword')])) },
  'tenant-admin.delete-mailbox-password': { realTenants: true, run: (_c, p) => write(() => ta(p).modify(p.own.mailbox.dn, [removeValues('userPassword')])) },
  'helpdesk.prehashed-password': { realTenants: true, run: (_c, p) => write(() => as(p, 'helpdesk').modify(p.own.user.dn, [replace('userPassword', hashSsha(newPassword()))])) },
  'tenant-admin.crypt-password': { realTenants: true, run: (_c, p) => write(() => ta(p).modify(p.own.mailbox.dn, [replace('userPassword', '{CRYPT}aBcDeFgHiJkLm')])) },
  'anonymous.lock-out-host-staff': { realTenants: true, run: (c, p) => lockOut(c, p.host.staff.dn, p.host.staff.password) },
  'anonymous.lock-out-mailbox': { realTenants: true, run: (c, p) => lockOut(c, p.own.user.dn, p.own.user.password) },
  'host-admin.duplicate-domain': {
    realTenants: false,
    run: async (c, p) => {
      const observed = await write(() => c.admin.modify(p.other.tenant.dn, [addValues('enclaveMailDomain', p.own.domain)]));
      if (observed.outcome === 'allowed') await c.admin.modify(p.other.tenant.dn, [removeValues('enclaveMailDomain', p.own.domain)]).catch(() => {});
      return observed;
    },
  },
  // The victim's alias is nobody's primary address (so "unique mail" does not stop it); the user keeps its own
  // primary among its aliases (so the overlap rule does not either): only "one primary address" is left.
  'tenant-admin.second-mail-is-others-alias': { realTenants: true, run: (_c, p) => write(() => ta(p).modify(p.own.user.dn, [addValues('mail', `${p.own.mailbox.login}.alias@${p.own.domain}`)])) },
  'tenant-admin.alias-of-other-mailbox': { realTenants: true, run: (_c, p) => write(() => ta(p).modify(p.own.mailbox.dn, [addValues('mailLocalAddress', `${p.own.user.login}@${p.own.domain}`)])) },
  'tenant-admin.mail-outside-aliases': { realTenants: true, run: (c, p) => write(() => ta(p).modify(p.own.mailbox.dn, [replace('mail', `${c.names.fresh('k')}@${p.own.domain}`)])) },
  'tenant-admin.join-host-admins': { realTenants: true, run: (c, p) => joinAttempt(c, ta(p), c.layout.hostAdminsGroupDn, p.own.admin.dn) },
  'tenant-admin.join-other-tenant-admins': { realTenants: true, run: (c, p) => joinAttempt(c, ta(p), c.dialect.groupDn(p.other.tenant.name, 'security', 'tenant-admins'), p.own.admin.dn) },
  'tenant-admin.create-tenant': {
    realTenants: true,
    run: (c, p) => {
      const name = c.names.fresh('t');
      return addAs(c, ta(p), c.layout.tenantDn(name), c.dialect.tenantEntry(name, { displayName: '', mailDomains: [`${name}.verifier.invalid`], storagePoolBytes: null, mailboxLimit: null, defaultQuotaBytes: null, allowOvercommit: false }));
    },
  },
  'tenant-admin.create-at-suffix': {
    realTenants: true,
    run: (c, p) => {
      const name = c.names.fresh('s');
      return addAs(c, ta(p), below(c.layout.suffix, 'ou', name), { objectClass: ['organizationalUnit'], ou: name });
    },
  },
  'tenant-admin.proxied-authorization': {
    realTenants: true,
    run: (c, p) => joinAttempt(c, ta(p), c.layout.hostAdminsGroupDn, p.own.admin.dn, [new ProxiedAuthorizationControl(`dn:${c.adminSettings.bindDN}`)]),
  },
  'mail-service.mail-of-disabled-mailbox': { realTenants: true, run: (_c, p) => sees(as(p, 'mail-service'), p.own.disabled, 'mail') },
  'tenant-user.search-sees-other-tenants': { realTenants: true, run: (c, p) => seesOutsideItsTenant(c, p, as(p, 'tenant-user'), p.own.user.dn) },
  'tenant-admin.search-sees-other-tenants': { realTenants: true, run: (c, p) => seesOutsideItsTenant(c, p, ta(p), p.own.admin.dn) },
  'tenant-user.find-other-tenants-address': {
    realTenants: true,
    run: (c, p) =>
      attemptRead(async () => {
        const found = await as(p, 'tenant-user').search(c.layout.suffix, { filter: new EqualityFilter({ attribute: 'mail', value: `${p.other.mailbox.login}@${p.other.domain}` }), attributes: ['1.1'] });
        return { seen: found.length > 0, detail: `${found.length} entries found` };
      }),
  },
  'tenant-admin.read-server-log': {
    realTenants: true,
    run: (_c, p) =>
      attemptRead(async () => {
        const found = await ta(p).search('cn=accesslog', { scope: 'sub', attributes: ['1.1'], limit: 5 });
        return { seen: found.length > 0, detail: `${found.length} log entries returned` };
      }),
  },
};

/** Moves a disposable mailbox of its tenant below `container` as the tenant admin; a success is recorded for removal. */
async function moveAttempt(context: ProbeContext, place: AttackPlace, container: string): Promise<Observation> {
  const { dn, login } = await disposableMailbox(context, place.own);
  const moved = below(container, 'uid', login);
  const observed = await write(() => ta(place).rename(dn, moved));
  if (observed.outcome === 'allowed') context.ledger.created(moved);
  return observed;
}

/** Adds `member` to `group` as `connection`; a success is recorded so the value is removed at the end. */
async function joinAttempt(context: ProbeContext, connection: DirectoryConnection, group: string, member: string, controls?: Control[]): Promise<Observation> {
  const observed = await write(() => connection.modify(group, [addValues('member', member)], controls));
  if (observed.outcome === 'allowed') context.ledger.joined(group, member);
  return observed;
}

/**
 * A subtree search from the suffix: "seen" when any entry outside the tenant comes back (its own checkpoints
 * excepted: a tenant admin reads what it added). From a probe tenant it asks for everything: the sweep over every
 * tenant of the directory (its cost grows with the directory, so it runs once per role). From a sampled tenant it
 * asks for the other tenant's entries by name (indexed), which is the same question at the cost of a lookup.
 */
function seesOutsideItsTenant(context: ProbeContext, place: AttackPlace, connection: DirectoryConnection, self: string): Promise<Observation> {
  const own = place.own;
  const eq = (attribute: string, value: string) => new EqualityFilter({ attribute, value });
  const filter = own.probe
    ? undefined
    : new OrFilter({ filters: [eq('ou', place.other.tenant.name), ...[place.other.user, place.other.admin, place.other.mailbox, place.host.staff].map((account) => eq('uid', account.login))] });
  return attemptRead(async () => {
    let count = 0;
    for await (const page of connection.searchPages(context.layout.suffix, { attributes: ['creatorsName'], pageSize: 1000, ...(filter ? { filter } : {}) })) {
      for (const entry of page) {
        count += 1;
        if (sameDn(entry.dn, own.tenant.dn) || isBelow(entry.dn, own.tenant.dn)) continue;
        if (isBelow(entry.dn, context.layout.auditDn) && values(entry, 'creatorsName').some((author) => sameDn(author, self))) continue;
        return { seen: true, detail: `returned ${entry.dn}` };
      }
    }
    return { seen: false, detail: `${count} entries, all in its own tenant${filter ? ' (asked for the other tenant by name)' : ' (asked for everything)'}` };
  });
}
