/**
 * The hosting company's part of a fresh AD domain, the same shape as the OpenLDAP sandbox's: OU=Host with its
 * staff (admin, helpdesk) and their groups (host-admins, helpdesk), and an empty OU=Tenants the host admins
 * manage. Written as Administrator over LDAPS, because it sets passwords.
 */
import { randomBytes } from 'node:crypto';
import { Attribute, Change, EqualityFilter } from 'ldapts';
import { encodeSecurityDescriptor, aceFlags, aceTypes, adRights, protectedDaclDescriptor, wellKnownSids, type Ace } from '../directory/security-descriptor';
import { readObjectSid } from '../directory/object-sid';
import { SdFlagsControl } from '../directory/sd-flags-control';
import { setUnicodePwd } from '../directory/unicode-password';
import { addValues, replace } from '../../../directory/changes';
import { childDn } from '../../../directory/dn';
import type { DirectoryConnection } from '../../../directory/directory-connection';
import { activeDirectoryLayout } from '../ad-layout';
import { groupTypes } from '../ad-schema';
import { domainFactsReader } from '../ad-domain';
import { hostRoleGroups } from '../../../hosting/bound-role';
import { wellKnownRids } from '../directory/security-descriptor';

/** The staff accounts created, with their passwords. */
export interface HostStaff {
  bindDN: string;
  password: string;
  helpdeskDN: string;
  helpdeskPassword: string;
}

/** A random password that meets AD's default complexity rules (three character classes, 7+ characters). */
export const complexPassword = (): string => `${randomBytes(18).toString('base64url')}aA1!`;

/** Creates OU=Host (people, groups, staff) and OU=Tenants below `suffix`. */
export async function createHostLayout(connection: DirectoryConnection, suffix: string): Promise<HostStaff> {
  const layout = activeDirectoryLayout(suffix);
  const hostDn = childDn(suffix, 'OU', 'Host');
  const peopleDn = activeDirectoryLayout(suffix).hostPeopleDn;
  for (const dn of [hostDn, peopleDn, layout.hostGroupsDn, layout.servicesDn, layout.tenantsDn]) {
    await connection.add(dn, { objectClass: ['organizationalUnit'] });
  }
  // The mail hosts' group (docs/mail-servers.md): tenants created from now on grant it read.
  await connection.add(layout.mailServicesGroupDn, { objectClass: ['group'], sAMAccountName: 'enclave-mail-services', groupType: String(groupTypes.security), description: 'Mail hosts: read what Dovecot and Postfix need, nothing else' });
  const group = (name: string) => childDn(layout.hostGroupsDn, 'CN', name);
  for (const name of [hostRoleGroups.hostAdmins, hostRoleGroups.helpdesk]) {
    // sAMAccountName is unique across users and groups: the helpdesk user already takes "helpdesk".
    await connection.add(group(name), { objectClass: ['group'], sAMAccountName: name === hostRoleGroups.helpdesk ? 'host-helpdesk' : name, groupType: String(groupTypes.security), description: name === hostRoleGroups.hostAdmins ? 'Manages every tenant' : 'Reads everything, resets passwords and unlocks' });
  }
  const staff: HostStaff = { bindDN: childDn(peopleDn, 'CN', 'admin'), password: complexPassword(), helpdeskDN: childDn(peopleDn, 'CN', 'helpdesk'), helpdeskPassword: complexPassword() };
  const { sid } = await domainFactsReader(suffix)(connection);
  await addStaff(connection, staff.bindDN, 'admin', 'Host Administrator', staff.password);
  await addStaff(connection, staff.helpdeskDN, 'helpdesk', 'Helpdesk', staff.helpdeskPassword);
  await connection.modify(group(hostRoleGroups.hostAdmins), [addValues('member', staff.bindDN)]);
  await connection.modify(group(hostRoleGroups.helpdesk), [addValues('member', staff.helpdeskDN)]);
  // The host admin also changes Domain Users' membership (the primary-group sequence): as on most hosting
  // domains, it is a Domain Admin.
  const domainAdmins = new EqualityFilter({ attribute: 'objectSid', value: `${sid}-${wellKnownRids.domainAdmins}` });
  const [admins] = await connection.search(suffix, { filter: domainAdmins, attributes: ['1.1'], limit: 1 });
  if (admins) await connection.modify(admins.dn, [addValues('member', staff.bindDN)]);
  await grantOnTenants(connection, layout.tenantsDn, layout.hostGroupsDn, sid);
  return staff;
}

async function addStaff(connection: DirectoryConnection, dn: string, login: string, displayName: string, password: string): Promise<void> {
  await connection.add(dn, { objectClass: ['user'], sAMAccountName: login, displayName, userAccountControl: '514' });
  await connection.modify(dn, [setUnicodePwd(password), replace('userAccountControl', '512')]);
}

/**
 * OU=Tenants gets a protected DACL without "list children" for Authenticated Users, and the forest runs in List
 * Object mode: an OU is then visible only to whoever may list its parent or holds List Object on it and its
 * parents — so each tenant sees its own OU and not even the names of the others (measured on Samba 4.17: with
 * the default, inherited "list children" every tenant OU's name shows, though nothing below it).
 */
async function grantOnTenants(connection: DirectoryConnection, tenantsDn: string, hostGroupsDn: string, domainSid: string): Promise<void> {
  const admins = await readObjectSid(connection, childDn(hostGroupsDn, 'CN', hostRoleGroups.hostAdmins));
  const helpdesk = await readObjectSid(connection, childDn(hostGroupsDn, 'CN', hostRoleGroups.helpdesk));
  const mailServices = await readObjectSid(connection, childDn(hostGroupsDn, 'CN', 'mail-services'));
  const allow = (sid: string, mask: number, flags: number = aceFlags.containerInherit): Ace => ({ type: aceTypes.accessAllowed, flags, mask, sid });
  const full = adRights.fullControl;
  const aces: Ace[] = [
    allow(wellKnownSids.system, full),
    allow(`${domainSid}-${wellKnownRids.domainAdmins}`, full),
    allow(`${domainSid}-${wellKnownRids.enterpriseAdmins}`, full),
    allow(wellKnownSids.builtinAdministrators, full),
    ...(admins ? [allow(admins, full)] : []),
    ...(helpdesk ? [allow(helpdesk, adRights.genericRead)] : []),
    // The mail hosts search below OU=Tenants (each tenant OU grants them read of its own entries).
    ...(mailServices ? [allow(mailServices, adRights.genericRead)] : []),
    allow(wellKnownSids.authenticatedUsers, adRights.readControl | adRights.readProperty | adRights.listObject, 0),
  ];
  const descriptor = encodeSecurityDescriptor(protectedDaclDescriptor(aces));
  await connection.modify(tenantsDn, [new Change({ operation: 'replace', modification: new Attribute({ type: 'nTSecurityDescriptor', values: [descriptor] }) })], [new SdFlagsControl()]);
  await enableListObjectMode(connection);
}

/** dSHeuristics' third character = 1: List Object mode, forest-wide ([MS-ADTS] 6.1.1.2.4.1.2). */
async function enableListObjectMode(connection: DirectoryConnection): Promise<void> {
  const [root] = await connection.search('', { scope: 'base', attributes: ['configurationNamingContext'] });
  const configuration = String(root?.['configurationNamingContext'] ?? '');
  const directoryService = childDn(childDn(childDn(configuration, 'CN', 'Services'), 'CN', 'Windows NT'), 'CN', 'Directory Service');
  await connection.modify(directoryService, [replace('dSHeuristics', '001')]);
}
