/**
 * The main database's access rules a new sandbox starts with: the generated tenant-isolation rules
 * (main/flavors/openldap/isolation/access-rules.ts) for a directory without tenants. They are generic, so they already
 * isolate every tenant created later; the per-tenant quota rules are added when tenants change.
 */
import { generateAccessRules } from '../isolation/access-rules';
import { generateConstraintRules } from '../isolation/constraint-rules';
import { sandboxDns } from './sandbox-dns';

/** olcAccess values for the main database, in evaluation order, without `{n}` prefixes. */
export function baseAccessRules(suffix: string): string[] {
  return generateAccessRules(sandboxDns(suffix).suffix);
}

/** olcConstraintAttribute values for the main database before any tenant exists. */
export function baseConstraintRules(suffix: string): string[] {
  return generateConstraintRules(sandboxDns(suffix).suffix);
}

/** olcAccess values for the accesslog database: it holds password hashes and history, so host admins only. */
export function accessLogRules(suffix: string): string[] {
  const dns = sandboxDns(suffix);
  return [`to * by group/enclaveGroup/member.exact="${dns.hostAdminsGroup}" read by * none`];
}
