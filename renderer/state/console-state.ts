/**
 * The console's state and the only function that changes it. Pure: actions in the store call main and
 * feed the outcomes here as events, so every transition can be tested without a window or a server.
 */
import type { ConformanceReport } from '../../shared/model/conformance';
import type { EnclaveError } from '../../shared/errors';
import type { EventPayloads } from '../../shared/ipc/contract';
import type { SessionInfo } from '../../shared/model/connection';
import type { Group, GroupKind, Mailbox, SearchHit, Tenant, TenantSummary } from '../../shared/model/hosting';
import type { ImportReportState } from './import-report';
import { failed, idle, loading, ready, type Loadable } from './loadable';

/** What the middle pane shows for a tenant: the tree's third level. */
export const tenantSections = ['mailboxes', 'groups', 'lists', 'settings', 'keys', 'deleted'] as const;
export type TenantSection = (typeof tenantSections)[number];

/** The selected tenant's mailboxes, filled page by page. */
export interface MailboxListing {
  tenant: string;
  /** Increments on every fresh listing so late pages of an earlier one are dropped. */
  generation: number;
  /** The server-side search text this listing was started with ('' = every mailbox). */
  query: string;
  items: Mailbox[];
  nextCursor: string | null;
  /** 'loading' before the first page, 'loading-more' while a later page is on its way. */
  status: 'loading' | 'ready' | 'loading-more' | 'failed';
  error: EnclaveError | null;
}

/** The directory-wide search and its hits. */
export interface DirectorySearch {
  query: string;
  results: Loadable<SearchHit[]>;
}

export interface ConsoleState {
  session: Loadable<SessionInfo>;
  /** Last pushed connection state; null until main first reports one. */
  connection: EventPayloads['connectionState'] | null;
  tenants: Loadable<TenantSummary[]>;
  /** The tenant list is being read again; the one shown stays until the new one arrives. */
  tenantsRefreshing: boolean;
  /** The list holds only the tree's first screen (the first tenants by name); the whole list is on its way. */
  tenantsPartial: boolean;
  selectedTenant: string | null;
  section: TenantSection;
  mailboxes: MailboxListing | null;
  /** Groups and lists per tenant, fetched when the tenant is expanded in the tree. */
  groups: Readonly<Record<string, Loadable<Group[]>>>;
  /** Login of the mailbox open in the properties panel. */
  openMailbox: string | null;
  search: DirectorySearch | null;
  /** Import job id → its report's generated passwords and whether it was downloaded (state/import-report.ts). */
  importReports: Readonly<Record<string, ImportReportState>>;
  /** The last conformance scan of this connection (run on request); null before the first. */
  conformance: ConformanceReport | null;
}

export const initialConsoleState: ConsoleState = {
  session: idle,
  connection: null,
  tenants: idle,
  tenantsRefreshing: false,
  tenantsPartial: false,
  selectedTenant: null,
  section: 'mailboxes',
  mailboxes: null,
  groups: {},
  openMailbox: null,
  search: null,
  importReports: {},
  conformance: null,
};

export type ConsoleEvent =
  | { type: 'session-requested' }
  | { type: 'session-loaded'; session: SessionInfo }
  | { type: 'session-failed'; error: EnclaveError }
  | { type: 'connection-changed'; connection: EventPayloads['connectionState'] }
  | { type: 'sandbox-changed'; sandbox: SessionInfo['sandbox'] }
  /** Another directory was connected: everything shown belonged to the old one. */
  | { type: 'connection-switched'; session: SessionInfo }
  /** A connect failed: what main pushed about the attempt says nothing about the session still in use. */
  | { type: 'connect-failed' }
  | { type: 'tenants-requested' }
  | { type: 'tenants-loaded'; tenants: TenantSummary[]; partial?: boolean }
  | { type: 'tenant-counts-loaded'; counts: Record<string, number> }
  | { type: 'conformance-checked'; report: ConformanceReport }
  | { type: 'tenants-failed'; error: EnclaveError }
  /** A tenant created or changed through the console (its mailbox count is kept, or 0 when new). */
  | { type: 'tenant-saved'; tenant: Tenant }
  | { type: 'tenant-deleted'; tenant: string }
  /** `refresh` starts a fresh listing even when the tenant is already shown; `query` searches within it. */
  | { type: 'tenant-selected'; tenant: string; refresh?: boolean; query?: string }
  | { type: 'section-selected'; tenant: string; section: Exclude<TenantSection, 'mailboxes'> }
  | { type: 'mailbox-page-requested'; tenant: string; generation: number }
  | { type: 'mailbox-page-loaded'; tenant: string; generation: number; items: Mailbox[]; nextCursor: string | null }
  | { type: 'mailbox-page-failed'; tenant: string; generation: number; error: EnclaveError }
  | { type: 'mailbox-opened'; login: string | null }
  /** A mailbox was created, changed or deleted through the console (null = deleted). */
  | { type: 'mailbox-changed'; tenant: string; login: string; mailbox: Mailbox | null; created?: boolean }
  /** A bulk action changed many at once: applied in one step, so the grid sorts and renders once. */
  | { type: 'mailboxes-changed'; tenant: string; changed: Mailbox[]; removed: string[] }
  | { type: 'groups-requested'; tenant: string }
  | { type: 'groups-loaded'; tenant: string; groups: Group[] }
  | { type: 'groups-failed'; tenant: string; error: EnclaveError }
  /** A group or list created or changed through the console. */
  | { type: 'group-saved'; group: Group }
  | { type: 'group-deleted'; tenant: string; kind: GroupKind; name: string }
  | { type: 'search-requested'; query: string }
  | { type: 'search-loaded'; query: string; hits: SearchHit[] }
  | { type: 'search-failed'; query: string; error: EnclaveError }
  | { type: 'search-closed' }
  | { type: 'import-report-read'; jobId: string; generatedPasswords: number }
  | { type: 'import-report-downloaded'; jobId: string };

/** True when a page event belongs to the listing on screen (not to a tenant the user already left). */
const isCurrent = (listing: MailboxListing | null, tenant: string, generation: number): listing is MailboxListing =>
  listing !== null && listing.tenant === tenant && listing.generation === generation;

export function reduceConsole(state: ConsoleState, event: ConsoleEvent): ConsoleState {
  switch (event.type) {
    case 'session-requested':
      // Keep showing the last known session while it refreshes.
      return state.session.status === 'ready' ? state : { ...state, session: loading };
    case 'session-loaded':
      return { ...state, session: ready(event.session) };
    case 'session-failed':
      return { ...state, session: failed(event.error) };
    case 'connection-changed':
      return { ...state, connection: event.connection };
    case 'sandbox-changed':
      if (state.session.status !== 'ready') return state;
      return { ...state, session: ready({ ...state.session.value, sandbox: event.sandbox }) };
    case 'connection-switched':
      // The new session says it is connected; older pushed states were about the old directory.
      return { ...initialConsoleState, session: ready(event.session), connection: null };
    case 'connect-failed':
      return state.connection === null ? state : { ...state, connection: null };

    case 'tenants-requested':
      // A reload keeps the list on screen (and with it the selection and the open panes) until it is back.
      return state.tenants.status === 'ready' ? { ...state, tenantsRefreshing: true } : { ...state, tenants: loading };
    case 'tenants-loaded': {
      if (event.partial === true) {
        // The first screen paints while the whole list travels; it never replaces a whole list, nor drops the
        // selection (a tenant further down is in the whole list).
        if (state.tenants.status === 'ready' && !state.tenantsPartial) return state;
        return { ...state, tenants: ready(event.tenants), tenantsPartial: true };
      }
      // A listing without counts keeps the counts already known until the new ones arrive.
      const known = state.tenants.status === 'ready' ? new Map(state.tenants.value.map((t) => [t.name, t.mailboxCount])) : new Map<string, number | null>();
      return withTenants({ ...state, tenantsRefreshing: false, tenantsPartial: false }, event.tenants.map((t) => (t.mailboxCount === null ? { ...t, mailboxCount: known.get(t.name) ?? null } : t)));
    }
    case 'conformance-checked':
      return { ...state, conformance: event.report };
    case 'tenant-counts-loaded':
      if (state.tenants.status !== 'ready') return state;
      return withTenants(state, state.tenants.value.map((t) => ({ ...t, mailboxCount: event.counts[t.name] ?? t.mailboxCount })));
    case 'tenants-failed':
      return { ...state, tenants: failed(event.error), tenantsRefreshing: false, tenantsPartial: false };
    case 'tenant-saved': {
      if (state.tenants.status !== 'ready') return state;
      const known = state.tenants.value.find((t) => t.name === event.tenant.name);
      const summary: TenantSummary = { ...event.tenant, mailboxCount: known ? known.mailboxCount : 0 };
      return withTenants(state, [...state.tenants.value.filter((t) => t.name !== summary.name), summary]);
    }
    case 'tenant-deleted': {
      if (state.tenants.status !== 'ready') return state;
      const { [event.tenant]: _gone, ...groups } = state.groups;
      return withTenants({ ...state, groups }, state.tenants.value.filter((t) => t.name !== event.tenant));
    }

    case 'tenant-selected': {
      const query = event.query ?? (state.selectedTenant === event.tenant ? (state.mailboxes?.query ?? '') : '');
      const alreadyShown =
        state.selectedTenant === event.tenant &&
        state.section === 'mailboxes' &&
        state.mailboxes?.status !== 'failed' &&
        state.mailboxes?.query === query;
      if (alreadyShown && event.refresh !== true) return state;
      const generation = (state.mailboxes?.generation ?? 0) + 1;
      const sameTenant = state.selectedTenant === event.tenant;
      return {
        ...state,
        selectedTenant: event.tenant,
        section: 'mailboxes',
        openMailbox: sameTenant ? state.openMailbox : null,
        mailboxes: { tenant: event.tenant, generation, query, items: [], nextCursor: null, status: 'loading', error: null },
      };
    }
    case 'section-selected': {
      const sameTenant = state.selectedTenant === event.tenant;
      return {
        ...state,
        selectedTenant: event.tenant,
        section: event.section,
        openMailbox: sameTenant ? state.openMailbox : null,
        mailboxes: sameTenant ? state.mailboxes : null,
      };
    }
    case 'mailbox-page-requested': {
      if (!isCurrent(state.mailboxes, event.tenant, event.generation)) return state;
      const first = state.mailboxes.items.length === 0;
      return { ...state, mailboxes: { ...state.mailboxes, status: first ? 'loading' : 'loading-more', error: null } };
    }
    case 'mailbox-page-loaded': {
      if (!isCurrent(state.mailboxes, event.tenant, event.generation)) return state;
      const listing = state.mailboxes;
      return {
        ...state,
        mailboxes: {
          ...listing,
          items: [...listing.items, ...event.items],
          nextCursor: event.nextCursor,
          status: 'ready',
          error: null,
        },
      };
    }
    case 'mailbox-page-failed': {
      if (!isCurrent(state.mailboxes, event.tenant, event.generation)) return state;
      // Rows already shown stay; the error sits below them and "Load more" can retry.
      return { ...state, mailboxes: { ...state.mailboxes, status: 'failed', error: event.error } };
    }
    case 'mailbox-opened':
      return { ...state, openMailbox: event.login };
    case 'mailbox-changed':
      return applyMailboxChange(state, event.tenant, event.login, event.mailbox, event.created === true);
    case 'mailboxes-changed':
      return applyMailboxChanges(state, event.tenant, event.changed, event.removed);

    case 'groups-requested':
      // A reload keeps the groups shown until the new ones arrive.
      if (state.groups[event.tenant]?.status === 'ready') return state;
      return { ...state, groups: { ...state.groups, [event.tenant]: loading } };
    case 'groups-loaded':
      return { ...state, groups: { ...state.groups, [event.tenant]: ready(event.groups) } };
    case 'groups-failed':
      return { ...state, groups: { ...state.groups, [event.tenant]: failed(event.error) } };
    case 'group-saved':
      return withGroups(state, event.group.tenant, (groups) => [
        ...groups.filter((g) => !(g.kind === event.group.kind && g.name === event.group.name)),
        event.group,
      ]);
    case 'group-deleted':
      return withGroups(state, event.tenant, (groups) => groups.filter((g) => !(g.kind === event.kind && g.name === event.name)));

    case 'search-requested':
      return { ...state, search: { query: event.query, results: loading } };
    case 'search-loaded':
      if (state.search?.query !== event.query) return state;
      return { ...state, search: { query: event.query, results: ready(event.hits) } };
    case 'search-failed':
      if (state.search?.query !== event.query) return state;
      return { ...state, search: { query: event.query, results: failed(event.error) } };
    case 'search-closed':
      return { ...state, search: null };

    case 'import-report-read': {
      const known = state.importReports[event.jobId];
      return { ...state, importReports: { ...state.importReports, [event.jobId]: { generatedPasswords: event.generatedPasswords, downloaded: known?.downloaded ?? false } } };
    }
    case 'import-report-downloaded': {
      const known = state.importReports[event.jobId];
      return { ...state, importReports: { ...state.importReports, [event.jobId]: { generatedPasswords: known?.generatedPasswords ?? 0, downloaded: true } } };
    }
  }
}

/** The tenant list sorted by name; a selection whose tenant vanished (deleted elsewhere) is dropped with its panes. */
function withTenants(state: ConsoleState, list: readonly TenantSummary[]): ConsoleState {
  const tenants = [...list].sort((a, b) => a.name.localeCompare(b.name));
  const stillThere = tenants.some((tenant) => tenant.name === state.selectedTenant);
  return stillThere
    ? { ...state, tenants: ready(tenants) }
    : { ...state, tenants: ready(tenants), selectedTenant: null, mailboxes: null, openMailbox: null };
}

/** A tenant's groups changed through the console; nothing to do when they were never loaded. */
function withGroups(state: ConsoleState, tenant: string, change: (groups: Group[]) => Group[]): ConsoleState {
  const current = state.groups[tenant];
  if (current?.status !== 'ready') return state;
  // The order main lists them in: by kind, then name.
  const groups = change(current.value).sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  return { ...state, groups: { ...state.groups, [tenant]: ready(groups) } };
}

/** Keeps the listing and the tenant's count in step with a write made through the console. */
function applyMailboxChange(state: ConsoleState, tenant: string, login: string, mailbox: Mailbox | null, created: boolean): ConsoleState {
  let next = state;
  const listing = state.mailboxes;
  const known = listing?.tenant === tenant && listing.items.some((item) => item.login === login);
  if (listing !== null && listing.tenant === tenant) {
    const items = mailbox === null
      ? listing.items.filter((item) => item.login !== login)
      : known
        ? listing.items.map((item) => (item.login === login ? mailbox : item))
        : created ? [...listing.items, mailbox] : listing.items;
    next = { ...next, mailboxes: { ...listing, items } };
  }
  const countDelta = mailbox === null ? -1 : created ? 1 : 0;
  if (countDelta !== 0 && next.tenants.status === 'ready') {
    next = {
      ...next,
      tenants: ready(next.tenants.value.map((t) => (t.name === tenant ? { ...t, mailboxCount: t.mailboxCount === null ? null : Math.max(t.mailboxCount + countDelta, 0) } : t))),
    };
  }
  if (mailbox === null && next.openMailbox === login) next = { ...next, openMailbox: null };
  return next;
}

/** Many changes to one tenant's mailboxes at once (a bulk action): one pass over the listing. */
function applyMailboxChanges(state: ConsoleState, tenant: string, changed: readonly Mailbox[], removed: readonly string[]): ConsoleState {
  if (changed.length === 0 && removed.length === 0) return state;
  let next = state;
  const listing = state.mailboxes;
  if (listing !== null && listing.tenant === tenant) {
    const updates = new Map(changed.map((mailbox) => [mailbox.login, mailbox]));
    const gone = new Set(removed);
    const items = listing.items.filter((item) => !gone.has(item.login)).map((item) => updates.get(item.login) ?? item);
    next = { ...next, mailboxes: { ...listing, items } };
  }
  if (removed.length > 0 && next.tenants.status === 'ready') {
    next = { ...next, tenants: ready(next.tenants.value.map((t) => (t.name === tenant ? { ...t, mailboxCount: t.mailboxCount === null ? null : Math.max(t.mailboxCount - removed.length, 0) } : t))) };
  }
  if (next.openMailbox !== null && removed.includes(next.openMailbox)) next = { ...next, openMailbox: null };
  return next;
}

/** The selected tenant's summary, when both the selection and the list are present. */
export function selectedTenantSummary(state: ConsoleState): TenantSummary | null {
  if (state.tenants.status !== 'ready' || state.selectedTenant === null) return null;
  return state.tenants.value.find((tenant) => tenant.name === state.selectedTenant) ?? null;
}
