/** Model values for renderer state tests: plain data shaped like what main returns. */
import type { SessionInfo } from '../../../shared/model/connection';
import type { Mailbox, TenantSummary } from '../../../shared/model/hosting';
import { defaultTenantMailServices, inheritedMailServices } from '../../../shared/model/mail-services';

export function tenant(name: string, domains: string[], mailboxCount = 0): TenantSummary {
  return {
    name,
    dn: `ou=${name},ou=tenants,dc=hosting,dc=test`,
    displayName: `${name} Ltd`,
    mailDomains: domains,
    storagePoolBytes: null,
    mailboxLimit: null,
    defaultQuotaBytes: null,
    allowOvercommit: false,
    services: defaultTenantMailServices,
    mailboxCount,
  };
}

export function mailbox(tenantName: string, login: string, domain: string): Mailbox {
  return {
    tenant: tenantName,
    login,
    dn: `uid=${login},ou=people,ou=${tenantName},ou=tenants,dc=hosting,dc=test`,
    givenName: login,
    surname: 'Tester',
    displayName: `${login} Tester`,
    primaryAddress: `${login}@${domain}`,
    aliases: [],
    quotaBytes: 1024 ** 3,
    enabled: true,
    locked: false,
    hiddenFromAddressBook: false,
    services: inheritedMailServices,
    revision: '20240101000000.000000Z#000000#000#000000',
  };
}

export const sandboxSession: SessionInfo = {
  connection: {
    profileId: 'sandbox',
    name: 'Sandbox directory',
    url: 'ldap://127.0.0.1:3890',
    bindDN: 'cn=admin,dc=hosting,dc=test',
    flavor: 'openldap',
    suffix: 'dc=hosting,dc=test',
    isSandbox: true,
    role: { kind: 'host-admin' },
  },
  sandbox: { state: 'running' },
};
