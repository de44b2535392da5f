/**
 * A tenant's exit and teardown on Active Directory: uSNChanged stamps every change, objectGUID keys the mail store,
 * and a deleted object becomes a tombstone in CN=Deleted Objects (its RDN and its login kept, its addresses
 * stripped) until the tombstone lifetime ends (180 days by default). Tombstones are found by the objectGUIDs the
 * teardown recorded, which their RDNs carry (measured on Samba 4.17).
 */
import { Control, EqualityFilter, type Entry } from 'ldapts';
import type { FlavorLifecycle } from '../../lifecycle/flavor-lifecycle';
import { decodeGuid } from './directory/security-descriptor';

/** LDAP_SERVER_SHOW_DELETED_OID: searches return tombstones too. */
const showDeletedOid = '1.2.840.113556.1.4.417';

function guidOf(entry: Entry): string {
  const raw = entry['objectGUID'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return Buffer.isBuffer(value) && value.length === 16 ? decodeGuid(value) : '';
}

export const adLifecycle: FlavorLifecycle = {
  // Samba answers '+' with nothing more; the constructed attributes an export wants are named.
  operationalAttributes: ['msDS-ResultantPSO', 'memberOf'],
  binaryAttributes: ['objectGUID', 'objectSid', 'userCertificate', 'userSMIMECertificate', 'nTSecurityDescriptor', 'thumbnailPhoto', 'jpegPhoto', 'logonHours', 'msDS-GenerationId', 'mS-DS-ConsistencyGuid', 'replPropertyMetaData', 'replUpToDateVector', 'repsFrom', 'repsTo'],
  changeStampAttribute: 'uSNChanged',
  storeKeyAttribute: 'objectGUID',
  keyOf: guidOf,
  certificateAttributes: ['userCertificate', 'userSMIMECertificate'],
  stampAttributes: [],
  // Searching the whole domain for member values took 4.4 s for 1,000 users on Samba (measured); memberOf is one read.
  exactBackLinks: true,
  accessPolicyNote: 'The tenant’s access rules were the protected DACLs of its OUs and of its PSO, removed with those entries; nothing elsewhere in the domain named its groups.',
  extraNamingContexts: async () => [],
  retainedTraces: async (connection, keys) => {
    const wanted = new Set(keys.entryKeys);
    let count = 0;
    try {
      for await (const page of connection.searchPages(keys.suffix, {
        scope: 'sub',
        filter: new EqualityFilter({ attribute: 'isDeleted', value: 'TRUE' }),
        attributes: ['objectGUID'],
        binaryAttributes: ['objectGUID'],
        controls: [new Control(showDeletedOid, { critical: true })],
        pageSize: 500,
      })) {
        for (const entry of page) if (wanted.has(guidOf(entry))) count += 1;
      }
    } catch {
      return [{ what: 'tombstones in CN=Deleted Objects', count: 0, why: 'could not be searched with this identity (it needs the domain admins’ right to see deleted objects): not counted.' }];
    }
    return count === 0
      ? []
      : [{ what: 'tombstones of the removed entries in CN=Deleted Objects (their names and logins, no addresses)', count, why: 'Active Directory keeps them until the tombstone lifetime ends (180 days by default) so deletions replicate; only domain admins see them.' }];
  },
};
