/** The import dialog as an administrator drives it, for the import suites of both flavors. */
import type { Locator, Page } from 'playwright-core';
import { readTableRows, searchMailboxes } from './console-page';

/** Opens the import dialog on the selected tenant, gives it `csv` as a file and waits for the preview. */
export async function previewImport(page: Page, tenant: string, fileName: string, csv: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Import mailboxes…' }).click();
  const dialog = page.getByRole('dialog', { name: `Import mailboxes into ${tenant}` });
  await dialog.getByLabel('CSV file').setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await dialog.getByRole('table', { name: 'Preview counts' }).waitFor();
  return dialog;
}

/** Waits until the started job says Completed; returns its results table. */
export async function waitForImportCompleted(dialog: Locator, timeout = 30_000): Promise<Record<string, string>[]> {
  const state = dialog.getByRole('status', { name: 'Import state' });
  await state.filter({ hasText: /^Completed$/ }).waitFor({ timeout });
  return readTableRows(dialog.getByRole('table', { name: 'Import results' }));
}

/**
 * Closes the dialog and searches the tenant's mailboxes on the server for `prefix`: the list behind the dialog was
 * reloaded, and the windowed grid then shows only the matches. Returns their logins, sorted.
 */
export async function closeAndFindImported(page: Page, dialog: Locator, prefix: string): Promise<string[]> {
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  const rows = await searchMailboxes(page, prefix);
  return rows.map((row) => row['Login'] ?? '').filter((login) => login.startsWith(prefix)).sort();
}
