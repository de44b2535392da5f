/**
 * Reading a group or list entry. Both flavors name these attributes the same way (cn, description, mail,
 * member: core schema on OpenLDAP, base schema on AD), so the mapping is written once.
 */
import type { Entry } from 'ldapts';
import { isSystemGroupName, type Group, type GroupKind } from '../../shared/model/hosting';
import { leafValue } from '../directory/dn';
import { first, values } from '../directory/entry';

/** The group as the model sees it, with its member DNs still unresolved. */
export function groupFromEntry(tenant: string, kind: GroupKind, entry: Entry): Omit<Group, 'members'> & { memberDns: string[] } {
  const name = first(entry, 'cn') || leafValue(entry.dn);
  return {
    tenant,
    kind,
    name,
    dn: entry.dn,
    description: first(entry, 'description'),
    address: first(entry, 'mail') || null,
    memberDns: values(entry, 'member'),
    system: kind === 'security' && isSystemGroupName(name),
  };
}
