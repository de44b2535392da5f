import { describe, expect, it } from 'vitest';
import { ok } from '../../../../shared/errors';
import type { CreateTenantRequest } from '../../../../shared/model/hosting';
import { selectedTenantSummary } from '../../../../renderer/state/console-state';
import { tenant } from '../fixtures';
import { storeWithAlpha } from './setup';

describe('tenant actions', () => {
  it('updateTenant() keeps the selection, the listing and the mailbox count, with the new settings', async () => {
    const { store, fake } = await storeWithAlpha();
    const listing = store.getState().mailboxes;
    fake.serve('updateTenant', () => ok({ ...tenant('alpha', ['alpha.test']), mailboxLimit: 1 }));
    await store.actions.updateTenant({ tenant: 'alpha', changes: { mailboxLimit: 1 } });
    expect(selectedTenantSummary(store.getState())).toMatchObject({ name: 'alpha', mailboxLimit: 1, mailboxCount: 2 });
    expect(store.getState().mailboxes).toBe(listing);
  });

  it('createTenant() lists the new tenant at once, in order, with no mailboxes', async () => {
    const { store, fake } = await storeWithAlpha();
    fake.serve('createTenant', (request: CreateTenantRequest) => ok({ ...tenant(request.name, request.settings.mailDomains) }));
    await store.actions.createTenant({ name: 'aardvark', settings: { mailDomains: ['aardvark.test'] } });
    const tenants = store.getState().tenants;
    expect(tenants.status === 'ready' && tenants.value.map((t) => `${t.name}:${t.mailboxCount}`)).toEqual(['aardvark:0', 'alpha:2', 'beta:0']);
  });

  it('deleteTenant() removes it with its selection and groups', async () => {
    const { store, fake } = await storeWithAlpha();
    fake.serve('deleteTenant', () => ok(null));
    await store.actions.deleteTenant({ tenant: 'alpha', force: true });
    const state = store.getState();
    expect(state.tenants.status === 'ready' && state.tenants.value.map((t) => t.name)).toEqual(['beta']);
    expect([state.selectedTenant, state.mailboxes, state.groups['alpha']]).toEqual([null, null, undefined]);
  });

  it('a reload keeps the tenants on screen until the new list is there', async () => {
    const { store } = await storeWithAlpha();
    const reading = store.actions.loadTenants();
    expect(store.getState()).toMatchObject({ tenants: { status: 'ready' }, tenantsRefreshing: true, selectedTenant: 'alpha' });
    await reading;
    expect(store.getState().tenantsRefreshing).toBe(false);
  });
});
