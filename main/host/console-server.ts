/**
 * Everything `serve-console` runs, with the core factory passed in: data folder, file stores, app core
 * and browser host, plus one `stop()` that takes them down in order.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AppCore } from '../app/app-core';
import type { AppCoreOptions } from '../app/app-core-options';
import { dataFiles } from '../system/data-dir';
import { FileProfileStore } from '../profiles/file-profile-store';
import { FileSecretStore } from '../profiles/file-secret-store';
import { startBrowserHost, type BrowserHost } from './browser-host';

/** Where the console keeps data and finds the renderer build, and which port to use. */
export interface ConsoleServerOptions {
  dataDir: string;
  staticDir: string;
  port?: number;
  useSandbox?: boolean;
}

/** A running console: host plus core. */
export interface ConsoleServer {
  host: BrowserHost;
  core: AppCore;
  /** Close the host first (no new calls), then dispose the core (stops the sandbox). Idempotent. */
  stop(): Promise<void>;
}

/** Build and start the console behind a loopback browser host. */
export async function launchConsoleServer(
  options: ConsoleServerOptions,
  createCore: (options: AppCoreOptions) => Promise<AppCore>,
): Promise<ConsoleServer> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const core = await createCore({
    dataDir,
    profiles: new FileProfileStore(join(dataDir, dataFiles.profiles)),
    secrets: new FileSecretStore(join(dataDir, dataFiles.secrets)),
    useSandbox: options.useSandbox ?? true,
  });
  let host: BrowserHost;
  try {
    host = await startBrowserHost(core, { staticDir: resolve(options.staticDir), port: options.port });
  } catch (error) {
    await core.dispose();
    throw error;
  }
  let stopping: Promise<void> | null = null;
  return {
    host,
    core,
    stop: () => {
      stopping ??= host.close().finally(() => core.dispose());
      return stopping;
    },
  };
}
