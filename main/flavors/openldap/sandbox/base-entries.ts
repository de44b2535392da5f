/** The entries every sandbox starts with, as LDIF for `slapadd -q` (offline, so passwords arrive pre-hashed). */
import { ldifEntry } from '../../../directory/ldif';
import { hashSsha } from './ssha-password';
import { sandboxDns } from './sandbox-dns';
import { openLdapLayout } from '../openldap-layout';

/** Cleartext passwords of the built-in accounts; hashed before they reach the LDIF. */
export interface BaseAccountPasswords {
  admin: string;
  helpdesk: string;
}

/** The settings of `cn=default,ou=policies`: what every password must satisfy unless a tenant overrides it. */
export const DEFAULT_PASSWORD_POLICY = {
  pwdAttribute: 'userPassword',
  pwdMinLength: '8',
  // 1 = check quality when the server can see the cleartext; hashed values are accepted as they are.
  pwdCheckQuality: '1',
  pwdMaxFailure: '5',
  pwdLockout: 'TRUE',
  pwdLockoutDuration: '900',
  pwdFailureCountInterval: '900',
  pwdAllowUserChange: 'TRUE',
} as const;

/** The audit checkpoint container's entry (docs/audit.md, "Anchors"). */
export const auditContainerAttributes = { objectClass: ['top', 'organizationalUnit'], ou: 'audit', description: 'Audit checkpoints: consoles add them, nobody changes or deletes them' };

/** The base tree: suffix, host admins and helpdesk, the audit checkpoint container, the empty tenants container and the default policy. */
export function baseEntriesLdif(suffix: string, passwords: BaseAccountPasswords): string {
  const dns = sandboxDns(suffix);
  const firstLabel = dns.suffix.split(',')[0]?.slice('dc='.length) ?? '';
  const securityGroup = (cn: string, description: string, member: string) => ({
    objectClass: ['top', 'enclaveGroup'],
    cn,
    description,
    enclaveGroupKind: 'security',
    member,
  });
  return [
    ldifEntry(dns.suffix, {
      objectClass: ['top', 'dcObject', 'organization'],
      dc: firstLabel,
      o: 'Enclave sandbox',
    }),
    ldifEntry(dns.host, { objectClass: ['top', 'organizationalUnit'], ou: 'host', description: 'The hosting company' }),
    ldifEntry(dns.hostPeople, { objectClass: ['top', 'organizationalUnit'], ou: 'people' }),
    ldifEntry(dns.admin, {
      objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
      uid: 'admin',
      cn: 'Host Administrator',
      sn: 'Host Administrator',
      userPassword: hashSsha(passwords.admin),
      // slapadd runs no overlays, so the memberof overlay's back-link is written here by hand.
      memberOf: dns.hostAdminsGroup,
    }),
    ldifEntry(dns.helpdesk, {
      objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
      uid: 'helpdesk',
      cn: 'Helpdesk Demo User',
      sn: 'Helpdesk',
      givenName: 'Demo',
      userPassword: hashSsha(passwords.helpdesk),
      memberOf: dns.helpdeskGroup,
    }),
    ldifEntry(dns.hostGroups, { objectClass: ['top', 'organizationalUnit'], ou: 'groups' }),
    ldifEntry(
      dns.hostAdminsGroup,
      securityGroup('host-admins', 'Manage the whole directory, every tenant included', dns.admin),
    ),
    ldifEntry(dns.helpdeskGroup, securityGroup('helpdesk', 'Read every tenant, change nothing', dns.helpdesk)),
    ldifEntry(openLdapLayout(dns.suffix).auditDn, auditContainerAttributes),
    ldifEntry(dns.tenants, { objectClass: ['top', 'organizationalUnit'], ou: 'tenants' }),
    ldifEntry(dns.policies, { objectClass: ['top', 'organizationalUnit'], ou: 'policies' }),
    ldifEntry(dns.defaultPolicy, {
      objectClass: ['top', 'device', 'pwdPolicy'],
      cn: 'default',
      ...DEFAULT_PASSWORD_POLICY,
    }),
  ].join('');
}
