import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../shared/model/audit';
import { tieRecords } from '../../../shared/model/audit-rows';

const admin = 'uid=admin,ou=people,ou=host,dc=hosting,dc=test';
const target = 'uid=ann,ou=mailboxes,ou=Acme,ou=tenants,dc=hosting,dc=test';
const make = (id: string, source: 'console' | 'server', time: string, overrides: Partial<AuditRecord> = {}): AuditRecord => ({
  id, source, time, actor: admin, workstation: source === 'console' ? 'ws' : null, tenant: 'Acme', operation: source === 'console' ? 'updateMailbox' : 'modify',
  kind: 'modify', target, newTarget: null, changes: [], result: 'ok', error: null, callId: null, ...overrides,
});

describe('tieRecords', () => {
  it('ties the console record and the server record of one write into one row', () => {
    const rows = tieRecords([make('console:2', 'console', '2030-05-01T10:00:00.400Z'), make('server:a', 'server', '2030-05-01T10:00:00Z'), make('server:b', 'server', '2030-05-01T09:00:00Z')]);
    expect(rows.map((row) => [row.primary.id, row.related?.id ?? null])).toEqual([['console:2', 'server:a'], ['server:b', null]]);
  });

  it('keeps apart what differs in target, kind, identity or time, and ties each server record once', () => {
    const rows = tieRecords([
      make('console:4', 'console', '2030-05-01T10:00:01.000Z'),
      make('console:3', 'console', '2030-05-01T10:00:00.500Z'),
      make('server:same', 'server', '2030-05-01T10:00:00Z'),
      make('server:other-kind', 'server', '2030-05-01T10:00:00Z', { kind: 'delete' }),
      make('server:other-actor', 'server', '2030-05-01T10:00:00Z', { actor: 'uid=helpdesk,ou=people,ou=host,dc=hosting,dc=test' }),
      make('server:late', 'server', '2030-05-01T10:01:00Z'),
    ]);
    expect(rows.filter((row) => row.related !== null).map((row) => [row.primary.id, row.related?.id])).toEqual([['console:3', 'server:same']]);
    expect(rows).toHaveLength(5);
  });
});
