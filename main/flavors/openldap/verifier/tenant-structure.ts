/**
 * The structural check over every tenant: each has its three containers and its two built-in groups, the entries the
 * generated rules name by position (one paged search below the tenants container, not one per tenant).
 */
import { AndFilter, EqualityFilter, OrFilter } from 'ldapts';
import type { ProbeResult } from '../../../../shared/model/isolation';
import { valuesBelow } from '../../../directory/dn';
import { probeResult } from '../../../policy/verifier/probe-outcome';
import type { ProbeContext } from './probe-world';

const containers = ['mailboxes', 'groups', 'lists'];
const builtInGroups = ['tenant-admins', 'all-users'];
const eq = (attribute: string, value: string) => new EqualityFilter({ attribute, value });

/** One row: passed when every tenant has all five entries. */
export async function checkEveryTenantsStructure(context: ProbeContext, tenantCount: number): Promise<ProbeResult> {
  const { admin, layout } = context;
  const found = new Map<string, Set<string>>();
  const filter = new OrFilter({
    filters: [
      new AndFilter({ filters: [eq('objectClass', 'organizationalUnit'), new OrFilter({ filters: containers.map((ou) => eq('ou', ou)) })] }),
      new AndFilter({ filters: [eq('objectClass', 'enclaveGroup'), new OrFilter({ filters: builtInGroups.map((cn) => eq('cn', cn)) })] }),
      eq('objectClass', 'enclaveTenant'),
    ],
  });
  for await (const page of admin.searchPages(layout.tenantsDn, { filter, attributes: ['1.1'], pageSize: 1000 })) {
    for (const entry of page) {
      const [tenant, ...what] = valuesBelow(entry.dn, layout.tenantsDn);
      if (tenant === undefined) continue;
      const seen = found.get(tenant) ?? new Set<string>();
      seen.add(what.length === 0 ? 'tenant' : what.join('/').toLowerCase());
      found.set(tenant, seen);
    }
  }
  const expected = ['tenant', ...containers, ...builtInGroups.map((cn) => `groups/${cn}`)];
  const incomplete = [...found].filter(([, seen]) => expected.some((part) => !seen.has(part)));
  const detail = incomplete.length === 0
    ? `${found.size} tenants, each with its containers and built-in groups`
    : `${incomplete.length} incomplete: ${incomplete.slice(0, 10).map(([tenant, seen]) => `${tenant} lacks ${expected.filter((part) => !seen.has(part)).join(', ')}`).join('; ')}`;
  return probeResult(
    { role: 'host-admin', tenant: null },
    'host-admin.structure.every-tenant',
    `every tenant (${tenantCount}) has its containers and built-in groups`,
    ['allowed'],
    { outcome: incomplete.length === 0 ? 'allowed' : 'error', detail },
  );
}
