/**
 * No silent default groups on AD: a new user's primary group is Domain Users (513), which cannot be changed on
 * add. The sequence that works (measured on Samba, as on Windows): the user is already a member of the tenant's
 * all-users group; set primaryGroupID to that group's RID (AD then drops the explicit member value and records
 * an explicit Domain Users membership instead); remove the user from Domain Users' member.
 *
 * The last step writes Domain Users, a host-level group a tenant admin may not write (AD has no "may only
 * remove" right). Such an admin's create therefore stops before the sequence: the user keeps Domain Users as its
 * primary group, which no member list shows, rather than becoming an explicit member that every tenant could read
 * in Domain Users' `member`. A host admin finishes it later (ad-domain-users.ts); the create says so.
 */
import { failure } from '../../../shared/errors';
import type { MailboxNotice } from '../../../shared/model/hosting';
import { readObjectSid } from './directory/object-sid';
import { ridOf } from './directory/security-descriptor';
import { removeValues, replace } from '../../directory/changes';
import type { DirectoryConnection } from '../../directory/directory-connection';
import { sameDn } from '../../directory/dn';
import { values } from '../../directory/entry';
import { toEnclaveError } from '../../directory/ldap-errors';
import { adAttributes as A } from './ad-schema';
import type { DomainFacts } from './ad-domain';

/** The warning a tenant admin's create returns: the mailbox is complete, one host step is left. */
export const domainUsersPendingNotice: MailboxNotice = {
  kind: 'domain-users-pending',
  message:
    'It works now, but it is still in Domain Users, the group every new Active Directory account starts in: only a host admin may change that group. The host admins see it in their console and finish it there (or with "enclave finish-primary-groups"); other tenants cannot see it meanwhile.',
};

/** Makes `groupDn` (already one of the user's groups) its primary group and leaves Domain Users, or leaves both to the host. */
export async function makePrimaryGroup(connection: DirectoryConnection, domain: DomainFacts, userDn: string, groupDn: string): Promise<MailboxNotice[]> {
  if (!(await mayWriteDomainUsers(connection, domain))) return [domainUsersPendingNotice];
  await setPrimaryGroup(connection, userDn, groupDn);
  await leaveDomainUsers(connection, domain, userDn);
  return [];
}

/** Sets the user's primaryGroupID to the RID of `groupDn`; AD refuses (53) unless the user is a member of it. */
export async function setPrimaryGroup(connection: DirectoryConnection, userDn: string, groupDn: string): Promise<void> {
  const groupSid = await readObjectSid(connection, groupDn);
  if (!groupSid) throw failure({ kind: 'not-found', target: groupDn, message: `The group ${groupDn} has no readable SID.` });
  await connection.modify(userDn, [replace(A.primaryGroupId, String(ridOf(groupSid)))]);
}

/**
 * Removes the user's explicit member value from Domain Users. Safe to repeat (a resumed import completing a create
 * cut off after this step): the DC refuses to remove a value that is not there (Samba: 53, "already deleted"), and
 * a user then read to be no member is where this step wants it. A lost connection is not such a refusal.
 */
export async function leaveDomainUsers(connection: DirectoryConnection, domain: DomainFacts, userDn: string): Promise<void> {
  try {
    await connection.modify(domain.domainUsersDn, [removeValues(A.member, userDn)]);
  } catch (error) {
    if (!('ldapCode' in toEnclaveError(error))) throw error;
    const user = await connection.read(userDn, [A.memberOf]).catch(() => null);
    if (!user || values(user, A.memberOf).some((dn) => sameDn(dn, domain.domainUsersDn))) throw error;
  }
}

const writableByConnection = new WeakMap<DirectoryConnection, Promise<boolean>>();

/**
 * Whether the bound identity may write Domain Users' `member`, as the DC computes it for this identity
 * (allowedAttributesEffective): host admins may; tenant admins may not, unless the host granted them Write Members.
 * Asked before writing, so no doomed write is sent and journaled as failed. Kept per connection (one identity).
 */
export function mayWriteDomainUsers(connection: DirectoryConnection, domain: DomainFacts): Promise<boolean> {
  let known = writableByConnection.get(connection);
  if (!known) {
    known = connection.read(domain.domainUsersDn, [A.allowedAttributesEffective]).then((entry) =>
      entry !== null && values(entry, A.allowedAttributesEffective).some((name) => name.toLowerCase() === A.member.toLowerCase()),
    );
    // A failed read is asked again next time, not remembered.
    void known.catch(() => writableByConnection.delete(connection));
    writableByConnection.set(connection, known);
  }
  return known;
}
