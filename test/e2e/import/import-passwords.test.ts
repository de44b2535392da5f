/**
 * Issue 17, item 1, in Chromium against the real sandbox: passwords Enclave generates for "generate" rows exist
 * only in the job's report. The preview and the summary say so; closing before the report was downloaded asks
 * first; and the report of a finished job stays downloadable from "Recent imports" after the dialog is closed.
 * Each generated password is checked by binding with it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Download, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { boundClient } from '../../harness/test-directory';
import { openTenantSection, readTableRows, waitForMailboxGrid } from '../harness/console-page';
import { useConsoleSession } from '../harness/console-session';
import { previewImport, waitForImportCompleted } from '../harness/import-page';

const file = (...logins: string[]) => ['login,surname,primary address,password', ...logins.map((login) => `${login},${login},${login}@acme.test,generate`)].join('\r\n');

/** The report's generated password per login (main/bulk/csv-report.ts; the cells of these files need no quoting). */
async function generatedPasswords(download: Download): Promise<Record<string, string>> {
  const [header = '', ...lines] = (await readFile((await download.path()) ?? '', 'utf8')).trim().split(/\r?\n/);
  const columns = header.split(',');
  const [login, password] = [columns.indexOf('login'), columns.indexOf('generated password')];
  expect(password, header).toBeGreaterThan(login);
  return Object.fromEntries(lines.map((line) => line.split(',')).map((cells) => [cells[login] ?? '', cells[password] ?? '']));
}

describe('generated import passwords', () => {
  const session = useConsoleSession({ viewport: { width: 1400, height: 900 }, defaultTimeoutMs: 10_000, openConsole: true });

  /** Binds as the new mailbox with `password`: proof that the report holds the password it was given. */
  async function canSignIn(page: Page, login: string, password: string): Promise<void> {
    const { server } = session();
    const { suffix } = JSON.parse(await readFile(join(server.dataDir, 'sandbox', 'credentials.json'), 'utf8')) as { suffix: string };
    const client = await boundClient((await page.locator('.header-bar__url').innerText()).trim(), `uid=${login},ou=mailboxes,ou=Acme,ou=tenants,${suffix}`, password);
    await client.unbind();
  }

  const download = async (page: Page, link: Locator): Promise<Download> => (await Promise.all([page.waitForEvent('download'), link.click()]))[0];

  it('says the report holds the generated passwords, and asks before closing without it', async () => {
    const { browser, page } = session();
    await openTenantSection(page, 'Acme', 'Mailboxes');
    await waitForMailboxGrid(page);
    const dialog = await previewImport(page, 'Acme', 'generated.csv', file('gen.one', 'gen.two'));
    await expect.poll(() => dialog.getByRole('note').innerText()).toMatch(/^2 new mailboxes get a generated password\. Those passwords appear only in the report/);
    await dialog.getByRole('button', { name: /^Start import/ }).click();
    expect(await waitForImportCompleted(dialog)).toEqual([{ Rows: '2', Valid: '2', Rejected: '0', Created: '2', Updated: '0', Unchanged: '0', Failed: '0' }]);
    await expect.poll(() => dialog.getByRole('note').innerText()).toBe('The report holds the 2 passwords Enclave generated for this import, and nothing else does: download it and keep it safe.');
    await browser.screenshot('import-generated-passwords');

    // Close before downloading: asked, and staying keeps the report at hand.
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    const ask = page.getByRole('dialog', { name: 'Close without the report?' });
    await expect.poll(() => ask.innerText()).toMatch(/holds the 2 passwords Enclave generated/);
    await browser.screenshot('import-close-without-report');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'detached' });

    const passwords = await generatedPasswords(await download(page, dialog.getByRole('link', { name: 'Download report' })));
    expect(Object.keys(passwords).sort()).toEqual(['gen.one', 'gen.two']);
    for (const [login, password] of Object.entries(passwords)) {
      expect(password.length, login).toBeGreaterThanOrEqual(8);
      await canSignIn(page, login, password);
    }

    // Downloaded: Close just closes.
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByRole('dialog').count()).toBe(0);
  }, 120_000);

  it('keeps the report of a dialog closed without it under Recent imports', async () => {
    const { browser, page } = session();
    const dialog = await previewImport(page, 'Acme', 'forgotten.csv', file('gen.three'));
    await dialog.getByRole('button', { name: /^Start import/ }).click();
    await waitForImportCompleted(dialog);
    await dialog.getByRole('note').waitFor();
    await dialog.getByRole('button', { name: 'Close dialog' }).click();
    await page.getByRole('dialog', { name: 'Close without the report?' }).getByRole('button', { name: 'Close without it' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Import mailboxes…' }).click();
    const recent = dialog.getByRole('table', { name: 'Recent imports into Acme' });
    await recent.getByRole('row').nth(2).waitFor();
    const rows = await readTableRows(recent);
    expect(rows.map((row) => row['File'])).toEqual(['forgotten.csv', 'generated.csv']);
    // The console read that report when the job ended: it knows the password in it was never downloaded.
    expect(rows[0]?.['Result']).toBe('1 created, 0 updated, 0 failed · 1 generated password');
    expect(rows[0]?.['Report']).toBe('Download report');
    await browser.screenshot('import-recent-imports');

    const passwords = await generatedPasswords(await download(page, recent.getByRole('button', { name: /^Download the report of forgotten\.csv/ })));
    expect(Object.keys(passwords)).toEqual(['gen.three']);
    await canSignIn(page, 'gen.three', passwords['gen.three'] ?? '');
    await expect.poll(() => recent.getByRole('button', { name: /^Download the report of forgotten\.csv/ }).innerText()).toBe('Download again');
    expect(browser.problems).toEqual([]);
  }, 120_000);
});
