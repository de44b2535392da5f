/**
 * The console's store: holds ConsoleState, and is the only place that talks to main. Components read
 * the state and call these actions; outcomes flow back through reduceConsole and out to subscribers.
 */
import type { Result } from '../../shared/errors';
import type { EnclaveApi } from '../../shared/ipc/contract';
import type { SessionInfo } from '../../shared/model/connection';
import type { Mailbox } from '../../shared/model/hosting';
import { initialConsoleState, reduceConsole, type ConsoleEvent, type ConsoleState, type TenantSection } from './console-state';

/** Rows per listMailboxes page: one screenful or two, so the first page shows at once. */
export const mailboxPageSize = 100;
/** Rows per later page: fewer round trips once the first rows are on screen. */
export const laterMailboxPageSize = 1000;

export interface ConsoleActions {
  /** Subscribe to main's events and load the session and tenant list. */
  start(): void;
  loadTenants(): Promise<void>;
  selectTenant(tenant: string): Promise<void>;
  /** Fetch the next page of the selected tenant's mailboxes, if there is one and none is on its way. */
  loadMoreMailboxes(): Promise<void>;
  /** After a failed page: retry it (or the whole listing when nothing was shown yet). */
  retryMailboxes(): Promise<void>;
  /** Show a tenant's groups, lists or settings (mailboxes: selectTenant). */
  selectSection(tenant: string, section: TenantSection): Promise<void>;
  /** Restart the selected tenant's listing with only mailboxes matching `query` (searched on the server). */
  searchMailboxes(query: string): Promise<void>;
  /** Fetch the tenant's groups and lists (tree counts, group panes, member-of). */
  loadGroups(tenant: string): Promise<void>;
  /** Open a mailbox in the properties panel (null closes it). */
  openMailbox(login: string | null): void;
  /** Tell the store about a mailbox written through an editor (null = deleted). */
  mailboxChanged(tenant: string, login: string, mailbox: Mailbox | null, created?: boolean): void;
  /** F5: reload the tenant list and whatever the selected tenant shows. */
  refresh(): Promise<void>;
  /** Search the whole directory. */
  searchDirectory(query: string): Promise<void>;
  closeSearch(): void;
  /** Connect to a saved connection and start over on it. */
  switchConnection(profileId: string, password?: string): Promise<Result<SessionInfo>>;
  /** Drop main's event subscriptions. */
  dispose(): void;
}

export interface ConsoleStore {
  getState(): ConsoleState;
  /** Called after every change; returns the unsubscriber. */
  subscribe(listener: () => void): () => void;
  actions: ConsoleActions;
  /** For editors and dialogs that own their form state and report outcomes through actions. */
  api: EnclaveApi;
}

export function createConsoleStore(api: EnclaveApi, initial: ConsoleState = initialConsoleState): ConsoleStore {
  let state = initial;
  const listeners = new Set<() => void>();
  const disposers: (() => void)[] = [];

  const dispatch = (event: ConsoleEvent): void => {
    const next = reduceConsole(state, event);
    if (next === state) return;
    state = next;
    for (const listener of [...listeners]) listener();
  };

  async function loadSession(): Promise<void> {
    dispatch({ type: 'session-requested' });
    const result = await api.getSession({});
    dispatch(result.ok ? { type: 'session-loaded', session: result.value } : { type: 'session-failed', error: result.error });
  }

  async function loadTenants(): Promise<void> {
    dispatch({ type: 'tenants-requested' });
    const result = await api.listTenants({});
    dispatch(result.ok ? { type: 'tenants-loaded', tenants: result.value } : { type: 'tenants-failed', error: result.error });
  }

  async function loadMailboxPage(): Promise<void> {
    const listing = state.mailboxes;
    if (listing === null) return;
    const { tenant, generation } = listing;
    const cursor = listing.items.length > 0 ? listing.nextCursor : null;
    // A listing that already shows rows but has no cursor is complete.
    if (listing.items.length > 0 && cursor === null) return;
    dispatch({ type: 'mailbox-page-requested', tenant, generation });
    const pageSize = cursor !== null ? laterMailboxPageSize : mailboxPageSize;
    const query = listing.query !== '' ? { query: listing.query } : {};
    const result = await api.listMailboxes({ tenant, pageSize, ...(cursor !== null ? { cursor } : {}), ...query });
    dispatch(
      result.ok
        ? { type: 'mailbox-page-loaded', tenant, generation, items: result.value.items, nextCursor: result.value.nextCursor }
        : { type: 'mailbox-page-failed', tenant, generation, error: result.error },
    );
  }

  const reloadAfterReconnect = async (): Promise<void> => {
    await Promise.all([loadSession(), loadTenants()]);
    // Read after the tenant list came back: a tenant deleted meanwhile is no longer selected.
    const selected = state.selectedTenant;
    if (selected !== null) {
      // Force a fresh listing: the directory may have changed while we were away.
      dispatch({ type: 'tenant-selected', tenant: selected, refresh: true });
      await loadMailboxPage();
    }
  };

  const actions: ConsoleActions = {
    start() {
      disposers.push(
        api.on('connectionState', (connection) => {
          const previous = state.connection;
          dispatch({ type: 'connection-changed', connection });
          const cameBack = previous !== null && previous.state !== 'connected';
          if (connection.state === 'connected' && (cameBack || state.tenants.status === 'failed')) {
            void reloadAfterReconnect();
          }
        }),
        api.on('sandboxState', (sandbox) => dispatch({ type: 'sandbox-changed', sandbox })),
      );
      void loadSession();
      void loadTenants();
    },
    loadTenants,
    async selectTenant(tenant) {
      const before = state.mailboxes;
      dispatch({ type: 'tenant-selected', tenant });
      // Re-selecting the tenant already shown changes nothing and fetches nothing.
      if (state.mailboxes !== before) await loadMailboxPage();
    },
    async loadMoreMailboxes() {
      const listing = state.mailboxes;
      if (listing === null || listing.status !== 'ready' || listing.nextCursor === null) return;
      await loadMailboxPage();
    },
    async retryMailboxes() {
      const listing = state.mailboxes;
      if (listing === null || listing.status !== 'failed') return;
      if (listing.items.length === 0) {
        await actions.selectTenant(listing.tenant);
      } else {
        await loadMailboxPage();
      }
    },
    async selectSection(tenant, section) {
      if (section === 'mailboxes') return actions.selectTenant(tenant);
      dispatch({ type: 'section-selected', tenant, section });
      if (section !== 'settings' && state.groups[tenant]?.status !== 'ready') await actions.loadGroups(tenant);
    },
    async searchMailboxes(query) {
      const tenant = state.selectedTenant;
      if (tenant === null) return;
      const before = state.mailboxes;
      dispatch({ type: 'tenant-selected', tenant, query: query.trim() });
      if (state.mailboxes !== before) await loadMailboxPage();
    },
    async loadGroups(tenant) {
      dispatch({ type: 'groups-requested', tenant });
      const result = await api.listGroups({ tenant });
      dispatch(result.ok ? { type: 'groups-loaded', tenant, groups: result.value } : { type: 'groups-failed', tenant, error: result.error });
    },
    openMailbox(login) {
      dispatch({ type: 'mailbox-opened', login });
    },
    mailboxChanged(tenant, login, mailbox, created) {
      dispatch({ type: 'mailbox-changed', tenant, login, mailbox, ...(created ? { created } : {}) });
    },
    async refresh() {
      await loadTenants();
      const tenant = state.selectedTenant;
      if (tenant === null) return;
      if (state.section === 'mailboxes') {
        dispatch({ type: 'tenant-selected', tenant, refresh: true });
        await loadMailboxPage();
      } else if (state.section !== 'settings') {
        await actions.loadGroups(tenant);
      }
    },
    async searchDirectory(query) {
      const text = query.trim();
      if (text === '') return actions.closeSearch();
      dispatch({ type: 'search-requested', query: text });
      const result = await api.searchDirectory({ query: text, limit: 200 });
      dispatch(result.ok ? { type: 'search-loaded', query: text, hits: result.value } : { type: 'search-failed', query: text, error: result.error });
    },
    closeSearch() {
      dispatch({ type: 'search-closed' });
    },
    async switchConnection(profileId, password) {
      const result = await api.connect({ profileId, ...(password !== undefined ? { password } : {}) });
      if (result.ok) {
        dispatch({ type: 'connection-switched', session: result.value });
        await loadTenants();
      }
      return result;
    },
    dispose() {
      for (const dispose of disposers.splice(0)) dispose();
    },
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    actions,
    api,
  };
}
