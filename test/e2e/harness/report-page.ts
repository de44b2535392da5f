/** Reading the report views' tables (quotas, audit log) the way an administrator sees them. */
import type { Locator } from 'playwright-core';

/**
 * A table's body rows as objects keyed by column header text (row headers count as cells). Works on native
 * tables and on the console's ARIA tables and grids (app/table/data-table.tsx) alike.
 */
export async function readTableRows(table: Locator): Promise<Record<string, string>[]> {
  const headers = (await table.getByRole('columnheader').allInnerTexts()).map((text) => text.replace(/[▲▼]/g, '').trim());
  const records: Record<string, string>[] = [];
  for (const row of await table.getByRole('row').all()) {
    if ((await row.getByRole('columnheader').count()) > 0) continue;
    const cells = (await row.locator(':scope > th, :scope > td, :scope > [role="cell"], :scope > [role="gridcell"], :scope > [role="rowheader"]').allInnerTexts()).map((text) => text.trim());
    records.push(Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? ''])));
  }
  return records;
}
