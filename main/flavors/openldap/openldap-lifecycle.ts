/**
 * A tenant's exit and teardown on OpenLDAP: entryCSN stamps every change, entryUUID keys the mail store, and the
 * accesslog database keeps the tenant's writes (old entries included, olcAccessLogOld) until its purge removes them
 * (olcAccessLogPurge: 30 days in the sandbox); host admins may read it, nobody may delete from it over LDAP.
 */
import { AndFilter, EqualityFilter, ExtensibleFilter } from 'ldapts';
import type { FlavorLifecycle } from '../../lifecycle/flavor-lifecycle';
import { first } from '../../directory/entry';
import { accesslogBase } from './server-log/accesslog-reader';

export const openLdapLifecycle: FlavorLifecycle = {
  operationalAttributes: ['+'],
  binaryAttributes: ['userCertificate', 'userCertificate;binary', 'userSMIMECertificate', 'jpegPhoto', 'userPKCS12', 'audio', 'photo'],
  changeStampAttribute: 'entryCSN',
  storeKeyAttribute: 'entryUUID',
  keyOf: (entry) => first(entry, 'entryUUID').toLowerCase(),
  certificateAttributes: ['userCertificate', 'userCertificate;binary', 'userSMIMECertificate'],
  stampAttributes: ['creatorsName', 'modifiersName'],
  exactBackLinks: false,
  accessPolicyNote: 'The access rules and constraints in cn=config are the same for every tenant (generated for the suffix alone, docs/isolation.md): no tenant had rules of its own, so none were removed.',
  // The hosting suffix is the whole directory; the accesslog is read for retained traces only.
  extraNamingContexts: async () => [],
  retainedTraces: async (connection, keys) => {
    const filter = new AndFilter({
      filters: [new EqualityFilter({ attribute: 'objectClass', value: 'auditWriteObject' }), new ExtensibleFilter({ rule: 'dnSubtreeMatch', matchType: 'reqDN', value: keys.tenantDn })],
    });
    let count = 0;
    try {
      for await (const page of connection.searchPages(accesslogBase, { scope: 'one', filter, attributes: ['1.1'], pageSize: 1000 })) count += page.length;
    } catch {
      return [{ what: `the server log (${accesslogBase})`, count: 0, why: 'could not be read with this identity: what it still holds of the tenant was not counted.' }];
    }
    return count === 0
      ? []
      : [{ what: `records of the tenant's writes in the server log (${accesslogBase}), the removed entries' last state among them`, count, why: 'slapd keeps them until olcAccessLogPurge removes them (30 days in the sandbox); no LDAP client may delete them. Host admins alone read them.' }];
  },
};
