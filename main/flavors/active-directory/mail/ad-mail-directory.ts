/**
 * An Active Directory hosting domain as a mail server reads it (main/mail/mail-directory.ts): mailboxes are user
 * objects whose addresses are their proxyAddresses (`smtp:` matches `SMTP:` too: the attribute ignores case),
 * disabled means the ACCOUNTDISABLE bit of userAccountControl, the login is sAMAccountName, and the mail service
 * settings are `deny:`/`allow:` tokens in adminDescription (tenant) and msDS-cloudExtensionAttribute3 (mailbox).
 */
import { AndFilter, EqualityFilter, ExtensibleFilter, NotFilter, PresenceFilter, SubstringFilter, type Filter } from 'ldapts';
import { childDn } from '../../../directory/dn';
import type { MailDirectory } from '../../../mail/mail-directory';
import { activeDirectoryLayout } from '../ad-layout';
import { adAttributes as A, bitAndRule, groupTypes, userAccountControl } from '../ad-schema';
import { allowedServiceToken, deniedServiceToken, tenantTag } from '../ad-tenant-settings';

const is = (attribute: string, value: string) => new EqualityFilter({ attribute, value });
const all = (...filters: Filter[]) => new AndFilter({ filters }).toString();
const bit = (attribute: string, value: number) => new ExtensibleFilter({ matchType: attribute, rule: bitAndRule, value: String(value) });
const mailbox = new AndFilter({ filters: [is('objectCategory', 'person'), is('objectClass', 'user')] });
const enabled = new NotFilter({ filter: bit(A.userAccountControl, userAccountControl.accountDisable) });
const tenant = new AndFilter({ filters: [is('objectClass', 'organizationalUnit'), new SubstringFilter({ attribute: A.tenantSettings, initial: tenantTag })] });
/** Any address of the entry: `smtp:` + the address, compared without case. */
const address = (value: string) => is(A.proxyAddresses, `smtp:${value}`);

export function activeDirectoryMailDirectory(suffix: string): MailDirectory {
  const layout = activeDirectoryLayout(suffix);
  return {
    flavor: 'active-directory',
    suffix,
    tenantsDn: layout.tenantsDn,
    serviceAccountDn: (name) => childDn(layout.servicesDn, 'CN', name),
    mailboxByAddress: (value, enabledOnly) => all(mailbox, ...(enabledOnly ? [enabled] : []), address(value)),
    mailboxByLogin: (login) => all(mailbox, is(A.login, login)),
    everyMailbox: () => mailbox.toString(),
    mailboxRefusing: (value, service) => all(mailbox, address(value), new SubstringFilter({ attribute: A.mailServices, any: [deniedServiceToken(service)] })),
    mailboxAllowing: (value, service) => all(mailbox, enabled, address(value), new SubstringFilter({ attribute: A.mailServices, any: [allowedServiceToken(service)] })),
    tenantByDomain: (domain) => all(tenant, is(A.mailDomain, domain)),
    tenantRefusing: (domain, service) => all(tenant, is(A.mailDomain, domain), new SubstringFilter({ attribute: A.tenantSettings, initial: tenantTag, any: [deniedServiceToken(service)] })),
    listByAddress: (value) => all(is('objectClass', 'group'), new NotFilter({ filter: bit(A.groupType, groupTypes.securityBit) }), new PresenceFilter({ attribute: A.member }), address(value)),
    loginAttribute: A.login,
    primaryAddressAttribute: A.primaryAddress,
    domainAttribute: A.mailDomain,
    memberAttribute: A.member,
    quotaAttribute: A.quota,
    // The size limit sits inside a string of tokens: Dovecot can only copy whole attributes.
    maxMessageSizeAttribute: null,
    // objectGUID is binary, which Dovecot cannot put in a path: the login with its creation time (replicated, the
    // same on every DC) names a folder no later account of the same login gets.
    storeKeyExpression: `%{ldap:${A.login}}-%{ldap:${A.whenCreated}}`,
    quotaExpression: `%{ldap:${A.quota}:0}`,
    loginExpression: `%{ldap:${A.login}}`,
    notes: [
      'A disabled mailbox has the ACCOUNTDISABLE bit in userAccountControl.',
      "AD cannot hide a disabled member's mail attribute from the mail host: a list still names it, and Postfix then refuses that one address (not in virtual_mailbox_maps).",
      'The per-mailbox message size limit is not given to Dovecot on AD (it sits inside a string of tokens).',
    ],
  };
}
