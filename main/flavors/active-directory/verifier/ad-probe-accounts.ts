/**
 * The verifier's temporary principals on Active Directory, written the way the console writes mailboxes: through
 * the AD dialect (user added disabled, joined to all-users, then password + enable over TLS and the primary-group
 * sequence), so the probes sit exactly where real tenant users sit. Per-run tag as on OpenLDAP.
 */
import { randomBytes } from 'node:crypto';
import type { CreateMailboxRequest } from '../../../../shared/model/hosting';
import { systemGroupNames } from '../../../../shared/model/hosting';
import { setUnicodePwd } from '../directory/unicode-password';
import { addValues, replace } from '../../../directory/changes';
import { childDn } from '../../../directory/dn';
import type { DirectoryConnection } from '../../../directory/directory-connection';
import { userAccountControl } from '../ad-schema';
import { hostRoleGroups } from '../../../hosting/bound-role';
import type { HostingDialect } from '../../../hosting/hosting-dialect';
import type { Tenant } from '../../../../shared/model/hosting';
import type { ProbeAccount, TenantProbes } from './ad-probe-types';

/** Three character classes and 20+ characters: meets AD's default complexity rules. */
export const adProbePassword = (): string => `${randomBytes(18).toString('base64url')}aA1!`;

/** The mailbox request of a probe; tenants without a mail domain get an address in the domain's DNS name. */
export function probeMailboxRequest(tenant: Tenant, login: string, fallbackDomain: string): { request: CreateMailboxRequest; address: string | null } {
  const domain = tenant.mailDomains[0];
  const request: CreateMailboxRequest = {
    tenant: tenant.name, login, givenName: '', surname: 'Isolation probe', displayName: `Isolation probe ${login}`,
    primaryAddress: `${login}@${domain ?? fallbackDomain}`, aliases: [], hiddenFromAddressBook: false, password: adProbePassword(), enabled: true, groups: [],
  };
  return { request, address: domain === undefined ? null : request.primaryAddress };
}

/** Writes one mailbox as the console does (requires a TLS connection: it sets a password). */
export async function writeProbeMailbox(connection: DirectoryConnection, dialect: HostingDialect, request: CreateMailboxRequest): Promise<string> {
  dialect.assertPasswordTransport?.(connection);
  const dn = dialect.newMailboxDn(request);
  await connection.add(dn, dialect.mailboxEntry({ ...request, quotaBytes: null }));
  try {
    await connection.modify(dialect.groupDn(request.tenant, 'security', systemGroupNames.allUsers), [addValues(dialect.memberAttribute, dn)]);
    await dialect.afterMailboxCreated?.(connection, dn, request);
  } catch (error) {
    await connection.delete(dn).catch(() => {});
    throw error;
  }
  return dn;
}

/** The admin and user probes of one tenant; the admin joins the tenant's tenant-admins group. */
export async function createAdTenantProbes(admin: DirectoryConnection, dialect: HostingDialect, tenant: Tenant, tag: string, index: number, fallbackDomain: string, created: string[]): Promise<TenantProbes> {
  const make = async (kind: 'a' | 'u'): Promise<ProbeAccount> => {
    // sAMAccountName holds at most 20 characters: zp + 8 hex + kind + index fits.
    const { request, address } = probeMailboxRequest(tenant, `${tag}${kind}${index}`, fallbackDomain);
    const dn = await writeProbeMailbox(admin, dialect, request);
    created.push(dn);
    return { dn, login: request.login, password: request.password, address };
  };
  const probes: TenantProbes = { tenant, admin: await make('a'), user: await make('u') };
  await admin.modify(dialect.groupDn(tenant.name, 'security', systemGroupNames.tenantAdmins), [addValues(dialect.memberAttribute, probes.admin.dn)]);
  return probes;
}

/** A helpdesk probe below OU=Host's people, member of the host's helpdesk group. */
export async function createAdHelpdeskProbe(admin: DirectoryConnection, dialect: HostingDialect, tag: string): Promise<ProbeAccount> {
  const login = `${tag}hd`;
  const password = adProbePassword();
  const dn = dialect.layout.staffDn(login);
  await admin.add(dn, { objectClass: ['user'], sAMAccountName: login, displayName: `Isolation probe ${login}`, userAccountControl: String(userAccountControl.normalAccount | userAccountControl.accountDisable) });
  try {
    await admin.modify(dn, [setUnicodePwd(password), replace('userAccountControl', String(userAccountControl.normalAccount))]);
    await admin.modify(childDn(dialect.layout.hostGroupsDn, 'CN', hostRoleGroups.helpdesk), [addValues(dialect.memberAttribute, dn)]);
  } catch (error) {
    await admin.delete(dn).catch(() => {});
    throw error;
  }
  return { dn, login, password, address: null };
}
