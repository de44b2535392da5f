/**
 * Attribute names, flags and GUIDs of the Active Directory hosting layout: base AD schema only (no Exchange
 * schema). docs/active-directory.md explains each mapping.
 */
export const adClasses = {
  container: ['top', 'organizationalUnit'],
  mailbox: ['top', 'person', 'organizationalPerson', 'user'],
  group: ['top', 'group'],
} as const;

export const adAttributes = {
  tenantName: 'ou',
  displayName: 'displayName',
  /** The tenant's mail domains, which are also its users' UPN suffixes. */
  mailDomain: 'uPNSuffixes',
  /** Enclave's tenant settings, as `enclave-tenant key=value …` (see ad-tenant-settings.ts). */
  tenantSettings: 'adminDescription',
  login: 'sAMAccountName',
  userPrincipalName: 'userPrincipalName',
  commonName: 'cn',
  surname: 'sn',
  givenName: 'givenName',
  primaryAddress: 'mail',
  /** `SMTP:` the primary address, `smtp:` each alias. */
  proxyAddresses: 'proxyAddresses',
  /** Mailbox quota in bytes, as a decimal string. */
  quota: 'msDS-cloudExtensionAttribute1',
  /** "TRUE" when hidden from address books. */
  hidden: 'msDS-cloudExtensionAttribute2',
  /** The mailbox's mail service overrides as tokens: `allow:imap deny:pop3 maxMessageBytes=N` (ad-mailbox-services.ts). */
  mailServices: 'msDS-cloudExtensionAttribute3',
  /** When the account was created (replicated, the same on every DC): with the login, the key of its mail folder. */
  whenCreated: 'whenCreated',
  /**
   * The entry's names without accents and case ("jorg muller"), for searches typed without them: AD compares
   * accents as written. Every class has it (top), unlike the cloud extension attributes, and nothing else uses it.
   */
  foldedName: 'adminDisplayName',
  userAccountControl: 'userAccountControl',
  /** 0: the user must change the password at the next logon; -1 sets it to now (lifts that). */
  pwdLastSet: 'pwdLastSet',
  /** FILETIME when the account expires; 0 or 2^63-1 for never. */
  accountExpires: 'accountExpires',
  /** Constructed: the fine-grained password policy (PSO) in force for a user, if any. */
  resultantPso: 'msDS-ResultantPSO',
  lockoutTime: 'lockoutTime',
  /** Failed logins on this DC and the last one's time (FILETIME); not replicated. */
  badPwdCount: 'badPwdCount',
  badPasswordTime: 'badPasswordTime',
  primaryGroupId: 'primaryGroupID',
  groupType: 'groupType',
  description: 'description',
  member: 'member',
  /** Constructed: the attributes the bound identity may write on the entry, as the DC computes its rights. */
  allowedAttributesEffective: 'allowedAttributesEffective',
  /** Backlink of member: the groups whose member attribute names the entry (not its primary group). */
  memberOf: 'memberOf',
  /** X.509 certificates (DER), published for S/MIME and by certificate services. */
  certificate: 'userCertificate',
  /** PKCS#7 for S/MIME (Outlook's "Publish to GAL" writes it). */
  smimeCertificate: 'userSMIMECertificate',
} as const;

/** userAccountControl bits ([MS-ADTS] 2.2.16). */
export const userAccountControl = { accountDisable: 0x2, normalAccount: 0x200, dontExpirePassword: 0x10000 } as const;

/** groupType values ([MS-ADTS] 2.2.12): security groups are global, distribution lists universal. */
export const groupTypes = {
  security: -2147483646,
  distribution: 8,
  /** The bit that makes a group a security group. */
  securityBit: 0x80000000,
} as const;

/** LDAP_MATCHING_RULE_BIT_AND. */
export const bitAndRule = '1.2.840.113556.1.4.803';

/** Schema and extended-right GUIDs used in tenant ACEs ([MS-ADA1..3], [MS-ADTS] 5.1.3.2.1). */
export const adGuids = {
  userClass: 'bf967aba-0de6-11d0-a285-00aa003049e2',
  resetPassword: '00299570-246d-11d0-a768-00aa006e0529',
  lockoutTime: '28630ebf-41d5-11d1-a9c1-0000f80367c1',
  pwdLastSet: 'bf967a0a-0de6-11d0-a285-00aa003049e2',
  member: 'bf9679c0-0de6-11d0-a285-00aa003049e2',
  /**
   * The Personal-Information property set, which holds the certificate attributes (userCertificate bf967a7f-…,
   * userSMIMECertificate e16a9db2-…, userCert bf967a69-…: their attributeSecurityGUID on Samba 4.17's schema).
   */
  personalInformation: '77b5b886-944a-11d1-aebd-0000f80367c1',
} as const;

/** The tree-delete control: deletes an entry with everything below it in one request. */
export const treeDeleteOid = '1.2.840.113556.1.4.805';
