/**
 * Generates the constraint overlay's values: the directory-wide "primary address is among the aliases"
 * rule, then per tenant "addresses only in this tenant's domains".
 * The tenant appears only as a percent-encoded LDAP URL base, domains only as bracket-escaped literals.
 */
import { escapeUrlDn, quoteConfigValue } from '../config/config-quoting';
import { isolationDns } from './isolation-dns';
import { escapeRegexLiteral } from './regex-text';
import { validateTenantInput, type TenantRuleInput } from './tenant-rule-input';

/** olcConstraintAttribute values for the main database, in order. */
export function generateConstraintRules(suffix: string, tenants: readonly TenantRuleInput[] = []): string[] {
  const dns = isolationDns(suffix);
  // ldap-literal: `restrict=` is a constraint option name; the DN inside is percent-encoded by escapeUrlDn.
  const subtree = (dn: string) => `restrict=${quoteConfigValue(`ldap:///${escapeUrlDn(dn)}??sub`)}`;
  return [
    // The primary address must be one of the entry's mailLocalAddress values (checked on add and replace).
    `mail,mailLocalAddress set ${quoteConfigValue('this/mail & this/mailLocalAddress')} ${subtree(dns.tenants)}`,
    ...tenants.flatMap((input) => {
      const tenant = validateTenantInput(dns, input);
      // No domains: no address can be valid ("@" followed by nothing never matches a stored address).
      const domains = tenant.mailDomains.length > 0 ? tenant.mailDomains.map(escapeRegexLiteral).join('|') : '[^@.]{0}';
      return [`mail,mailLocalAddress regex ${quoteConfigValue(`^[^@]+@(${domains})$`)} ${subtree(tenant.dn)}`];
    }),
  ];
}
