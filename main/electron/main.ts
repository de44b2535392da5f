/**
 * Electron main process: one instance, one sandboxed window, one IPC gate in front of the app core.
 * Bundled to out/electron/main.cjs by scripts/build-electron.mjs, so `__dirname` is out/electron.
 */
import { app, dialog, ipcMain, Menu, session, BrowserWindow } from 'electron';
import ElectronStore from 'electron-store';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppCore } from '../app/app-core';
import { createAppCore } from '../app/create-app-core';
import { defaultDataDir } from '../system/data-dir';
import { ElectronProfileStore } from './electron-profile-store';
import { installIpcGate } from './ipc-gate';
import { buildApplicationMenu } from './menu';
import { SafeStorageSecretStore } from './safe-storage-secret-store';
import { TrustedWindows } from './trusted-windows';
import { createMainWindow, hardenSession, hardenWebContents, type WindowPaths } from './window';

const paths: WindowPaths = {
  preload: join(__dirname, 'preload.cjs'),
  indexHtml: join(__dirname, '..', 'renderer', 'index.html'),
};

// Every renderer sandboxed, including any a future feature might open by mistake.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  run();
}

function run(): void {
  const windows = new TrustedWindows<BrowserWindow>(pathToFileURL(paths.indexHtml).href);
  let coreReady: Promise<AppCore> | null = null;
  let removeGate: (() => void) | null = null;
  let shutDown = false;

  const openWindow = (): BrowserWindow => {
    const window = windows.add(createMainWindow(paths));
    // The first screen's data (the tenant list) is read while the page boots (main/app/first-screen-warmup.ts).
    window.webContents.on('did-start-loading', () => void coreReady?.then((core) => core.windowLoading()).catch(() => undefined));
    return window;
  };

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('second-instance', () => {
    const [first] = windows.list();
    if (!first) return;
    if (first.isMinimized()) first.restore();
    first.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (shutDown || !coreReady) return;
    // Hold the quit until the sandbox has stopped and connections are closed, even mid-start.
    event.preventDefault();
    shutDown = true;
    removeGate?.();
    void coreReady
      .then((core) => core.dispose())
      .catch(() => undefined)
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession);
      Menu.setApplicationMenu(buildApplicationMenu({ isPackaged: app.isPackaged, platform: process.platform }));
      closeElectronStoreChannel();
      // The data folder every carrier shares (profiles, sandbox, journal): the CLI sees what the app saved.
      const dataDir = defaultDataDir();
      coreReady = createAppCore({
        dataDir,
        profiles: new ElectronProfileStore(dataDir),
        secrets: new SafeStorageSecretStore(dataDir),
        useSandbox: true,
      });
      const core = await coreReady;
      if (shutDown) return;
      removeGate = installIpcGate(ipcMain, core, windows);
      openWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openWindow();
      });
    })
    .catch((error: unknown) => {
      dialog.showErrorBox('Enclave could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}

/**
 * electron-store answers any renderer on an IPC channel of its own (for its renderer-side API, which we
 * do not use). It registers that listener once per process: let it, then remove it, so the gate's
 * channels are the only ones main answers.
 */
function closeElectronStoreChannel(): void {
  ElectronStore.initRenderer();
  ipcMain.removeAllListeners('electron-store-get-data');
}
