import { describe, expect, it } from 'vitest';
import { callNames, ipcChannel } from '../../../shared/ipc/call-names';
import { installIpcGate, type IpcHandlerRegistry } from '../../../main/electron/ipc-gate';
import { TrustedWindows, type FrameLike } from '../../../main/electron/trusted-windows';
import { createAppCoreDouble } from '../host/app-core-double';
import { appUrl, WindowDouble } from './window-doubles';

type Handler = Parameters<IpcHandlerRegistry['handle']>[1];

/** Records handlers the way ipcMain would hold them, and invokes them as a renderer would. */
class IpcMainDouble implements IpcHandlerRegistry {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, senderFrame: FrameLike | null, payload: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return handler({ senderFrame }, payload);
  }
}

const setup = () => {
  const ipc = new IpcMainDouble();
  const core = createAppCoreDouble();
  const windows = new TrustedWindows<WindowDouble>(appUrl);
  const window = windows.add(new WindowDouble());
  const remove = installIpcGate(ipc, core, windows);
  return { ipc, core, windows, window, remove };
};

describe('installIpcGate()', () => {
  it('registers exactly one handler per contract call and nothing else', () => {
    const { ipc } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(callNames.map((name) => ipcChannel(name)).sort());
  });

  it('forwards a trusted call to dispatch and returns its Result', async () => {
    const { ipc, core, window } = setup();
    const result = await ipc.invoke(ipcChannel('getTenant'), window.webContents.mainFrame, { tenant: 'acme' });
    expect(result).toEqual({ ok: true, value: { echoed: 'getTenant', payload: { tenant: 'acme' } } });
    expect(core.calls).toEqual([{ name: 'getTenant', payload: { tenant: 'acme' } }]);
  });

  it('refuses sub-frames, foreign pages, unknown windows and missing frames as data', async () => {
    const { ipc, core, window } = setup();
    const foreignPage = new WindowDouble();
    const navigated = { ...window.webContents.mainFrame, url: 'https://evil.example/' };
    for (const frame of [window.subFrame(), foreignPage.webContents.mainFrame, navigated, null]) {
      const result = await ipc.invoke(ipcChannel('listTenants'), frame, {});
      expect(result).toMatchObject({ ok: false, error: { kind: 'internal', message: expect.stringContaining('Refused') } });
    }
    expect(core.calls).toEqual([]);
  });

  it('has no handler for names outside the contract', async () => {
    const { ipc, window } = setup();
    await expect(ipc.invoke('enclave:dropDatabase', window.webContents.mainFrame, {})).rejects.toThrow(/No handler/);
  });

  it('turns a throwing dispatch into an internal error Result', async () => {
    const { ipc, core, window } = setup();
    core.answer = () => {
      throw new Error('boom');
    };
    expect(await ipc.invoke(ipcChannel('getSession'), window.webContents.mainFrame, {})).toMatchObject({
      ok: false,
      error: { kind: 'internal', message: expect.stringContaining('boom') },
    });
  });

  it('pushes core events to our windows on the event channel, and stops when removed', () => {
    const { ipc, core, window, remove } = setup();
    core.emit('connectionState', { state: 'reconnecting', url: 'ldap://x' });
    expect(window.sent).toEqual([{ channel: 'enclave:connectionState', args: [{ state: 'reconnecting', url: 'ldap://x' }] }]);
    remove();
    expect(ipc.handlers.size).toBe(0);
    expect(core.listenerCount()).toBe(0);
  });
});
