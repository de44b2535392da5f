/**
 * The constraint overlay's values: the same for any number of tenants (the per-tenant limits are access rules that
 * read the tenant entry, access-rules.ts). Each says what holds for every entry, whoever writes it.
 */
import { mailServiceNames } from '../../../../shared/model/mail-services';
import { escapeUrlDn, quoteConfigValue } from '../config/config-quoting';
import { openLdapLayout } from '../openldap-layout';
import { isolationDns } from './isolation-dns';

/** A DNS name in lower case: what the quota rule may paste into a filter (it reads the tenant's domains). */
const domainLabel = '[a-z0-9]([a-z0-9-]*[a-z0-9])?';

/** olcConstraintAttribute values for the main database, in order. */
export function generateConstraintRules(suffix: string): string[] {
  const dns = isolationDns(suffix);
  // ldap-literal: `restrict=` is a constraint option name; the DN inside is percent-encoded by escapeUrlDn.
  const subtree = (dn: string) => `restrict=${quoteConfigValue(`ldap:///${escapeUrlDn(dn)}??sub`)}`;
  return [
    // The primary address is among the entry's mailLocalAddress values (checked on add and replace), and there is
    // one primary address: together, mail ⊆ mailLocalAddress.
    `mail,mailLocalAddress set ${quoteConfigValue('this/mail & this/mailLocalAddress')} ${subtree(dns.tenants)}`,
    `mail count 1 ${subtree(dns.tenants)}`,
    // One login per entry, everywhere (a second value would make a login name two accounts).
    'uid count 1',
    // Tenant domains are lower-case DNS names: the quota rule pastes them into an internal search filter.
    `enclaveMailDomain regex ${quoteConfigValue(`^${domainLabel}([.]${domainLabel})+$`)}`,
    // Mail service settings: only the services the mail configuration knows (docs/mail-servers.md), a plain size.
    `enclaveDeniedService,enclaveAllowedService regex ${quoteConfigValue(`^(${mailServiceNames.join('|')})$`)}`,
    `enclaveMaxMessageBytes regex ${quoteConfigValue('^(0|[1-9][0-9]{0,15})$')}`,
    // Checkpoint values are small.
    `enclaveConsoleId,enclaveCheckpointHash,enclaveWorkstation size 256 ${subtree(openLdapLayout(dns.suffix).auditDn)}`,
  ];
}

/** olcUniqueURI values: logins unique across the whole suffix (staff included), addresses and domains across tenants. */
export function generateUniqueUris(suffix: string): string[] {
  const dns = isolationDns(suffix);
  return [`ldap:///${dns.suffix}?uid?sub`, `ldap:///${dns.tenants}?mail?sub`, `ldap:///${dns.tenants}?mailLocalAddress?sub`, `ldap:///${dns.tenants}?enclaveMailDomain?one`];
}

/** olcLimits values: the mail hosts read every entry in one search (Dovecot's userdb iteration does not page). */
export function generateLimits(suffix: string): string[] {
  const layout = openLdapLayout(isolationDns(suffix).suffix);
  return [`group/enclaveGroup/member=${quoteConfigValue(layout.mailServicesGroupDn)} size=unlimited time=unlimited`];
}
