/**
 * The OpenLDAP hosting directory as a mail server reads it (main/mail/mail-directory.ts): mailboxes are
 * enclaveMailbox entries whose every address (primary and aliases) is in mailLocalAddress, "disabled" is
 * enclaveAccountState=disabled (the ppolicy lock alone is lifted by a password reset), the mail folder is keyed on
 * entryUUID, and the mail service settings are enclaveDeniedService / enclaveAllowedService / enclaveMaxMessageBytes.
 */
import { AndFilter, EqualityFilter, NotFilter, PresenceFilter, type Filter } from 'ldapts';
import { childDn } from '../../../directory/dn';
import type { MailDirectory } from '../../../mail/mail-directory';
import { openLdapLayout } from '../openldap-layout';
import { openLdapAttributes as A } from '../openldap-schema';

const is = (attribute: string, value: string) => new EqualityFilter({ attribute, value });
const all = (...filters: Filter[]) => new AndFilter({ filters }).toString();
const mailbox = is('objectClass', 'enclaveMailbox');
const enabled = new NotFilter({ filter: is(A.accountState, 'disabled') });
const tenant = is('objectClass', 'enclaveTenant');

export function openLdapMailDirectory(suffix: string): MailDirectory {
  const layout = openLdapLayout(suffix);
  return {
    flavor: 'openldap',
    suffix,
    tenantsDn: layout.tenantsDn,
    serviceAccountDn: (name) => childDn(layout.servicesDn, A.login, name),
    mailboxByAddress: (address, enabledOnly) => all(mailbox, ...(enabledOnly ? [enabled] : []), is(A.alias, address)),
    mailboxByLogin: (login) => all(mailbox, is(A.login, login)),
    everyMailbox: () => mailbox.toString(),
    mailboxRefusing: (address, service) => all(mailbox, is(A.alias, address), is(A.deniedService, service)),
    mailboxAllowing: (address, service) => all(mailbox, enabled, is(A.alias, address), is(A.allowedService, service)),
    tenantByDomain: (domain) => all(tenant, is(A.mailDomain, domain)),
    tenantRefusing: (domain, service) => all(tenant, is(A.mailDomain, domain), is(A.deniedService, service)),
    // (member=*): an empty list must not resolve to its own address (Postfix would accept, then bounce).
    listByAddress: (address) => all(is('objectClass', 'enclaveGroup'), is(A.groupKind, 'distribution'), new PresenceFilter({ attribute: A.member }), is(A.alias, address)),
    loginAttribute: A.login,
    primaryAddressAttribute: A.primaryAddress,
    domainAttribute: A.mailDomain,
    memberAttribute: A.member,
    quotaAttribute: A.quota,
    maxMessageSizeAttribute: A.maxMessageSize,
    storeKeyExpression: '%{ldap:entryUUID}',
    quotaExpression: `%{ldap:${A.quota}:0}`,
    loginExpression: `%{ldap:${A.login}}`,
    notes: [
      'A disabled mailbox has enclaveAccountState=disabled (its ppolicy lock alone is lifted by a password reset).',
      "The directory hides a disabled mailbox's mail attribute from the mail-services group: list expansion drops it.",
    ],
  };
}
