/**
 * Saved views of a table, per signed-in identity (connection and bind DN), in the browser's storage like the column
 * choice: a name, the server-side search text, the sort and the hidden columns. A preference, not data: storage
 * errors cost the views, nothing else.
 */
import type { TableSort } from './table-sort';

export interface SavedView {
  name: string;
  query: string;
  sort: TableSort;
  hidden: string[];
}

export const savedViewsKey = (table: string, identity: string): string => `enclave.views.${table}.${identity}`;

/** The views stored as text, keeping only well-formed ones and columns the table still has. */
export function parseViews(stored: string | null, columns: readonly string[]): SavedView[] {
  if (stored === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const views: SavedView[] = [];
  for (const item of parsed as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { name, query, sort, hidden } = item as Record<string, unknown>;
    const sortOk = typeof sort === 'object' && sort !== null && columns.includes(String((sort as TableSort).key)) && ['ascending', 'descending'].includes(String((sort as TableSort).direction));
    if (typeof name !== 'string' || name.trim() === '' || typeof query !== 'string' || !sortOk || !Array.isArray(hidden)) continue;
    views.push({ name: name.trim(), query, sort: sort as TableSort, hidden: hidden.filter((key): key is string => typeof key === 'string' && columns.includes(key)) });
  }
  return views;
}

/** The views with `view` saved under its name (replacing one of the same name), sorted by name. */
export function withView(views: readonly SavedView[], view: SavedView): SavedView[] {
  return [...views.filter((v) => v.name.toLowerCase() !== view.name.toLowerCase()), view].sort((a, b) => a.name.localeCompare(b.name));
}

export const withoutView = (views: readonly SavedView[], name: string): SavedView[] => views.filter((v) => v.name !== name);
