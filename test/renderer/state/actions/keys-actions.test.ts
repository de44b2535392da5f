import { describe, expect, it } from 'vitest';
import { ok } from '../../../../shared/errors';
import type { KeysReport } from '../../../../shared/model/keys';
import { storeWithAlpha } from './setup';

const emptyReport: KeysReport = {
  generatedAt: '2026-01-01T00:00:00.000Z',
  elapsedMs: 1,
  expiringWithinDays: 30,
  tenants: [{ tenant: 'alpha', mailboxes: [], certificateCount: 0, issuers: [], findings: [] }],
  totals: { mailboxesRead: 0, certificates: 0, unparsed: 0, findings: 0, byKind: {} },
  unchecked: [],
};

describe('keys actions', () => {
  it('open the keys section without reading groups, and pass the keys calls through unchanged', async () => {
    const { store, fake } = await storeWithAlpha();
    const before = fake.calls.length;
    await store.actions.selectSection('alpha', 'keys');
    expect(store.getState().section).toBe('keys');
    expect(fake.calls.slice(before)).toEqual([]);

    fake.serve('keysReport', () => ok(emptyReport));
    expect(await store.actions.keysReport({ tenant: 'alpha' })).toEqual(ok(emptyReport));
    const removal = { tenant: 'alpha', login: 'ann', fingerprint: 'ab'.repeat(32) };
    fake.serve('removeMailboxCertificate', () => ok({ tenant: 'alpha', login: 'ann', dn: 'uid=ann', addresses: [], certificates: [], unparsed: [], findings: [] }));
    await store.actions.removeMailboxCertificate(removal);
    expect(fake.calls.slice(before)).toEqual([
      { name: 'keysReport', request: { tenant: 'alpha' } },
      { name: 'removeMailboxCertificate', request: removal },
    ]);
    // F5 on the keys section reads no groups either (the view has its own Reload).
    await store.actions.refresh();
    expect(fake.calls.slice(before).map((call) => call.name)).not.toContain('listGroups');
  });
});
