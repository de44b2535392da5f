/**
 * The seam between the main-process services and whatever carries calls to them: the Electron IPC gate,
 * the loopback browser host, and tests. Carriers never touch services directly.
 */
import type { Result } from '../../shared/errors';
import type { EventName } from '../../shared/ipc/call-names';
import type { EventPayloads } from '../../shared/ipc/contract';

export type EventListener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

export interface AppCore {
  /**
   * Validate `payload` against the contract's schema for `name` and run the call.
   * Never throws: unknown calls, invalid payloads and failures all come back as `{ ok: false }`.
   */
  dispatch(name: string, payload: unknown): Promise<Result<unknown>>;
  /** A window (or browser page) starts loading: main reads what its first screen asks for meanwhile. */
  windowLoading(): void;
  /** Receive every pushed event; returns the disposer. */
  onEvent(listener: EventListener): () => void;
  /** Close directory connections and stop the sandbox. */
  dispose(): Promise<void>;
}
