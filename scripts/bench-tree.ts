/**
 * `npm run bench:tree`: the console's tenant tree with many tenants (default 1,000 and 10,000: `BENCH_TENANTS=a,b`),
 * in Chromium through the browser host against a fresh sandbox. Per size, one JSON line: from navigation to the
 * first tenant row painted (app start, listTenants, render), when listTenants' answer had arrived, the render after
 * it, and the time from each keystroke in the tree's filter to the second frame after it (typing the last tenant's name).
 * The page is loaded BENCH_LOADS times (default 5): medians of each part (bundle loaded, listTenants sent and
 * answered, render).
 * Targets (issue 12, 10,000 tenants): first paint < 300 ms, each keystroke < 50 ms.
 */
import { sandboxSessionOf } from './sandbox-session-of';
import { launchConsoleBrowser } from '../test/e2e/harness/browser';
import { readTenantNodes } from '../test/e2e/harness/console-page';
import { startConsoleServer } from '../test/e2e/harness/console-server';
import { ensureRendererBuilt } from '../test/e2e/harness/renderer-build';

/** The page globals the in-page measurements use (this file compiles without the DOM library). */
interface PageGlobals {
  document: { querySelector(selector: string): unknown; addEventListener(type: string, listener: (event: { timeStamp: number }) => void, capture: boolean): void };
  performance: { now(): number };
  requestAnimationFrame(callback: (now: number) => void): number;
  __keystrokes: number[];
}

const sizes = (process.env['BENCH_TENANTS'] ?? '1000,10000').split(',').map(Number);
const pageLoads = Number(process.env['BENCH_LOADS'] ?? 5);

/** One page load's timings, from navigation start (ms). */
interface PageLoad {
  firstTenantMs: number;
  scriptLoadedMs: number;
  listTenantsSentMs: number;
  listTenantsAnsweredMs: number;
  /** When the answer's first byte arrived (the rest is delivery of the body). */
  listTenantsFirstByteMs: number;
  listTenantsBytes: number;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (x: number) => Math.round(x * 10) / 10;

async function benchSize(tenantCount: number): Promise<Record<string, unknown>> {
  const staticDir = await ensureRendererBuilt();
  const server = await startConsoleServer({ staticDir });
  const browser = await launchConsoleBrowser({ viewport: { width: 1440, height: 900 } });
  try {
    const page = browser.page;
    page.setDefaultTimeout(300_000);
    await page.goto(server.launchUrl);
    await readTenantNodes(page);
    const session = await sandboxSessionOf(page, server.dataDir);
    const started = Date.now();
    try {
      let next = 0;
      const worker = async () => {
        while (next < tenantCount) {
          const i = next++;
          await session.services.tenants.create({ name: `Tenant ${i}`, settings: { mailDomains: [`tenant${i}.bench.test`] } });
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
    } finally {
      await session.connection.dispose();
    }
    process.stderr.write(`bench-tree: created ${tenantCount} tenants in ${Date.now() - started} ms\n`);

    // A fresh page: when the first tenant row is painted, and when listTenants' answer had arrived.
    await page.addInitScript(() => {
      const g = globalThis as unknown as { __firstTenantMs?: number; MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void; disconnect(): void }; document: { querySelector(selector: string): unknown; addEventListener(type: string, listener: () => void): void; body: unknown }; performance: { now(): number } };
      const observer = new g.MutationObserver(() => {
        if (g.__firstTenantMs === undefined && g.document.querySelector('[role="treeitem"][aria-level="2"]') !== null) {
          g.__firstTenantMs = g.performance.now();
          observer.disconnect();
        }
      });
      g.document.addEventListener('DOMContentLoaded', () => observer.observe(g.document.body, { childList: true, subtree: true }));
    });
    // Several fresh loads (the first also warms the browser's cache of the bundle, as a second start of the app
    // would find it): medians of each part.
    const loads: PageLoad[] = [];
    for (let load = 0; load < pageLoads; load++) {
      await page.goto(server.launchUrl);
      await page.getByRole('treeitem', { name: /^Tenant \d+/ }).first().waitFor();
      loads.push(
        await page.evaluate(() => {
          const g = globalThis as unknown as { __firstTenantMs?: number; performance: { getEntriesByType(type: string): { name: string; responseEnd: number; responseStart: number; startTime: number; transferSize?: number; encodedBodySize?: number }[] } };
          const resources = g.performance.getEntriesByType('resource');
          const answer = resources.find((entry) => entry.name.endsWith('/api/call/listTenants'));
          const script = resources.find((entry) => entry.name.endsWith('.js'));
          return {
            firstTenantMs: g.__firstTenantMs ?? NaN,
            scriptLoadedMs: script?.responseEnd ?? NaN,
            listTenantsSentMs: answer?.startTime ?? NaN,
            listTenantsAnsweredMs: answer?.responseEnd ?? NaN,
            listTenantsFirstByteMs: answer?.responseStart ?? NaN,
            listTenantsBytes: answer?.encodedBodySize ?? NaN,
          };
        }),
      );
    }
    const paint = {
      firstTenantMs: median(loads.map((l) => l.firstTenantMs)),
      scriptLoadedMs: median(loads.map((l) => l.scriptLoadedMs)),
      listTenantsSentMs: median(loads.map((l) => l.listTenantsSentMs)),
      listTenantsAnsweredMs: median(loads.map((l) => l.listTenantsAnsweredMs)),
      listTenantsTookMs: median(loads.map((l) => l.listTenantsAnsweredMs - l.listTenantsSentMs)),
      listTenantsFirstByteMs: median(loads.map((l) => l.listTenantsFirstByteMs)),
      renderAfterAnswerMs: median(loads.map((l) => l.firstTenantMs - l.listTenantsAnsweredMs)),
      listTenantsBytes: loads[0]?.listTenantsBytes ?? NaN,
      firstTenantRuns: loads.map((l) => round(l.firstTenantMs)),
    };
    await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      g.__keystrokes = [];
      g.document.addEventListener('input', (event) => {
        g.requestAnimationFrame(() => g.requestAnimationFrame((now) => g.__keystrokes.push(now - event.timeStamp)));
      }, true);
    });
    const filter = page.getByRole('searchbox', { name: 'Filter tenants' });
    await filter.click();
    const last = `Tenant ${tenantCount - 1}`;
    for (const key of last) {
      await filter.press(key === ' ' ? 'Space' : key);
      await page.waitForTimeout(50);
    }
    await page.getByRole('treeitem', { name: new RegExp(`^${last}`) }).first().waitFor();
    const keystrokes = await page.evaluate(() => (globalThis as unknown as PageGlobals).__keystrokes);
    return {
      tenants: tenantCount,
      pageLoads,
      navigationToFirstTenantRowMs: round(paint.firstTenantMs),
      scriptLoadedMs: round(paint.scriptLoadedMs),
      listTenantsSentMs: round(paint.listTenantsSentMs),
      listTenantsAnsweredMs: round(paint.listTenantsAnsweredMs),
      listTenantsTookMs: round(paint.listTenantsTookMs),
      listTenantsFirstByteMs: round(paint.listTenantsFirstByteMs),
      listTenantsBytes: paint.listTenantsBytes,
      renderAfterAnswerMs: round(paint.renderAfterAnswerMs),
      firstTenantRuns: paint.firstTenantRuns,
      keystrokeMedianMs: round(median(keystrokes)),
      keystrokeMaxMs: round(Math.max(...keystrokes)),
      keystrokes: keystrokes.length,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}

for (const size of sizes) console.log(JSON.stringify(await benchSize(size)));
