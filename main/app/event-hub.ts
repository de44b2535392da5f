/** Fan-out of pushed events to every carrier (IPC windows, browser host SSE streams, tests). */
import type { EventName } from '../../shared/ipc/call-names';
import type { EventPayloads } from '../../shared/ipc/contract';
import type { EventListener } from './app-core';

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  /** Subscribes; returns the disposer (never remove a listener by recreating its closure). */
  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }
}
