/**
 * Brings the Enclave schema of an existing sandbox up to date: a sandbox made by an older version keeps its data,
 * and gets the current object classes (today: the mailbox quota became mandatory, docs/isolation.md).
 * Attribute types are never changed here: a published attribute never changes its definition.
 */
import { AndFilter, EqualityFilter, NotFilter, PresenceFilter } from 'ldapts';
import { replace } from '../../../directory/changes';
import type { DirectoryConnection } from '../../../directory/directory-connection';
import type { ConfigConnection } from '../config/config-connection';
import { quotaValue } from '../openldap-schema';
import { ENCLAVE_OBJECT_CLASSES, objectClassDefinition } from './enclave-schema';

/** What an upgrade changed. */
export interface SchemaUpgrade {
  /** Object classes whose definition was replaced. */
  objectClasses: string[];
  /** Mailboxes that had no quota and were given the explicit "unlimited" one they already had in effect. */
  mailboxesGivenQuota: number;
}

/** Updates the sandbox's object classes; `data` is a host admin's connection to the main database. */
export async function upgradeEnclaveSchema(config: ConfigConnection, data: DirectoryConnection, suffix: string): Promise<SchemaUpgrade> {
  const schemaDn = await config.findSchemaEntry('enclave');
  const current = await config.readOrdered(schemaDn, 'olcObjectClasses');
  const wanted = ENCLAVE_OBJECT_CLASSES.map(objectClassDefinition);
  if (current.length === wanted.length && current.every((value, index) => value === wanted[index])) return { objectClasses: [], mailboxesGivenQuota: 0 };
  // A mandatory quota would make every later change of a mailbox without one fail: give them the value that
  // means what they had (no limit) first.
  const withoutQuota = await data.search(suffix, {
    scope: 'sub',
    filter: new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectClass', value: 'enclaveMailbox' }), new NotFilter({ filter: new PresenceFilter({ attribute: 'enclaveMailboxQuotaBytes' }) })] }),
    attributes: ['1.1'],
    pageSize: 1000,
  });
  for (const entry of withoutQuota) await data.modify(entry.dn, [replace('enclaveMailboxQuotaBytes', quotaValue(null))]);
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
  return { objectClasses: changed, mailboxesGivenQuota: withoutQuota.length };
}
