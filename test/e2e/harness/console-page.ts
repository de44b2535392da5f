/**
 * How an administrator sees the console, in playwright locators: by role and accessible name only.
 * Waits end on the readiness the UI exposes (aria-busy / data-state), never on timers.
 */
import type { Locator, Page } from 'playwright-core';

export interface TenantNode {
  node: Locator;
  name: string;
  mailboxCount: number;
}

export const tenantRegion = (page: Page): Locator => page.getByRole('region', { name: 'Tenants' });
export const tenantTree = (page: Page): Locator => page.getByRole('tree', { name: 'Tenants' });

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

/** The tenant rows of the tree (level 2) once it has loaded, with the mailbox count each shows. */
export async function readTenantNodes(page: Page): Promise<TenantNode[]> {
  await waitForRegion(tenantRegion(page), ['ready']);
  const nodes = tenantTree(page).locator('[role="treeitem"][aria-level="2"]');
  const result: TenantNode[] = [];
  for (const node of await nodes.all()) {
    const name = (await node.locator('.tree__label').innerText()).trim();
    const count = Number((await node.locator('.tree__count').innerText()).trim());
    result.push({ node, name, mailboxCount: count });
  }
  return result;
}

/** The tree row of a tenant's section ("Mailboxes", "Groups", "Distribution lists", "Settings", "Keys and certificates"). */
export async function openTenantSection(page: Page, tenant: string, section: string): Promise<void> {
  const tree = tenantTree(page);
  // The row's name is the tenant's then its count; a name may end in punctuation ("Globex, Inc."), so no \b.
  const tenantNode = tree.getByRole('treeitem', { name: new RegExp(`^${escapeRegExp(tenant)}(\\s|$)`) }).and(page.locator('[aria-level="2"]'));
  if ((await tenantNode.getAttribute('aria-expanded')) !== 'true') await tenantNode.locator('.tree__twisty').click();
  const ids = await Promise.all((await tree.locator('[role="treeitem"]').all()).map((row) => row.getAttribute('data-node')));
  const index = ids.indexOf(await tenantNode.getAttribute('data-node'));
  const sections = ['Mailboxes', 'Groups', 'Distribution lists', 'Settings', 'Keys and certificates', 'Deleted items'];
  await tree.locator('[role="treeitem"]').nth(index + 1 + sections.indexOf(section)).click();
}

/** The content pane (middle column), whatever it shows. */
export const contentPane = (page: Page): Locator => page.locator('.content-pane');

/** The mailbox grid of the selected tenant, once its first rows are shown. */
export async function waitForMailboxGrid(page: Page): Promise<Locator> {
  const grid = page.getByRole('grid', { name: /^Mailboxes of / });
  const alert = page.getByRole('alert');
  await grid.getByRole('row').nth(1).or(alert).first().waitFor({ timeout: 30_000 });
  if ((await alert.count()) > 0) throw new Error(`The page reports a failure: ${(await alert.allInnerTexts()).join(' | ')}`);
  return grid;
}

/** Searches the selected tenant's mailboxes on the server; the grid's rows once the whole result is shown. */
export async function searchMailboxes(page: Page, query: string): Promise<Record<string, string>[]> {
  const search = page.getByRole('searchbox', { name: 'Search mailboxes' });
  await search.fill(query);
  await search.press('Enter');
  // A new search empties the listing first, so this line names the new result, never the old one.
  const progress = contentPane(page).getByRole('status', { name: 'Listing progress' });
  await progress.filter({ hasText: new RegExp(`^[\\d,]+ mailbox(es)? matching “${escapeRegExp(query)}”$`) }).waitFor({ timeout: 30_000 });
  return readGridRows(await waitForMailboxGrid(page));
}

/** The grid's rendered rows as objects keyed by column header text. */
export async function readGridRows(grid: Locator): Promise<Record<string, string>[]> {
  const headers = (await grid.getByRole('columnheader').allInnerTexts()).map((text) => text.replace(/[▲▼]/g, '').trim());
  const rows = await grid.getByRole('row').all();
  const records: Record<string, string>[] = [];
  for (const row of rows.slice(1)) {
    const cells = (await row.getByRole('gridcell').allInnerTexts()).map((text) => text.trim());
    records.push(Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? ''])));
  }
  return records;
}

/**
 * A table's or grid's rows as objects keyed by column header text (group lists, search results, the quota
 * table, the import dialog's tables); sort arrows are not part of a header's text.
 */
export async function readTableRows(table: Locator): Promise<Record<string, string>[]> {
  const headers = (await table.getByRole('columnheader').allInnerTexts()).map((text) => text.replace(/[▲▼]/g, '').trim());
  const rows = await table.getByRole('row').all();
  const records: Record<string, string>[] = [];
  for (const row of rows.slice(1)) {
    const cells = (await row.getByRole('cell').or(row.getByRole('gridcell')).allInnerTexts()).map((text) => text.trim());
    records.push(Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? ''])));
  }
  return records;
}

/** The mail domains the selected tenant's details list. */
export async function readSelectedTenantDomains(page: Page): Promise<string[]> {
  const list = page.getByRole('list', { name: /^Mail domains of / });
  return (await list.getByRole('listitem').allInnerTexts()).map((text) => text.trim());
}

/** Connects to a saved connection through the Connections dialog, as an administrator switches directories. */
export async function connectThroughManager(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Connections…' }).click();
  const manager = page.getByRole('dialog', { name: 'Connections' });
  await manager.getByRole('listitem', { name }).getByRole('button', { name: `Connect to ${name}` }).click();
  // The dialog closes on success and stays open with its error otherwise.
  await manager.waitFor({ state: 'detached', timeout: 30_000 }).catch(async (error: unknown) => {
    const shown = await manager.getByRole('alert').allInnerTexts();
    throw shown.length > 0 ? new Error(`Connecting to ${name} failed: ${shown.join(' | ')}`) : error;
  });
}

/** The properties panel of an open mailbox. */
export const propertiesOf = (page: Page, login: string): Locator => page.getByRole('complementary', { name: `Properties of ${login}` });

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
