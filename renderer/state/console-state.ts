/**
 * The console's state and the only function that changes it. Pure: actions in the store call main and
 * feed the outcomes here as events, so every transition can be tested without a window or a server.
 */
import type { EnclaveError } from '../../shared/errors';
import type { EventPayloads } from '../../shared/ipc/contract';
import type { SessionInfo } from '../../shared/model/connection';
import type { Mailbox, TenantSummary } from '../../shared/model/hosting';
import { failed, idle, loading, ready, type Loadable } from './loadable';

/** The selected tenant's mailboxes, filled page by page. */
export interface MailboxListing {
  tenant: string;
  /** Increments on every fresh listing so late pages of an earlier one are dropped. */
  generation: number;
  items: Mailbox[];
  nextCursor: string | null;
  /** 'loading' before the first page, 'loading-more' while a later page is on its way. */
  status: 'loading' | 'ready' | 'loading-more' | 'failed';
  error: EnclaveError | null;
}

export interface ConsoleState {
  session: Loadable<SessionInfo>;
  /** Last pushed connection state; null until main first reports one. */
  connection: EventPayloads['connectionState'] | null;
  tenants: Loadable<TenantSummary[]>;
  selectedTenant: string | null;
  mailboxes: MailboxListing | null;
}

export const initialConsoleState: ConsoleState = {
  session: idle,
  connection: null,
  tenants: idle,
  selectedTenant: null,
  mailboxes: null,
};

export type ConsoleEvent =
  | { type: 'session-requested' }
  | { type: 'session-loaded'; session: SessionInfo }
  | { type: 'session-failed'; error: EnclaveError }
  | { type: 'connection-changed'; connection: EventPayloads['connectionState'] }
  | { type: 'sandbox-changed'; sandbox: SessionInfo['sandbox'] }
  | { type: 'tenants-requested' }
  | { type: 'tenants-loaded'; tenants: TenantSummary[] }
  | { type: 'tenants-failed'; error: EnclaveError }
  /** `refresh` starts a fresh listing even when the tenant is already shown. */
  | { type: 'tenant-selected'; tenant: string; refresh?: boolean }
  | { type: 'mailbox-page-requested'; tenant: string; generation: number }
  | { type: 'mailbox-page-loaded'; tenant: string; generation: number; items: Mailbox[]; nextCursor: string | null }
  | { type: 'mailbox-page-failed'; tenant: string; generation: number; error: EnclaveError };

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

    case 'tenants-requested':
      return { ...state, tenants: loading };
    case 'tenants-loaded': {
      const tenants = [...event.tenants].sort((a, b) => a.name.localeCompare(b.name));
      // A selection whose tenant vanished (deleted elsewhere) would show a listing of nothing.
      const stillThere = tenants.some((tenant) => tenant.name === state.selectedTenant);
      return stillThere
        ? { ...state, tenants: ready(tenants) }
        : { ...state, tenants: ready(tenants), selectedTenant: null, mailboxes: null };
    }
    case 'tenants-failed':
      return { ...state, tenants: failed(event.error) };

    case 'tenant-selected': {
      const alreadyShown = state.selectedTenant === event.tenant && state.mailboxes?.status !== 'failed';
      if (alreadyShown && event.refresh !== true) return state;
      const generation = (state.mailboxes?.generation ?? 0) + 1;
      return {
        ...state,
        selectedTenant: event.tenant,
        mailboxes: { tenant: event.tenant, generation, items: [], nextCursor: null, status: 'loading', error: null },
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
  }
}

/** The selected tenant's summary, when both the selection and the list are present. */
export function selectedTenantSummary(state: ConsoleState): TenantSummary | null {
  if (state.tenants.status !== 'ready' || state.selectedTenant === null) return null;
  return state.tenants.value.find((tenant) => tenant.name === state.selectedTenant) ?? null;
}
