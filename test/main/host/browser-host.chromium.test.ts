/**
 * The browser path for real: Chromium opens the launch URL, the page (under the host's CSP) reaches the
 * API through renderer/api/enclave-api.ts, and a page from another local origin cannot.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/errors';
import type { EnclaveApi } from '../../../shared/ipc/contract';
import { startBrowserHost, type BrowserHost } from '../../../main/host/browser-host';
import { createAppCoreDouble, type AppCoreDouble } from './app-core-double';
import { chromiumArgs, chromiumPath } from '../../e2e/harness/browser';

declare global {
  // Set by the test page's script so page.evaluate can drive the real client.
  var enclaveUnderTest: EnclaveApi | undefined;
  var inlineScriptRan: boolean | undefined;
}

const enclaveApiModule = fileURLToPath(new URL('../../../renderer/api/enclave-api.ts', import.meta.url));

let dir: string;
let core: AppCoreDouble;
let host: BrowserHost;
let browser: Browser;
let page: Page;
let foreign: Server;
let foreignOrigin: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'enclave-chromium-'));
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>t</title>' +
      '<script>window.inlineScriptRan = true;</script>' +
      '<script type="module" src="./app.js"></script></head><body></body></html>',
  );
  await writeFile(join(dir, 'entry.ts'), `import { getEnclaveApi } from ${JSON.stringify(enclaveApiModule)};\nglobalThis.enclaveUnderTest = getEnclaveApi();\n`);
  await build({ entryPoints: [join(dir, 'entry.ts')], outfile: join(dir, 'app.js'), bundle: true, format: 'esm', logLevel: 'error' });

  core = createAppCoreDouble();
  host = await startBrowserHost(core, { staticDir: dir });

  // Another local origin, as a malicious page on some other loopback port would be. Same site, so the
  // SameSite cookie alone would not stop it: the Origin check must.
  foreign = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>foreign</title>');
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  const address = foreign.address();
  foreignOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  // A fresh context is a fresh, throwaway profile.
  page = await (await browser.newContext()).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await new Promise<void>((resolve) => (foreign ? foreign.close(() => resolve()) : resolve()));
  await rm(dir, { recursive: true, force: true });
});

describe('the browser host in Chromium', () => {
  it('opens via the launch URL, drops the token from the address bar and hides the cookie from scripts', async () => {
    await page.goto(host.launchUrl);
    expect(page.url()).toBe(host.url);
    await expect.poll(() => page.evaluate(() => globalThis.enclaveUnderTest !== undefined)).toBe(true);
    // Runs in the page; the test tsconfig has no DOM types, hence the structural cast.
    expect(await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)).toBe('');
  });

  it('enforces the CSP: inline script does not run', async () => {
    expect(await page.evaluate(() => globalThis.inlineScriptRan ?? false)).toBe(false);
  });

  it('calls through getEnclaveApi() (HTTP client) and gets the Result', async () => {
    const result = await page.evaluate(() => globalThis.enclaveUnderTest!.connect({ profileId: 'sandbox', password: 'pw' }));
    expect(result).toEqual({ ok: true, value: { echoed: 'connect', payload: { profileId: 'sandbox', password: 'pw' } } });
    expect(core.calls.at(-1)).toEqual({ name: 'connect', payload: { profileId: 'sandbox', password: 'pw' } });
  });

  it('receives pushed events over the shared EventSource', async () => {
    const received = page.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          const off = globalThis.enclaveUnderTest!.on('sandboxState', (payload) => {
            off();
            resolve(payload);
          });
        }),
    );
    await expect.poll(() => core.listenerCount()).toBe(1);
    core.emit('sandboxState', { state: 'stopped', message: 'bye' });
    expect(await received).toEqual({ state: 'stopped', message: 'bye' });
    // The last listener left, so the page closed its stream and the host unsubscribed.
    await expect.poll(() => core.listenerCount()).toBe(0);
  });

  it('refuses a call from another local origin even though the browser holds the cookie', async () => {
    const other = await page.context().newPage();
    await other.goto(foreignOrigin);
    const before = core.calls.length;
    const outcome = await other.evaluate(async (target) => {
      try {
        const res = await fetch(`${target}api/call/getSession`, {
          method: 'POST',
          credentials: 'include',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        });
        return `status ${res.status}`;
      } catch {
        return 'blocked';
      }
    }, host.url);
    const simple = await other.evaluate(async (target) => {
      // A "simple" request skips the preflight; the Origin check still refuses it.
      try {
        await fetch(`${target}api/call/getSession`, { method: 'POST', mode: 'no-cors', credentials: 'include', body: '{}' });
        return 'sent';
      } catch {
        return 'blocked';
      }
    }, host.url);
    expect(outcome).toBe('blocked');
    expect(['sent', 'blocked']).toContain(simple);
    expect(core.calls.length).toBe(before);
    await other.close();
  });

  it('tells the page its session is gone once the host restarts', async () => {
    const port = host.port;
    await host.close();
    host = await startBrowserHost(core, { staticDir: dir, port });
    const result: Result<unknown> = await page.evaluate(() => globalThis.enclaveUnderTest!.getSession({}));
    expect(result).toMatchObject({ ok: false, error: { kind: 'connection-lost' } });
  });
});
