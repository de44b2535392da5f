/** A recording AppCore for transport tests: the carrier is the unit under test, not the services. */
import type { Result } from '../../../shared/errors';
import type { EventName } from '../../../shared/ipc/call-names';
import type { EventPayloads } from '../../../shared/ipc/contract';
import type { AppCore, EventListener } from '../../../main/app/app-core';

export interface AppCoreDouble extends AppCore {
  readonly calls: { name: string; payload: unknown }[];
  readonly listenerCount: () => number;
  /** What dispatch answers next; defaults to echoing the call back. */
  answer: (name: string, payload: unknown) => Result<unknown>;
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  disposed: boolean;
  /** How many times a page load was announced (windowLoading). */
  windowLoads: number;
}

export function createAppCoreDouble(): AppCoreDouble {
  const listeners = new Set<EventListener>();
  const double: AppCoreDouble = {
    calls: [],
    disposed: false,
    windowLoads: 0,
    windowLoading: () => {
      double.windowLoads += 1;
    },
    listenerCount: () => listeners.size,
    answer: (name, payload) => ({ ok: true, value: { echoed: name, payload } }),
    dispatch: async (name, payload) => {
      double.calls.push({ name, payload });
      return double.answer(name, payload);
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit: (event, payload) => {
      for (const listener of listeners) listener(event, payload);
    },
    dispose: async () => {
      double.disposed = true;
    },
  };
  return double;
}
