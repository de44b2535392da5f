/**
 * The whole round trip: the built renderer in Chromium, the loopback host, the app core and a real
 * sandbox slapd seeded with demo tenants. Nothing here knows the demo data's names.
 */
import { describe, expect, it } from 'vitest';
import { domainOf } from '../../shared/model/fields';
import { readGridRows, readSelectedTenantDomains, readTenantNodes, tenantTree, waitForMailboxGrid } from './harness/console-page';
import { inlineCodeInBuiltPage } from './harness/renderer-build';
import { useConsoleSession } from './harness/console-session';

describe('console in a browser against the sandbox', () => {
  const session = useConsoleSession();

  it('ships an index.html the CSP accepts as is (no inline script or style)', async () => {
    expect(await inlineCodeInBuiltPage()).toEqual([]);
  });

  it('opens through the launch URL and shows three tenants in the tree', async () => {
    const { server, page } = session();
    await page.goto(server.launchUrl);
    // The launch URL sets the session cookie and redirects; the token must not stay in the address bar.
    expect(new URL(page.url()).search).toBe('');

    const tenants = await readTenantNodes(page);
    expect(tenants).toHaveLength(3);
    for (const tenant of tenants) expect(tenant.mailboxCount).not.toBeNaN();

    const header = page.getByRole('banner');
    await expect.poll(() => header.getByRole('status', { name: 'Connection state' }).innerText()).toBe('Connected');
    await expect.poll(() => header.innerText()).toMatch(/Sandbox/);
    await expect.poll(() => header.getByLabel('Signed in as').innerText()).toBe('Host administrator');
  });

  it('shows the selected tenant\'s mailboxes, each in one of its mail domains', async () => {
    const { browser, page } = session();
    const tenants = await readTenantNodes(page);
    const withMailboxes = tenants.find((tenant) => tenant.mailboxCount > 0);
    if (withMailboxes === undefined) throw new Error('No demo tenant has mailboxes');

    await withMailboxes.node.click();
    const grid = await waitForMailboxGrid(page);
    expect(await grid.getAttribute('aria-label')).toBe(`Mailboxes of ${withMailboxes.name}`);

    const domains = await readSelectedTenantDomains(page);
    expect(domains.length).toBeGreaterThan(0);
    const rows = await readGridRows(grid);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(withMailboxes.mailboxCount);
    // The host only accepts primary addresses in the tenant's own domains; the UI must show the same.
    expect(rows.filter((row) => !domains.includes(domainOf(row['Primary address'] ?? '')))).toEqual([]);
    for (const row of rows) expect(['Enabled', 'Disabled', 'Locked']).toContain(row['State']);

    // Expanding the tenant shows its four sections with counts once its groups are read.
    const tree = tenantTree(page);
    await expect.poll(() => tree.getByRole('treeitem', { name: /^Groups\s*\d+$/ }).count()).toBe(1);
    await expect.poll(() => tree.getByRole('treeitem', { name: /^Distribution lists\s*\d+$/ }).count()).toBe(1);

    await browser.screenshot('console-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await browser.screenshot('console-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('sorts the loaded rows by a column header', async () => {
    const { page } = session();
    const grid = await waitForMailboxGrid(page);
    await grid.getByRole('button', { name: 'Login' }).click();
    await expect.poll(() => grid.getByRole('columnheader', { name: /Login/ }).getAttribute('aria-sort')).toBe('ascending');
    const logins = (await readGridRows(grid)).map((row) => row['Login'] ?? '');
    expect(logins).toEqual([...logins].sort((a, b) => a.localeCompare(b)));
    await grid.getByRole('button', { name: /Login/ }).click();
    await expect.poll(() => grid.getByRole('columnheader', { name: /Login/ }).getAttribute('aria-sort')).toBe('descending');
  });

  it('navigates the tree from the keyboard and opens a mailbox with Enter', async () => {
    const { browser, page } = session();
    const tree = tenantTree(page);
    await tree.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown'); // first tenant
    const active = tree.locator('.tree__row--active');
    expect(await active.getAttribute('aria-level')).toBe('2');
    if ((await active.getAttribute('aria-expanded')) === 'true') await page.keyboard.press('ArrowLeft'); // collapse
    expect(await active.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('ArrowRight'); // expand
    expect(await active.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowRight'); // to its first child
    expect(await active.innerText()).toMatch(/^Mailboxes/);
    await page.keyboard.press('Enter');
    const grid = await waitForMailboxGrid(page);
    const first = (await readTenantNodes(page))[0];
    expect(await grid.getAttribute('aria-label')).toBe(`Mailboxes of ${first?.name}`);

    await grid.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('complementary', { name: /^Properties of / }).count()).toBe(1);
    await browser.screenshot('console-keyboard');

    // F5 reloads the data, not the page.
    await tree.focus();
    await page.keyboard.press('F5');
    await readTenantNodes(page);
    expect(new URL(page.url()).search).toBe('');
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
