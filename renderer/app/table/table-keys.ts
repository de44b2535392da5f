/**
 * Keyboard model of the console's grids (WAI-ARIA APG "Data Grid", row-selecting): one tab stop; arrows,
 * Home/End and PageUp/PageDown move the active row, Enter opens it; ArrowUp from the first row reaches the
 * column headers, where Left/Right move and Enter or Space sorts; Escape is the caller's (close a panel).
 */

/** Where the keyboard is in a grid: a column header, or a row (-1: none yet). */
export type TablePosition = { area: 'header'; column: number } | { area: 'rows'; row: number };

export type TableKeyOutcome =
  | { kind: 'move'; to: TablePosition }
  | { kind: 'open'; row: number }
  | { kind: 'sort'; column: number }
  | { kind: 'escape' }
  | { kind: 'ignore' };

/** `rows` and `columns` are counts; `page` the rows per screen; `headers` whether the header row is reachable. */
export function tableKey(key: string, at: TablePosition, rows: number, columns: number, page: number, headers: boolean): TableKeyOutcome {
  if (key === 'Escape') return { kind: 'escape' };
  if (at.area === 'header') {
    const last = Math.max(columns - 1, 0);
    switch (key) {
      case 'ArrowLeft':
        return { kind: 'move', to: { area: 'header', column: Math.max(at.column - 1, 0) } };
      case 'ArrowRight':
        return { kind: 'move', to: { area: 'header', column: Math.min(at.column + 1, last) } };
      case 'Home':
        return { kind: 'move', to: { area: 'header', column: 0 } };
      case 'End':
        return { kind: 'move', to: { area: 'header', column: last } };
      case 'ArrowDown':
        return rows > 0 ? { kind: 'move', to: { area: 'rows', row: 0 } } : { kind: 'ignore' };
      case 'Enter':
      case ' ':
        return { kind: 'sort', column: at.column };
      default:
        return { kind: 'ignore' };
    }
  }
  if (rows === 0) return headers && key === 'ArrowUp' ? { kind: 'move', to: { area: 'header', column: 0 } } : { kind: 'ignore' };
  const last = rows - 1;
  const from = Math.max(at.row, 0);
  const row = (index: number): TableKeyOutcome => ({ kind: 'move', to: { area: 'rows', row: index } });
  switch (key) {
    case 'ArrowDown':
      return row(at.row < 0 ? 0 : Math.min(from + 1, last));
    case 'ArrowUp':
      return at.row <= 0 && headers ? { kind: 'move', to: { area: 'header', column: 0 } } : row(Math.max(from - 1, 0));
    case 'Home':
      return row(0);
    case 'End':
      return row(last);
    case 'PageDown':
      return row(Math.min(from + page, last));
    case 'PageUp':
      return row(Math.max(from - page, 0));
    case 'Enter':
      return at.row < 0 ? { kind: 'ignore' } : { kind: 'open', row: at.row };
    default:
      return { kind: 'ignore' };
  }
}
