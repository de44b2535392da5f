/**
 * The proof that a tenant is gone: one paged search over the whole directory (every entry, every attribute the bound
 * identity reads, the server's own included), each value compared with what the tenant had — its DNs, its domains,
 * its addresses and its logins. What matches is residue, listed; what matches only in the server's own authorship
 * stamps (creatorsName of an audit checkpoint a tenant admin added: append-only by design) is counted as retained.
 */
import type { Entry } from 'ldapts';
import type { ResidueFinding } from '../../shared/model/tenant-lifecycle';
import type { DirectoryConnection } from '../directory/directory-connection';
import { normalizeDn } from '../directory/dn';

/** What the tenant had, as the teardown recorded it before removing anything. */
export interface ResidueTargets {
  tenantDn: string;
  domains: readonly string[];
  addresses: readonly string[];
  logins: readonly string[];
  /** Attributes holding logins (a login is only residue where a login is kept: names are common words). */
  loginAttributes: readonly string[];
  /** Server-kept authorship attributes: a DN of the tenant there is retained, not residue. */
  stampAttributes: readonly string[];
}

export interface ResidueScan {
  findings: ResidueFinding[];
  /** Values naming the tenant in authorship stamps (retained by design). */
  stamps: number;
  entriesScanned: number;
  valuesScanned: number;
}

/** At most this many findings are listed (the count says if there were more). */
const shownFindings = 500;

/** Scans every entry below each of `bases`. */
export async function scanForResidue(connection: DirectoryConnection, bases: readonly string[], attributes: readonly string[], targets: ResidueTargets): Promise<ResidueScan & { total: number }> {
  const match = residueMatcher(targets);
  const scan = { findings: [] as ResidueFinding[], stamps: 0, entriesScanned: 0, valuesScanned: 0, total: 0 };
  for (const base of bases) {
    for await (const page of connection.searchPages(base, { scope: 'sub', attributes: [...attributes], pageSize: 1000 })) {
      for (const entry of page) {
        scan.entriesScanned += 1;
        for (const finding of match(entry)) {
          if (finding === 'stamp') scan.stamps += 1;
          else {
            scan.total += 1;
            if (scan.findings.length < shownFindings) scan.findings.push(finding);
          }
        }
        scan.valuesScanned += valueCount(entry);
      }
    }
  }
  return scan;
}

/** The comparisons, prepared once: a function giving an entry's findings ('stamp' for a retained authorship value). */
export function residueMatcher(targets: ResidueTargets): (entry: Entry) => (ResidueFinding | 'stamp')[] {
  const tenantDn = normalizeDn(targets.tenantDn);
  // A value is only parsed as a DN when it could be one below the tenant: it names the tenants container's RDN value.
  const container = (tenantDn.split(/(?<!\\),/)[1] ?? '').replace(/^[^=]*=/, '');
  const domains = targets.domains.map((domain) => domain.toLowerCase());
  const addresses = new Set(targets.addresses.map((address) => address.toLowerCase()));
  const logins = new Set(targets.logins.map((login) => login.toLowerCase()));
  const loginAttributes = new Set(targets.loginAttributes.map((name) => name.toLowerCase()));
  const stampAttributes = new Set(targets.stampAttributes.map((name) => name.toLowerCase()));
  const namesTenant = (value: string): boolean => {
    if (!value.includes('=') || !value.toLowerCase().includes(container)) return false;
    try {
      const dn = normalizeDn(value);
      return dn === tenantDn || dn.endsWith(`,${tenantDn}`);
    } catch {
      return false;
    }
  };
  const classify = (attribute: string, value: string): ResidueFinding['matched'] | null => {
    if (namesTenant(value)) return 'dn';
    const lower = value.toLowerCase();
    const bare = lower.replace(/^[a-z0-9]+:/, '');
    if (addresses.has(bare)) return 'address';
    if (domains.some((domain) => bare === domain || bare.endsWith(`@${domain}`) || bare.endsWith(`.${domain}`))) return 'domain';
    if (loginAttributes.has(attribute.toLowerCase()) && logins.has(lower)) return 'login';
    return null;
  };
  return (entry) => {
    const found: (ResidueFinding | 'stamp')[] = [];
    if (namesTenant(entry.dn)) found.push({ dn: entry.dn, attribute: 'dn', value: entry.dn, matched: 'entry' });
    for (const [attribute, raw] of Object.entries(entry)) {
      if (attribute === 'dn') continue;
      for (const value of Array.isArray(raw) ? raw : [raw]) {
        if (typeof value !== 'string' || value === '') continue;
        const matched = classify(attribute, value);
        if (matched === null) continue;
        found.push(matched === 'dn' && stampAttributes.has(attribute.toLowerCase()) ? 'stamp' : { dn: entry.dn, attribute, value, matched });
      }
    }
    return found;
  };
}

function valueCount(entry: Entry): number {
  let count = 0;
  for (const [attribute, raw] of Object.entries(entry)) if (attribute !== 'dn') count += Array.isArray(raw) ? raw.length : 1;
  return count;
}
