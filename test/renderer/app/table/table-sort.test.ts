import { describe, expect, it } from 'vitest';
import { compareNullable, compareText, nextSort, sortRows, type SortDirection } from '../../../../renderer/app/table/table-sort';

interface Row {
  name: string;
  size: number | null;
}
const rows: Row[] = [
  { name: 'b', size: 2 },
  { name: 'A', size: null },
  { name: 'c10', size: 1 },
  { name: 'c9', size: 2 },
];
const compareFor = (key: string) =>
  key === 'name' ? (a: Row, b: Row) => compareText(a.name, b.name) : key === 'size' ? (a: Row, b: Row, direction: SortDirection) => compareNullable(a.size, b.size, direction) : undefined;
const names = (sorted: readonly Row[]) => sorted.map((row) => row.name);

describe('sortRows()', () => {
  it('sorts words as people read them: case aside, numbers by value', () => {
    expect(names(sortRows(rows, { key: 'name', direction: 'ascending' }, compareFor, (row) => row.name))).toEqual(['A', 'b', 'c9', 'c10']);
  });

  it('keeps "no value" last in both directions, breaking ties by key', () => {
    expect(names(sortRows(rows, { key: 'size', direction: 'ascending' }, compareFor, (row) => row.name))).toEqual(['c10', 'b', 'c9', 'A']);
    expect(names(sortRows(rows, { key: 'size', direction: 'descending' }, compareFor, (row) => row.name))).toEqual(['b', 'c9', 'c10', 'A']);
  });

  it('leaves the rows as given without a sort or a comparator', () => {
    expect(sortRows(rows, null, compareFor, (row) => row.name)).toBe(rows);
    expect(sortRows(rows, { key: 'other', direction: 'ascending' }, compareFor, (row) => row.name)).toBe(rows);
  });
});

describe('nextSort()', () => {
  it('starts a column in its first direction and flips it on a second click', () => {
    expect(nextSort(null, 'size', 'descending')).toEqual({ key: 'size', direction: 'descending' });
    expect(nextSort({ key: 'size', direction: 'descending' }, 'size')).toEqual({ key: 'size', direction: 'ascending' });
    expect(nextSort({ key: 'size', direction: 'descending' }, 'name')).toEqual({ key: 'name', direction: 'ascending' });
  });
});
