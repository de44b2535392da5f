/**
 * The one way components reach main: the Electron preload's `window.enclave` when present, otherwise
 * the HTTP client for the loopback browser host.
 */
import type { EnclaveApi } from '../../shared/ipc/contract';
import { createHttpClient } from './http-client';

declare global {
  interface Window {
    /** Exposed by main/electron/preload.ts through contextBridge; absent in a plain browser. */
    readonly enclave?: EnclaveApi;
  }
}

let api: EnclaveApi | null = null;

/** The EnclaveApi for this window, created once. */
export function getEnclaveApi(): EnclaveApi {
  api ??=
    window.enclave ??
    createHttpClient({
      fetch: (url, init) => window.fetch(url, init),
      openEventSource: (url) => new window.EventSource(url),
    });
  return api;
}
