import { describe, expect, it } from 'vitest';
import { tableKey } from '../../../../renderer/app/table/table-keys';

const rows = (row: number) => ({ area: 'rows', row }) as const;
const header = (column: number) => ({ area: 'header', column }) as const;

describe('tableKey()', () => {
  it('moves the active row with arrows, Home/End and by pages, and opens it with Enter', () => {
    expect(tableKey('ArrowDown', rows(-1), 10, 5, 4, true)).toEqual({ kind: 'move', to: rows(0) });
    expect(tableKey('ArrowDown', rows(9), 10, 5, 4, true)).toEqual({ kind: 'move', to: rows(9) });
    expect(tableKey('End', rows(2), 10, 5, 4, true)).toEqual({ kind: 'move', to: rows(9) });
    expect(tableKey('PageDown', rows(2), 10, 5, 4, true)).toEqual({ kind: 'move', to: rows(6) });
    expect(tableKey('PageUp', rows(2), 10, 5, 4, true)).toEqual({ kind: 'move', to: rows(0) });
    expect(tableKey('Enter', rows(3), 10, 5, 4, true)).toEqual({ kind: 'open', row: 3 });
    expect(tableKey('Enter', rows(-1), 10, 5, 4, true)).toEqual({ kind: 'ignore' });
  });

  it('reaches the headers from the first row, moves along them and sorts with Enter or Space', () => {
    expect(tableKey('ArrowUp', rows(0), 10, 5, 4, true)).toEqual({ kind: 'move', to: header(0) });
    expect(tableKey('ArrowUp', rows(0), 10, 5, 4, false)).toEqual({ kind: 'move', to: rows(0) });
    expect(tableKey('ArrowRight', header(4), 10, 5, 4, true)).toEqual({ kind: 'move', to: header(4) });
    expect(tableKey('ArrowLeft', header(2), 10, 5, 4, true)).toEqual({ kind: 'move', to: header(1) });
    expect(tableKey('Enter', header(2), 10, 5, 4, true)).toEqual({ kind: 'sort', column: 2 });
    expect(tableKey(' ', header(1), 10, 5, 4, true)).toEqual({ kind: 'sort', column: 1 });
    expect(tableKey('ArrowDown', header(1), 10, 5, 4, true)).toEqual({ kind: 'move', to: rows(0) });
  });

  it('hands Escape to the caller and ignores other keys', () => {
    expect(tableKey('Escape', rows(3), 10, 5, 4, true)).toEqual({ kind: 'escape' });
    expect(tableKey('x', rows(3), 10, 5, 4, true)).toEqual({ kind: 'ignore' });
    expect(tableKey('ArrowDown', rows(-1), 0, 5, 4, true)).toEqual({ kind: 'ignore' });
  });
});
