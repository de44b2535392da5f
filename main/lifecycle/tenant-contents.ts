/**
 * Everything of one tenant as the directory holds it: every entry of its subtree with every attribute the bound
 * identity may read (binary values as bytes), the server's own attributes of each, and the entries holding its
 * password policy outside the subtree (AD's PSO). Read page by page; the content digest over every entry's DN and
 * change stamp tells later whether anything changed since.
 */
import type { Entry } from 'ldapts';
import type { TenantSummary } from '../../shared/model/hosting';
import type { DirectoryConnection } from '../directory/directory-connection';
import { normalizeDn } from '../directory/dn';
import { first } from '../directory/entry';
import type { HostingServices } from '../hosting/hosting-services';
import type { FlavorLifecycle } from './flavor-lifecycle';
import { sha256 } from './package-files';

export interface TenantContents {
  tenant: TenantSummary;
  /** Every entry at and below the tenant entry, user attributes, parents before children. */
  entries: Entry[];
  /** The same entries' server-kept attributes (UUIDs, timestamps, memberOf, the policy they follow). */
  operational: Entry[];
  /** Entries holding the tenant's policy outside its subtree (AD: its PSO), user attributes. */
  outside: Entry[];
  contentDigest: string;
}

/** Every binary attribute name in the spellings a server may return it. */
const bufferNames = (names: readonly string[]) => [...new Set(names.flatMap((name) => [name, name.toLowerCase()]))];

/** Reads the whole tenant `name`. */
export async function readTenantContents(services: HostingServices, lifecycle: FlavorLifecycle, name: string): Promise<TenantContents> {
  const { connection, dialect } = services.context;
  const tenant = await services.tenants.get(name);
  const binaryAttributes = bufferNames(lifecycle.binaryAttributes);
  const read = async (attributes: string[]) => {
    const out: Entry[] = [];
    for await (const page of connection.searchPages(tenant.dn, { scope: 'sub', attributes, binaryAttributes, pageSize: 500 })) out.push(...page);
    return out.sort((a, b) => depthOf(a.dn) - depthOf(b.dn) || a.dn.localeCompare(b.dn));
  };
  const entries = await read(['*']);
  const operational = await read([...lifecycle.operationalAttributes, lifecycle.changeStampAttribute]);
  const outsideDns = (await dialect.passwordPolicy?.entriesOutsideTenant(connection, tenant.name)) ?? [];
  const outside: Entry[] = [];
  for (const dn of outsideDns) {
    const [entry] = await connection.search(dn, { scope: 'base', attributes: ['*', lifecycle.changeStampAttribute], binaryAttributes });
    if (entry) outside.push(entry);
  }
  const stamps = new Map<string, string>();
  for (const entry of [...entries, ...operational, ...outside]) {
    const stamp = first(entry, lifecycle.changeStampAttribute);
    if (stamp !== '') stamps.set(normalizeDn(entry.dn), stamp);
  }
  return { tenant, entries, operational, outside, contentDigest: digestOf(stamps) };
}

/** The content digest of the tenant as it is now (DNs and change stamps only: cheap enough before a teardown). */
export async function currentContentDigest(connection: DirectoryConnection, lifecycle: FlavorLifecycle, tenantDn: string, outsideDns: readonly string[]): Promise<string> {
  const stamps = new Map<string, string>();
  const note = (entry: Entry) => stamps.set(normalizeDn(entry.dn), first(entry, lifecycle.changeStampAttribute));
  for await (const page of connection.searchPages(tenantDn, { scope: 'sub', attributes: [lifecycle.changeStampAttribute], pageSize: 1000 })) page.forEach(note);
  for (const dn of outsideDns) (await connection.search(dn, { scope: 'base', attributes: [lifecycle.changeStampAttribute] }).catch(() => [])).forEach(note);
  return digestOf(stamps);
}

function digestOf(stamps: ReadonlyMap<string, string>): string {
  return sha256([...stamps].map(([dn, stamp]) => `${dn}\t${stamp}`).sort().join('\n'));
}

/** Number of RDNs, counting only unescaped commas. */
export function depthOf(dn: string): number {
  let depth = 1;
  for (let i = 0; i < dn.length; i += 1) {
    if (dn[i] === '\\') i += 1;
    else if (dn[i] === ',') depth += 1;
  }
  return depth;
}
