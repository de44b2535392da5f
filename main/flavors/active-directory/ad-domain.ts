/** Facts about the domain the AD dialect needs repeatedly (its SID, the Domain Users group), read once per dialect. */
import { EqualityFilter } from 'ldapts';
import { failure } from '../../../shared/errors';
import { readObjectSid } from './directory/object-sid';
import { wellKnownRids } from './directory/security-descriptor';
import type { DirectoryConnection } from '../../directory/directory-connection';

export interface DomainFacts {
  /** The domain SID (S-1-5-21-…), whose RIDs name the built-in groups. */
  sid: string;
  /** DN of Domain Users (RID 513): found by SID, because Windows localizes and admins rename it. */
  domainUsersDn: string;
}

/** Reads the domain facts on first use and keeps them. */
export function domainFactsReader(suffix: string): (connection: DirectoryConnection) => Promise<DomainFacts> {
  let cached: Promise<DomainFacts> | null = null;
  return (connection) => {
    cached ??= read(connection, suffix).catch((error: unknown) => {
      cached = null;
      throw error;
    });
    return cached;
  };
}

async function read(connection: DirectoryConnection, suffix: string): Promise<DomainFacts> {
  const sid = await readObjectSid(connection, suffix);
  if (!sid) throw failure({ kind: 'internal', message: `The domain head ${suffix} has no readable objectSid: is this an Active Directory domain naming context?` });
  // AD accepts the string form of a SID in a filter on objectSid.
  const [domainUsers] = await connection.search(suffix, {
    filter: new EqualityFilter({ attribute: 'objectSid', value: `${sid}-${wellKnownRids.domainUsers}` }),
    attributes: ['1.1'],
    limit: 1,
  });
  if (!domainUsers) throw failure({ kind: 'internal', message: `Domain Users (${sid}-513) is not visible in ${suffix}.` });
  return { sid, domainUsersDn: domainUsers.dn };
}
