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

/**
 * The settings of `cn=default,ou=policies`, for mailboxes: what every password must satisfy unless a tenant has its
 * own policy. Mailboxes are logged into from the internet (IMAP, SMTP): failed logins are not counted, so nobody
 * can lock a mailbox out of the directory by guessing; the mail servers throttle failures instead
 * (docs/mail-servers.md). The lock itself stays on (pwdLockout TRUE), because the console's "disabled" is ppolicy's
 * administrative lock: with pwdLockout FALSE slapd would ignore it and a disabled mailbox could log in.
 */
export const DEFAULT_PASSWORD_POLICY = {
  pwdAttribute: 'userPassword',
  pwdMinLength: '8',
  // 2 = the server must see the cleartext and check it: a pre-hashed value is refused for everyone.
  pwdCheckQuality: '2',
  pwdMaxFailure: '0',
  pwdLockout: 'TRUE',
  pwdAllowUserChange: 'TRUE',
  // pwdReset ("must change at the next sign-in", set by the console when asked) is only honoured with this on. A
  // reset by an administrator does not set pwdReset by itself here (measured, slapd 2.5): the console says which.
  pwdMustChange: 'TRUE',
} as const;

/**
 * `cn=staff,ou=policies`, for host staff and service accounts: long passwords, checked, and no lockout, so anonymous
 * failed binds cannot lock a host admin out (docs/isolation.md, "Host staff"). Failed binds are logged instead.
 */
export const STAFF_PASSWORD_POLICY = {
  pwdAttribute: 'userPassword',
  pwdMinLength: '16',
  pwdCheckQuality: '2',
  pwdMaxFailure: '0',
  pwdLockout: 'FALSE',
  pwdAllowUserChange: 'TRUE',
} as const;

/** The audit checkpoint container's entry (docs/audit.md, "Anchors"). */
export const auditContainerAttributes = { objectClass: ['top', 'organizationalUnit'], ou: 'audit', description: 'Audit checkpoints: consoles add them, nobody changes or deletes them' };

/** The base tree: suffix, host admins and helpdesk, the audit checkpoint container, the empty tenants container and the default policy. */
export function baseEntriesLdif(suffix: string, passwords: BaseAccountPasswords): string {
  const dns = sandboxDns(suffix);
  const layout = openLdapLayout(dns.suffix);
  const staffPolicy = layout.staffPolicyDn;
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
    ldifEntry(layout.servicesDn, { objectClass: ['top', 'organizationalUnit'], ou: 'services', description: 'Read-only accounts of the mail hosts' }),
    ldifEntry(dns.admin, {
      objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
      uid: 'admin',
      cn: 'Host Administrator',
      sn: 'Host Administrator',
      userPassword: hashSsha(passwords.admin),
      pwdPolicySubentry: staffPolicy,
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
      pwdPolicySubentry: staffPolicy,
      memberOf: dns.helpdeskGroup,
    }),
    ldifEntry(dns.hostGroups, { objectClass: ['top', 'organizationalUnit'], ou: 'groups' }),
    ldifEntry(
      dns.hostAdminsGroup,
      securityGroup('host-admins', 'Manage the whole directory, every tenant included', dns.admin),
    ),
    ldifEntry(dns.helpdeskGroup, securityGroup('helpdesk', 'Read every tenant, change nothing', dns.helpdesk)),
    ldifEntry(layout.mailServicesGroupDn, { objectClass: ['top', 'enclaveGroup'], cn: 'mail-services', description: 'Mail hosts: read what Dovecot and Postfix need, nothing else', enclaveGroupKind: 'security' }),
    ldifEntry(layout.auditDn, auditContainerAttributes),
    ldifEntry(dns.tenants, { objectClass: ['top', 'organizationalUnit'], ou: 'tenants' }),
    ldifEntry(dns.policies, { objectClass: ['top', 'organizationalUnit'], ou: 'policies' }),
    ldifEntry(dns.defaultPolicy, {
      objectClass: ['top', 'device', 'pwdPolicy'],
      cn: 'default',
      ...DEFAULT_PASSWORD_POLICY,
    }),
    ldifEntry(staffPolicy, { objectClass: ['top', 'device', 'pwdPolicy'], cn: 'staff', ...STAFF_PASSWORD_POLICY }),
  ].join('');
}
