/** What the rule generators need to know about one tenant, validated before it reaches any rule text. */
import { failure } from '../../../../shared/errors';
import { mailDomainField } from '../../../../shared/model/fields';
import { isBelow, parseDn, valuesBelow } from '../../../directory/dn';
import type { IsolationDns } from './isolation-dns';

/** One tenant as the generators see it. */
export interface TenantRuleInput {
  name: string;
  /** The tenant entry's DN as the server returned it (any case, RFC 4514 escapes). */
  dn: string;
  mailDomains: string[];
  /** Bytes; null when the tenant has no pool (then no per-mailbox ceiling is generated). */
  storagePoolBytes: number | null;
}

/** Refuses a tenant whose DN is not exactly one level below the tenants container or whose domains are not DNS names. */
export function validateTenantInput(dns: IsolationDns, tenant: TenantRuleInput): TenantRuleInput {
  const problems: string[] = [];
  let depthOk = false;
  try {
    depthOk = isBelow(tenant.dn, dns.tenants) && parseDn(tenant.dn).length === parseDn(dns.tenants).length + 1 && valuesBelow(tenant.dn, dns.tenants).length === 1;
  } catch {
    depthOk = false;
  }
  if (!depthOk) problems.push(`its DN ${tenant.dn} is not directly below ${dns.tenants}`);
  for (const domain of tenant.mailDomains) {
    if (!mailDomainField.safeParse(domain).success || domain !== domain.toLowerCase()) problems.push(`"${domain}" is not a DNS mail domain`);
  }
  if (tenant.storagePoolBytes !== null && (!Number.isSafeInteger(tenant.storagePoolBytes) || tenant.storagePoolBytes < 0)) {
    problems.push(`its storage pool ${tenant.storagePoolBytes} is not a whole number of bytes`);
  }
  if (problems.length > 0) {
    throw failure({
      kind: 'invalid-input',
      message: `No access rules can be generated for tenant "${tenant.name}": ${problems.join('; ')}.`,
      issues: problems.map((message) => ({ path: ['tenant', tenant.name], message })),
    });
  }
  return tenant;
}
