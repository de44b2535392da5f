/** The tenant a DN belongs to, read from the DN alone (the RDN right below ou=tenants), for log records. */
import { parseDn } from '../directory/dn';

/** The tenant of `dn`, or null for entries outside any tenant (host staff, the tenants container). */
export function tenantOfDn(dn: string): string | null {
  let rdns;
  try {
    rdns = parseDn(dn);
  } catch {
    return null;
  }
  // RDNs come innermost first: the tenant is the one just inside the outermost "ou=tenants".
  for (let index = rdns.length - 1; index > 0; index -= 1) {
    const rdn = rdns[index]?.[0];
    if (rdn && rdn.attribute.toLowerCase() === 'ou' && rdn.value.toLowerCase() === 'tenants') {
      return rdns[index - 1]?.[0]?.value ?? null;
    }
  }
  return null;
}
