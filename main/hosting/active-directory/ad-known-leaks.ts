/**
 * What every tenant account can still see on AD by design, even with each tenant OU behind a protected DACL
 * (measured on Samba 4.17; docs/active-directory.md). An isolation check flags anything a tenant sees that this
 * list does not explain; the member-value leak is checked separately (tenantMembersOutsideTenants).
 */
import { isBelow, sameDn } from '../../directory/dn';
import { activeDirectoryLayout } from './ad-layout';

export interface KnownLeak {
  what: string;
  why: string;
}

/** The documented leaks, and a test for "is this visible entry one of them (or the viewer's own)?". */
export function activeDirectoryKnownLeaks(suffix: string): { leaks: KnownLeak[]; explains(dn: string, viewerTenant: string): boolean } {
  const layout = activeDirectoryLayout(suffix);
  const leaks: KnownLeak[] = [
    { what: 'The domain head and ~250 infrastructure objects (CN=Users, CN=Builtin, CN=System, OU=Domain Controllers, Administrator, Domain Admins, Domain Users, the DC)', why: 'Authenticated Users read them by default; AD needs them readable for logon, Kerberos and group policy.' },
    { what: 'The Configuration and Schema partitions (as referrals from the domain, directly when searched)', why: 'Forest-wide and readable by every authenticated account.' },
    { what: 'OU=Host (host staff accounts and the host-admins/helpdesk groups)', why: 'Outside OU=Tenants; protect it too if staff names are sensitive.' },
    { what: 'OU=Tenants itself (not its children)', why: 'Its children are protected one by one; the container must stay listable to reach one\'s own tenant.' },
    { what: 'member values of groups outside the tenant OUs', why: 'A group\'s member list is readable wherever the group is; the console keeps tenant users out of such groups (Domain Users included, via the primary-group sequence).' },
  ];
  return {
    leaks,
    explains: (dn, viewerTenant) => {
      const ownTenant = layout.tenantDn(viewerTenant);
      if (sameDn(dn, ownTenant) || isBelow(dn, ownTenant)) return true;
      if (sameDn(dn, layout.tenantsDn)) return true;
      return !isBelow(dn, layout.tenantsDn);
    },
  };
}
