/**
 * Temporary principals the verifier binds as: per tenant a tenant admin and a tenant user, plus one
 * helpdesk account. Created and removed by the host admin; their names carry a per-run tag so two runs,
 * or leftovers of a crashed run, never collide.
 */
import { randomBytes } from 'node:crypto';
import type { DirectoryConnection } from '../../../directory/directory-connection';
import { addValues } from '../../../directory/changes';
import { childDn } from '../../../directory/dn';
import type { HostingDialect } from '../../../hosting/hosting-dialect';
import type { TenantRuleInput } from '../isolation/tenant-rule-input';

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
  tenant: TenantRuleInput;
  admin: ProbeAccount;
  user: ProbeAccount;
}

/** A tag unique to this run, used in every probe name. */
export const newRunTag = (): string => `zp${randomBytes(4).toString('hex')}`;

/** A password that passes the default policy (length 8, quality checked). */
const newPassword = (): string => `${randomBytes(18).toString('base64url')}aA1!`;

/** Mailbox attributes of a probe account (the same classes the console writes). */
export function probeMailboxEntry(login: string, password: string, address: string | null): Record<string, string | string[]> {
  return {
    objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'],
    uid: login,
    cn: `Isolation probe ${login}`,
    sn: 'Isolation probe',
    ...(address === null ? {} : { mail: address, mailLocalAddress: address }),
    enclaveAccountState: 'active',
    // Mandatory; 0 is unlimited, which only host admins (who create the probes) may write.
    enclaveMailboxQuotaBytes: '0',
    userPassword: password,
  };
}

/** Creates the admin and user probes of one tenant and makes the admin a member of the tenant's admins. */
export async function createTenantProbes(admin: DirectoryConnection, dialect: HostingDialect, tenant: TenantRuleInput, tag: string, index: number): Promise<TenantProbes> {
  const make = async (kind: 'a' | 'u'): Promise<ProbeAccount> => {
    const login = `${tag}${kind}${index}`;
    const domain = tenant.mailDomains[0];
    const address = domain === undefined ? null : `${login}@${domain}`;
    const password = newPassword();
    const dn = childDn(childDn(tenant.dn, 'ou', 'mailboxes'), 'uid', login);
    await admin.add(dn, probeMailboxEntry(login, password, address));
    return { dn, login, password, address };
  };
  const probes: TenantProbes = { tenant, admin: await make('a'), user: await make('u') };
  const adminsGroup = childDn(childDn(tenant.dn, 'ou', 'groups'), 'cn', 'tenant-admins');
  await admin.modify(adminsGroup, [addValues(dialect.memberAttribute, probes.admin.dn)]);
  return probes;
}

/** Creates the helpdesk probe below the host's people and adds it to the helpdesk group. */
export async function createHelpdeskProbe(admin: DirectoryConnection, hostPeopleDn: string, helpdeskGroupDn: string, tag: string): Promise<ProbeAccount> {
  const login = `${tag}hd`;
  const password = newPassword();
  const dn = childDn(hostPeopleDn, 'uid', login);
  await admin.add(dn, { objectClass: ['inetOrgPerson'], uid: login, cn: `Isolation probe ${login}`, sn: 'Isolation probe', userPassword: password });
  await admin.modify(helpdeskGroupDn, [addValues('member', dn)]);
  return { dn, login, password, address: null };
}

/** Removes every entry whose login carries `tag` (refint drops them from groups), leftovers of probes included. */
export async function removeProbes(admin: DirectoryConnection, dns: string[]): Promise<void> {
  await Promise.all(dns.map((dn) => admin.delete(dn).catch(() => {})));
}
