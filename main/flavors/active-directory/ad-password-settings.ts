/**
 * A tenant's password policy on Active Directory: a fine-grained password policy (a PSO, msDS-PasswordSettings)
 * applied to the tenant's all-users group, which every mailbox of the tenant is in (its primary group). PSOs can
 * only live in the domain's Password Settings Container, outside the tenant OU, and any authenticated user may list
 * that container's children (measured on Samba 4.17): so a PSO is named `enclave-<random>`, never after its tenant,
 * and gets a protected DACL that lets only the host's staff and the tenant's own groups read it. It is found
 * through the group's back-link (msDS-PSOApplied), not by name (docs/tenant-lifecycle.md).
 */
import { randomBytes } from 'node:crypto';
import type { Entry } from 'ldapts';
import { systemGroupNames } from '../../../shared/model/hosting';
import type { PasswordPolicy } from '../../../shared/model/password-policy';
import { fallbackPasswordPolicy } from '../../../shared/model/password-policy';
import { addValues, replace } from '../../directory/changes';
import { childDn, leafValue, sameDn } from '../../directory/dn';
import type { DirectoryConnection } from '../../directory/directory-connection';
import { first, integer, values } from '../../directory/entry';
import type { HostingLayout } from '../../hosting/hosting-layout';
import type { TenantPasswordPolicyStore } from '../../hosting/password-policy-store';
import { domainFactsReader } from './ad-domain';
import { readObjectSid } from './directory/object-sid';
import { aceTypes, adRights, ridOf, wellKnownRids, wellKnownSids, type Ace } from './directory/security-descriptor';
import { tenantPrincipals, writeDacl } from './isolation/ad-tenant-dacl';

/** The RDN prefix of every PSO Enclave makes; the rest is random so the name tells nothing about the tenant. */
export const psoNamePrefix = 'enclave-';
/** Lower wins when a user is in several groups with PSOs; tenants' PSOs all rank the same. */
const psoPrecedence = '100';
/** AD's "never" for an interval (the most negative 64-bit value). */
const never = '-9223372036854775808';
/** 100-nanosecond ticks per minute and per day, as AD counts intervals (stored negative). */
const ticksPerMinute = 600_000_000n;
const ticksPerDay = 864_000_000_000n;

const interval = (ticks: bigint): string => (ticks === 0n ? never : String(-ticks));
/** A stored negative interval as a positive count of `unit` ticks (0 for "never" or unset). */
function ticksIn(value: string, unit: bigint): number {
  if (!/^-?\d+$/.test(value) || value === never) return 0;
  const ticks = -BigInt(value);
  return ticks > 0n ? Number(ticks / unit) : 0;
}

/** The PSO attributes for `policy`, applying to `groupDn`. */
function psoValues(policy: PasswordPolicy): Record<string, string> {
  const lockout = interval(BigInt(policy.lockoutMinutes) * ticksPerMinute);
  return {
    'msDS-PasswordSettingsPrecedence': psoPrecedence,
    'msDS-PasswordReversibleEncryptionEnabled': 'FALSE',
    'msDS-PasswordHistoryLength': String(policy.historyCount),
    'msDS-PasswordComplexityEnabled': policy.requireComplexity ? 'TRUE' : 'FALSE',
    'msDS-MinimumPasswordLength': String(policy.minLength),
    'msDS-MinimumPasswordAge': '0',
    'msDS-MaximumPasswordAge': interval(BigInt(policy.maxAgeDays) * ticksPerDay),
    'msDS-LockoutThreshold': String(policy.maxFailures),
    'msDS-LockoutObservationWindow': lockout,
    'msDS-LockoutDuration': lockout,
  };
}

const psoAttributes = Object.keys(psoValues(fallbackPasswordPolicy));

function policyOfPso(entry: Entry): PasswordPolicy {
  return {
    minLength: Math.min(128, Math.max(1, integer(entry, 'msDS-MinimumPasswordLength') ?? 1)),
    historyCount: Math.min(24, integer(entry, 'msDS-PasswordHistoryLength') ?? 0),
    maxAgeDays: Math.min(999, ticksIn(first(entry, 'msDS-MaximumPasswordAge'), ticksPerDay)),
    maxFailures: Math.min(999, integer(entry, 'msDS-LockoutThreshold') ?? 0),
    lockoutMinutes: Math.max(1, ticksIn(first(entry, 'msDS-LockoutDuration'), ticksPerMinute) || fallbackPasswordPolicy.lockoutMinutes),
    requireComplexity: first(entry, 'msDS-PasswordComplexityEnabled').toUpperCase() === 'TRUE',
  };
}

/** The domain's own policy, as the domain head states it (what users without a PSO follow). */
function policyOfDomain(entry: Entry): PasswordPolicy {
  return {
    minLength: Math.min(128, Math.max(1, integer(entry, 'minPwdLength') ?? fallbackPasswordPolicy.minLength)),
    historyCount: Math.min(24, integer(entry, 'pwdHistoryLength') ?? 0),
    maxAgeDays: Math.min(999, ticksIn(first(entry, 'maxPwdAge'), ticksPerDay)),
    maxFailures: Math.min(999, integer(entry, 'lockoutThreshold') ?? 0),
    lockoutMinutes: Math.max(1, ticksIn(first(entry, 'lockoutDuration'), ticksPerMinute) || fallbackPasswordPolicy.lockoutMinutes),
    requireComplexity: ((integer(entry, 'pwdProperties') ?? 0) & 1) === 1,
  };
}

export function adPasswordSettingsStore(layout: HostingLayout): TenantPasswordPolicyStore {
  const container = childDn(childDn(layout.suffix, 'CN', 'System'), 'CN', 'Password Settings Container');
  const domainFacts = domainFactsReader(layout.suffix);
  const allUsersDn = (tenant: string) => childDn(layout.groupsDn(tenant, 'security'), 'CN', systemGroupNames.allUsers);
  /** The tenant's PSOs: those applied to its all-users group that Enclave made. */
  const tenantPsos = async (connection: DirectoryConnection, tenant: string): Promise<string[]> => {
    const group = await connection.read(allUsersDn(tenant), ['msDS-PSOApplied']).catch(() => null);
    return group ? values(group, 'msDS-PSOApplied').filter((dn) => leafValue(dn).toLowerCase().startsWith(psoNamePrefix)) : [];
  };
  /** Only the system, the domain's administrators, the host's staff and the tenant's own groups may read the PSO. */
  const protect = async (connection: DirectoryConnection, tenant: string, dn: string) => {
    const { sid } = await domainFacts(connection);
    const p = await tenantPrincipals(connection, layout, sid, tenant);
    const allow = (who: string, mask: number): Ace => ({ type: aceTypes.accessAllowed, flags: 0, mask, sid: who });
    const full = adRights.fullControl;
    await writeDacl(connection, dn, [
      allow(wellKnownSids.system, full),
      allow(`${sid}-${wellKnownRids.domainAdmins}`, full),
      allow(`${sid}-${wellKnownRids.enterpriseAdmins}`, full),
      allow(wellKnownSids.builtinAdministrators, full),
      ...(p.hostAdmins ? [allow(p.hostAdmins, full)] : []),
      ...(p.helpdesk ? [allow(p.helpdesk, adRights.genericRead)] : []),
      allow(p.tenantAdmins, adRights.genericRead),
      allow(p.allUsers, adRights.genericRead),
    ]);
  };
  return {
    support: { complexity: true, lengthUnit: 'characters' },
    readDefault: async (connection) => {
      const entry = await connection.read(layout.suffix, ['minPwdLength', 'pwdHistoryLength', 'maxPwdAge', 'lockoutThreshold', 'lockoutDuration', 'pwdProperties']).catch(() => null);
      return entry && first(entry, 'minPwdLength') !== '' ? policyOfDomain(entry) : fallbackPasswordPolicy;
    },
    read: async (connection, tenant) => {
      for (const dn of await tenantPsos(connection, tenant)) {
        const entry = await connection.read(dn, psoAttributes).catch(() => null);
        if (entry && first(entry, 'msDS-MinimumPasswordLength') !== '') return { dn, policy: policyOfPso(entry) };
      }
      return null;
    },
    create: async (connection, tenant, policy) => {
      const dn = childDn(container, 'CN', `${psoNamePrefix}${randomBytes(8).toString('hex')}`);
      await connection.add(dn, { objectClass: ['msDS-PasswordSettings'], ...psoValues(policy), 'msDS-PSOAppliesTo': allUsersDn(tenant) });
      try {
        await protect(connection, tenant, dn);
      } catch (error) {
        // An unprotected PSO would show the tenant's group to everyone who may read it: none is left behind.
        await connection.delete(dn).catch(() => {});
        throw error;
      }
      return dn;
    },
    write: async (connection, stored, policy) => {
      await connection.modify(stored.dn, Object.entries(psoValues(policy)).map(([name, value]) => replace(name, value)));
    },
    entriesOutsideTenant: (connection, tenant) => tenantPsos(connection, tenant),
    // Which policy applies follows from the group a mailbox is in: nothing on the mailbox names it.
    mailboxAttributes: ['memberOf', 'primaryGroupID'],
    entryInsideTenant: () => null,
    tenantFacts: async (connection, tenant) => {
      const sid = await readObjectSid(connection, allUsersDn(tenant));
      return { allUsersDn: allUsersDn(tenant), allUsersRid: sid ? String(ridOf(sid)) : '' };
    },
    strayReason: (mailbox, facts) => {
      const inGroup = first(mailbox, 'primaryGroupID') === facts['allUsersRid'] || values(mailbox, 'memberOf').some((dn) => sameDn(dn, facts['allUsersDn'] ?? ''));
      return inGroup ? null : 'Is not in its tenant’s all-users group, so its tenant’s password policy (applied to that group) does not reach it: the domain’s default applies.';
    },
    fixMailbox: async (connection, tenant, dn) => {
      await connection.modify(allUsersDn(tenant), [addValues('member', dn)]);
      return true;
    },
  };
}
