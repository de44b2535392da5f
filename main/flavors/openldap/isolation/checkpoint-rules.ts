/**
 * The server-side rules of the audit checkpoint container `ou=audit,ou=host,SUFFIX` (the layout's auditDn) (docs/audit.md, "Anchors"):
 * host admins, helpdesk and tenant admins may ADD checkpoint entries there; nobody — host admins included — may
 * modify, rename or delete one (only the rootDN, which bypasses access control, could). Host staff read every
 * checkpoint; a tenant admin reads the ones it added. The rules come first in the database's list and end with
 * `by * none`, so the host admins' `manage` further down never reaches the container.
 */
import { checkpointAttributes, checkpointObjectClass } from '../../../audit/checkpoint-schema';
import { quoteConfigValue } from '../config/config-quoting';
import { openLdapLayout } from '../openldap-layout';
import { isolationDns } from './isolation-dns';

/** olcAccess values for the checkpoint container and its entries, in evaluation order, without `{n}` prefixes. */
export function checkpointAccessRules(suffix: string): string[] {
  const dns = isolationDns(suffix);
  const container = quoteConfigValue(openLdapLayout(dns.suffix).auditDn);
  const hostAdmins = `group/enclaveGroup/member.exact=${quoteConfigValue(dns.hostAdminsGroup)}`;
  const helpdesk = `group/enclaveGroup/member.exact=${quoteConfigValue(dns.helpdeskGroup)}`;
  // A member of its own tenant's tenant-admins group: the group named after the requester's tenant (two levels up
  // from its mailbox), not any group that happens to be called tenant-admins.
  const tenantAdmins = 'set="user/memberOf & ([cn=tenant-admins,ou=groups,] + user/-2)"';
  // The identity that added the checkpoint (slapd sets creatorsName itself; nobody can write it).
  const itsAuthor = 'set="this/creatorsName & user"';
  const staffAdd = `by ${hostAdmins} =arscd by ${helpdesk} =arscd by ${itsAuthor} =arscd by ${tenantAdmins} =a by * none`;
  const staffRead = `by ${hostAdmins} =rscd by ${helpdesk} =rscd by ${itsAuthor} =rscd by * none`;
  return [
    // The container: entries may be added below it (never deleted: no "z" on children), itself never changed.
    `to dn.base=${container} attrs=children by ${hostAdmins} =arscd by ${helpdesk} =arscd by ${tenantAdmins} =arscd by * none`,
    // Tenant admins may search below the container but not see it: a search from the suffix shows them their tenant
    // (and their own checkpoints), nothing of the host.
    `to dn.base=${container} attrs=entry,objectClass,ou by ${hostAdmins} =arscd by ${helpdesk} =rscd by ${tenantAdmins} =sd by * none`,
    `to dn.base=${container} by ${hostAdmins} =rscd by ${helpdesk} =rscd by ${tenantAdmins} =sd by * none`,
    // Checkpoints: add only. Their attributes are single-valued and all present from the start, and the one
    // object class value allowed is theirs, so "add" can create an entry but never extend one.
    `to dn.one=${container} attrs=entry,${checkpointAttributes.join(',')} ${staffAdd}`,
    `to dn.one=${container} attrs=objectClass val=${checkpointObjectClass} ${staffAdd}`,
    `to dn.subtree=${container} ${staffRead}`,
  ];
}
