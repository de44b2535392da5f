/** Which OpenLDAP attributes make up each attribute set of the access policy (main/policy/access-policy.ts). */
import type { AttributeSet, ObjectKind } from '../../../policy/access-policy';

const mailbox: Partial<Record<AttributeSet, string[]>> = {
  entry: ['entry'],
  login: ['uid'],
  names: ['cn', 'sn', 'givenName', 'displayName', 'description', 'enclaveFoldedName'],
  'primary-address': ['mail'],
  addresses: ['mailLocalAddress'],
  password: ['userPassword'],
  quota: ['enclaveMailboxQuotaBytes'],
  'account-state': ['enclaveAccountState'],
  lock: ['pwdAccountLockedTime'],
  visibility: ['enclaveHiddenFromAddressBook'],
  classes: ['objectClass'],
  memberships: ['memberOf'],
  'password-policy': ['pwdPolicySubentry'],
  'store-key': ['entryUUID'],
  operational: ['entryCSN', 'createTimestamp', 'modifyTimestamp', 'creatorsName', 'modifiersName', 'pwdChangedTime', 'pwdFailureTime', 'pwdHistory', 'pwdGraceUseTime'],
  // An access rule naming an attribute covers its options too: userCertificate;binary is userCertificate here.
  certificates: ['userCertificate', 'userSMIMECertificate'],
  services: ['enclaveDeniedService', 'enclaveAllowedService', 'enclaveMaxMessageBytes'],
  'must-change': ['pwdReset'],
  expiry: ['enclaveAccountExpires'],
  deletion: ['enclaveDeletedAt', 'enclaveDeletedBy', 'enclaveDeletedGroups'],
};
const group: Partial<Record<AttributeSet, string[]>> = {
  entry: ['entry'],
  names: ['cn', 'description', 'displayName', 'enclaveFoldedName'],
  'primary-address': ['mail'],
  addresses: ['mailLocalAddress'],
  members: ['member'],
  kind: ['enclaveGroupKind'],
  visibility: ['enclaveHiddenFromAddressBook'],
  classes: ['objectClass'],
  password: ['userPassword'],
};
const byKind: Partial<Record<ObjectKind, Partial<Record<AttributeSet, string[]>>>> = {
  mailbox,
  group,
  list: group,
  tenant: {
    entry: ['entry'],
    settings: ['ou', 'displayName', 'enclaveStoragePoolBytes', 'enclaveMailboxLimit', 'enclaveDefaultQuotaBytes', 'enclaveAllowOvercommit', 'enclaveFoldedName'],
    domains: ['enclaveMailDomain'],
    services: ['enclaveDeniedService', 'enclaveMaxMessageBytes'],
    password: ['userPassword'],
  },
  container: { entry: ['entry'], children: ['children'], password: ['userPassword'] },
  'host-staff': { entry: ['entry'], password: ['userPassword'], 'password-policy': ['pwdPolicySubentry'] },
  'service-account': { entry: ['entry'], password: ['userPassword'] },
  'host-group': { entry: ['entry'], members: ['member'] },
  'password-policy': { entry: ['entry'], settings: ['pwdMinLength', 'pwdCheckQuality', 'pwdMaxFailure', 'pwdLockout'] },
  'audit-checkpoint': { entry: ['entry'], values: ['enclaveConsoleId', 'enclaveCheckpointSeq', 'enclaveCheckpointHash', 'enclaveCheckpointTime', 'enclaveWorkstation'] },
  'server-log': { entry: ['entry'] },
};

/** The attributes of `set` on entries of `kind` (empty when the flavor has none for it). */
export function attributesOf(kind: ObjectKind, set: AttributeSet): string[] {
  return byKind[kind]?.[set] ?? [];
}
