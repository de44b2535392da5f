import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../shared/model/audit';
import { matchesFilters } from '../../../shared/model/audit-match';

const record: AuditRecord = {
  id: 'console:1', source: 'console', time: '2030-05-01T10:00:00.000Z', actor: 'uid=admin,ou=people,ou=host,dc=hosting,dc=test', workstation: 'ws1',
  tenant: 'Globex, Inc.', operation: 'updateMailbox', kind: 'modify', target: 'uid=ann,ou=mailboxes,ou=Globex\\, Inc.,ou=tenants,dc=hosting,dc=test',
  newTarget: null, changes: [{ attribute: 'sn', op: 'replace', before: ['Old'], after: ['Newname'] }], result: 'ok', error: null, callId: null,
};

describe('matchesFilters', () => {
  it('matches with no filters', () => expect(matchesFilters(record, {})).toBe(true));

  it('compares the tenant exactly, ignoring case', () => {
    expect(matchesFilters(record, { tenant: 'globex, inc.' })).toBe(true);
    expect(matchesFilters(record, { tenant: 'Globex' })).toBe(false);
  });

  it('matches actor, operation (call name or LDAP kind) and target as substrings', () => {
    expect(matchesFilters(record, { actor: 'ADMIN', operation: 'update', target: 'uid=ann' })).toBe(true);
    expect(matchesFilters(record, { operation: 'modify' })).toBe(true);
    expect(matchesFilters(record, { operation: 'delete' })).toBe(false);
  });

  it('takes since as inclusive and until as exclusive', () => {
    expect(matchesFilters(record, { since: '2030-05-01T10:00:00Z', until: '2030-05-01T10:00:01Z' })).toBe(true);
    expect(matchesFilters(record, { until: '2030-05-01T10:00:00Z' })).toBe(false);
  });

  it('searches values too', () => {
    expect(matchesFilters(record, { text: 'newname' })).toBe(true);
    expect(matchesFilters(record, { text: 'absent', result: 'ok' })).toBe(false);
    expect(matchesFilters(record, { result: 'failed' })).toBe(false);
  });
});
