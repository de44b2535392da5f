import { describe, expect, it } from 'vitest';
import { ok } from '../../../../shared/errors';
import type { CreateMailboxRequest, MailboxRef } from '../../../../shared/model/hosting';
import { selectedTenantSummary } from '../../../../renderer/state/console-state';
import { mailbox } from '../fixtures';
import { storeWithAlpha } from './setup';

describe('mailbox actions', () => {
  it('updateMailbox() answers the editor and puts the saved mailbox into the grid', async () => {
    const { store, fake } = await storeWithAlpha();
    fake.serve('updateMailbox', () => ok({ ...mailbox('alpha', 'ann', 'alpha.test'), displayName: 'Ann B.' }));
    const result = await store.actions.updateMailbox({ tenant: 'alpha', login: 'ann', changes: { displayName: 'Ann B.' } });
    expect(result.ok).toBe(true);
    expect(store.getState().mailboxes?.items.find((m) => m.login === 'ann')?.displayName).toBe('Ann B.');
  });

  it('leaves the state alone when main refuses, and hands the error to the form', async () => {
    const { store, fake } = await storeWithAlpha();
    const before = store.getState();
    fake.failNext('setMailboxEnabled', { kind: 'insufficient-access', message: 'No.', ldapCode: 50, serverMessage: '' });
    const result = await store.actions.setMailboxEnabled({ tenant: 'alpha', login: 'ann', enabled: false });
    expect(result).toMatchObject({ ok: false, error: { kind: 'insufficient-access' } });
    expect(store.getState()).toBe(before);
  });

  it('createMailbox() adds the row, counts it and reads the groups it joined again', async () => {
    const { store, fake } = await storeWithAlpha();
    fake.serve('createMailbox', (request: CreateMailboxRequest) => ok(mailbox('alpha', request.login, 'alpha.test')));
    fake.calls.length = 0;
    await store.actions.createMailbox({ tenant: 'alpha', login: 'cid', surname: 'C', primaryAddress: 'cid@alpha.test', password: 'x' } as CreateMailboxRequest);
    expect(store.getState().mailboxes?.items.map((m) => m.login)).toEqual(['ann', 'bob', 'cid']);
    expect(selectedTenantSummary(store.getState())?.mailboxCount).toBe(3);
    expect(fake.calls.map((call) => call.name)).toEqual(['createMailbox', 'listGroups']);
  });

  it('deleteMailbox() drops the row, closes its panel and counts it out', async () => {
    const { store, fake } = await storeWithAlpha();
    fake.serve('deleteMailbox', () => ok(null));
    store.actions.openMailbox('bob');
    await store.actions.deleteMailbox({ tenant: 'alpha', login: 'bob' } satisfies MailboxRef);
    expect(store.getState().mailboxes?.items.map((m) => m.login)).toEqual(['ann']);
    expect(store.getState().openMailbox).toBeNull();
    expect(selectedTenantSummary(store.getState())?.mailboxCount).toBe(1);
  });

  it('findMailboxes() searches on the server without touching the grid', async () => {
    const { store, fake } = await storeWithAlpha();
    const before = store.getState().mailboxes;
    const found = await store.actions.findMailboxes('alpha', ' bo ', 25);
    expect(fake.calls.at(-1)).toEqual({ name: 'listMailboxes', request: { tenant: 'alpha', pageSize: 25, query: 'bo' } });
    expect(found.ok).toBe(true);
    expect(store.getState().mailboxes).toBe(before);
  });
});
