/**
 * What every tenant account can still see, or do, on AD by design, even with each tenant OU behind a protected
 * DACL (measured on Samba 4.17; docs/active-directory.md). The isolation verifier classifies what it observes
 * with this list: anything it does not explain is a real leak.
 */
import type { KnownLeak as GenericKnownLeak } from '../../../policy/verifier/known-leak-log';
import { childDn, isBelow, sameDn } from '../../../directory/dn';
import { activeDirectoryLayout } from '../ad-layout';
import { activeDirectoryPolicyGaps } from './ad-policy-gaps';

/** The known leaks, by id. */
export type KnownLeakId = 'infrastructure' | 'configuration' | 'host-staff' | 'tenants-container' | 'member-values' | 'quota-ceiling' | 'address-domains' | 'foreign-members' | 'built-in-groups' | 'tenant-admin-full-control' | 'tenant-users-read-all';

export interface KnownLeak extends GenericKnownLeak {
  id: KnownLeakId;
}

/** What AD shows by design, and (generated from the access policy) every cell of the table it cannot enforce. */
const knownLeaks: KnownLeak[] = [
  { id: 'infrastructure', what: 'The domain head and ~250 infrastructure objects (CN=Users, CN=Builtin, CN=System, OU=Domain Controllers, Administrator, Domain Admins, Domain Users, the DC)', why: 'Authenticated Users read them by default; AD needs them readable for logon, Kerberos and group policy.' },
  { id: 'configuration', what: 'The Configuration and Schema partitions (as referrals from the domain, directly when searched)', why: 'Forest-wide and readable by every authenticated account.' },
  { id: 'tenants-container', what: 'OU=Tenants itself (not its children)', why: 'Its children are protected one by one; the container must stay listable to reach one\'s own tenant.' },
  { id: 'member-values', what: 'member values of groups outside the tenant OUs', why: 'A group\'s member list is readable wherever the group is; the console keeps tenant users out of such groups (Domain Users included, via the primary-group sequence).' },
  ...activeDirectoryPolicyGaps().map(({ cells: _cells, ...leak }) => leak as KnownLeak),
];

/** The documented leaks, and which of them explains a visible entry (null: own tenant, or a real leak). */
export function activeDirectoryKnownLeaks(suffix: string): {
  leaks: KnownLeak[];
  leak(id: KnownLeakId): KnownLeak;
  leakOf(dn: string, viewerTenant: string): KnownLeak | null;
  explains(dn: string, viewerTenant: string): boolean;
} {
  const layout = activeDirectoryLayout(suffix);
  const host = childDn(suffix, 'OU', 'Host');
  const leak = (id: KnownLeakId): KnownLeak => knownLeaks.find((known) => known.id === id) as KnownLeak;
  const inOwnTenant = (dn: string, viewerTenant: string) => {
    const own = layout.tenantDn(viewerTenant);
    return sameDn(dn, own) || isBelow(dn, own);
  };
  const leakOf = (dn: string, viewerTenant: string): KnownLeak | null => {
    if (inOwnTenant(dn, viewerTenant)) return null;
    if (sameDn(dn, layout.tenantsDn)) return leak('tenants-container');
    if (isBelow(dn, layout.tenantsDn)) return null;
    if (sameDn(dn, host) || isBelow(dn, host)) return leak('host-staff');
    if (!sameDn(dn, suffix) && !isBelow(dn, suffix)) return leak('configuration');
    return leak('infrastructure');
  };
  return { leaks: knownLeaks, leak, leakOf, explains: (dn, viewerTenant) => inOwnTenant(dn, viewerTenant) || leakOf(dn, viewerTenant) !== null };
}
