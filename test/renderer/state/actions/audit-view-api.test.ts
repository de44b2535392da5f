import { describe, expect, it } from 'vitest';
import { ok } from '../../../../shared/errors';
import { createConsoleStore } from '../../../../renderer/state/console-store';
import { sandboxSession } from '../fixtures';
import { createInMemoryApi } from '../in-memory-api';

describe('auditViewApi()', () => {
  it('passes the audit calls and the audit event through, and nothing else', async () => {
    const fake = createInMemoryApi({ session: sandboxSession, tenants: [], mailboxes: [] });
    fake.serve('verifyAuditJournal', () => ok({ intact: true, records: 0, elapsedMs: 1 }));
    const { auditViewApi } = createConsoleStore(fake.api);

    expect(await auditViewApi.verifyAuditJournal({})).toMatchObject({ ok: true });
    const refused = await auditViewApi.deleteTenant({ tenant: 'alpha', force: true });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'internal', message: 'The audit view may not call deleteTenant.' } });
    expect(fake.calls.map((call) => call.name)).toEqual(['verifyAuditJournal']);

    const stop = auditViewApi.on('auditAppended', () => {});
    expect(fake.listenerCount()).toBe(1);
    stop();
    expect(() => auditViewApi.on('importProgress', () => {})).toThrow(/may not listen to importProgress/);
  });
});
