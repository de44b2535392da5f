/**
 * The AD access policy for review: the protected DACL every tenant OU (and each of its containers) gets, as
 * readable lines naming principals by role rather than by SID.
 */
import type { AccessRulesReport } from '../../../../shared/model/isolation';
import { aceFlags, aceTypes, adRights, wellKnownRids, wellKnownSids, type Ace } from '../directory/security-descriptor';
import { tenantAces, type TenantPrincipals } from './ad-tenant-dacl';

// Placeholder SIDs that name roles, so the same ACE builder serves the review.
const roles: TenantPrincipals = { domainSid: 'DOMAIN', hostAdmins: 'host-admins', helpdesk: 'helpdesk', tenantAdmins: 'tenant-admins', allUsers: 'all-users', mailServices: 'mail-services' };
const principalNames: Record<string, string> = {
  [wellKnownSids.system]: 'SYSTEM',
  [wellKnownSids.builtinAdministrators]: 'BUILTIN\\Administrators',
  [`DOMAIN-${wellKnownRids.domainAdmins}`]: 'Domain Admins',
  [`DOMAIN-${wellKnownRids.enterpriseAdmins}`]: 'Enterprise Admins',
  'host-admins': "the host's host-admins group",
  helpdesk: "the host's helpdesk group",
  'tenant-admins': "the tenant's tenant-admins group",
  'all-users': "the tenant's all-users group",
  'mail-services': "the host's mail-services group (the mail hosts' accounts)",
};
const rightNames: [number, string][] = [
  [adRights.fullControl, 'full control'],
  [adRights.genericRead, 'read'],
  [adRights.createChild, 'create children'],
  [adRights.deleteChild, 'delete children'],
  [adRights.readProperty, 'read property'],
  [adRights.writeProperty, 'write property'],
  [adRights.controlAccess, 'extended right'],
];

function describeRights(mask: number): string {
  const names: string[] = [];
  let left = mask;
  for (const [bits, name] of rightNames) {
    if ((left & bits) === bits) {
      names.push(name);
      left &= ~bits;
    }
  }
  return names.join(', ');
}

function describeAce(ace: Ace): string {
  const who = principalNames[ace.sid] ?? ace.sid;
  const scope = (ace.flags & aceFlags.inheritOnly) !== 0 ? 'on everything below' : (ace.flags & aceFlags.containerInherit) !== 0 ? 'here and below' : 'here';
  const object = ace.type === aceTypes.accessAllowedObject && ace.objectType ? ` (${ace.objectType})` : '';
  return `allow ${who}: ${describeRights(ace.mask)}${object}, ${scope}`;
}

/** The DACL lines of a tenant OU, then of its containers; AD has no constraint rules (the console checks those). */
export function activeDirectoryRulesReport(suffix: string, tenantCount: number): AccessRulesReport {
  const lines = [
    ...tenantAces(roles).map((ace) => `tenant OU (protected, nothing inherited): ${describeAce(ace)}`),
    ...tenantAces(roles, true).map((ace) => `Mailboxes/Groups/Lists OUs (protected): ${describeAce(ace)}`),
  ];
  return { suffix, tenantCount, accessRules: lines.map((text, index) => ({ index, text })), constraintRules: [] };
}
