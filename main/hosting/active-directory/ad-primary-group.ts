/**
 * No silent default groups on AD: a new user's primary group is Domain Users (513), which cannot be changed on
 * add. The sequence that works (measured on Samba, as on Windows): the user is already a member of the tenant's
 * all-users group; set primaryGroupID to that group's RID (AD then drops the explicit member value and records
 * an explicit Domain Users membership instead); remove the user from Domain Users' member.
 */
import { failure } from '../../../shared/errors';
import { readObjectSid } from '../../active-directory/object-sid';
import { ridOf } from '../../active-directory/security-descriptor';
import { removeValues, replace } from '../../directory/changes';
import type { DirectoryConnection } from '../../directory/directory-connection';
import { adAttributes as A } from './ad-schema';
import type { DomainFacts } from './ad-domain';

/** Makes `groupDn` the primary group of `userDn` (already one of its members) and leaves Domain Users. */
export async function makePrimaryGroup(connection: DirectoryConnection, domain: DomainFacts, userDn: string, groupDn: string): Promise<void> {
  const groupSid = await readObjectSid(connection, groupDn);
  if (!groupSid) throw failure({ kind: 'not-found', target: groupDn, message: `The group ${groupDn} has no readable SID.` });
  await connection.modify(userDn, [replace(A.primaryGroupId, String(ridOf(groupSid)))]);
  await connection.modify(domain.domainUsersDn, [removeValues(A.member, userDn)]);
}
