/**
 * Tenant isolation on AD: the tenant OU gets a protected DACL (nothing inherited from above, so Authenticated
 * Users and Pre-Windows 2000 Compatible Access lose their reads) that lets in only the system, the domain's
 * administrators, the host's staff groups and the tenant's own groups. Objects under the OU inherit it. Samba
 * then hides the whole OU from everyone else: searches skip it, a direct read answers noSuchObject.
 */
import { readObjectSid } from '../directory/object-sid';
import { SdFlagsControl } from '../directory/sd-flags-control';
import {
  aceFlags,
  aceTypes,
  adRights,
  encodeSecurityDescriptor,
  protectedDaclDescriptor,
  wellKnownRids,
  wellKnownSids,
  type Ace,
} from '../directory/security-descriptor';
import { Attribute, Change } from 'ldapts';
import { childDn } from '../../../directory/dn';
import type { DirectoryConnection } from '../../../directory/directory-connection';
import { systemGroupNames } from '../../../../shared/model/hosting';
import { hostRoleGroups } from '../../../hosting/bound-role';
import type { HostingLayout } from '../../../hosting/hosting-dialect';
import { adGuids } from '../ad-schema';

/** SIDs a tenant DACL names; the host groups are optional (a directory without them is run by Domain Admins). */
export interface TenantPrincipals {
  domainSid: string;
  hostAdmins: string | null;
  helpdesk: string | null;
  tenantAdmins: string;
  allUsers: string;
  /** The mail hosts' group (docs/mail-servers.md): reads, writes nothing; null before the directory has one. */
  mailServices?: string | null;
}

const inherit = aceFlags.containerInherit;
const descendantsOnly = aceFlags.containerInherit | aceFlags.inheritOnly;
const allow = (sid: string, mask: number, flags: number = inherit): Ace => ({ type: aceTypes.accessAllowed, flags, mask, sid });

/** The ACEs of a tenant OU or (`container`) one of its Mailboxes/Groups/Lists OUs, in canonical order (allows only). */
export function tenantAces(p: TenantPrincipals, container = false): Ace[] {
  const full = adRights.fullControl;
  const onUsers = { inheritedObjectType: adGuids.userClass };
  return [
    allow(wellKnownSids.system, full),
    allow(`${p.domainSid}-${wellKnownRids.domainAdmins}`, full),
    // In a single-domain forest the forest root is this domain; a child domain must name the root's SID here.
    allow(`${p.domainSid}-${wellKnownRids.enterpriseAdmins}`, full),
    allow(wellKnownSids.builtinAdministrators, full),
    ...(p.hostAdmins ? [allow(p.hostAdmins, full)] : []),
    ...(p.helpdesk
      ? [
          allow(p.helpdesk, adRights.genericRead),
          { type: aceTypes.accessAllowedObject, flags: descendantsOnly, mask: adRights.controlAccess, sid: p.helpdesk, objectType: adGuids.resetPassword, ...onUsers },
          { type: aceTypes.accessAllowedObject, flags: descendantsOnly, mask: adRights.readProperty | adRights.writeProperty, sid: p.helpdesk, objectType: adGuids.lockoutTime, ...onUsers },
          // "Must change at the next logon" with a reset (access-policy.ts: helpdesk, must-change).
          { type: aceTypes.accessAllowedObject, flags: descendantsOnly, mask: adRights.readProperty | adRights.writeProperty, sid: p.helpdesk, objectType: adGuids.pwdLastSet, ...onUsers },
        ]
      : []),
    // Tenant admins read the OU itself and manage everything below it (delegation scoped to the OU).
    // In its containers they also create and delete entries (not edit the container's own DACL).
    allow(p.tenantAdmins, adRights.genericRead | (container ? adRights.createChild | adRights.deleteChild : 0)),
    allow(p.tenantAdmins, full, descendantsOnly),
    allow(p.allUsers, adRights.genericRead),
    // The mail hosts read every mailbox, group and list (AD never returns unicodePwd to anyone); they write nothing.
    ...(p.mailServices ? [allow(p.mailServices, adRights.genericRead)] : []),
  ];
}

/** Reads the SIDs the tenant's DACL needs. */
export async function tenantPrincipals(connection: DirectoryConnection, layout: HostingLayout, domainSid: string, tenant: string): Promise<TenantPrincipals> {
  const groupSid = async (dn: string) => readObjectSid(connection, dn);
  const tenantGroup = (name: string) => childDn(layout.groupsDn(tenant, 'security'), 'CN', name);
  const [hostAdmins, helpdesk, tenantAdmins, allUsers, mailServices] = await Promise.all([
    groupSid(childDn(layout.hostGroupsDn, 'CN', hostRoleGroups.hostAdmins)),
    groupSid(childDn(layout.hostGroupsDn, 'CN', hostRoleGroups.helpdesk)),
    groupSid(tenantGroup(systemGroupNames.tenantAdmins)),
    groupSid(tenantGroup(systemGroupNames.allUsers)),
    groupSid(layout.mailServicesGroupDn),
  ]);
  if (!tenantAdmins || !allUsers) throw new Error(`The system groups of tenant "${tenant}" have no readable SID`);
  return { domainSid, hostAdmins, helpdesk, tenantAdmins, allUsers, mailServices };
}

/** Replaces the DACL of `dn` (owner, group and SACL untouched: SD_FLAGS = DACL). */
export async function writeDacl(connection: DirectoryConnection, dn: string, aces: Ace[]): Promise<void> {
  const descriptor = encodeSecurityDescriptor(protectedDaclDescriptor(aces));
  await connection.modify(dn, [new Change({ operation: 'replace', modification: new Attribute({ type: 'nTSecurityDescriptor', values: [descriptor] }) })], [new SdFlagsControl()]);
}
