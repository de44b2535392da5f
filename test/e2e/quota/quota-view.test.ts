/** The quota view in Chromium against the seeded sandbox: table, sorting, per-tenant charts, PNG and CSV export. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readTableRows, waitForRegion } from '../harness/console-page';
import { useConsoleSession } from '../harness/console-session';

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

  it('raised no console errors, CSP violations or failed requests', () => {
    expect(session().browser.problems).toEqual([]);
  });
});
