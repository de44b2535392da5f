/**
 * The import dialog's mapping step, in Chromium against the real sandbox. A Windows-1252 Microsoft 365 file (the
 * fixture with the bytes 0x80–0x9F and hostile cells) is recognised: its format, its encoding and every header
 * with its use are shown, the rows are previewed with their column and reason, and the valid rows are imported
 * with every character intact. A file whose headers nobody recognises gets the mapping step: the required
 * columns are named, the admin picks a header for each, and the file previews and imports with that mapping.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openTenantSection, readTableRows, searchMailboxes, waitForMailboxGrid } from '../harness/console-page';
import { useConsoleSession } from '../harness/console-session';
import { waitForImportCompleted } from '../harness/import-page';
import { callInPageOk } from '../harness/page-api';

/** Opens the dialog on the selected tenant, gives it `bytes` as the file and asks for the preview. */
async function chooseFile(page: Page, name: string, bytes: Buffer): Promise<Locator> {
  await page.getByRole('button', { name: 'Import mailboxes…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import mailboxes into Acme' });
  await dialog.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });
  await dialog.getByRole('button', { name: 'Preview', exact: true }).click();
  await dialog.getByRole('region', { name: 'Column mapping' }).waitFor();
  return dialog;
}

/** Closes a finished job's dialog. Its report holds the passwords Enclave generated (closing without it asks), so it is saved first. */
async function closeDialog(dialog: Locator): Promise<void> {
  const report = dialog.getByRole('link', { name: 'Download report' });
  await Promise.all([dialog.page().waitForEvent('download'), report.click()]);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('the import dialog with files from other systems', () => {
  const session = useConsoleSession({ viewport: { width: 1440, height: 900 }, defaultTimeoutMs: 10_000, openConsole: true });

  it('recognises a Windows-1252 Microsoft 365 file, shows how each header is used, and imports the valid rows intact', async () => {
    const { browser, page } = session();
    // The fixtures' addresses are in contoso.test: Acme hosts that domain too for this test.
    await callInPageOk(page, 'updateTenant', { tenant: 'Acme', changes: { mailDomains: ['acme.test', 'contoso.test'] } });
    await openTenantSection(page, 'Acme', 'Mailboxes');
    await waitForMailboxGrid(page);

    const dialog = await chooseFile(page, 'm365.csv', await readFile(path.resolve('test/fixtures/bulk/m365-users.cp1252.csv')));
    const mapping = dialog.getByRole('region', { name: 'Column mapping' });
    expect(await mapping.locator('.import-mapping__format').innerText()).toBe('Microsoft 365 admin center ("Add multiple users" CSV) · read as Windows-1252');
    const headers = await readTableRows(mapping.getByRole('table', { name: 'File headers' }));
    expect(headers).toHaveLength(16);
    expect(headers.slice(0, 4)).toEqual([
      { Header: 'User Name', 'Used for': 'login (the part before @); primary address (the user name (the UPN) as it is)' },
      { Header: 'First Name', 'Used for': 'given name' },
      { Header: 'Last Name', 'Used for': 'surname' },
      { Header: 'Display Name', 'Used for': 'display name' },
    ]);
    expect(headers).toContainEqual({ Header: 'Address', 'Used for': 'ignored: the street address' });

    expect(await readTableRows(dialog.getByRole('table', { name: 'Preview counts' }))).toEqual([{ Rows: '18', Create: '8', Update: '0', Unchanged: '0', Rejected: '10' }]);
    const rejected = await readTableRows(dialog.getByRole('table', { name: 'Rejected rows' }));
    expect(rejected.map((row) => row['Row'])).toEqual(['6', '7', '8', '9', '11', '12', '13', '14', '15', '17']);
    expect(rejected[0]).toEqual({ Row: '6', Login: 'eve', Reason: expect.stringMatching(/^Last Name: "=HYPERLINK\(.*which a spreadsheet would run as a formula/) });
    expect(rejected.find((row) => row['Row'] === '12')?.['Reason']).toMatch(/^First Name: contains U\+FFFD REPLACEMENT CHARACTER at character 1/);
    expect(await dialog.getByRole('list', { name: 'File warnings' }).innerText()).toContain('The file is not valid UTF-8 (byte 0x80 at offset 246, line 2)');
    await browser.screenshot('import-mapping-m365');

    await dialog.getByLabel(/Import only the valid rows/).check();
    const start = dialog.getByRole('button', { name: /^Start import/ });
    expect(await start.isDisabled()).toBe(false);
    // A changed mapping has to be previewed before it can be imported; back to the recognised one, it can again.
    await mapping.getByRole('button', { name: 'Change the mapping' }).click();
    const displayName = mapping.getByRole('combobox', { name: 'Header for display name' });
    await displayName.selectOption({ label: 'leave out' });
    expect(await start.isDisabled()).toBe(true);
    await dialog.getByText('The mapping changed: preview again before importing.').waitFor();
    await displayName.selectOption('');
    expect(await start.isDisabled()).toBe(false);
    await start.click();
    expect(await waitForImportCompleted(dialog)).toEqual([{ Rows: '18', Valid: '8', Rejected: '10', Created: '8', Updated: '0', Unchanged: '0', Failed: '0' }]);
    expect(await dialog.getByRole('group', { name: 'Import summary' }).innerText()).toContain('10 rejected before the start (listed in the report)');
    await closeDialog(dialog);

    const found = await searchMailboxes(page, 'sarka');
    expect(found.map((row) => row['Login'])).toContain('sarka.novakova');
    expect(JSON.stringify(found)).toContain('Šárka Nováková');
    expect(browser.problems).toEqual([]);
  }, 120_000);

  it('asks for a mapping when the headers are not recognised, naming the required columns, and imports with the chosen one', async () => {
    const { browser, page } = session();
    const csv = 'Kennung;Vorname;Nachname;E-Post;Kennwort;Abteilung\r\nanna.s;Anna;Schmidt;anna.s@contoso.test;Sehr-Geheim-1;Vertrieb\r\nbernd.w;Bernd;Weiß;bernd.w@contoso.test;Sehr-Geheim-2;Technik\r\n';
    const dialog = await chooseFile(page, 'personal.csv', Buffer.from(csv, 'utf8'));
    const mapping = dialog.getByRole('region', { name: 'Column mapping' });
    expect(await mapping.getByRole('alert').innerText()).toBe('Nothing in the file is mapped to the required columns login, surname, primary address. Choose the headers below, then preview again.');
    expect((await readTableRows(mapping.getByRole('table', { name: 'File headers' }))).map((row) => row['Header'])).toEqual(['Kennung', 'Vorname', 'Nachname', 'E-Post', 'Kennwort', 'Abteilung']);
    expect(await dialog.getByRole('table', { name: 'Preview counts' }).count()).toBe(0);
    expect(await dialog.getByRole('button', { name: /^Start import/ }).isDisabled()).toBe(true);

    for (const [column, header] of [['login', 'Kennung'], ['given name', 'Vorname'], ['surname', 'Nachname'], ['primary address', 'E-Post'], ['password', 'Kennwort']]) {
      await mapping.getByRole('combobox', { name: `Header for ${column}` }).selectOption(header ?? '');
    }
    await browser.screenshot('import-mapping-step');
    await mapping.getByRole('button', { name: 'Preview with this mapping' }).click();
    await dialog.getByRole('table', { name: 'Preview counts' }).waitFor();
    expect(await readTableRows(dialog.getByRole('table', { name: 'Preview counts' }))).toEqual([{ Rows: '2', Create: '2', Update: '0', Unchanged: '0', Rejected: '0' }]);
    const headers = await readTableRows(mapping.getByRole('table', { name: 'File headers' }));
    expect(headers).toContainEqual({ Header: 'Kennung', 'Used for': 'login' });
    expect(headers).toContainEqual({ Header: 'Abteilung', 'Used for': 'ignored: not an import column' });

    await dialog.getByRole('button', { name: /^Start import/ }).click();
    expect(await waitForImportCompleted(dialog)).toEqual([{ Rows: '2', Valid: '2', Rejected: '0', Created: '2', Updated: '0', Unchanged: '0', Failed: '0' }]);
    await closeDialog(dialog);
    const found = await searchMailboxes(page, 'bernd');
    expect(JSON.stringify(found)).toContain('Weiß');
    expect(browser.problems).toEqual([]);
  }, 120_000);
});
