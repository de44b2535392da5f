/**
 * Attribute and object class names of the OpenLDAP hosting layout (docs/directory-layout.md). Enclave's
 * own attributes come from its schema in main/flavors/openldap/schema/enclave-schema.ts.
 */
export const openLdapClasses = {
  tenant: ['organizationalUnit', 'enclaveTenant'],
  container: ['organizationalUnit'],
  mailbox: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'],
  group: ['enclaveGroup'],
} as const;

export const openLdapAttributes = {
  tenantName: 'ou',
  displayName: 'displayName',
  mailDomain: 'enclaveMailDomain',
  storagePool: 'enclaveStoragePoolBytes',
  mailboxLimit: 'enclaveMailboxLimit',
  defaultQuota: 'enclaveDefaultQuotaBytes',
  allowOvercommit: 'enclaveAllowOvercommit',
  login: 'uid',
  commonName: 'cn',
  surname: 'sn',
  givenName: 'givenName',
  primaryAddress: 'mail',
  alias: 'mailLocalAddress',
  quota: 'enclaveMailboxQuotaBytes',
  hidden: 'enclaveHiddenFromAddressBook',
  accountState: 'enclaveAccountState',
  lockedTime: 'pwdAccountLockedTime',
  password: 'userPassword',
  groupKind: 'enclaveGroupKind',
  description: 'description',
  member: 'member',
  /** Mail services refused (tenant: for all its mailboxes; mailbox: for it alone), allowed despite the tenant, size limit. */
  deniedService: 'enclaveDeniedService',
  allowedService: 'enclaveAllowedService',
  maxMessageSize: 'enclaveMaxMessageBytes',
  /** ppolicy's record of failed binds, read to tell a lockout from an administrator's lock. */
  failureTime: 'pwdFailureTime',
  /** X.509 certificates (DER); the Certificate syntax must be transferred with the ;binary option. */
  certificate: 'userCertificate',
  /** RFC 2798: PKCS#7 SignedData for S/MIME (Binary syntax, no equality rule: no ;binary, no single-value delete). */
  smimeCertificate: 'userSMIMECertificate',
  foldedName: 'enclaveFoldedName',
  /** ppolicy's "must change at the next sign-in" (honoured when the policy has pwdMustChange). */
  mustChange: 'pwdReset',
  accountExpires: 'enclaveAccountExpires',
  policySubentry: 'pwdPolicySubentry',
  deletedAt: 'enclaveDeletedAt',
  deletedBy: 'enclaveDeletedBy',
  deletedGroups: 'enclaveDeletedGroups',
} as const;

/** ppolicy's value for "locked by an administrator until unlocked" (draft-behera-ldap-password-policy). */
export const permanentLockTime = '000001010000Z';

/** The stored quota meaning "no limit" (Dovecot's convention); the attribute itself is mandatory. */
export const unlimitedQuotaValue = '0';

/** The value stored for a mailbox quota; null (unlimited) becomes the explicit unlimited value. */
export const quotaValue = (bytes: number | null): string => (bytes === null ? unlimitedQuotaValue : String(bytes));

/** The quota a stored value means: null for unlimited (also for a legacy entry without the attribute). */
export function quotaFromValue(value: string): number | null {
  if (value === '' || value === unlimitedQuotaValue) return null;
  const bytes = Number(value);
  return Number.isSafeInteger(bytes) ? bytes : null;
}
