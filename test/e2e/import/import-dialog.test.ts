/**
 * Bulk import through the console, in Chromium against the real sandbox: a 5-row file for Acme whose fourth
 * row (spreadsheet row 4) uses Globex's domain is previewed as 4 creates and 1 rejected row with its reason,
 * imported with "only valid rows" to 4/4, and the new mailboxes appear in Acme's list.
 */
import { describe, expect, it } from 'vitest';
import { openTenantSection, readGridRows, readTableRows, waitForMailboxGrid } from '../harness/console-page';
import { useConsoleSession } from '../harness/console-session';

const csv = [
  'login,given name,surname,primary address,password',
  'imp.ada,Ada,Lovelace,imp.ada@acme.test,Import-Pass-1',
  'imp.alan,Alan,Turing,imp.alan@acme.test,Import-Pass-2',
  'imp.grace,Grace,Hopper,imp.grace@globex.test,Import-Pass-3',
  'imp.edsger,Edsger,Dijkstra,imp.edsger@acme.test,Import-Pass-4',
  'imp.barbara,Barbara,Liskov,imp.barbara@acme.test,Import-Pass-5',
].join('\r\n');

describe('importing mailboxes from a CSV file', () => {
  const session = useConsoleSession({ viewport: { width: 1440, height: 900 }, defaultTimeoutMs: 10_000, openConsole: true });

  it('previews, rejects the foreign domain row, imports the valid rows and lists them', async () => {
    const { browser, page } = session();
    await openTenantSection(page, 'Acme', 'Mailboxes');
    await waitForMailboxGrid(page);

    await page.getByRole('button', { name: 'Import mailboxes…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import mailboxes into Acme' });
    await dialog.getByLabel('CSV file').setInputFiles({ name: 'acme-new.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await dialog.getByRole('button', { name: 'Preview' }).click();

    const counts = dialog.getByRole('table', { name: 'Preview counts' });
    await counts.waitFor();
    expect(await readTableRows(counts)).toEqual([{ Rows: '5', Create: '4', Update: '0', Unchanged: '0', Rejected: '1' }]);
    const rejected = await readTableRows(dialog.getByRole('table', { name: 'Rejected rows' }));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ Row: '4', Login: 'imp.grace' });
    expect(rejected[0]?.['Reason']).toContain('imp.grace@globex.test is not in a domain of tenant "Acme"');
    const planned = await readTableRows(dialog.getByRole('table', { name: 'Planned rows' }));
    expect(planned.filter((row) => row['Action'] === 'Create').map((row) => row['Login'])).toEqual(['imp.ada', 'imp.alan', 'imp.edsger', 'imp.barbara']);

    // All or nothing is the default: the start is refused until "only valid rows" is chosen.
    const start = dialog.getByRole('button', { name: /^Start import/ });
    expect(await start.isDisabled()).toBe(true);
    await dialog.getByLabel(/Import only the valid rows/).check();
    await browser.screenshot('import-dialog-preview');
    await start.click();

    const bar = dialog.getByRole('progressbar', { name: 'Import progress' });
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 30_000 }).toBe('4');
    expect(await bar.getAttribute('aria-valuemax')).toBe('4');
    await expect.poll(() => dialog.getByRole('status', { name: 'Import state' }).innerText(), { timeout: 30_000 }).toBe('Completed');
    expect(await dialog.getByLabel('Rows done').innerText()).toContain('4 / 4 rows');
    expect(await readTableRows(dialog.getByRole('table', { name: 'Import results' }))).toEqual([{ Created: '4', Updated: '0', Unchanged: '0', Failed: '0' }]);
    const report = dialog.getByRole('link', { name: 'Download report' });
    await report.waitFor();
    expect(await report.getAttribute('href')).toMatch(/^blob:/);
    await browser.screenshot('import-dialog');

    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    // The list behind the dialog was reloaded; search the server so the windowed grid shows only the new ones.
    const search = page.getByRole('searchbox', { name: 'Search mailboxes' });
    await search.fill('imp.');
    await search.press('Enter');
    const grid = await waitForMailboxGrid(page);
    await expect
      .poll(async () => (await readGridRows(grid)).map((row) => row['Login']).filter((login) => login?.startsWith('imp.')).sort(), { timeout: 15_000 })
      .toEqual(['imp.ada', 'imp.alan', 'imp.barbara', 'imp.edsger']);
    expect(browser.problems).toEqual([]);
  }, 120_000);
});
