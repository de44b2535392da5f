import { describe, expect, it } from 'vitest';
import { ok } from '../../../../shared/errors';
import { group, storeWithAlpha } from './setup';

const groupsOf = (store: Awaited<ReturnType<typeof storeWithAlpha>>['store']) => {
  const groups = store.getState().groups['alpha'];
  return groups?.status === 'ready' ? groups.value.map((g) => `${g.name}:${g.members.length}`) : null;
};

describe('group actions', () => {
  it('put the group main answers into the tenant\'s groups: created, changed, deleted', async () => {
    const { store, fake } = await storeWithAlpha();
    fake.serve('createGroup', () => ok(group('alpha', 'Sales', ['bob'])));
    await store.actions.createGroup({ tenant: 'alpha', kind: 'security', name: 'Sales', members: ['bob'] });
    expect(groupsOf(store)).toEqual(['Sales:1', 'Staff:1']);

    fake.serve('addGroupMembers', () => ok(group('alpha', 'Staff', ['ann', 'bob'])));
    await store.actions.addGroupMembers({ tenant: 'alpha', kind: 'security', name: 'Staff', logins: ['bob'] });
    expect(groupsOf(store)).toEqual(['Sales:1', 'Staff:2']);

    fake.serve('deleteGroup', () => ok(null));
    await store.actions.deleteGroup({ tenant: 'alpha', kind: 'security', name: 'Sales' });
    expect(groupsOf(store)).toEqual(['Staff:2']);
  });

  it('keep the groups shown while they are read again', async () => {
    const { store } = await storeWithAlpha();
    const reading = store.actions.loadGroups('alpha');
    expect(store.getState().groups['alpha']?.status).toBe('ready');
    await reading;
  });
});
