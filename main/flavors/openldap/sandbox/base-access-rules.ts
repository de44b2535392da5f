/**
 * The policy configuration a new sandbox starts with: the generated access policy (flavors/openldap/isolation/),
 * the same for any number of tenants, so it isolates every tenant created later without a change.
 */
import { generateIsolationRules, type IsolationRuleSet } from '../isolation/isolation-rules';
import { sandboxDns } from './sandbox-dns';

/** The whole policy configuration for the sandbox's suffix. */
export function basePolicyConfiguration(suffix: string): IsolationRuleSet {
  return generateIsolationRules(sandboxDns(suffix).suffix);
}

/** olcAccess values for the accesslog database: it holds password hashes and history, so host admins only. */
export function accessLogRules(suffix: string): string[] {
  const dns = sandboxDns(suffix);
  return [`to * by group/enclaveGroup/member.exact="${dns.hostAdminsGroup}" read by * none`];
}
