/**
 * Brings the Enclave schema of an existing sandbox up to date: a sandbox made by an older version keeps its data,
 * and gets the current object classes (the mailbox quota became mandatory, docs/isolation.md) and the attribute
 * types and classes added since (the audit checkpoints, docs/audit.md), plus the audit checkpoint container.
 * Existing attribute types are never changed here: a published attribute never changes its definition.
 */
import { AndFilter, Attribute, Change, EqualityFilter, NotFilter, OrFilter, PresenceFilter } from 'ldapts';
import { foldsDifferently, foldText } from '../../../../shared/text/search-text';
import { replace } from '../../../directory/changes';
import { parseDn } from '../../../directory/dn';
import type { DirectoryConnection } from '../../../directory/directory-connection';
import type { ConfigConnection } from '../config/config-connection';
import { quotaValue } from '../openldap-schema';
import { openLdapLayout } from '../openldap-layout';
import { auditContainerAttributes, DEFAULT_PASSWORD_POLICY, STAFF_PASSWORD_POLICY } from '../sandbox/base-entries';
import { generatePassword } from '../sandbox/ssha-password';
import { first, values } from '../../../directory/entry';
import { attributeTypeDefinition, ENCLAVE_ATTRIBUTE_TYPES, ENCLAVE_OBJECT_CLASSES, objectClassDefinition } from './enclave-schema';

/** What an upgrade changed. */
export interface SchemaUpgrade {
  /** Object classes whose definition was replaced. */
  objectClasses: string[];
  /** Attribute types and object classes the sandbox did not have yet. */
  added: string[];
  /** Mailboxes that had no quota and were given the explicit "unlimited" one they already had in effect. */
  mailboxesGivenQuota: number;
  /** True when the audit checkpoint container had to be created. */
  auditContainerCreated: boolean;
  /** Mailboxes without a password (they could not log in) given a random one, so the password can be mandatory. */
  mailboxesGivenPassword: number;
  /** Groups that had no kind (it became mandatory). */
  groupsGivenKind: number;
  /** Base entries a sandbox made by an older version lacked (service accounts' container and group, staff policy). */
  baseEntriesAdded: string[];
}

/** Updates the sandbox's schema and base entries; `data` is a host admin's connection to the main database. */
export async function upgradeEnclaveSchema(config: ConfigConnection, data: DirectoryConnection, suffix: string): Promise<SchemaUpgrade> {
  const schemaDn = await config.findSchemaEntry('enclave');
  const added = await addNewElements(config, schemaDn);
  const auditContainerCreated = await ensureAuditContainer(data, suffix);
  const baseEntriesAdded = await ensureBaseEntries(data, suffix);
  const current = await config.readOrdered(schemaDn, 'olcObjectClasses');
  const wanted = ENCLAVE_OBJECT_CLASSES.map(objectClassDefinition);
  if (current.length === wanted.length && current.every((value, index) => value === wanted[index])) return { objectClasses: [], added, mailboxesGivenQuota: 0, auditContainerCreated, mailboxesGivenPassword: 0, groupsGivenKind: 0, baseEntriesAdded };
  // A mandatory quota would make every later change of a mailbox without one fail: give them the value that
  // means what they had (no limit) first.
  const withoutQuota = await data.search(suffix, {
    scope: 'sub',
    filter: new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: 'enclaveMailbox' }), new NotFilter({ filter: new PresenceFilter({ attribute: 'enclaveMailboxQuotaBytes' }) })] }),
    attributes: ['1.1'],
    pageSize: 1000,
  });
  for (const entry of withoutQuota) await data.modify(entry.dn, [replace('enclaveMailboxQuotaBytes', quotaValue(null))]);
  // The password and the addresses become mandatory too. A mailbox without a password could not log in: a random one
  // it never learns keeps it so. One without mailLocalAddress gets its primary address there (the aliases list it).
  const lacking = (attribute: string) =>
    data.search(suffix, {
      scope: 'sub',
      filter: new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: 'enclaveMailbox' }), new NotFilter({ filter: new PresenceFilter({ attribute }) })] }),
      attributes: ['mail'],
      pageSize: 1000,
    });
  const withoutPassword = await lacking('userPassword');
  for (const entry of withoutPassword) await data.modify(entry.dn, [replace('userPassword', generatePassword())]);
  for (const entry of await lacking('mailLocalAddress')) {
    const primary = values(entry, 'mail');
    if (primary.length > 0) await data.modify(entry.dn, [replace('mailLocalAddress', primary)]);
  }
  // Every group gets a kind before the kind becomes mandatory: a list by where it lives, anything else security.
  const withoutKind = await data.search(suffix, {
    scope: 'sub',
    filter: new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: 'enclaveGroup' }), new NotFilter({ filter: new PresenceFilter({ attribute: 'enclaveGroupKind' }) })] }),
    attributes: ['1.1'],
    pageSize: 1000,
  });
  for (const entry of withoutKind) {
    const container = parseDn(entry.dn)[1]?.[0]?.value.toLowerCase();
    await data.modify(entry.dn, [replace('enclaveGroupKind', container === 'lists' ? 'distribution' : 'security')]);
  }
  const changed: string[] = [];
  for (const [index, objectClass] of ENCLAVE_OBJECT_CLASSES.entries()) {
    const before = current[index];
    const after = wanted[index] ?? '';
    if (before === after) continue;
    // Classes are only ever changed in place, never added or removed, so the sandbox always has them all.
    if (before === undefined) throw new Error(`The sandbox's Enclave schema lacks object class ${objectClass.name}.`);
    await config.replaceOrderedValue(schemaDn, 'olcObjectClasses', index, before, after);
    changed.push(objectClass.name);
  }
  if (added.includes('enclaveFoldedName')) await addFoldedNames(data, suffix);
  return { objectClasses: changed, added, mailboxesGivenQuota: withoutQuota.length, auditContainerCreated, mailboxesGivenPassword: withoutPassword.length, groupsGivenKind: withoutKind.length, baseEntriesAdded };
}

/**
 * Appends the attribute types and object classes a sandbox made by an older version lacks (they are numbered in
 * order and only ever appended: the first N of each list are the ones it has). Types first: classes use them.
 */
async function addNewElements(config: ConfigConnection, schemaDn: string): Promise<string[]> {
  const added: string[] = [];
  const types = await config.readOrdered(schemaDn, 'olcAttributeTypes');
  for (const type of ENCLAVE_ATTRIBUTE_TYPES.slice(types.length)) {
    await config.modify(schemaDn, [new Change({ operation: 'add', modification: new Attribute({ type: 'olcAttributeTypes', values: [attributeTypeDefinition(type)] }) })]);
    added.push(type.name);
  }
  const classes = await config.readOrdered(schemaDn, 'olcObjectClasses');
  for (const objectClass of ENCLAVE_OBJECT_CLASSES.slice(classes.length)) {
    await config.modify(schemaDn, [new Change({ operation: 'add', modification: new Attribute({ type: 'olcObjectClasses', values: [objectClassDefinition(objectClass)] }) })]);
    added.push(objectClass.name);
  }
  return added;
}

/**
 * Adds what the access policy expects of the host's tree when a sandbox predates it: the service accounts'
 * container and group, the staff password policy (and staff accounts following it), and the mailbox policy's
 * current settings (quality checked, failures not counted: docs/isolation.md).
 */
async function ensureBaseEntries(data: DirectoryConnection, suffix: string): Promise<string[]> {
  const layout = openLdapLayout(suffix);
  const added: string[] = [];
  const ensure = async (dn: string, attributes: Record<string, string | string[]>) => {
    if ((await data.read(dn, ['1.1'])) !== null) return;
    await data.add(dn, attributes);
    added.push(dn);
  };
  await ensure(layout.servicesDn, { objectClass: ['top', 'organizationalUnit'], ou: 'services', description: 'Read-only accounts of the mail hosts' });
  await ensure(layout.mailServicesGroupDn, { objectClass: ['top', 'enclaveGroup'], cn: 'mail-services', description: 'Mail hosts: read what Dovecot and Postfix need, nothing else', enclaveGroupKind: 'security' });
  await ensure(layout.staffPolicyDn, { objectClass: ['top', 'device', 'pwdPolicy'], cn: 'staff', ...STAFF_PASSWORD_POLICY });
  const policy = await data.read(layout.defaultPolicyDn, Object.keys(DEFAULT_PASSWORD_POLICY));
  if (policy !== null && Object.entries(DEFAULT_PASSWORD_POLICY).some(([name, value]) => first(policy, name) !== value)) {
    await data.modify(layout.defaultPolicyDn, Object.entries(DEFAULT_PASSWORD_POLICY).map(([name, value]) => replace(name, value)));
    added.push(`${layout.defaultPolicyDn} (updated)`);
  }
  for (const staff of await data.search(layout.hostPeopleDn, { scope: 'one', filter: new NotFilter({ filter: new PresenceFilter({ attribute: 'pwdPolicySubentry' }) }), attributes: ['1.1'] })) {
    await data.modify(staff.dn, [replace('pwdPolicySubentry', layout.staffPolicyDn)]);
    added.push(`${staff.dn} (staff policy)`);
  }
  return added;
}

/** Gives the tenants, mailboxes and groups of a sandbox that predates folded names theirs (search without accents). */
async function addFoldedNames(data: DirectoryConnection, suffix: string): Promise<void> {
  const names = ['ou', 'cn', 'sn', 'givenName', 'displayName'];
  const kinds = ['enclaveTenant', 'enclaveMailbox', 'enclaveGroup'].map((value) => new EqualityFilter({ attribute: 'objectClass', value }));
  const entries = await data.search(openLdapLayout(suffix).tenantsDn, { scope: 'sub', filter: new OrFilter({ filters: kinds }), attributes: names, pageSize: 1000 });
  for (const entry of entries) {
    const folded = [...new Set(names.flatMap((name) => values(entry, name)).filter(foldsDifferently).map(foldText))];
    if (folded.length > 0) await data.modify(entry.dn, [replace('enclaveFoldedName', folded)]);
  }
}

/** Creates `ou=audit,ou=host` when the sandbox predates it (host admins may add it; nobody may remove it). */
async function ensureAuditContainer(data: DirectoryConnection, suffix: string): Promise<boolean> {
  const dn = openLdapLayout(suffix).auditDn;
  if ((await data.read(dn, ['1.1'])) !== null) return false;
  await data.add(dn, auditContainerAttributes);
  return true;
}
