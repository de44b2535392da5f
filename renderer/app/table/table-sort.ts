/** Sorting a table's rows by one column: stable, a tie broken by the row key, direction flipped on a second click. */

export type SortDirection = 'ascending' | 'descending';

export interface TableSort {
  key: string;
  direction: SortDirection;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Names and words the way an administrator reads them: case and accents aside, digits as numbers. */
export const compareText = (a: string, b: string): number => collator.compare(a, b);

/** Numbers with "no value" (null: no limit, no quota) after every value, whichever the direction. */
export const compareNullable = (a: number | null, b: number | null, direction: SortDirection): number => {
  if (a === b) return 0;
  if (a === null) return direction === 'ascending' ? 1 : -1;
  if (b === null) return direction === 'ascending' ? -1 : 1;
  return a - b;
};

/** A sorted copy (the input when `sort` or its comparator is missing). `compare` is ascending. */
export function sortRows<T>(
  rows: readonly T[],
  sort: TableSort | null,
  compareFor: (key: string) => ((a: T, b: T, direction: SortDirection) => number) | undefined,
  rowKey: (row: T) => string,
): readonly T[] {
  const compare = sort === null ? undefined : compareFor(sort.key);
  if (sort === null || compare === undefined) return rows;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare(a, b, sort.direction) || collator.compare(rowKey(a), rowKey(b)));
}

/** A header click: the same column flips; another starts in its own first direction. */
export function nextSort(current: TableSort | null, key: string, firstDirection: SortDirection = 'ascending'): TableSort {
  if (current?.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: firstDirection };
}
