/**
 * Deleted items on OpenLDAP. Renames are refused by the server (olcRestrict) and the unique overlay compares an
 * attribute only with itself, so a copy in a container elsewhere could not hold the same login and addresses while
 * the original exists, nor be moved there. A deleted mailbox therefore stays where it is, inside its tenant:
 * marked (enclaveDeletedAt/By), locked (ppolicy's permanent lock), out of its groups (kept in enclaveDeletedGroups),
 * hidden from the tenant's users and the mail service and read-only to its admins (the generated rules). Its login
 * and addresses stay reserved by the server's own uniqueness until a host admin purges it; restoring undoes the
 * mark, the lock (unless it was disabled anyway) and the memberships.
 */
import { AndFilter, EqualityFilter, NotFilter, PresenceFilter, type Entry, type Filter } from 'ldapts';
import { failure } from '../../../shared/errors';
import { deletedMailboxRetentionDays, type DeletedMailbox } from '../../../shared/model/deleted-items';
import type { Mailbox } from '../../../shared/model/hosting';
import { generalizedTimeOf, isoOfGeneralizedTime } from '../../audit/generalized-time';
import { addValues, removeValues, replace } from '../../directory/changes';
import type { DirectoryConnection } from '../../directory/directory-connection';
import { toEnclaveError } from '../../directory/ldap-errors';
import { leafValue } from '../../directory/dn';
import { first, values } from '../../directory/entry';
import type { DeletedItemsSupport } from '../../hosting/hosting-dialect';
import type { OpenLdapLayout } from './openldap-layout';
import { openLdapAttributes as A, permanentLockTime, quotaFromValue } from './openldap-schema';

const isMailbox = () => new EqualityFilter({ attribute: 'objectClass', value: 'enclaveMailbox' });
const isDeleted = () => new PresenceFilter({ attribute: A.deletedAt });

/** Mailboxes in use: every listing, count and check of the console reads only these. */
export const liveMailboxFilter = (): Filter => new AndFilter({ filters: [isMailbox(), new NotFilter({ filter: isDeleted() })] });
/** Mailboxes in deleted items. */
export const deletedMailboxFilter = (): Filter => new AndFilter({ filters: [isMailbox(), isDeleted()] });

const deletedAttributes = [A.login, A.commonName, A.displayName, A.primaryAddress, A.alias, A.accountState, A.quota, A.deletedAt, A.deletedBy, A.deletedGroups, 'modifyTimestamp'];
const day = 86_400_000;

/** When it was deleted: the mark, but never earlier than the server's own stamp of the change (a back-dated mark). */
function deletedAtOf(entry: Entry): string {
  const marked = Date.parse(isoOfGeneralizedTime(first(entry, A.deletedAt)));
  const stamped = Date.parse(isoOfGeneralizedTime(first(entry, 'modifyTimestamp')));
  const at = Math.max(Number.isNaN(marked) ? 0 : marked, Number.isNaN(stamped) ? 0 : stamped);
  return new Date(at).toISOString().replace('.000Z', 'Z');
}

export function openLdapDeletedItems(layout: OpenLdapLayout): DeletedItemsSupport {
  const findDeleted = async (connection: DirectoryConnection, tenant: string, login: string): Promise<Entry> => {
    const found = await connection.search(layout.mailboxesDn(tenant), {
      filter: new AndFilter({ filters: [deletedMailboxFilter(), new EqualityFilter({ attribute: A.login, value: login })] }),
      attributes: deletedAttributes,
      limit: 1,
    });
    const entry = found[0];
    if (!entry) throw failure({ kind: 'not-found', target: login, message: `Tenant "${tenant}" has no deleted mailbox "${login}".` });
    return entry;
  };

  const toDeleted = (tenant: string, entry: Entry): DeletedMailbox => {
    const deletedAt = deletedAtOf(entry);
    const primary = first(entry, A.primaryAddress);
    return {
      tenant,
      login: first(entry, A.login),
      displayName: first(entry, A.displayName) || first(entry, A.commonName),
      primaryAddress: primary,
      aliases: values(entry, A.alias).filter((address) => address.toLowerCase() !== primary.toLowerCase()),
      deletedAt,
      deletedBy: first(entry, A.deletedBy) || null,
      purgeAfter: new Date(Date.parse(deletedAt) + deletedMailboxRetentionDays * day).toISOString().replace('.000Z', 'Z'),
      groups: values(entry, A.deletedGroups).map(leafValue),
      quotaBytes: quotaFromValue(first(entry, A.quota)),
    };
  };

  return {
    remove: async (connection, mailbox: Mailbox, groups, actor) => {
      // Out of its groups first (lists stop expanding to it at once), then marked and locked in one modify; a mark
      // that fails puts the memberships back, so nothing is left half deleted.
      const left: string[] = [];
      try {
        for (const group of groups) {
          await connection.modify(group, [removeValues('member', mailbox.dn)]);
          left.push(group);
        }
        await connection.modify(mailbox.dn, [
          addValues(A.deletedAt, generalizedTimeOf(Date.now())),
          addValues(A.deletedBy, actor),
          ...(groups.length > 0 ? [addValues(A.deletedGroups, groups)] : []),
          replace(A.lockedTime, permanentLockTime),
        ]);
      } catch (error) {
        for (const group of left) await connection.modify(group, [addValues('member', mailbox.dn)]).catch(() => {});
        throw error;
      }
    },
    list: async (connection, tenant) => {
      const entries = await connection.search(layout.mailboxesDn(tenant), { filter: deletedMailboxFilter(), attributes: deletedAttributes, pageSize: 1000 });
      const items = entries.map((entry) => toDeleted(tenant, entry)).sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
      return { tenant, mode: 'kept', retentionDays: deletedMailboxRetentionDays, items };
    },
    restore: async (connection, tenant, login) => {
      const entry = await findDeleted(connection, tenant, login);
      const wasDisabled = first(entry, A.accountState) === 'disabled';
      await connection.modify(entry.dn, [
        replace(A.deletedAt, []),
        replace(A.deletedBy, []),
        replace(A.deletedGroups, []),
        ...(wasDisabled ? [] : [replace(A.lockedTime, [])]),
      ]);
      // The groups that still exist get it back; one deleted meanwhile is skipped.
      for (const group of values(entry, A.deletedGroups)) {
        if ((await connection.read(group, ['1.1'])) === null) continue;
        // Someone may have added it back already (20: the value exists): that is the state wanted.
        await connection.modify(group, [addValues('member', entry.dn)]).catch((error: unknown) => {
          if (toEnclaveError(error).kind !== 'ldap' || (toEnclaveError(error) as { ldapCode?: number }).ldapCode !== 20) throw error;
        });
      }
      return entry.dn;
    },
    purge: async (connection, tenant, login) => {
      const entry = await findDeleted(connection, tenant, login);
      await connection.delete(entry.dn);
    },
  };
}
