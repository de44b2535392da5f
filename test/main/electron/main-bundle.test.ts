/**
 * Runs the real out/electron/main.cjs bundle (built privately) under Node with an `electron` double and
 * the real app core: proves the bundle loads (electron-store bundled from ESM), and that the shell
 * hardens, gates and shuts down as designed. The Electron binary itself cannot run on this machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callNames, ipcChannel } from '../../../shared/ipc/call-names';
import { contentSecurityPolicy } from '../../../main/app/security-headers';
import { createElectronDouble, type ElectronDouble } from './electron-double';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let dir: string;
let bundlePath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'enclave-electron-'));
  execFileSync(process.execPath, [join(root, 'scripts', 'build-electron.mjs'), '--outdir', join(dir, 'electron')], { stdio: 'pipe' });
  bundlePath = join(dir, 'electron', 'main.cjs');
}, 60_000);

afterAll(async () => rm(dir, { recursive: true, force: true }));

/** Evaluate the bundle as Electron would, with `require('electron')` answered by the double. */
async function runMainBundle(electron: ElectronDouble): Promise<void> {
  const code = await readFile(bundlePath, 'utf8');
  const realRequire = createRequire(bundlePath);
  const require = (name: string): unknown => (name === 'electron' ? electron.module : realRequire(name));
  const module = { exports: {} };
  new Function('require', 'module', 'exports', '__filename', '__dirname', code)(
    require,
    module,
    module.exports,
    bundlePath,
    join(dir, 'electron'),
  );
}

const invoke = (electron: ElectronDouble, name: string, frame: unknown, payload: unknown): Promise<unknown> => {
  const handler = electron.handlers.get(ipcChannel(name as (typeof callNames)[number]));
  if (!handler) throw new Error(`no handler for ${name}`);
  return handler({ senderFrame: frame }, payload) as Promise<unknown>;
};

describe('out/electron/main.cjs', () => {
  it('quits at once when another instance holds the lock', async () => {
    const electron = createElectronDouble({ userData: join(dir, 'second'), lock: false });
    await runMainBundle(electron);
    expect(electron.quitCalls).toBe(1);
    expect(electron.handlers.size).toBe(0);
  });

  it('hardens, gates, opens one sandboxed window, answers trusted calls and disposes the core on quit', async () => {
    const electron = createElectronDouble({ userData: join(dir, 'user-data'), lock: true });
    // The app keeps its data in the folder every carrier shares (here a temp one).
    process.env['ENCLAVE_DATA_DIR'] = join(dir, 'shared-data');
    await runMainBundle(electron);
    electron.ready();
    await expect.poll(() => electron.windows.length, { timeout: 30_000 }).toBe(1);
    expect(electron.errorBoxes).toEqual([]);

    const window = electron.windows[0]!;
    expect(window.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: join(dir, 'electron', 'preload.cjs'),
    });
    expect(window.loadedFile).toBe(join(dir, 'renderer', 'index.html'));
    expect([...electron.handlers.keys()].sort()).toEqual(callNames.map((name) => ipcChannel(name)).sort());
    expect([...electron.rawListeners.keys()]).toEqual([]);

    // Hardening of every web contents and of the session.
    const navigation = { defaultPrevented: false, preventDefault: () => (navigation.defaultPrevented = true) };
    window.webContents.emit('will-navigate', navigation, 'https://evil.example/');
    expect(navigation.defaultPrevented).toBe(true);
    expect(window.webContents.windowOpenHandler?.()).toEqual({ action: 'deny' });
    const headers = await new Promise<Record<string, string[]>>((resolve) =>
      electron.sessionHooks.headers?.({ responseHeaders: {} }, (response: { responseHeaders: Record<string, string[]> }) =>
        resolve(response.responseHeaders),
      ),
    );
    expect(headers['Content-Security-Policy']).toEqual([contentSecurityPolicy]);
    const permission = await new Promise<boolean>((resolve) => electron.sessionHooks.permission?.({}, 'media', resolve));
    expect(permission).toBe(false);

    // A call from our window's main frame reaches the real core; a sub-frame's does not.
    const session = await invoke(electron, 'getSession', window.webContents.mainFrame, {});
    expect(session).toMatchObject({ ok: true, value: { sandbox: { state: 'running' }, connection: { isSandbox: true } } });
    const fromSubFrame = await invoke(electron, 'getSession', { ...window.webContents.mainFrame, parent: {} }, {});
    expect(fromSubFrame).toMatchObject({ ok: false, error: { kind: 'internal' } });

    // Saving a password without OS encryption is refused, and says why.
    const saved = await invoke(electron, 'saveConnection', window.webContents.mainFrame, {
      profile: { id: 'corp', name: 'Corp', urls: ['ldaps://ldap.corp.test'], bindDN: 'cn=admin', tlsMode: 'ldaps' },
      password: 'secret',
    });
    // electron-store opened by now: its own IPC channel must still be closed.
    expect([...electron.rawListeners.keys()]).toEqual([]);
    expect(saved).toMatchObject({ ok: false, error: { message: expect.stringMatching(/password was not saved: .*encryption/) } });
    // The profile itself was saved through electron-store into the shared folder, where the CLI reads it.
    const shared = JSON.parse(await readFile(join(dir, 'shared-data', 'profiles.json'), 'utf8')) as { profiles: { id: string }[] };
    expect(shared.profiles.map((p) => p.id)).toEqual(['corp']);

    // Quit waits for the core to dispose (sandbox stopped), then quits for real.
    electron.appEvents.emit('window-all-closed');
    await expect.poll(() => electron.quitCalls, { timeout: 30_000 }).toBe(2);
    expect(electron.handlers.size).toBe(0);
  }, 60_000);
});
