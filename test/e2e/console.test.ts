/**
 * The whole round trip: the built renderer in Chromium, the loopback host, the app core and a real
 * sandbox slapd seeded with demo tenants. Nothing here knows the demo data's names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainOf } from '../../shared/model/fields';
import { launchConsoleBrowser, type ConsoleBrowser } from './harness/browser';
import {
  readSelectedTenantDomains,
  readTableRows,
  readTenantOptions,
  tenantListbox,
  waitForMailboxTable,
} from './harness/console-page';
import { startConsoleServer, type ConsoleServer } from './harness/console-server';
import { ensureRendererBuilt, inlineCodeInBuiltPage } from './harness/renderer-build';

describe('console in a browser against the sandbox', () => {
  let server: ConsoleServer | null = null;
  let browser: ConsoleBrowser | null = null;

  beforeAll(async () => {
    const staticDir = await ensureRendererBuilt();
    server = await startConsoleServer({ staticDir });
    browser = await launchConsoleBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  const session = () => {
    if (server === null || browser === null) throw new Error('beforeAll did not finish');
    return { server, browser, page: browser.page };
  };

  it('ships an index.html the CSP accepts as is (no inline script or style)', async () => {
    expect(await inlineCodeInBuiltPage()).toEqual([]);
  });

  it('opens through the launch URL and lists three tenants', async () => {
    const { server, page } = session();
    await page.goto(server.launchUrl);
    // The launch URL sets the session cookie and redirects; the token must not stay in the address bar.
    expect(new URL(page.url()).search).toBe('');

    const tenants = await readTenantOptions(page);
    expect(tenants.map((tenant) => tenant.text)).toHaveLength(3);
    for (const tenant of tenants) expect(tenant.mailboxCount).not.toBeNaN();

    const header = page.getByRole('banner');
    await expect.poll(() => header.getByRole('status', { name: 'Connection state' }).innerText()).toBe('Connected');
    await expect.poll(() => header.innerText()).toMatch(/Sandbox/);
  });

  it('shows the selected tenant\'s mailboxes, each in one of its mail domains', async () => {
    const { browser, page } = session();
    const tenants = await readTenantOptions(page);
    const withMailboxes = tenants.find((tenant) => tenant.mailboxCount > 0);
    if (withMailboxes === undefined) throw new Error(`No demo tenant has mailboxes: ${tenants.map((t) => t.text).join(' | ')}`);

    await withMailboxes.option.click();
    expect(await withMailboxes.option.getAttribute('aria-selected')).toBe('true');
    const table = await waitForMailboxTable(page);

    const domains = await readSelectedTenantDomains(page);
    expect(domains.length).toBeGreaterThan(0);
    for (const domain of domains) expect(withMailboxes.text).toContain(domain);

    const rows = await readTableRows(table);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(withMailboxes.mailboxCount);
    // The host only accepts primary addresses in the tenant's own domains; the UI must show the same.
    const outside = rows.filter((row) => !domains.includes(domainOf(row['Primary address'] ?? '')));
    expect(outside).toEqual([]);
    for (const row of rows) expect(['Enabled', 'Disabled', 'Locked']).toContain(row['State']);

    await browser.screenshot('console-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await browser.screenshot('console-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('selects tenants from the keyboard', async () => {
    const { page } = session();
    const listbox = tenantListbox(page);
    const options = listbox.getByRole('option');
    const selection = await Promise.all((await options.all()).map((option) => option.getAttribute('aria-selected')));
    const selectedBefore = selection.indexOf('true');
    expect(selectedBefore).toBeGreaterThanOrEqual(0);
    await listbox.focus();
    const target = selectedBefore === 0 ? 1 : 0;
    await page.keyboard.press(target > selectedBefore ? 'ArrowDown' : 'ArrowUp');
    // Moving the highlight alone does not change the selection.
    expect(await options.nth(selectedBefore).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    expect(await options.nth(target).getAttribute('aria-selected')).toBe('true');
    expect(await options.nth(selectedBefore).getAttribute('aria-selected')).toBe('false');

    const chosen = (await readTenantOptions(page))[target];
    if (chosen === undefined) throw new Error('tenant option vanished');
    if (chosen.mailboxCount > 0) {
      const table = await waitForMailboxTable(page);
      const name = await table.getAttribute('aria-label');
      expect(chosen.text).toContain(name?.replace(/^Mailboxes of /, '') ?? '<no table name>');
    }
    await session().browser.screenshot('console-keyboard');
  });

  it('raised no console errors, uncaught exceptions, CSP violations or failed requests', () => {
    expect(session().browser.problems).toEqual([]);
  });

  it('stops on SIGTERM and leaves no process behind (sandbox slapd included)', async () => {
    const { server, browser } = session();
    // Close the page first: its open event stream would otherwise be cut while we look.
    await browser.close();
    const { exit, leftovers } = await server.stop();
    expect(leftovers).toEqual([]);
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
  }, 60_000);
});
