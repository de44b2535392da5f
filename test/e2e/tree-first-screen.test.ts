/**
 * Issue 12, the tree with more tenants than a screen holds, in Chromium against the real sandbox: the first screen
 * (the first tenants by name) paints before the whole list arrives; until it does, the count is not shown as if it
 * were the total and a filter waits instead of missing tenants further down; then the whole list takes over.
 * The whole listing is held back in the browser (a route) so the in-between state can be looked at.
 */
import type { Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { firstScreenTenants, type TenantSummary } from '../../shared/model/hosting';
import { readTenantNodes, tenantRegion, tenantTree, waitForRegion } from './harness/console-page';
import { useConsoleSession } from './harness/console-session';
import { callInPageOk } from './harness/page-api';

const extraTenants = firstScreenTenants + 20;
const name = (i: number) => `Screen ${String(i).padStart(3, '0')}`;

describe('the tree with more tenants than its first screen (issue 12)', () => {
  const session = useConsoleSession({ viewport: { width: 1400, height: 900 }, defaultTimeoutMs: 15_000, openConsole: true });

  it('paints the first tenants by name first, then the whole list; a filter typed meanwhile waits for it', async () => {
    const { page, server } = session();
    for (let i = 0; i < extraTenants; i++) await callInPageOk(page, 'createTenant', { name: name(i), settings: { mailDomains: [`screen${i}.test`] } });
    const all = await callInPageOk<TenantSummary[]>(page, 'listTenants', { counts: false });

    // Hold the whole listing (not the first screen's call) until released.
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const asked: unknown[] = [];
    await page.route('**/api/call/listTenants', async (route: Route) => {
      const body: unknown = route.request().postDataJSON();
      asked.push(body);
      if (typeof body === 'object' && body !== null && !('first' in body)) await released;
      await route.continue();
    });
    const region = tenantRegion(page);
    try {
      await page.goto(server.url);
      await waitForRegion(region, ['partial']);
      expect(await region.getAttribute('aria-busy')).toBe('true');
      expect(await region.locator('.pane__count').count()).toBe(0);
      // The first rows are the first tenants by name, as the whole list will have them.
      const firstRow = tenantTree(page).locator('[role="treeitem"][aria-level="2"] .tree__label').first();
      expect((await firstRow.innerText()).trim()).toBe(all[0]?.name);

      // The last tenant is not in the first screen: filtering for it now says the list is still coming.
      const last = all.at(-1)?.name ?? '';
      expect(all.findIndex((t) => t.name === last)).toBeGreaterThanOrEqual(firstScreenTenants);
      await region.getByRole('searchbox', { name: 'Filter tenants' }).fill(last);
      await region.getByText('Loading all tenants…').waitFor();

      release();
      await waitForRegion(region, ['ready']);
      await tenantTree(page).getByRole('treeitem', { name: new RegExp(`^${last}`) }).first().waitFor();
      expect(await region.locator('.pane__count').innerText()).toBe(String(all.length));
      expect(asked).toEqual([{ first: firstScreenTenants }, { counts: false }]);
    } finally {
      release();
      await page.unroute('**/api/call/listTenants');
    }
    await region.getByRole('searchbox', { name: 'Filter tenants' }).fill('');
    expect((await readTenantNodes(page)).length).toBeGreaterThan(0);
  });
});
