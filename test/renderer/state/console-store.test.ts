import { describe, expect, it } from 'vitest';
import { connectionStatus } from '../../../renderer/app/connection-status';
import { createConsoleStore, mailboxPageSize } from '../../../renderer/state/console-store';
import { firstScreenTenants } from '../../../shared/model/hosting';
import { fail } from '../../../shared/errors';
import { mailbox, sandboxSession, tenant } from './fixtures';
import { createInMemoryApi, type InMemoryDirectory } from './in-memory-api';

/** Let every pending promise chain settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function directory(): InMemoryDirectory {
  const many = Array.from({ length: mailboxPageSize + 5 }, (_, i) => mailbox('alpha', `user${String(i).padStart(3, '0')}`, 'alpha.test'));
  return {
    session: sandboxSession,
    tenants: [tenant('beta', ['beta.test'], 1), tenant('alpha', ['alpha.test'], many.length)],
    mailboxes: [...many, mailbox('beta', 'bea', 'beta.test')],
  };
}

describe('createConsoleStore()', () => {
  describe('#start()', () => {
    it('loads the session and the tenants, and tells subscribers', async () => {
      const fake = createInMemoryApi(directory());
      const store = createConsoleStore(fake.api);
      let notified = 0;
      store.subscribe(() => (notified += 1));
      store.actions.start();
      expect(store.getState().tenants.status).toBe('loading');
      await settle();
      const state = store.getState();
      expect(state.session.status).toBe('ready');
      expect(state.tenants.status === 'ready' && state.tenants.value.map((t) => t.name)).toEqual(['alpha', 'beta']);
      expect(notified).toBeGreaterThan(0);
      expect(fake.calls.map((c) => c.name).sort()).toEqual(['countTenantMailboxes', 'getSession', 'listTenants']);
    });

    it('paints the tenants before their mailbox counts, then fills the counts in', async () => {
      const fake = createInMemoryApi(directory());
      const store = createConsoleStore(fake.api);
      const seen: (number | null)[][] = [];
      store.subscribe(() => {
        const tenants = store.getState().tenants;
        if (tenants.status === 'ready') seen.push(tenants.value.map((t) => t.mailboxCount));
      });
      store.actions.start();
      await settle();
      // Two tenants fit in the first screen: that answer is the whole list, asked for once.
      expect(fake.calls.filter((c) => c.name === 'listTenants').map((c) => c.request)).toEqual([{ first: firstScreenTenants }]);
      const final = store.getState().tenants;
      expect(seen[0]?.every((count) => count === null)).toBe(true);
      expect(final.status === 'ready' && final.value.map((t) => `${t.name}:${t.mailboxCount}`)).toEqual(['alpha:105', 'beta:1']);
    });

    it('paints the first screen of a long list, then the whole list, and reloads without the first screen', async () => {
      const many = Array.from({ length: firstScreenTenants + 50 }, (_, i) => tenant(`t${String(i).padStart(4, '0')}`, [`t${i}.test`], 2));
      const fake = createInMemoryApi({ ...directory(), tenants: [...many].reverse() });
      const store = createConsoleStore(fake.api);
      const shown: { rows: number; partial: boolean }[] = [];
      store.subscribe(() => {
        const { tenants, tenantsPartial } = store.getState();
        if (tenants.status === 'ready') shown.push({ rows: tenants.value.length, partial: tenantsPartial });
      });
      store.actions.start();
      await settle();
      expect(shown[0]).toEqual({ rows: firstScreenTenants, partial: true });
      expect(shown.at(-1)).toEqual({ rows: many.length, partial: false });
      const first = store.getState().tenants;
      expect(first.status === 'ready' && first.value.slice(0, 2).map((t) => t.name)).toEqual(['t0000', 't0001']);
      expect(fake.calls.filter((c) => c.name === 'listTenants').map((c) => c.request)).toEqual([{ first: firstScreenTenants }, { counts: false }]);
      // A reload keeps the whole list on screen until the new one is back: no first screen in between.
      fake.calls.length = 0;
      await store.actions.refresh();
      await settle();
      expect(fake.calls.filter((c) => c.name === 'listTenants').map((c) => c.request)).toEqual([{ counts: false }]);
      expect(shown.slice(shown.findIndex((s) => s.partial) + 1).every((s) => !s.partial)).toBe(true);
    });

    it('reloads after the connection comes back', async () => {
      const fake = createInMemoryApi(directory());
      const store = createConsoleStore(fake.api);
      store.actions.start();
      await settle();
      await store.actions.selectTenant('beta');
      fake.calls.length = 0;

      fake.emit('connectionState', { state: 'reconnecting', url: 'ldap://127.0.0.1:3890' });
      expect(store.getState().connection?.state).toBe('reconnecting');
      expect(fake.calls).toEqual([]);

      fake.emit('connectionState', { state: 'connected', url: 'ldap://127.0.0.1:3890' });
      await settle();
      expect(fake.calls.map((c) => c.name).sort()).toEqual(['countTenantMailboxes', 'getSession', 'listMailboxes', 'listTenants']);
      expect(store.getState().mailboxes).toMatchObject({ tenant: 'beta', status: 'ready', generation: 2 });
    });

    it('retries a tenant list that failed once the directory is reachable', async () => {
      const fake = createInMemoryApi(directory());
      fake.failNext('listTenants', { kind: 'not-connected', message: 'Not connected to a directory.' });
      const store = createConsoleStore(fake.api);
      store.actions.start();
      await settle();
      expect(store.getState().tenants.status).toBe('failed');
      fake.emit('connectionState', { state: 'connected', url: 'ldap://127.0.0.1:3890' });
      await settle();
      expect(store.getState().tenants.status).toBe('ready');
    });
  });

  describe('#selectTenant()', () => {
    it('shows the first page at once and loads the rest on request', async () => {
      const fake = createInMemoryApi(directory());
      const store = createConsoleStore(fake.api);
      await store.actions.loadTenants();
      await store.actions.selectTenant('alpha');
      expect(fake.calls.at(-1)).toEqual({ name: 'listMailboxes', request: { tenant: 'alpha', pageSize: mailboxPageSize } });
      expect(store.getState().mailboxes?.items).toHaveLength(mailboxPageSize);
      expect(store.getState().mailboxes?.nextCursor).not.toBeNull();

      await store.actions.loadMoreMailboxes();
      expect(fake.calls.at(-1)?.request).toMatchObject({ cursor: String(mailboxPageSize) });
      expect(store.getState().mailboxes?.items).toHaveLength(mailboxPageSize + 5);
      expect(store.getState().mailboxes?.nextCursor).toBeNull();

      const before = fake.calls.length;
      await store.actions.loadMoreMailboxes();
      expect(fake.calls.length).toBe(before);
    });

    it('does not fetch again for the tenant already shown', async () => {
      const fake = createInMemoryApi(directory());
      const store = createConsoleStore(fake.api);
      await store.actions.loadTenants();
      await store.actions.selectTenant('beta');
      const before = fake.calls.length;
      await store.actions.selectTenant('beta');
      expect(fake.calls.length).toBe(before);
    });

    it('shows the last selected tenant even when an earlier reply arrives late', async () => {
      const fake = createInMemoryApi(directory());
      const store = createConsoleStore(fake.api);
      await store.actions.loadTenants();
      const gate = fake.holdMailboxReplies();
      const slow = store.actions.selectTenant('alpha');
      const fast = store.actions.selectTenant('beta');
      gate.release();
      await Promise.all([slow, fast]);
      const listing = store.getState().mailboxes;
      expect(listing?.tenant).toBe('beta');
      expect(listing?.items.map((m) => m.login)).toEqual(['bea']);
    });

    it('keeps a failure as data next to the rows already shown, and retries the same page', async () => {
      const fake = createInMemoryApi(directory());
      const store = createConsoleStore(fake.api);
      await store.actions.loadTenants();
      await store.actions.selectTenant('alpha');
      fake.failNext('listMailboxes', { kind: 'connection-lost', message: 'The directory closed the connection.' });
      await store.actions.loadMoreMailboxes();
      expect(store.getState().mailboxes).toMatchObject({ status: 'failed', error: { kind: 'connection-lost' } });
      expect(store.getState().mailboxes?.items).toHaveLength(mailboxPageSize);

      await store.actions.retryMailboxes();
      expect(fake.calls.at(-1)?.request).toMatchObject({ cursor: String(mailboxPageSize) });
      expect(store.getState().mailboxes).toMatchObject({ status: 'ready', nextCursor: null });
      expect(store.getState().mailboxes?.items).toHaveLength(mailboxPageSize + 5);
    });
  });

  describe('#switchConnection()', () => {
    const elsewhere = { id: 'other', urls: ['ldap://10.0.0.9:389'] };

    it('keeps saying Connected after a failed attempt: what main pushed about the attempt is not the session', async () => {
      const fake = createInMemoryApi(directory());
      const store = createConsoleStore(fake.api);
      store.actions.start();
      await settle();
      fake.serve('connect', () => {
        // Main's words for "none of the attempt's servers answered": disconnected, no URL.
        fake.emit('connectionState', { state: 'disconnected', url: null, message: 'Cannot reach ldap://10.0.0.9:389.' });
        fake.emit('connectionState', { state: 'disconnected', url: 'ldap://10.0.0.9:389', message: 'connect ECONNREFUSED' });
        return fail({ kind: 'server-unreachable', url: 'ldap://10.0.0.9:389', message: 'Cannot reach ldap://10.0.0.9:389.' });
      });
      fake.calls.length = 0;
      const result = await store.actions.switchConnection(elsewhere, 'secret');
      expect(result.ok).toBe(false);
      expect(connectionStatus(store.getState())).toMatchObject({ state: 'connected', url: 'ldap://127.0.0.1:3890' });
      expect(fake.calls.map((c) => c.name)).toEqual(['connect', 'getSession']);

      // A late word about the attempt changes nothing; news about the session in use still shows.
      fake.emit('connectionState', { state: 'disconnected', url: 'ldap://10.0.0.9:389' });
      expect(connectionStatus(store.getState()).state).toBe('connected');
      fake.emit('connectionState', { state: 'reconnecting', url: 'ldap://127.0.0.1:3890' });
      expect(connectionStatus(store.getState()).state).toBe('reconnecting');
    });

    it('starts over on the new directory when the attempt succeeds', async () => {
      const fake = createInMemoryApi(directory());
      const store = createConsoleStore(fake.api);
      store.actions.start();
      await settle();
      await store.actions.selectTenant('beta');
      const session = { ...sandboxSession, connection: { ...sandboxSession.connection!, profileId: 'other', url: 'ldap://10.0.0.9:389', isSandbox: false } };
      fake.serve('connect', () => ({ ok: true, value: session }));
      await store.actions.switchConnection(elsewhere, 'secret');
      expect(store.getState()).toMatchObject({ selectedTenant: null, connection: null, tenants: { status: 'ready' } });
      expect(connectionStatus(store.getState())).toMatchObject({ state: 'connected', url: 'ldap://10.0.0.9:389' });
    });
  });

  describe('#dispose()', () => {
    it('removes every event listener it added', () => {
      const fake = createInMemoryApi(directory());
      const store = createConsoleStore(fake.api);
      store.actions.start();
      expect(fake.listenerCount()).toBe(2);
      store.actions.dispose();
      expect(fake.listenerCount()).toBe(0);
    });
  });
});
