/** A store over the in-memory API with the tenants loaded and one selected, for the action tests. */
import { createConsoleStore, type ConsoleStore } from '../../../../renderer/state/console-store';
import { ok } from '../../../../shared/errors';
import type { Group } from '../../../../shared/model/hosting';
import { mailbox, sandboxSession, tenant } from '../fixtures';
import { createInMemoryApi, type InMemoryApi } from '../in-memory-api';

export function group(tenantName: string, name: string, members: string[] = []): Group {
  return {
    tenant: tenantName,
    kind: 'security',
    name,
    dn: `cn=${name},ou=groups,ou=${tenantName},ou=tenants,dc=hosting,dc=test`,
    description: '',
    address: null,
    members: members.map((login) => ({ login, displayName: login, primaryAddress: `${login}@alpha.test` })),
    system: false,
  };
}

export async function storeWithAlpha(): Promise<{ store: ConsoleStore; fake: InMemoryApi }> {
  const fake = createInMemoryApi({
    session: sandboxSession,
    tenants: [tenant('alpha', ['alpha.test'], 2), tenant('beta', ['beta.test'], 0)],
    mailboxes: [mailbox('alpha', 'ann', 'alpha.test'), mailbox('alpha', 'bob', 'alpha.test')],
  });
  fake.serve('listGroups', () => ok([group('alpha', 'Staff', ['ann'])]));
  const store = createConsoleStore(fake.api);
  await store.actions.loadTenants();
  await store.actions.selectTenant('alpha');
  await store.actions.loadGroups('alpha');
  return { store, fake };
}
