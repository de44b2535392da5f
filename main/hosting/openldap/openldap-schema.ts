/**
 * Attribute and object class names of the OpenLDAP hosting layout (docs/directory-layout.md). Enclave's
 * own attributes come from its schema in main/sandbox/enclave-schema.ts.
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
  /** Operational change stamp, read as the mailbox's revision (conflict detection). */
  revision: 'entryCSN',
} as const;

/** ppolicy's value for "locked by an administrator until unlocked" (draft-behera-ldap-password-policy). */
export const permanentLockTime = '000001010000Z';
