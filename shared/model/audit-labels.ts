/**
 * Audit records in words a person reads: what was done ("Password reset"), how it ended ("refused: policy"),
 * who and what by name and tenant ("alice (Acme)", the full DN kept for hover and detail), attributes by label
 * ("Mailbox quota") and values as they mean ("Account disabled", "1 GiB"). Shared by the viewer and the CLI.
 */
import type { AuditChange, AuditRecord } from './audit';
import { secretPlaceholder } from './audit';

/** A DN as a name and the tenant it is in ("host" for host staff), the full DN alongside. */
export interface DnLabel {
  name: string;
  tenant: string | null;
  dn: string;
}

/** Console calls and commands by what they do. */
const operationNames: Record<string, string> = {
  createTenant: 'Tenant created',
  updateTenant: 'Tenant settings changed',
  deleteTenant: 'Tenant deleted',
  createMailbox: 'Mailbox created',
  updateMailbox: 'Mailbox edited',
  setMailboxEnabled: 'Mailbox enabled or disabled',
  resetMailboxPassword: 'Password reset',
  unlockMailbox: 'Mailbox unlocked',
  deleteMailbox: 'Mailbox deleted',
  restoreMailbox: 'Mailbox restored',
  purgeMailbox: 'Deleted mailbox purged',
  purgeExpiredMailboxes: 'Expired deleted mailboxes purged',
  bulkMailboxes: 'Bulk action on mailboxes',
  createGroup: 'Group created',
  updateGroup: 'Group edited',
  deleteGroup: 'Group deleted',
  addGroupMembers: 'Members added',
  removeGroupMembers: 'Members removed',
  finishPrimaryGroups: 'Primary groups set',
  startImport: 'Bulk import',
  resumeImport: 'Bulk import',
  'bulk import': 'Bulk import (one chunk)',
  'apply isolation rules': 'Access rules applied',
  'directory write': 'Directory entry changed',
};

/** Attribute labels (OpenLDAP and Active Directory names, compared without case). */
const attributeNames: Record<string, string> = {
  sn: 'Surname',
  givenname: 'First name',
  displayname: 'Display name',
  cn: 'Name',
  ou: 'Name',
  uid: 'Login',
  samaccountname: 'Login',
  userprincipalname: 'Sign-in name',
  mail: 'Primary address',
  maillocaladdress: 'Addresses',
  proxyaddresses: 'Addresses',
  userpassword: 'Password',
  unicodepwd: 'Password',
  enclavemailboxquotabytes: 'Mailbox quota',
  'msds-cloudextensionattribute1': 'Mailbox quota',
  enclavestoragepoolbytes: 'Storage pool',
  enclavemailboxlimit: 'Mailbox limit',
  enclavedefaultquotabytes: 'Default mailbox quota',
  enclaveallowovercommit: 'Quotas may exceed the pool',
  enclavehiddenfromaddressbook: 'Hidden from address book',
  'msds-cloudextensionattribute2': 'Hidden from address book',
  enclaveaccountstate: 'Account state',
  pwdaccountlockedtime: 'Account lock',
  lockouttime: 'Account lock',
  useraccountcontrol: 'Account enabled',
  enclavemaildomain: 'Mail domains',
  upnsuffixes: 'Mail domains',
  admindescription: 'Tenant settings',
  enclavegroupkind: 'Group kind',
  grouptype: 'Group kind',
  member: 'Members',
  memberof: 'Member of',
  owner: 'Owner',
  description: 'Description',
  objectclass: 'Object classes',
  primarygroupid: 'Primary group',
  olcaccess: 'Access rules',
  olcconstraintattribute: 'Address rules',
  olcaddcontentacl: 'Check values on add',
};

/** The permanent lock ppolicy treats as "disabled" (main/hosting/openldap/openldap-schema.ts). */
const permanentLock = '000001010000Z';

const byteAttributes = new Set(['enclavemailboxquotabytes', 'msds-cloudextensionattribute1', 'enclavestoragepoolbytes', 'enclavedefaultquotabytes']);
const dnAttributes = new Set(['member', 'memberof', 'owner', 'manager']);
const booleanAttributes = new Set(['enclaveallowovercommit', 'enclavehiddenfromaddressbook', 'msds-cloudextensionattribute2', 'olcaddcontentacl']);
const passwordAttributes = new Set(['userpassword', 'unicodepwd']);

const key = (attribute: string) => attribute.split(';')[0]?.toLowerCase() ?? '';

/** The attribute's label, or its own name when it has none. */
export function attributeLabel(attribute: string): string {
  return attributeNames[key(attribute)] ?? attribute;
}

/** One value as it means: "Account disabled", "1 GiB", "unlimited", "yes", "alice (Acme)". */
export function valueLabel(attribute: string, value: string): string {
  const name = key(attribute);
  if (value === secretPlaceholder) return '(set)';
  if (name === 'pwdaccountlockedtime') return value === permanentLock ? 'Account disabled' : `Locked after failed logins (since ${timeOfGeneralized(value)})`;
  if (name === 'lockouttime') return value === '0' ? 'not locked' : 'Locked after failed logins';
  if (name === 'useraccountcontrol' && /^\d+$/.test(value)) return (Number(value) & 2) === 2 ? 'no (disabled)' : 'yes';
  if (byteAttributes.has(name) && /^\d+$/.test(value)) return name.includes('quota') && value === '0' ? 'unlimited' : bytesLabel(value);
  if (booleanAttributes.has(name)) return value.toUpperCase() === 'TRUE' ? 'yes' : value.toUpperCase() === 'FALSE' ? 'no' : value;
  if (dnAttributes.has(name) && value.includes('=')) return formatDnLabel(dnLabel(value));
  return value;
}

/** "1073741824" → "1 GiB", "1500" → "1,500 bytes" (exact units only, so nothing is rounded away). */
function bytesLabel(value: string): string {
  const bytes = Number(value);
  for (const [unit, size] of [['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (bytes >= size && bytes % size === 0) return `${(bytes / size).toLocaleString('en')} ${unit}`;
  }
  return `${bytes.toLocaleString('en')} bytes`;
}

function timeOfGeneralized(value: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(value);
  return match ? `${match[1]}-${match[2]}-${match[3]} ${match[4]}:${match[5]}:${match[6]} UTC` : value;
}

/** The RDN values of a DN, innermost first (escapes decoded; the first value of a multi-valued RDN). */
export function rdnValues(dn: string): { attribute: string; value: string }[] {
  const out: { attribute: string; value: string }[] = [];
  let attribute = '';
  let value = '';
  let inValue = false;
  let skipRest = false;
  const bytes: number[] = [];
  // Hex escapes are UTF-8 bytes: decoded as a percent-encoded sequence (no TextDecoder in shared code).
  const flush = () => {
    if (bytes.length === 0) return;
    const encoded = bytes.splice(0).map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
    try {
      value += decodeURIComponent(encoded);
    } catch {
      value += '\uFFFD';
    }
  };
  for (let i = 0; i < dn.length; i += 1) {
    const ch = dn[i] ?? '';
    if (!inValue) {
      if (ch === '=') inValue = true;
      else attribute += ch;
      continue;
    }
    if (ch === '\\') {
      const hex = dn.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        if (!skipRest) bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        flush();
        if (!skipRest) value += dn[i + 1] ?? '';
        i += 1;
      }
      continue;
    }
    if (ch === ',' || ch === ';' || ch === '+') {
      flush();
      if (!skipRest) out.push({ attribute: attribute.trim(), value: value.trim() });
      // The other values of a multi-valued RDN are skipped: the first names the entry well enough.
      skipRest = ch === '+';
      attribute = '';
      value = '';
      inValue = false;
      continue;
    }
    flush();
    if (!skipRest) value += ch;
  }
  flush();
  if (inValue && !skipRest) out.push({ attribute: attribute.trim(), value: value.trim() });
  return out;
}

/** "uid=alice,ou=mailboxes,ou=Acme,ou=tenants,…" → alice (Acme); host staff → (host); cn=config entries → (cn=config). */
export function dnLabel(dn: string): DnLabel {
  const rdns = rdnValues(dn);
  const name = rdns[0]?.value || dn;
  const tenantsAt = rdns.findIndex((rdn) => rdn.attribute.toLowerCase() === 'ou' && rdn.value.toLowerCase() === 'tenants');
  let tenant: string | null = null;
  if (tenantsAt > 0) tenant = rdns[tenantsAt - 1]?.value ?? null;
  else if (rdns.some((rdn) => rdn.attribute.toLowerCase() === 'ou' && rdn.value.toLowerCase() === 'host')) tenant = 'host';
  else if (/(^|,)\s*cn=config\s*$/i.test(dn)) tenant = 'cn=config';
  // The tenant's own entry is named by the tenant: "Acme (Acme)" says nothing more than "Acme".
  if (tenantsAt === 1) tenant = null;
  return { name, tenant, dn };
}

/** "alice (Acme)", or the name alone. */
export const formatDnLabel = (label: DnLabel): string => (label.tenant === null ? label.name : `${label.name} (${label.tenant})`);

type Subject = 'Mailbox' | 'Group' | 'List' | 'Tenant' | 'Container' | 'Account' | 'Entry';

/** What kind of entry a DN names, from where it sits. */
function subjectOf(dn: string): Subject {
  const rdns = rdnValues(dn).map((rdn) => ({ attribute: rdn.attribute.toLowerCase(), value: rdn.value.toLowerCase() }));
  const tenantsAt = rdns.findIndex((rdn) => rdn.attribute === 'ou' && rdn.value === 'tenants');
  if (tenantsAt === 1) return 'Tenant';
  if (tenantsAt === 2) return 'Container';
  if (tenantsAt === 3) {
    const container = rdns[1]?.value;
    return container === 'mailboxes' ? 'Mailbox' : container === 'groups' ? 'Group' : container === 'lists' ? 'List' : 'Entry';
  }
  if (rdns.some((rdn) => rdn.value === 'host')) return rdns[1]?.value === 'groups' ? 'Group' : 'Account';
  return 'Entry';
}

const has = (changes: AuditChange[], ...attributes: string[]) => changes.find((change) => attributes.includes(key(change.attribute)));

/** What a change did, from the entry's kind and the attributes it touched (server records, unnamed calls). */
function derivedOperation(record: AuditRecord): string {
  const subject = subjectOf(record.target);
  if (record.kind === 'add') return subject === 'Container' ? 'Tenant container created' : `${subject} created`;
  if (record.kind === 'delete') return subject === 'Container' ? 'Tenant container deleted' : `${subject} deleted`;
  if (record.kind === 'rename') return `${subject} renamed`;
  if (/(^|,)\s*cn=config\s*$/i.test(record.target)) return has(record.changes, 'olcaccess', 'olcconstraintattribute') ? 'Access rules applied' : 'Server configuration changed';
  if (has(record.changes, ...passwordAttributes)) return record.actor.toLowerCase() === record.target.toLowerCase() ? 'Password changed' : 'Password reset';
  const lock = has(record.changes, 'pwdaccountlockedtime', 'lockouttime');
  if (lock) {
    const set = lock.op !== 'delete' && lock.after.length > 0 && lock.after[0] !== '0';
    if (!set) return 'Mailbox unlocked';
    return lock.after.includes(permanentLock) ? 'Mailbox disabled' : 'Mailbox locked';
  }
  const state = has(record.changes, 'enclaveaccountstate', 'useraccountcontrol');
  if (state && record.changes.length <= 2) {
    const disabled = state.after.some((value) => value.toLowerCase() === 'disabled' || (/^\d+$/.test(value) && (Number(value) & 2) === 2));
    return disabled ? 'Mailbox disabled' : 'Mailbox enabled';
  }
  if (has(record.changes, 'member') && record.changes.length === 1) return 'Members changed';
  if (subject === 'Tenant') return 'Tenant settings changed';
  return `${subject} edited`;
}

/** The operation in words: the console call's name, else what the change did. */
export function operationLabel(record: AuditRecord): string {
  if (record.operation === 'setMailboxEnabled') return derivedOperation(record);
  const named = operationNames[record.operation];
  if (named !== undefined) return named;
  if (record.operation.startsWith('cli ')) return `${derivedOperation(record)} (command line: ${record.operation.slice(4)})`;
  return derivedOperation(record);
}

/** How it ended, in words; '' for a plain success. */
export function outcomeLabel(record: AuditRecord): string {
  const found = record.confirmation;
  if (record.result === 'unknown') return found ? 'result unknown: response lost, not yet read back' : 'result unknown: no outcome recorded';
  if (record.result === 'ok') return found ? `applied (response lost; ${found.how === 'read-back' ? 'read back' : 'reconciled later'})` : '';
  if (found?.finding === 'not-applied') return `not applied (response lost; ${found.how === 'read-back' ? 'read back' : 'reconciled later'})`;
  const kind = record.error?.kind ?? '';
  const refusals: Record<string, string> = {
    'policy-violation': 'refused: policy',
    'insufficient-access': 'refused: access',
    'already-exists': 'refused: already exists',
    'address-in-use': 'refused: address in use',
    'not-found': 'refused: not found',
    'not-empty': 'refused: not empty',
    'invalid-credentials': 'refused: credentials',
    'connection-lost': 'failed: connection lost',
    'server-unreachable': 'failed: server unreachable',
    'rows-failed': 'some rows failed',
  };
  if (refusals[kind] !== undefined) return refusals[kind] ?? '';
  // The server log has only the LDAP result code.
  const code = record.error?.ldapCode;
  if (code === 19) return 'refused: policy';
  if (code === 50) return 'refused: access';
  if (code === 68) return 'refused: already exists';
  return code !== null && code !== undefined ? `refused (LDAP ${code})` : 'failed';
}

/** "Password reset (refused: policy)". */
export function operationWithOutcome(record: AuditRecord): string {
  const outcome = outcomeLabel(record);
  return outcome === '' ? operationLabel(record) : `${operationLabel(record)} (${outcome})`;
}
