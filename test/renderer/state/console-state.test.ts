import { describe, expect, it } from 'vitest';
import {
  initialConsoleState,
  reduceConsole,
  selectedTenantSummary,
  type ConsoleEvent,
  type ConsoleState,
} from '../../../renderer/state/console-state';
import { mailbox, sandboxSession, tenant } from './fixtures';

const run = (events: ConsoleEvent[], from: ConsoleState = initialConsoleState): ConsoleState =>
  events.reduce(reduceConsole, from);

const notConnected = { kind: 'not-connected', message: 'Not connected to a directory.' } as const;

describe('reduceConsole()', () => {
  describe('tenants', () => {
    it('goes from loading to a list sorted by name', () => {
      const state = run([
        { type: 'tenants-requested' },
        { type: 'tenants-loaded', tenants: [tenant('zeta', ['zeta.test']), tenant('alpha', ['alpha.test'])] },
      ]);
      expect(state.tenants.status).toBe('ready');
      expect(state.tenants.status === 'ready' && state.tenants.value.map((t) => t.name)).toEqual(['alpha', 'zeta']);
    });

    it('keeps the error as data', () => {
      const state = run([{ type: 'tenants-requested' }, { type: 'tenants-failed', error: notConnected }]);
      expect(state.tenants).toEqual({ status: 'failed', error: notConnected });
    });

    it('drops the selection when the selected tenant disappears on reload', () => {
      const state = run([
        { type: 'tenants-loaded', tenants: [tenant('alpha', ['alpha.test']), tenant('beta', ['beta.test'])] },
        { type: 'tenant-selected', tenant: 'beta' },
        { type: 'tenants-loaded', tenants: [tenant('alpha', ['alpha.test'])] },
      ]);
      expect(state.selectedTenant).toBeNull();
      expect(state.mailboxes).toBeNull();
    });

    it('shows a first screen until the whole list arrives, never over a whole list, and keeps the selection through it', () => {
      const alpha = tenant('alpha', ['alpha.test']);
      const omega = tenant('omega', ['omega.test']);
      const screen = run([{ type: 'tenants-requested' }, { type: 'tenants-loaded', tenants: [alpha], partial: true }]);
      expect(screen.tenantsPartial).toBe(true);
      expect(screen.tenants.status === 'ready' && screen.tenants.value.map((t) => t.name)).toEqual(['alpha']);
      const whole = run([{ type: 'tenant-selected', tenant: 'alpha' }, { type: 'tenants-loaded', tenants: [alpha, omega] }], screen);
      expect(whole.tenantsPartial).toBe(false);
      expect(whole.selectedTenant).toBe('alpha');
      const late = run([{ type: 'tenants-loaded', tenants: [alpha], partial: true }], whole);
      expect(late).toBe(whole);
      // A tenant further down, selected before the whole list came (a saved view), is not dropped by the first screen.
      const further = run([{ type: 'tenant-selected', tenant: 'omega' }, { type: 'tenants-loaded', tenants: [alpha], partial: true }]);
      expect(further.selectedTenant).toBe('omega');
    });

    it('keeps the selection when the selected tenant is still there', () => {
      const state = run([
        { type: 'tenants-loaded', tenants: [tenant('alpha', ['alpha.test'])] },
        { type: 'tenant-selected', tenant: 'alpha' },
        { type: 'tenants-loaded', tenants: [tenant('alpha', ['alpha.test'], 3)] },
      ]);
      expect(state.selectedTenant).toBe('alpha');
      expect(selectedTenantSummary(state)?.mailboxCount).toBe(3);
    });
  });

  describe('mailboxes', () => {
    const selected = run([
      { type: 'tenants-loaded', tenants: [tenant('alpha', ['alpha.test']), tenant('beta', ['beta.test'])] },
      { type: 'tenant-selected', tenant: 'alpha' },
    ]);

    it('starts an empty loading listing for the selected tenant', () => {
      expect(selected.mailboxes).toMatchObject({ tenant: 'alpha', generation: 1, items: [], status: 'loading' });
    });

    it('appends pages and remembers the cursor', () => {
      const state = run(
        [
          { type: 'mailbox-page-loaded', tenant: 'alpha', generation: 1, items: [mailbox('alpha', 'ann', 'alpha.test')], nextCursor: 'c1' },
          { type: 'mailbox-page-requested', tenant: 'alpha', generation: 1 },
        ],
        selected,
      );
      expect(state.mailboxes?.status).toBe('loading-more');
      const done = reduceConsole(state, {
        type: 'mailbox-page-loaded',
        tenant: 'alpha',
        generation: 1,
        items: [mailbox('alpha', 'bob', 'alpha.test')],
        nextCursor: null,
      });
      expect(done.mailboxes?.items.map((m) => m.login)).toEqual(['ann', 'bob']);
      expect(done.mailboxes?.nextCursor).toBeNull();
      expect(done.mailboxes?.status).toBe('ready');
    });

    it('ignores a late page for a tenant the user already left', () => {
      const switched = reduceConsole(selected, { type: 'tenant-selected', tenant: 'beta' });
      const state = reduceConsole(switched, {
        type: 'mailbox-page-loaded',
        tenant: 'alpha',
        generation: 1,
        items: [mailbox('alpha', 'ann', 'alpha.test')],
        nextCursor: null,
      });
      expect(state).toBe(switched);
      expect(state.mailboxes).toMatchObject({ tenant: 'beta', generation: 2, items: [] });
    });

    it('ignores a late page of an earlier listing of the same tenant', () => {
      const refreshed = reduceConsole(selected, { type: 'tenant-selected', tenant: 'alpha', refresh: true });
      expect(refreshed.mailboxes?.generation).toBe(2);
      const state = reduceConsole(refreshed, {
        type: 'mailbox-page-loaded',
        tenant: 'alpha',
        generation: 1,
        items: [mailbox('alpha', 'ann', 'alpha.test')],
        nextCursor: null,
      });
      expect(state).toBe(refreshed);
    });

    it('does nothing when the shown tenant is selected again', () => {
      expect(reduceConsole(selected, { type: 'tenant-selected', tenant: 'alpha' })).toBe(selected);
    });

    it('keeps rows already shown when a later page fails, and a re-selection starts over', () => {
      const failedMore = run(
        [
          { type: 'mailbox-page-loaded', tenant: 'alpha', generation: 1, items: [mailbox('alpha', 'ann', 'alpha.test')], nextCursor: 'c1' },
          { type: 'mailbox-page-failed', tenant: 'alpha', generation: 1, error: notConnected },
        ],
        selected,
      );
      expect(failedMore.mailboxes).toMatchObject({ status: 'failed', error: notConnected, nextCursor: 'c1' });
      expect(failedMore.mailboxes?.items).toHaveLength(1);
      const again = reduceConsole(failedMore, { type: 'tenant-selected', tenant: 'alpha' });
      expect(again.mailboxes).toMatchObject({ status: 'loading', items: [], generation: 2 });
    });
  });

  describe('session and connection', () => {
    it('records the session and later sandbox changes', () => {
      const state = run([
        { type: 'session-requested' },
        { type: 'session-loaded', session: sandboxSession },
        { type: 'sandbox-changed', sandbox: { state: 'stopped', message: 'slapd exited' } },
      ]);
      expect(state.session.status === 'ready' && state.session.value.sandbox).toEqual({ state: 'stopped', message: 'slapd exited' });
    });

    it('keeps the known session visible while it is fetched again', () => {
      const loaded = run([{ type: 'session-loaded', session: sandboxSession }]);
      expect(reduceConsole(loaded, { type: 'session-requested' })).toBe(loaded);
    });

    it('ignores sandbox news before the session is known', () => {
      expect(reduceConsole(initialConsoleState, { type: 'sandbox-changed', sandbox: { state: 'running' } })).toBe(
        initialConsoleState,
      );
    });

    it('stores the pushed connection state', () => {
      const state = reduceConsole(initialConsoleState, {
        type: 'connection-changed',
        connection: { state: 'reconnecting', url: 'ldap://127.0.0.1:3890', message: 'Connection reset' },
      });
      expect(state.connection?.state).toBe('reconnecting');
    });
  });
});

describe('reduceConsole() for editors and navigation', () => {
  const base = run([
    { type: 'tenants-loaded', tenants: [tenant('alpha', ['alpha.test'], 1)] },
    { type: 'tenant-selected', tenant: 'alpha' },
    { type: 'mailbox-page-loaded', tenant: 'alpha', generation: 1, items: [mailbox('alpha', 'ann', 'alpha.test')], nextCursor: null },
  ]);

  it('replaces an edited row, appends a created one and counts it, drops a deleted one', () => {
    const edited = reduceConsole(base, { type: 'mailbox-changed', tenant: 'alpha', login: 'ann', mailbox: { ...mailbox('alpha', 'ann', 'alpha.test'), displayName: 'Ann B.' } });
    expect(edited.mailboxes?.items.map((m) => m.displayName)).toEqual(['Ann B.']);
    expect(selectedTenantSummary(edited)?.mailboxCount).toBe(1);
    const created = reduceConsole(edited, { type: 'mailbox-changed', tenant: 'alpha', login: 'bob', mailbox: mailbox('alpha', 'bob', 'alpha.test'), created: true });
    expect(created.mailboxes?.items).toHaveLength(2);
    expect(selectedTenantSummary(created)?.mailboxCount).toBe(2);
    const opened = reduceConsole(created, { type: 'mailbox-opened', login: 'bob' });
    const deleted = reduceConsole(opened, { type: 'mailbox-changed', tenant: 'alpha', login: 'bob', mailbox: null });
    expect(deleted.mailboxes?.items).toHaveLength(1);
    expect(deleted.openMailbox).toBeNull();
    expect(selectedTenantSummary(deleted)?.mailboxCount).toBe(1);
  });

  it('starts a fresh listing for a server-side search and ignores a stale search reply', () => {
    const searching = reduceConsole(base, { type: 'tenant-selected', tenant: 'alpha', query: 'ann' });
    expect(searching.mailboxes).toMatchObject({ query: 'ann', generation: 2, items: [], status: 'loading' });
    const search = run([{ type: 'search-requested', query: 'new' }, { type: 'search-loaded', query: 'old', hits: [] }], base);
    expect(search.search?.results.status).toBe('loading');
  });

  it('switching connections forgets everything of the old directory', () => {
    const switched = reduceConsole(base, { type: 'connection-switched', session: sandboxSession });
    expect(switched).toMatchObject({ selectedTenant: null, mailboxes: null, tenants: { status: 'idle' }, session: { status: 'ready' } });
  });
});
