/**
 * How an administrator sees the console, in playwright locators: by role and accessible name only.
 * Waits end on the readiness the UI exposes (aria-busy / data-state), never on timers.
 */
import type { Locator, Page } from 'playwright-core';

export interface TenantOption {
  option: Locator;
  text: string;
  mailboxCount: number;
}

export const tenantRegion = (page: Page): Locator => page.getByRole('region', { name: 'Tenants' });
export const tenantListbox = (page: Page): Locator => page.getByRole('listbox', { name: 'Tenants' });

/**
 * Wait until `region` stops loading: its data-state becomes one of `done`. A failure state throws with
 * the error the page shows, so a broken backend reads as its own message rather than a timeout.
 */
export async function waitForRegion(region: Locator, done: string[], timeout = 30_000): Promise<void> {
  const selector = done.map((state) => `[data-state="${state}"]`).join(', ');
  const failed = region.and(region.page().locator('[data-state="failed"]'));
  await region.and(region.page().locator(selector)).or(failed).first().waitFor({ timeout });
  if ((await failed.count()) > 0) {
    const shown = await region.getByRole('alert').allInnerTexts();
    throw new Error(`The page reports a failure: ${shown.join(' | ') || '(no alert text)'}`);
  }
}

/** The tenant options once the list has loaded, with the mailbox count each one shows. */
export async function readTenantOptions(page: Page): Promise<TenantOption[]> {
  await waitForRegion(tenantRegion(page), ['ready']);
  const options = tenantListbox(page).getByRole('option');
  const result: TenantOption[] = [];
  for (const option of await options.all()) {
    const text = (await option.innerText()).replace(/\s+/g, ' ').trim();
    const count = /(\d+) mailbox(?:es)?\b/.exec(text);
    result.push({ option, text, mailboxCount: count ? Number(count[1]) : Number.NaN });
  }
  return result;
}

/** The mailbox table of the selected tenant, once its first page is shown. */
export async function waitForMailboxTable(page: Page): Promise<Locator> {
  const table = page.getByRole('table', { name: /^Mailboxes of / });
  const alert = page.getByRole('alert');
  await table.getByRole('row').nth(1).or(alert).first().waitFor({ timeout: 30_000 });
  if ((await alert.count()) > 0) throw new Error(`The page reports a failure: ${(await alert.allInnerTexts()).join(' | ')}`);
  return table;
}

/** The table's rows as objects keyed by column header text. */
export async function readTableRows(table: Locator): Promise<Record<string, string>[]> {
  const headers = (await table.getByRole('columnheader').allInnerTexts()).map((text) => text.trim());
  const rows = await table.getByRole('row').all();
  const records: Record<string, string>[] = [];
  for (const row of rows.slice(1)) {
    const cells = (await row.getByRole('cell').allInnerTexts()).map((text) => text.trim());
    records.push(Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? ''])));
  }
  return records;
}

/** The mail domains the selected tenant's details list. */
export async function readSelectedTenantDomains(page: Page): Promise<string[]> {
  const list = page.getByRole('list', { name: /^Mail domains of / });
  return (await list.getByRole('listitem').allInnerTexts()).map((text) => text.trim());
}
