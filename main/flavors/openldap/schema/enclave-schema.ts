/**
 * Enclave's own LDAP schema (no shipped schema has mailbox quotas or tenant pools), as cn=config LDIF.
 * OIDs sit under a UUID-derived arc in ITU-T X.667's 2.25 tree, which needs no registration.
 */
import { ldifEntry } from '../../../directory/ldif';

/** Root of Enclave's OIDs: attributes are `.1.N`, object classes `.2.N`. Never renumber a published OID. */
export const ENCLAVE_OID_ARC = '2.25.202855613569919469376001476251271665182';

const SYNTAX = {
  ia5String: '1.3.6.1.4.1.1466.115.121.1.26',
  integer: '1.3.6.1.4.1.1466.115.121.1.27',
  boolean: '1.3.6.1.4.1.1466.115.121.1.7',
  directoryString: '1.3.6.1.4.1.1466.115.121.1.15',
  generalizedTime: '1.3.6.1.4.1.1466.115.121.1.24',
  distinguishedName: '1.3.6.1.4.1.1466.115.121.1.12',
} as const;

/** One attribute type of the Enclave schema. */
export interface EnclaveAttributeType {
  number: number;
  name: string;
  description: string;
  /** Matching rules and syntax, in RFC 4512 order, as they appear in the definition. */
  rules: string;
  singleValue: boolean;
}

/** One object class of the Enclave schema. */
export interface EnclaveObjectClass {
  number: number;
  name: string;
  description: string;
  kind: 'AUXILIARY' | 'STRUCTURAL';
  superior: string;
  must: readonly string[];
  may: readonly string[];
}

const integerRules = `EQUALITY integerMatch ORDERING integerOrderingMatch SYNTAX ${SYNTAX.integer}`;
const booleanRules = `EQUALITY booleanMatch SYNTAX ${SYNTAX.boolean}`;

/** Enclave's attribute types, numbered under `${ENCLAVE_OID_ARC}.1`. */
export const ENCLAVE_ATTRIBUTE_TYPES: readonly EnclaveAttributeType[] = [
  {
    number: 1,
    name: 'enclaveMailDomain',
    description: 'A mail domain that belongs to this tenant',
    rules: `EQUALITY caseIgnoreIA5Match SUBSTR caseIgnoreIA5SubstringsMatch SYNTAX ${SYNTAX.ia5String}`,
    singleValue: false,
  },
  {
    number: 2,
    name: 'enclaveStoragePoolBytes',
    description: 'Total mail storage the tenant bought, in bytes',
    rules: integerRules,
    singleValue: true,
  },
  {
    number: 3,
    name: 'enclaveMailboxLimit',
    description: 'Maximum number of mailboxes the tenant may have',
    rules: integerRules,
    singleValue: true,
  },
  {
    number: 4,
    name: 'enclaveDefaultQuotaBytes',
    description: 'Quota given to a new mailbox of this tenant, in bytes',
    rules: integerRules,
    singleValue: true,
  },
  {
    number: 5,
    name: 'enclaveMailboxQuotaBytes',
    description: 'Storage quota of this mailbox, in bytes',
    rules: integerRules,
    singleValue: true,
  },
  {
    number: 6,
    name: 'enclaveAllowOvercommit',
    description: 'TRUE when the sum of mailbox quotas may exceed the storage pool',
    rules: booleanRules,
    singleValue: true,
  },
  {
    number: 7,
    name: 'enclaveHiddenFromAddressBook',
    description: 'TRUE to leave this mailbox or group out of address books',
    rules: booleanRules,
    singleValue: true,
  },
  {
    number: 8,
    name: 'enclaveAccountState',
    description: 'Whether the account may log in: active or disabled',
    rules: `EQUALITY caseIgnoreMatch SYNTAX ${SYNTAX.directoryString}`,
    singleValue: true,
  },
  {
    number: 9,
    name: 'enclaveGroupKind',
    description: 'What the group is for: security (permissions) or distribution (mailing list)',
    rules: `EQUALITY caseIgnoreMatch SYNTAX ${SYNTAX.directoryString}`,
    singleValue: true,
  },
  // Audit checkpoints (docs/audit.md, "Anchors"): every one single-valued and mandatory, so a checkpoint can never
  // be given another value or attribute after it was added.
  {
    number: 10,
    name: 'enclaveConsoleId',
    description: 'The journal a checkpoint anchors: 32 hex digits of the hash of its first record',
    rules: `EQUALITY caseIgnoreIA5Match SYNTAX ${SYNTAX.ia5String}`,
    singleValue: true,
  },
  {
    number: 11,
    name: 'enclaveCheckpointSeq',
    description: 'The sequence number of the journal record a checkpoint anchors',
    rules: integerRules,
    singleValue: true,
  },
  {
    number: 12,
    name: 'enclaveCheckpointHash',
    description: 'The SHA-256 (hex) of the journal record a checkpoint anchors',
    rules: `EQUALITY caseIgnoreIA5Match SYNTAX ${SYNTAX.ia5String}`,
    singleValue: true,
  },
  {
    number: 13,
    name: 'enclaveCheckpointTime',
    description: 'When the console wrote the checkpoint',
    rules: `EQUALITY generalizedTimeMatch ORDERING generalizedTimeOrderingMatch SYNTAX ${SYNTAX.generalizedTime}`,
    singleValue: true,
  },
  {
    number: 14,
    name: 'enclaveWorkstation',
    description: 'The machine the console that wrote the checkpoint ran on',
    rules: `EQUALITY caseIgnoreMatch SYNTAX ${SYNTAX.directoryString}`,
    singleValue: true,
  },
  // Mail service settings (docs/mail-servers.md, "Per-tenant service settings"): read by the mail servers, which
  // resolve "the mailbox's own value, else its tenant's" themselves, so a tenant's change writes only the tenant.
  {
    number: 15,
    name: 'enclaveDeniedService',
    description: 'A mail service refused: imap, pop3 or external-forwarding (on a tenant: for its mailboxes)',
    rules: `EQUALITY caseIgnoreIA5Match SYNTAX ${SYNTAX.ia5String}`,
    singleValue: false,
  },
  {
    number: 16,
    name: 'enclaveAllowedService',
    description: 'A mail service this mailbox may use although its tenant refuses it',
    rules: `EQUALITY caseIgnoreIA5Match SYNTAX ${SYNTAX.ia5String}`,
    singleValue: false,
  },
  {
    number: 17,
    name: 'enclaveMaxMessageBytes',
    description: 'Largest message delivered, in bytes (0: no limit); a mailbox value overrides its tenant',
    rules: integerRules,
    singleValue: true,
  },
  // The console (issue 17) numbers its own from 40, apart from other work adding attributes in parallel.
  {
    number: 40,
    name: 'enclaveFoldedName',
    description: 'A name of the entry without accents and case (Mueller, Muller for Müller), for searches typed without them',
    rules: `EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX ${SYNTAX.directoryString}`,
    singleValue: false,
  },
  {
    number: 41,
    name: 'enclaveAccountExpires',
    description: 'When the account stops working; ppolicy of OpenLDAP 2.5 has no end time (2.6: pwdEndTime), so mail servers and the console read this',
    rules: `EQUALITY generalizedTimeMatch ORDERING generalizedTimeOrderingMatch SYNTAX ${SYNTAX.generalizedTime}`,
    singleValue: true,
  },
  // Deleted items (docs/console.md, "Deletes that can be undone"): a deleted mailbox stays where it is, marked, locked
  // and out of its groups, so its login and addresses stay reserved (the unique overlay) until a host admin purges it.
  {
    number: 42,
    name: 'enclaveDeletedAt',
    description: 'When the mailbox was deleted: it is kept, hidden and locked, until it is restored or purged',
    rules: `EQUALITY generalizedTimeMatch ORDERING generalizedTimeOrderingMatch SYNTAX ${SYNTAX.generalizedTime}`,
    singleValue: true,
  },
  {
    number: 43,
    name: 'enclaveDeletedBy',
    description: 'Who deleted the mailbox',
    rules: `EQUALITY distinguishedNameMatch SYNTAX ${SYNTAX.distinguishedName}`,
    singleValue: true,
  },
  {
    number: 44,
    name: 'enclaveDeletedGroups',
    description: 'The groups and lists the deleted mailbox was in, joined again on restore',
    rules: `EQUALITY distinguishedNameMatch SYNTAX ${SYNTAX.distinguishedName}`,
    singleValue: false,
  },
];

/** Enclave's object classes, numbered under `${ENCLAVE_OID_ARC}.2`. */
export const ENCLAVE_OBJECT_CLASSES: readonly EnclaveObjectClass[] = [
  {
    number: 1,
    name: 'enclaveTenant',
    description: 'A hosted customer: its mail domains, storage pool and mailbox limits',
    kind: 'AUXILIARY',
    superior: 'top',
    must: [],
    may: [
      'enclaveMailDomain',
      'enclaveStoragePoolBytes',
      'enclaveMailboxLimit',
      'enclaveDefaultQuotaBytes',
      'enclaveAllowOvercommit',
      'displayName',
      'enclaveDeniedService',
      'enclaveMaxMessageBytes',
      'enclaveFoldedName',
    ],
  },
  {
    number: 2,
    name: 'enclaveMailbox',
    description: 'Mailbox settings added to an inetOrgPerson',
    kind: 'AUXILIARY',
    superior: 'top',
    // Mandatory, so that nobody can remove them (docs/isolation.md): the quota (no value would mean "no limit":
    // unlimited is an explicit 0, as in Dovecot, which only host admins may write), the password (a reset replaces
    // it, nobody deletes it) and the addresses (the primary address stays among them).
    must: ['enclaveMailboxQuotaBytes', 'userPassword', 'mailLocalAddress'],
    may: ['enclaveHiddenFromAddressBook', 'enclaveAccountState', 'enclaveDeniedService', 'enclaveAllowedService', 'enclaveMaxMessageBytes', 'enclaveFoldedName', 'enclaveAccountExpires', 'enclaveDeletedAt', 'enclaveDeletedBy', 'enclaveDeletedGroups'],
  },
  {
    // Structural, unlike groupOfNames, so that a group may have no members at all.
    number: 3,
    name: 'enclaveGroup',
    description: 'A security group or distribution list that may be empty',
    kind: 'STRUCTURAL',
    superior: 'top',
    // The kind is mandatory: replacing it is a tenant admin's right, so only the schema can stop its removal.
    must: ['cn', 'enclaveGroupKind'],
    may: [
      'member',
      'mail',
      'mailLocalAddress',
      'description',
      'displayName',
      'owner',
      'enclaveHiddenFromAddressBook',
      'enclaveFoldedName',
    ],
  },
  {
    // One entry per checkpoint below ou=audit,ou=host: staff may add them, nobody may change or delete them.
    number: 4,
    name: 'enclaveAuditCheckpoint',
    description: 'A journal anchor: console, record number and hash, time, workstation',
    kind: 'STRUCTURAL',
    superior: 'top',
    must: ['enclaveConsoleId', 'enclaveCheckpointSeq', 'enclaveCheckpointHash', 'enclaveCheckpointTime', 'enclaveWorkstation'],
    may: [],
  },
];

/** RFC 4512 attribute type description for cn=config. */
export function attributeTypeDefinition(attribute: EnclaveAttributeType): string {
  const single = attribute.singleValue ? ' SINGLE-VALUE' : '';
  return `( ${ENCLAVE_OID_ARC}.1.${attribute.number} NAME '${attribute.name}' DESC '${attribute.description}' ${attribute.rules}${single} )`;
}

/** RFC 4512 object class description for cn=config. */
export function objectClassDefinition(objectClass: EnclaveObjectClass): string {
  const list = (names: readonly string[]): string => (names.length === 1 ? names[0] ?? '' : `( ${names.join(' $ ')} )`);
  const must = objectClass.must.length > 0 ? ` MUST ${list(objectClass.must)}` : '';
  const may = objectClass.may.length > 0 ? ` MAY ${list(objectClass.may)}` : '';
  return (
    `( ${ENCLAVE_OID_ARC}.2.${objectClass.number} NAME '${objectClass.name}' DESC '${objectClass.description}' ` +
    `SUP ${objectClass.superior} ${objectClass.kind}${must}${may} )`
  );
}

/** The schema entry `cn={index}enclave,cn=schema,cn=config`; `index` follows the included system schemas. */
export function enclaveSchemaLdif(index: number): string {
  return ldifEntry(`cn={${index}}enclave,cn=schema,cn=config`, {
    objectClass: 'olcSchemaConfig',
    cn: `{${index}}enclave`,
    olcAttributeTypes: ENCLAVE_ATTRIBUTE_TYPES.map(attributeTypeDefinition),
    olcObjectClasses: ENCLAVE_OBJECT_CLASSES.map(objectClassDefinition),
  });
}
