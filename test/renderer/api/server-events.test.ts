import { describe, expect, it } from 'vitest';
import { createServerEvents, type EventSourceLike } from '../../../renderer/api/server-events';

class FakeEventSource implements EventSourceLike {
  listener: ((message: { data: string }) => void) | null = null;
  closed = false;
  addEventListener(_type: 'message', listener: (message: { data: string }) => void): void {
    this.listener = listener;
  }
  close(): void {
    this.closed = true;
  }
  push(data: unknown): void {
    this.listener?.({ data: typeof data === 'string' ? data : JSON.stringify(data) });
  }
}

describe('createServerEvents()', () => {
  it('opens one stream lazily, routes by event name, and closes with the last listener', () => {
    const opened: FakeEventSource[] = [];
    const on = createServerEvents(() => {
      const source = new FakeEventSource();
      opened.push(source);
      return source;
    });
    expect(opened).toHaveLength(0);
    const sandbox: unknown[] = [];
    const connection: unknown[] = [];
    const offSandbox = on('sandboxState', (payload) => sandbox.push(payload));
    const offConnection = on('connectionState', (payload) => connection.push(payload));
    expect(opened).toHaveLength(1);
    const source = opened[0]!;

    source.push({ event: 'sandboxState', payload: { state: 'running' } });
    source.push({ event: 'connectionState', payload: { state: 'connected', url: 'ldap://x' } });
    source.push({ event: 'somethingElse', payload: 1 });
    source.push('not json');
    expect(sandbox).toEqual([{ state: 'running' }]);
    expect(connection).toEqual([{ state: 'connected', url: 'ldap://x' }]);

    offSandbox();
    offSandbox();
    expect(source.closed).toBe(false);
    source.push({ event: 'sandboxState', payload: { state: 'stopped' } });
    expect(sandbox).toHaveLength(1);
    offConnection();
    expect(source.closed).toBe(true);

    on('sandboxState', () => undefined);
    expect(opened).toHaveLength(2);
  });

  it('refuses event names outside the contract', () => {
    const on = createServerEvents(() => new FakeEventSource());
    expect(() => on('constructor' as 'sandboxState', () => undefined)).toThrow(/Unknown event/);
  });

  it('treats the same function subscribed twice as two subscriptions', () => {
    const source = new FakeEventSource();
    const on = createServerEvents(() => source);
    const seen: unknown[] = [];
    const listener = (payload: unknown) => seen.push(payload);
    const off1 = on('sandboxState', listener);
    on('sandboxState', listener);
    off1();
    source.push({ event: 'sandboxState', payload: { state: 'running' } });
    expect(seen).toHaveLength(1);
  });
});
