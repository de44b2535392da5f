/** The Active Directory verifier's probe principals: per tenant an admin and a user, plus one helpdesk member. */
import { randomBytes } from 'node:crypto';
import type { Tenant } from '../../../../shared/model/hosting';
import type { DirectoryConnection } from '../../../directory/directory-connection';

/** One bindable probe account. */
export interface ProbeAccount {
  dn: string;
  login: string;
  password: string;
  /** Its address, or null when the tenant has no mail domain. */
  address: string | null;
}

/** The probe accounts of one tenant. */
export interface TenantProbes {
  tenant: Tenant;
  admin: ProbeAccount;
  user: ProbeAccount;
}

/** Bound connections of the three principals probing one tenant. */
export interface TenantPrincipals {
  user: DirectoryConnection;
  admin: DirectoryConnection;
  helpdesk: DirectoryConnection;
}

/** A tag unique to this run, used in every probe name. */
export const newRunTag = (): string => `zp${randomBytes(4).toString('hex')}`;

/** Removes the probe entries (refint drops them from groups); never throws. */
export async function removeProbes(admin: DirectoryConnection, dns: string[]): Promise<void> {
  await Promise.all(dns.map((dn) => admin.delete(dn).catch(() => {})));
}
