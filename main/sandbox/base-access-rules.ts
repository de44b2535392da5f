/**
 * The main database's access rules until per-tenant rules are generated: kept in this one function so that a
 * generator can replace them wholesale (same shape: a list of olcAccess values, first match wins).
 */
import { sandboxDns } from './sandbox-dns';

/** olcAccess values for the main database, in evaluation order, without `{n}` prefixes. */
export function baseAccessRules(suffix: string): string[] {
  const dns = sandboxDns(suffix);
  // ACLs compare normalized DNs, so every DN here is lower case (sandboxDns guarantees it).
  const hostAdmins = `group/enclaveGroup/member.exact="${dns.hostAdminsGroup}"`;
  const helpdesk = `group/enclaveGroup/member.exact="${dns.helpdeskGroup}"`;
  return [
    // Passwords: host admins reset them, their owner changes them, anybody may bind with them. Admins get
    // write, not manage: ppolicy treats anyone with manage here as a password administrator and skips the
    // length and quality checks, and resets should meet the policy like everything else.
    `to attrs=userPassword by ${hostAdmins} write by self write by anonymous auth by * none`,
    `to * by ${hostAdmins} manage by ${helpdesk} read by users read by * none`,
  ];
}

/** olcAccess values for the accesslog database: it holds password hashes and history, so host admins only. */
export function accessLogRules(suffix: string): string[] {
  const dns = sandboxDns(suffix);
  return [`to * by group/enclaveGroup/member.exact="${dns.hostAdminsGroup}" read by * none`];
}
