/**
 * The lifecycle every end-to-end suite shares: build (if needed) and serve the console on a fresh directory —
 * the sandbox slapd, or with `flavor: 'active-directory'` a Samba AD DC of the file's own with the demo tenants —
 * launch Chromium, and tear all down afterwards, checking nothing was left running.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { DirectoryFlavor } from '../../../shared/model/hosting';
import type { SambaTestDc } from '../../harness/samba-test-dc';
import { adConnectionName, startAdDirectory, type AdDirectory } from './ad-directory';
import { launchConsoleBrowser, type ConsoleBrowser, type LaunchOptions } from './browser';
import { connectThroughManager, readTenantNodes } from './console-page';
import { startConsoleServer, type ConsoleServer } from './console-server';
import { ensureRendererBuilt } from './renderer-build';

export interface ConsoleSession {
  server: ConsoleServer;
  browser: ConsoleBrowser;
  page: ConsoleBrowser['page'];
  /** The DC behind the console (flavor active-directory), for checks on the server; null on OpenLDAP. */
  dc: SambaTestDc | null;
}

export interface ConsoleSessionOptions extends LaunchOptions {
  /** Fail a locator after this long with its own description instead of the test's timeout. */
  defaultTimeoutMs?: number;
  /** Open the launch URL (and on AD connect) and wait for the tenant tree before the first test. */
  openConsole?: boolean;
  /**
   * openldap (default): the console's own sandbox slapd. active-directory: a test DC (root and Samba; guard the
   * describe with `sambaUnavailableReason()`), saved as the connection `adConnectionName` and connected over LDAPS.
   */
  flavor?: DirectoryFlavor;
  /** Extra environment for the console server (ENCLAVE_SANDBOX_MAIL=1: the sandbox runs a private Dovecot). */
  env?: Record<string, string>;
}

/** Registers beforeAll/afterAll in the calling describe; returns the accessor the tests use. */
export function useConsoleSession(options: ConsoleSessionOptions = {}): () => ConsoleSession {
  const { defaultTimeoutMs, openConsole, flavor = 'openldap', env, ...launch } = options;
  let directory: AdDirectory | null = null;
  let server: ConsoleServer | null = null;
  let browser: ConsoleBrowser | null = null;

  beforeAll(async () => {
    const staticDir = await ensureRendererBuilt();
    if (flavor === 'active-directory') directory = await startAdDirectory();
    server = await startConsoleServer({ staticDir, connections: directory ? [directory.connection] : [], ...(env ? { env } : {}) });
    browser = await launchConsoleBrowser(launch);
    if (defaultTimeoutMs !== undefined) browser.page.setDefaultTimeout(defaultTimeoutMs);
    if (openConsole) {
      await browser.page.goto(server.launchUrl);
      if (directory) await connectThroughManager(browser.page, adConnectionName);
      await readTenantNodes(browser.page);
    }
  }, 240_000);

  afterAll(async () => {
    try {
      await browser?.close();
      const stopped = await server?.stop();
      expect(stopped?.leftovers ?? []).toEqual([]);
    } finally {
      await directory?.stop();
    }
  }, 60_000);

  return () => {
    if (server === null || browser === null) throw new Error('beforeAll did not finish');
    return { server, browser, page: browser.page, dc: directory?.dc ?? null };
  };
}
