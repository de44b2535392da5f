/**
 * The EnclaveApi over the loopback browser host: one named function per call, each a same-origin POST
 * to `/api/call/<name>`, and `on()` over one shared EventSource. Built from `callNames`, so it cannot
 * offer a call the contract lacks, and no generic invoke is ever exposed.
 */
import type { EnclaveError, Result } from '../../shared/errors';
import { callNames, type CallName } from '../../shared/ipc/call-names';
import type { EnclaveApi } from '../../shared/ipc/contract';
import { createServerEvents, type EventSourceLike } from './server-events';

/** The parts of `fetch` the client needs; the browser's own fetch fits. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; credentials: 'same-origin' },
) => Promise<{ status: number; json(): Promise<unknown> }>;

/** What the HTTP client is built on; injectable so tests can run it outside a browser. */
export interface HttpClientOptions {
  /** Prefix for request URLs; '' (same origin) in the browser. */
  baseUrl?: string;
  fetch: FetchLike;
  /** Opens the event stream at the given URL (the browser passes `url => new EventSource(url)`). */
  openEventSource: (url: string) => EventSourceLike;
}

const lost = (message: string): Result<never> => ({ ok: false, error: { kind: 'connection-lost', message } });

const isEnclaveError = (value: unknown): value is EnclaveError =>
  typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string' &&
  typeof (value as { message?: unknown }).message === 'string';

/** True when `value` has the shape of a Result (the host is trusted; this guards against proxies and bugs). */
function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { ok?: unknown; value?: unknown; error?: unknown };
  if (candidate.ok === true) return 'value' in candidate;
  return candidate.ok === false && isEnclaveError(candidate.error);
}

/** Make an EnclaveApi that talks to the browser host. */
export function createHttpClient(options: HttpClientOptions): EnclaveApi {
  const baseUrl = options.baseUrl ?? '';

  const callOver = (name: CallName) => async (request: unknown): Promise<Result<unknown>> => {
    let response: Awaited<ReturnType<FetchLike>>;
    try {
      response = await options.fetch(`${baseUrl}/api/call/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request ?? {}),
        credentials: 'same-origin',
      });
    } catch {
      return lost('The console lost contact with its host process. Check that it is still running, then retry.');
    }
    if (response.status === 403) {
      return lost('The console host no longer accepts this window (it was restarted). Open the console again from its launch link.');
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return lost(`The console host sent an unreadable reply (HTTP ${response.status}).`);
    }
    return isResult(body) ? body : lost(`The console host sent an unexpected reply (HTTP ${response.status}).`);
  };

  const calls = Object.fromEntries(callNames.map((name) => [name, callOver(name)]));
  const on = createServerEvents(() => options.openEventSource(`${baseUrl}/api/events`));
  // The map above has exactly one function per call name; TypeScript cannot follow fromEntries.
  return Object.freeze({ ...calls, on }) as unknown as EnclaveApi;
}
