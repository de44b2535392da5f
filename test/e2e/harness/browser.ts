/**
 * Chromium driven by playwright-core, with the flags these machines need and a throwaway profile. Every
 * console error, uncaught exception, CSP violation and failed request is recorded: a clean page has none.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { artifactsDir } from './repo-paths';

export const chromiumPath = '/usr/bin/chromium';

/** Flags that keep Chromium quiet on a closed network and let it run as root (toolchain notes). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ConsoleBrowser {
  context: BrowserContext;
  page: Page;
  /** Everything that went wrong on the page so far, one line each. */
  problems: string[];
  /** Save a full-window screenshot as test-artifacts/e2e/<name>.png; returns its path. */
  screenshot(name: string): Promise<string>;
  /** Idempotent. */
  close(): Promise<void>;
}

export interface LaunchOptions {
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
}

export async function launchConsoleBrowser(options: LaunchOptions = {}): Promise<ConsoleBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'enclave-e2e-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      args: chromiumArgs,
      headless: true,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      colorScheme: options.colorScheme ?? 'light',
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = watchForProblems(page);

  let closing: Promise<void> | null = null;
  return {
    context,
    page,
    problems,
    async screenshot(name) {
      await mkdir(artifactsDir, { recursive: true });
      const path = join(artifactsDir, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    close() {
      closing ??= context.close().finally(() => rm(userDataDir, { recursive: true, force: true }));
      return closing;
    },
  };
}

/** Chromium reports CSP refusals as console errors, so the console listener catches those too. */
function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) {
      const { url, lineNumber } = message.location();
      problems.push(`console ${message.type()}: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.stack ?? error.message}`));
  page.on('requestfailed', (request) => {
    problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  return problems;
}
