/**
 * A recording stand-in for the `electron` module, enough to run out/electron/main.cjs under Node:
 * no Electron binary exists here, but the shell's wiring (lock, hardening, gate, window, quit) can run.
 */
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: (() => unknown) | null = null;
  readonly mainFrame: { url: string; parent: null; processId: number; routingId: number };
  constructor(routingId: number) {
    super();
    this.mainFrame = { url: '', parent: null, processId: 1, routingId };
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return false;
  }
  setWindowOpenHandler(handler: () => unknown): void {
    this.windowOpenHandler = handler;
  }
}

export interface ElectronDouble {
  module: Record<string, unknown>;
  appEvents: EventEmitter;
  handlers: Map<string, Listener>;
  /** Listeners registered with ipcMain.on (outside the gate); should end up empty. */
  rawListeners: Map<string, Listener>;
  windows: FakeWindow[];
  quitCalls: number;
  exitCodes: number[];
  errorBoxes: string[];
  sessionHooks: { headers: Listener | null; permission: Listener | null; permissionCheck: Listener | null };
  ready(): void;
}

export interface FakeWindow {
  options: { webPreferences: Record<string, unknown> };
  loadedFile: string | null;
  webContents: FakeWebContents;
}

export function createElectronDouble(options: { userData: string; lock: boolean }): ElectronDouble {
  const appEvents = new EventEmitter();
  let resolveReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));
  let routingId = 1;

  const double: ElectronDouble = {
    module: {},
    appEvents,
    handlers: new Map(),
    rawListeners: new Map(),
    windows: [],
    quitCalls: 0,
    exitCodes: [],
    errorBoxes: [],
    sessionHooks: { headers: null, permission: null, permissionCheck: null },
    ready: () => resolveReady(),
  };

  class BrowserWindow extends EventEmitter implements FakeWindow {
    static getAllWindows = (): FakeWindow[] => double.windows;
    loadedFile: string | null = null;
    webContents = new FakeWebContents(routingId++);
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      double.windows.push(this);
      appEvents.emit('web-contents-created', {}, this.webContents);
    }
    loadFile(file: string): Promise<void> {
      this.loadedFile = file;
      this.webContents.mainFrame.url = `file://${file}`;
      return Promise.resolve();
    }
    isDestroyed(): boolean {
      return false;
    }
  }

  const app = {
    enableSandbox: () => undefined,
    requestSingleInstanceLock: () => options.lock,
    quit: () => {
      double.quitCalls += 1;
      const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
      appEvents.emit('before-quit', event);
    },
    exit: (code: number) => double.exitCodes.push(code),
    on: (name: string, listener: Listener) => appEvents.on(name, listener),
    whenReady: () => readyPromise,
    getPath: (name: string) => {
      if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
      return options.userData;
    },
    getVersion: () => '0.1.0',
    getName: () => 'enclave',
    isPackaged: false,
  };

  double.module = {
    app,
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, listener: Listener) => double.handlers.set(channel, listener),
      removeHandler: (channel: string) => double.handlers.delete(channel),
      on: (channel: string, listener: Listener) => double.rawListeners.set(channel, listener),
      removeAllListeners: (channel: string) => double.rawListeners.delete(channel),
    },
    dialog: { showErrorBox: (_title: string, message: string) => double.errorBoxes.push(message) },
    Menu: { buildFromTemplate: (template: unknown) => ({ template }), setApplicationMenu: () => undefined },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (listener: Listener) => (double.sessionHooks.headers = listener) },
        setPermissionRequestHandler: (listener: Listener) => (double.sessionHooks.permission = listener),
        setPermissionCheckHandler: (listener: Listener) => (double.sessionHooks.permissionCheck = listener),
        setDevicePermissionHandler: () => undefined,
      },
    },
    safeStorage: {
      isEncryptionAvailable: () => false,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: () => {
        throw new Error('not available');
      },
      decryptString: () => {
        throw new Error('not available');
      },
    },
    shell: {},
  };
  return double;
}
