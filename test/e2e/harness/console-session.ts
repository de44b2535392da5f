/**
 * The lifecycle every end-to-end suite shares: build (if needed) and serve the console on a fresh sandbox,
 * launch Chromium, and tear both down afterwards, checking the sandbox left no process behind.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { launchConsoleBrowser, type ConsoleBrowser, type LaunchOptions } from './browser';
import { readTenantNodes } from './console-page';
import { startConsoleServer, type ConsoleServer } from './console-server';
import { ensureRendererBuilt } from './renderer-build';

export interface ConsoleSession {
  server: ConsoleServer;
  browser: ConsoleBrowser;
  page: ConsoleBrowser['page'];
}

export interface ConsoleSessionOptions extends LaunchOptions {
  /** Fail a locator after this long with its own description instead of the test's timeout. */
  defaultTimeoutMs?: number;
  /** Open the launch URL and wait for the tenant tree before the first test. */
  openConsole?: boolean;
}

/** Registers beforeAll/afterAll in the calling describe; returns the accessor the tests use. */
export function useConsoleSession(options: ConsoleSessionOptions = {}): () => ConsoleSession {
  const { defaultTimeoutMs, openConsole, ...launch } = options;
  let server: ConsoleServer | null = null;
  let browser: ConsoleBrowser | null = null;

  beforeAll(async () => {
    const staticDir = await ensureRendererBuilt();
    server = await startConsoleServer({ staticDir });
    browser = await launchConsoleBrowser(launch);
    if (defaultTimeoutMs !== undefined) browser.page.setDefaultTimeout(defaultTimeoutMs);
    if (openConsole) {
      await browser.page.goto(server.launchUrl);
      await readTenantNodes(browser.page);
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    const stopped = await server?.stop();
    expect(stopped?.leftovers ?? []).toEqual([]);
  }, 60_000);

  return () => {
    if (server === null || browser === null) throw new Error('beforeAll did not finish');
    return { server, browser, page: browser.page };
  };
}
