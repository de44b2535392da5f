/**
 * The sandboxed preload: exposes `window.enclave` with one named function per contract call and an
 * `on()` limited to contract events. It never exposes ipcRenderer or a generic invoke, and imports only
 * the call names (no zod, no contract) so the bundle stays tiny.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { callNames, eventNames, ipcChannel, type CallName, type EventName } from '../../shared/ipc/call-names';

const connectionLost = {
  ok: false,
  error: { kind: 'connection-lost', message: 'The console lost contact with its main process. Restart Enclave.' },
} as const;

const invoke = (name: CallName) => (request: unknown): Promise<unknown> =>
  ipcRenderer.invoke(ipcChannel(name), request).catch(() => connectionLost);

const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && (eventNames as readonly string[]).includes(name);

function on(event: unknown, listener: unknown): () => void {
  if (!isEventName(event)) throw new Error(`Unknown event "${String(event)}"`);
  if (typeof listener !== 'function') throw new Error('on() needs a listener function');
  const channel = ipcChannel(event);
  // The IPC event object is dropped: it would hand the page a reference to ipcRenderer's sender.
  const forward = (_event: IpcRendererEvent, payload: unknown): void => {
    (listener as (payload: unknown) => void)(payload);
  };
  ipcRenderer.on(channel, forward);
  return () => {
    ipcRenderer.removeListener(channel, forward);
  };
}

const api: Record<string, unknown> = { on };
for (const name of callNames) api[name] = invoke(name);

contextBridge.exposeInMainWorld('enclave', api);
