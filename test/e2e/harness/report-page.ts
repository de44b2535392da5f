/** Reading the report views' tables (quotas, audit log) the way an administrator sees them. */
import type { Locator } from 'playwright-core';

/** A table's body rows as objects keyed by column header text (row headers count as cells). */
export async function readTableRows(table: Locator): Promise<Record<string, string>[]> {
  const headers = (await table.locator('thead th').allInnerTexts()).map((text) => text.trim());
  const records: Record<string, string>[] = [];
  for (const row of await table.locator('tbody tr').all()) {
    const cells = (await row.locator(':scope > th, :scope > td').allInnerTexts()).map((text) => text.trim());
    records.push(Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? ''])));
  }
  return records;
}
