/**
 * The console's store: holds ConsoleState, and is the only place that talks to main (lint refuses the API
 * anywhere else in the renderer). Components read the state and call these actions; outcomes flow back
 * through reduceConsole and out to subscribers. Writes answer their Result too, for the form that asked.
 */
import type { Result } from '../../shared/errors';
import type { EnclaveApi } from '../../shared/ipc/contract';
import type { SessionInfo } from '../../shared/model/connection';
import { firstScreenTenants } from '../../shared/model/hosting';
import { auditViewApi } from './actions/audit-view-api';
import { connectionActions, type ConnectionActions } from './actions/connection-actions';
import { groupActions, type GroupActions } from './actions/group-actions';
import { importActions, type ImportActions } from './actions/import-actions';
import { conformanceActions, type ConformanceActions } from './actions/conformance-actions';
import { keysActions, type KeysActions } from './actions/keys-actions';
import { lifecycleActions, type LifecycleActions } from './actions/lifecycle-actions';
import { mailboxActions, type MailboxActions } from './actions/mailbox-actions';
import { reportActions, type ReportActions } from './actions/report-actions';
import type { StoreKernel } from './actions/store-kernel';
import { tenantActions, type TenantActions } from './actions/tenant-actions';
import { initialConsoleState, reduceConsole, type ConsoleEvent, type ConsoleState, type TenantSection } from './console-state';

/** Rows per listMailboxes page: one screenful or two, so the first page shows at once. */
export const mailboxPageSize = 100;
/** Rows per later page: fewer round trips once the first rows are on screen. */
export const laterMailboxPageSize = 1000;

/** A saved connection as far as connecting needs it: which one, and the servers it will try. */
export interface ConnectionTarget {
  id: string;
  urls: readonly string[];
}

export interface NavigationActions {
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
  /** F5: reload the tenant list and whatever the selected tenant shows. */
  refresh(): Promise<void>;
  /** Search the whole directory. */
  searchDirectory(query: string): Promise<void>;
  closeSearch(): void;
  /**
   * Connect to a saved connection and start over on it. What main pushes about the attempt's servers is not
   * news about the session in use: a failed attempt leaves the header on the session that still works.
   */
  switchConnection(target: ConnectionTarget, password?: string): Promise<Result<SessionInfo>>;
  /** Drop main's event subscriptions. */
  dispose(): void;
}

/** Everything a component may ask of main, each named as its contract call where it is one. */
export type ConsoleActions = NavigationActions & MailboxActions & GroupActions & TenantActions & ConnectionActions & ImportActions & ReportActions & KeysActions & LifecycleActions & ConformanceActions;

export interface ConsoleStore {
  getState(): ConsoleState;
  /** Called after every change; returns the unsubscriber. */
  subscribe(listener: () => void): () => void;
  actions: ConsoleActions;
  /** The audit viewer's restricted API (actions/audit-view-api.ts). */
  auditViewApi: EnclaveApi;
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
    const firstLoad = state.tenants.status !== 'ready';
    dispatch({ type: 'tenants-requested' });
    // On the first load the tree's first screen comes first: 10,000 tenants are 3.3 MB to send and parse.
    if (firstLoad) {
      const screen = await api.listTenants({ first: firstScreenTenants });
      if (!screen.ok) {
        dispatch({ type: 'tenants-failed', error: screen.error });
        return;
      }
      // Fewer than a screenful is every tenant.
      const whole = screen.value.length < firstScreenTenants;
      dispatch({ type: 'tenants-loaded', tenants: screen.value, partial: !whole });
      if (whole) return loadTenantCounts();
    }
    // Names next (the whole tree), then the counts: counting reads every mailbox DN (seconds at 100,000).
    const result = await api.listTenants({ counts: false });
    dispatch(result.ok ? { type: 'tenants-loaded', tenants: result.value } : { type: 'tenants-failed', error: result.error });
    if (result.ok) await loadTenantCounts();
  }

  async function loadTenantCounts(): Promise<void> {
    const counts = await api.countTenantMailboxes({});
    if (counts.ok) dispatch({ type: 'tenant-counts-loaded', counts: counts.value });
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

  /**
   * The servers of a connect attempt in flight (until the session is read again after a failure). What main
   * pushes about them — or about no server at all, its word for "none of the attempt's servers answered" —
   * is the attempt's news, not the session's. After a failure, later news of its servers is still ignored.
   */
  let attemptUrls: ReadonlySet<string> | null = null;
  let failedUrls: ReadonlySet<string> = new Set();
  const activeUrl = (): string | null => (state.session.status === 'ready' ? (state.session.value.connection?.url ?? null) : null);

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

  const kernel: StoreKernel = { api, dispatch, getState: () => state };

  const navigation: NavigationActions = {
    start() {
      disposers.push(
        api.on('connectionState', (connection) => {
          const url = connection.url;
          const attempts = attemptUrls !== null && (url === null || attemptUrls.has(url));
          if ((attempts || (url !== null && failedUrls.has(url))) && url !== activeUrl()) return;
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
        await navigation.selectTenant(listing.tenant);
      } else {
        await loadMailboxPage();
      }
    },
    async selectSection(tenant, section) {
      if (section === 'mailboxes') return navigation.selectTenant(tenant);
      dispatch({ type: 'section-selected', tenant, section });
      if ((section === 'groups' || section === 'lists') && state.groups[tenant]?.status !== 'ready') await navigation.loadGroups(tenant);
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
    async refresh() {
      await loadTenants();
      const tenant = state.selectedTenant;
      if (tenant === null) return;
      if (state.section === 'mailboxes') {
        dispatch({ type: 'tenant-selected', tenant, refresh: true });
        await loadMailboxPage();
      } else if (state.section === 'groups' || state.section === 'lists') {
        await navigation.loadGroups(tenant);
      }
    },
    async searchDirectory(query) {
      const text = query.trim();
      if (text === '') return navigation.closeSearch();
      dispatch({ type: 'search-requested', query: text });
      const result = await api.searchDirectory({ query: text, limit: 200 });
      dispatch(result.ok ? { type: 'search-loaded', query: text, hits: result.value } : { type: 'search-failed', query: text, error: result.error });
    },
    closeSearch() {
      dispatch({ type: 'search-closed' });
    },
    async switchConnection(target, password) {
      attemptUrls = new Set(target.urls);
      const result = await api.connect({ profileId: target.id, ...(password !== undefined ? { password } : {}) });
      if (result.ok) {
        attemptUrls = null;
        failedUrls = new Set();
        dispatch({ type: 'connection-switched', session: result.value });
        await loadTenants();
      } else {
        // Main keeps the session it had; ask it, rather than trust what the attempt pushed.
        dispatch({ type: 'connect-failed' });
        await loadSession();
        failedUrls = new Set([...failedUrls, ...target.urls]);
        attemptUrls = null;
      }
      return result;
    },
    dispose() {
      for (const dispose of disposers.splice(0)) dispose();
    },
  };

  const actions: ConsoleActions = {
    ...navigation,
    ...mailboxActions(kernel, navigation.loadGroups),
    ...groupActions(kernel),
    ...tenantActions(kernel),
    ...connectionActions(kernel),
    ...importActions(kernel),
    ...reportActions(kernel),
    ...keysActions(kernel),
    ...lifecycleActions(kernel),
    ...conformanceActions(kernel),
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    actions,
    auditViewApi: auditViewApi(api),
  };
}
