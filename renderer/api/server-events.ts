/**
 * One shared event stream from the browser host, fanned out to `on()` listeners by event name.
 * The stream opens with the first listener and closes with the last.
 */
import { eventNames, type EventName } from '../../shared/ipc/call-names';
import type { EventPayloads } from '../../shared/ipc/contract';

/** The part of the DOM EventSource this module uses (so it also runs under test doubles). */
export interface EventSourceLike {
  addEventListener(type: 'message', listener: (message: { data: string }) => void): void;
  close(): void;
}

type AnyListener = (payload: unknown) => void;

/** Subscribe function with the same shape as `EnclaveApi['on']`. */
export type Subscribe = <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) => () => void;

const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && (eventNames as readonly string[]).includes(name);

/** Build `on()` over a single EventSource made by `open` on demand. */
export function createServerEvents(open: () => EventSourceLike): Subscribe {
  const listeners = new Map<EventName, Set<AnyListener>>();
  let source: EventSourceLike | null = null;
  let count = 0;

  const deliver = (message: { data: string }): void => {
    let parsed: { event?: unknown; payload?: unknown };
    try {
      parsed = JSON.parse(message.data) as typeof parsed;
    } catch {
      return;
    }
    if (!isEventName(parsed.event)) return;
    // Copy: a listener may unsubscribe while we iterate.
    for (const listener of [...(listeners.get(parsed.event) ?? [])]) listener(parsed.payload);
  };

  return (event, listener) => {
    if (!isEventName(event)) throw new Error(`Unknown event "${String(event)}"`);
    // Wrap so subscribing the same function twice gives two independent subscriptions.
    const entry: AnyListener = (payload) => listener(payload as EventPayloads[typeof event]);
    const set = listeners.get(event) ?? new Set<AnyListener>();
    listeners.set(event, set);
    set.add(entry);
    count += 1;
    if (source === null) {
      source = open();
      source.addEventListener('message', deliver);
    }
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      set.delete(entry);
      count -= 1;
      if (count === 0 && source !== null) {
        source.close();
        source = null;
      }
    };
  };
}
