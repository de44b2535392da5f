/**
 * An EnclaveApi over in-memory tenants, for testing the store's sequencing (paging, stale replies,
 * reconnects). Calls the store does not make answer with an `internal` error so a stray call shows up.
 */
import { fail, ok, type Result } from '../../../shared/errors';
import { callNames, type EventName } from '../../../shared/ipc/call-names';
import type { EnclaveApi, EventPayloads } from '../../../shared/ipc/contract';
import type { SessionInfo } from '../../../shared/model/connection';
import type { Mailbox, MailboxPage, TenantSummary } from '../../../shared/model/hosting';

export interface InMemoryDirectory {
  session: SessionInfo;
  tenants: TenantSummary[];
  mailboxes: Mailbox[];
}

export interface InMemoryApi {
  api: EnclaveApi;
  /** Every call made, in order, with its request. */
  calls: { name: string; request: unknown }[];
  /** Push an event as main would. */
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  listenerCount(): number;
  /** Hold listMailboxes replies until `release()` is called (to interleave requests). */
  holdMailboxReplies(): { release(): void };
  /** Make the next call of `name` fail with `error`. */
  failNext(name: string, error: Parameters<typeof fail>[0]): void;
  /** Answer every later call of `name` with `produce(request)` (calls the store makes for editors). */
  serve(name: string, produce: (request: never) => Result<unknown>): void;
}

export function createInMemoryApi(directory: InMemoryDirectory): InMemoryApi {
  const calls: InMemoryApi['calls'] = [];
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const failures = new Map<string, Parameters<typeof fail>[0]>();
  const served = new Map<string, (request: never) => Result<unknown>>();
  let hold: Promise<void> | null = null;

  const answer = async <T>(name: string, request: unknown, produce: () => Result<T>): Promise<Result<T>> => {
    calls.push({ name, request });
    await Promise.resolve();
    const failure = failures.get(name);
    if (failure !== undefined) {
      failures.delete(name);
      return fail(failure);
    }
    return produce();
  };

  const listMailboxes = async (request: { tenant: string; cursor?: string; pageSize?: number }): Promise<Result<MailboxPage>> => {
    const gate = hold;
    const result = answer('listMailboxes', request, () => {
      const all = directory.mailboxes.filter((m) => m.tenant === request.tenant);
      const start = request.cursor === undefined ? 0 : Number(request.cursor);
      const size = request.pageSize ?? 200;
      const items = all.slice(start, start + size);
      return ok({ items, nextCursor: start + size < all.length ? String(start + size) : null });
    });
    if (gate !== null) await gate;
    return result;
  };

  const unused = Object.fromEntries(
    callNames.map((name) => [
      name,
      (request: unknown) =>
        answer(name, request, () => served.get(name)?.(request as never) ?? fail({ kind: 'internal', message: `${name} is not served by this test` })),
    ]),
  );

  const api = {
    ...unused,
    getSession: (request: object) => answer('getSession', request, () => ok(directory.session)),
    listTenants: (request: { counts?: boolean; first?: number }) =>
      answer('listTenants', request, () => {
        if (request.first !== undefined) {
          const byName = [...directory.tenants].sort((a, b) => a.name.localeCompare(b.name));
          return ok(byName.slice(0, request.first).map((t) => ({ ...t, mailboxCount: null })));
        }
        return ok(request.counts === false ? directory.tenants.map((t) => ({ ...t, mailboxCount: null })) : directory.tenants);
      }),
    countTenantMailboxes: (request: object) => answer('countTenantMailboxes', request, () => ok(Object.fromEntries(directory.tenants.map((t) => [t.name, t.mailboxCount ?? 0])))),
    listMailboxes,
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
  } as unknown as EnclaveApi;

  return {
    api,
    calls,
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) (listener as (payload: EventPayloads[typeof event]) => void)(payload);
    },
    listenerCount: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
    holdMailboxReplies() {
      let release = () => {};
      hold = new Promise((resolve) => {
        release = () => {
          hold = null;
          resolve();
        };
      });
      return { release };
    },
    failNext(name, error) {
      failures.set(name, error);
    },
    serve(name, produce) {
      served.set(name, produce);
    },
  };
}
