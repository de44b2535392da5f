/**
 * The only IPC the main process answers: one `handle` per contract call, each refusing any sender that
 * is not the main frame of our own window showing our own page. Events go out to our windows only.
 */
import { fail, type Result } from '../../shared/errors';
import { callNames, ipcChannel, isCallName } from '../../shared/ipc/call-names';
import type { AppCore } from '../app/app-core';
import type { FrameLike, TrustedWindows } from './trusted-windows';

/** The part of Electron's ipcMain the gate uses. */
export interface IpcHandlerRegistry {
  handle(channel: string, listener: (event: { readonly senderFrame: FrameLike | null }, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Register the contract's handlers and event forwarding; returns the function that removes them. */
export function installIpcGate(ipc: IpcHandlerRegistry, core: AppCore, windows: TrustedWindows): () => void {
  for (const name of callNames) {
    ipc.handle(ipcChannel(name), async (event, payload): Promise<Result<unknown>> => {
      if (!isCallName(name)) return fail({ kind: 'internal', message: 'Unknown call.' });
      if (!windows.isTrustedSender(event.senderFrame)) {
        return fail({ kind: 'internal', message: 'Refused a call from a frame this app did not create.' });
      }
      try {
        return await core.dispatch(name, payload);
      } catch (error) {
        // Only an Error's message survives ipcMain.handle; keep failures as data instead.
        return fail({ kind: 'internal', message: `The call failed unexpectedly: ${error instanceof Error ? error.message : String(error)}` });
      }
    });
  }
  const stopEvents = core.onEvent((event, payload) => windows.broadcast(ipcChannel(event), payload));
  return () => {
    stopEvents();
    for (const name of callNames) ipc.removeHandler(ipcChannel(name));
  };
}
