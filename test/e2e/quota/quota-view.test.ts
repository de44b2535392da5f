/** The quota view in Chromium against the seeded sandbox: table, sorting, per-tenant charts, PNG and CSV export. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTableRows, readTenantNodes, waitForRegion } from '../harness/console-page';
import { useConsoleSession } from '../harness/console-session';
import { artifactsDir } from '../harness/repo-paths';

describe('quota view', () => {
  const session = useConsoleSession({ viewport: { width: 1400, height: 1000 } });

  it('shows every tenant with pool, allocation and mailbox count, and says usage is not connected', async () => {
    const { server, browser, page } = session();
    await page.goto(server.launchUrl);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Quotas' }).click();
    const region = page.getByRole('region', { name: 'Quotas' });
    await waitForRegion(region, ['ready']);
    await expect.poll(() => region.getByRole('note').innerText()).toMatch(/Usage is not connected/);

    const rows = await readTableRows(region.getByRole('grid', { name: 'Tenant quotas' }));
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      // The demo tenants: 100 GiB pools, 20 mailboxes of 1–5 GiB (60 GiB), limit 500.
      expect(row).toMatchObject({ Pool: '100 GiB', Allocated: '60 GiB', 'Of pool': '60%', Mailboxes: '20', Limit: '500', 'Of limit': '4%' });
    }
    await region.getByRole('figure', { name: 'Tenants nearest their limits' }).locator('.recharts-wrapper > svg').waitFor();
    await browser.screenshot('quota-view');
  });

  it('sorts the tenant table by a column', async () => {
    const { page } = session();
    const table = page.getByRole('grid', { name: 'Tenant quotas' });
    const header = table.getByRole('columnheader', { name: 'Tenant' });
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const ascending = (await readTableRows(table)).map((row) => row['Tenant']);
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect((await readTableRows(table)).map((row) => row['Tenant'])).toEqual([...ascending].reverse());
  });

  it('charts one tenant and exports a chart as PNG and the table as CSV', async () => {
    const { browser, page } = session();
    const table = page.getByRole('grid', { name: 'Tenant quotas' });
    const tenant = (await readTableRows(table))[0]?.['Tenant'] ?? '';
    await table.getByRole('gridcell', { name: tenant, exact: true }).click();
    const detail = page.getByRole('region', { name: `Quotas of ${tenant}` });
    await waitForRegion(detail, ['ready']);
    const allocation = detail.getByRole('figure', { name: `Allocation against pool: ${tenant}` });
    await allocation.locator('.recharts-wrapper > svg').waitFor();
    await expect.poll(() => detail.getByRole('figure').count()).toBe(4);
    await detail.scrollIntoViewIfNeeded();
    await browser.screenshot('quota-view-tenant');

    const [png] = await Promise.all([page.waitForEvent('download'), allocation.getByRole('button', { name: /as PNG/ }).click()]);
    expect(png.suggestedFilename()).toBe(`allocation-${tenant}.png`);
    const image = await readFile((await png.path()) ?? '');
    expect(image.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(image.length).toBeGreaterThan(2000);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const text = await readFile((await csv.path()) ?? '', 'utf8');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('tenant,pool_bytes,allocated_bytes,used_bytes,pool_ratio,mailboxes,mailbox_limit,overcommit_bytes,allow_overcommit');
    expect(lines).toHaveLength(4);
  });

  it('keeps the tenant table open beside a tenant\'s charts, ticks sizes on round values and exports a chart with its legend', async () => {
    const { browser, page } = session();
    const region = page.getByRole('region', { name: 'Quotas' });
    const table = region.getByRole('grid', { name: 'Tenant quotas' });
    const tenant = (await readTableRows(table))[1]?.['Tenant'] ?? '';
    await table.getByRole('gridcell', { name: tenant, exact: true }).click();
    const detail = page.getByRole('region', { name: `Quotas of ${tenant}` });
    await waitForRegion(detail, ['ready']);
    // Choosing a tenant used to squeeze the table to 2 px: it keeps the height of its rows.
    expect((await table.boundingBox())?.height ?? 0).toBeGreaterThan(3 * 30);

    const sizeTick = /^(0|\d+(\.5)? (KiB|MiB|GiB|TiB))$/;
    for (const name of [`Allocation against pool: ${tenant}`, `Largest mailboxes: ${tenant}`, 'Largest mailboxes (all tenants)']) {
      const ticks = await region.getByRole('figure', { name }).locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
      expect(ticks.length, name).toBeGreaterThan(1);
      for (const tick of ticks) expect(tick, name).toMatch(sizeTick);
    }
    await browser.screenshot('quota-view-ticks');

    // A chart with a legend: the PNG is the whole chart (twice its size), not the 28×28 legend swatch.
    const pressure = region.getByRole('figure', { name: 'Tenants nearest their limits' });
    const body = await pressure.locator('.chart-card__body').boundingBox();
    const [png] = await Promise.all([page.waitForEvent('download'), pressure.getByRole('button', { name: /as PNG/ }).click()]);
    await png.saveAs(join(artifactsDir, 'quota-chart-export.png'));
    const image = await readFile((await png.path()) ?? '');
    expect(image.subarray(1, 4).toString('latin1')).toBe('PNG');
    const [width, height] = [image.readUInt32BE(16), image.readUInt32BE(20)];
    expect(width).toBe(Math.ceil((body?.width ?? 0) * 2));
    expect(height).toBe(Math.ceil((body?.height ?? 0) * 2));
    expect(height).toBeGreaterThan(200);
  });

  it('checks conformance on request and marks the tenants with findings in the table, the tenant detail and the tree', async () => {
    const { browser, page } = session();
    const region = page.getByRole('region', { name: 'Quotas' });
    const table = region.getByRole('grid', { name: 'Tenant quotas' });
    const tenant = (await readTableRows(table))[2]?.['Tenant'] ?? '';
    const call = (name: string, body: unknown) =>
      page.evaluate(async ([callName, payload]) => {
        const response = await fetch(`/api/call/${String(callName)}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) });
        return (await response.json()) as { ok: boolean };
      }, [name, body] as const);
    // A mailbox limit below the 20 mailboxes the tenant has: the server cannot refuse it, the scan finds it.
    expect(await call('updateTenant', { tenant, changes: { mailboxLimit: 5 } })).toMatchObject({ ok: true });
    try {
      await region.getByRole('button', { name: 'Check conformance' }).click();
      const summary = region.getByRole('status').filter({ hasText: 'Conformance' });
      await expect.poll(() => summary.innerText(), { timeout: 30_000 }).toMatch(/^Conformance: 1 finding in 1 tenant \(\d[\d,]* entries read in [\d,]+ ms\)/);
      const rows = await readTableRows(table);
      expect(rows.find((row) => row['Tenant'] === tenant)?.['Findings']).toBe('⚠ 1');
      expect(rows.filter((row) => row['Tenant'] !== tenant).map((row) => row['Findings'])).toEqual(['–', '–']);
      await table.getByRole('gridcell', { name: tenant, exact: true }).click();
      const findings = page.getByRole('region', { name: `Conformance findings of ${tenant}` });
      await expect.poll(() => findings.locator('[data-rule]').getAttribute('data-rule')).toBe('over-mailbox-limit');
      await browser.screenshot('quota-conformance');

      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Directory' }).click();
      const nodes = await readTenantNodes(page);
      const marks = await Promise.all(nodes.map(async (node) => [node.name, (await node.node.locator('.tree__mark').count()) > 0] as const));
      expect(marks.filter(([, marked]) => marked).map(([name]) => name)).toEqual([tenant]);
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Quotas' }).click();
    } finally {
      expect(await call('updateTenant', { tenant, changes: { mailboxLimit: 500 } })).toMatchObject({ ok: true });
    }
  });

  it('raised no console errors, CSP violations or failed requests', () => {
    expect(session().browser.problems).toEqual([]);
  });
});
