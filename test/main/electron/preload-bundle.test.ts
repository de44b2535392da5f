/**
 * Builds the preload the way scripts/build-electron.mjs does and runs it with a `require` that knows
 * only 'electron', as Electron's sandboxed preload does, against a recording electron double.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { callNames, ipcChannel } from '../../../shared/ipc/call-names';

const preloadEntry = fileURLToPath(new URL('../../../main/electron/preload.ts', import.meta.url));

interface Exposed {
  key: string;
  api: Record<string, unknown>;
}

interface ElectronDouble {
  exposed: Exposed[];
  invoked: { channel: string; args: unknown[] }[];
  listeners: Map<string, Set<(...args: unknown[]) => void>>;
  invokeAnswer: (channel: string) => Promise<unknown>;
}

let bundle: string;

beforeAll(async () => {
  const result = await build({
    entryPoints: [preloadEntry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    write: false,
    logLevel: 'error',
  });
  bundle = result.outputFiles[0]?.text ?? '';
});

function runPreload(): ElectronDouble {
  const double: ElectronDouble = {
    exposed: [],
    invoked: [],
    listeners: new Map(),
    invokeAnswer: async (channel) => ({ ok: true, value: channel }),
  };
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => double.exposed.push({ key, api }) },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => {
        double.invoked.push({ channel, args });
        return double.invokeAnswer(channel);
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => {
        const set = double.listeners.get(channel) ?? new Set();
        set.add(listener);
        double.listeners.set(channel, set);
      },
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => double.listeners.get(channel)?.delete(listener),
    },
  };
  const sandboxedRequire = (name: string): unknown => {
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require "${name}"`);
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', bundle)(sandboxedRequire, module, module.exports);
  return double;
}

describe('preload bundle', () => {
  it('requires nothing but electron and bundles no zod', () => {
    expect(bundle.match(/require\("([^"]+)"\)/g)).toEqual(['require("electron")']);
    expect(bundle).not.toMatch(/zod/i);
    expect(() => runPreload()).not.toThrow();
  });

  it('exposes window.enclave with one function per call plus on(), and no generic invoke', () => {
    const { exposed } = runPreload();
    expect(exposed.map((entry) => entry.key)).toEqual(['enclave']);
    const api = exposed[0]?.api ?? {};
    expect(Object.keys(api).sort()).toEqual([...callNames, 'on'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('invokes each call on its own channel with the request', async () => {
    const double = runPreload();
    const api = double.exposed[0]?.api as Record<string, (request: unknown) => Promise<unknown>>;
    for (const name of callNames) {
      expect(await api[name]?.({ n: name })).toEqual({ ok: true, value: ipcChannel(name) });
    }
    expect(double.invoked).toEqual(callNames.map((name) => ({ channel: ipcChannel(name), args: [{ n: name }] })));
  });

  it('turns a failed invoke into a connection-lost Result', async () => {
    const double = runPreload();
    double.invokeAnswer = () => Promise.reject(new Error('render frame was disposed'));
    const api = double.exposed[0]?.api as Record<string, (request: unknown) => Promise<unknown>>;
    expect(await api['getSession']?.({})).toMatchObject({ ok: false, error: { kind: 'connection-lost' } });
  });

  it('subscribes only to contract events, hides the IPC event, and returns a working disposer', () => {
    const double = runPreload();
    const on = double.exposed[0]?.api['on'] as (event: string, listener: (payload: unknown) => void) => () => void;
    expect(() => on('enclave:anything', () => undefined)).toThrow(/Unknown event/);
    expect(() => on('sandboxState', 'nope' as never)).toThrow(/listener/);
    const seen: unknown[][] = [];
    const off = on('sandboxState', (...args) => seen.push(args));
    const registered = [...(double.listeners.get(ipcChannel('sandboxState')) ?? [])];
    expect(registered).toHaveLength(1);
    registered[0]?.({ sender: 'ipc-event' }, { state: 'running' });
    expect(seen).toEqual([[{ state: 'running' }]]);
    off();
    expect(double.listeners.get(ipcChannel('sandboxState'))?.size).toBe(0);
  });
});
