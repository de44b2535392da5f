/**
 * The console's one table. Columns say how to show, sort and size themselves; the table does the rest the
 * same way everywhere: a sticky header whose cells sort when clicked anywhere (not just on their label),
 * `aria-sort`, and fixed column tracks so nothing shifts while rows change.
 *
 * - With `onActivate` it is an ARIA grid (rows open something): one tab stop, arrows, Home/End, PageUp/Down,
 *   Enter opens, ArrowUp from the first row reaches the headers (Left/Right, Enter sorts), Escape calls
 *   `onEscape`. The header buttons stay out of the Tab order, so Tab leaves the grid in one step.
 * - Without it, an ARIA table whose header buttons are ordinary buttons in the Tab order.
 * - With `rowHeight`, rows have that fixed height and only those on screen are in the DOM (windowed):
 *   10,000 rows scroll like 20. Rows are keyed by slot, so scrolling refills rows instead of remounting them.
 */
import { useEffect, useId, useMemo, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualWindow } from '../virtual/use-virtual-window';
import { tableKey, type TablePosition } from './table-keys';
import { nextSort, sortRows, type SortDirection, type TableSort } from './table-sort';

export interface Column<T> {
  key: string;
  header: string;
  cell(row: T): ReactNode;
  /** The full text of a cell that may be cut short (shown as its tooltip). */
  title?(row: T): string;
  /** Ascending order; the direction is given for columns that keep "no value" last either way. Absent: not sortable. */
  compare?(a: T, b: T, direction: SortDirection): number;
  /** The direction of a first click (quantities where the largest matter start descending). */
  firstDirection?: SortDirection;
  /** Its CSS grid track, e.g. 'minmax(120px, 1.3fr)' or '80px'. */
  width: string;
  align?: 'start' | 'end';
  /** Monospaced (logins, addresses). */
  mono?: boolean;
  /** Long text wraps (tables that are not windowed) instead of being cut short with an ellipsis. */
  wrap?: boolean;
}

export interface DataTableProps<T> {
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey(row: T): string;
  /** Controlled sort; without `onSortChange` the table keeps its own, starting from `sort`. */
  sort?: TableSort | null;
  onSortChange?(sort: TableSort): void;
  /** Makes the table a grid whose rows open with Enter or a click. */
  onActivate?(row: T): void;
  /** The row shown as selected (its panel is open). */
  selectedKey?: string | null;
  onEscape?(): void;
  /** Fixed row height in pixels: windowed rendering (table.css uses the same header height). */
  rowHeight?: number;
  /** Rows the listing has in all, when more than are loaded (aria-rowcount). */
  totalRows?: number;
  /** Extra attributes per row (a class, data-* for tests and styles). */
  rowProps?(row: T): { className?: string; [data: `data-${string}`]: string | undefined };
  /** Sizing of the scroll container (e.g. "data-table--fill" to fill its pane). */
  className?: string;
  /**
   * Rows that can be picked for a bulk action: a checkbox column first. A click toggles one row, Shift+click the
   * range from the last one clicked, Space the active row; the header's checkbox picks every row or none.
   */
  selection?: RowSelection<T>;
}

export interface RowSelection<T> {
  keys: ReadonlySet<string>;
  onChange(keys: ReadonlySet<string>): void;
  /** How a row is named for its checkbox ("Select ada.lovelace"). */
  name(row: T): string;
}

/** The checkbox column's track. */
const selectionTrack = '28px';

/** The header row's height in pixels when windowed; styles/table.css uses the same value. */
export const tableHeaderHeight = 34;

export function DataTable<T>(props: DataTableProps<T>) {
  const { label, columns, rows, rowKey, onActivate, selectedKey = null, onEscape, rowHeight, totalRows, rowProps, className } = props;
  const idPrefix = useId();
  const interactive = onActivate !== undefined;
  const windowed = rowHeight !== undefined;
  const [ownSort, setOwnSort] = useState<TableSort | null>(props.sort ?? null);
  const sort = props.onSortChange !== undefined ? (props.sort ?? null) : ownSort;
  const changeSort = props.onSortChange ?? setOwnSort;
  const sorted = useMemo(
    () => sortRows(rows, sort, (key) => columns.find((column) => column.key === key)?.compare, rowKey),
    [rows, sort, columns, rowKey],
  );
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [headerColumn, setHeaderColumn] = useState<number | null>(null);
  const { selection } = props;
  // Where a Shift+click range starts: the row last toggled.
  const [anchorKey, setAnchorKey] = useState<string | null>(null);
  const toggle = (row: T, extend: boolean) => {
    if (selection === undefined) return;
    const key = rowKey(row);
    const next = new Set(selection.keys);
    const on = !next.has(key);
    const from = extend && anchorKey !== null ? sorted.findIndex((r) => rowKey(r) === anchorKey) : -1;
    const to = sorted.findIndex((r) => rowKey(r) === key);
    if (from >= 0 && to >= 0) {
      for (const r of sorted.slice(Math.min(from, to), Math.max(from, to) + 1)) {
        if (on) next.add(rowKey(r));
        else next.delete(rowKey(r));
      }
    } else if (on) next.add(key);
    else next.delete(key);
    setAnchorKey(key);
    selection.onChange(next);
  };
  const selectedCount = selection === undefined ? 0 : sorted.reduce((count, row) => count + (selection.keys.has(rowKey(row)) ? 1 : 0), 0);
  const activeIndex = activeKey === null ? -1 : sorted.findIndex((row) => rowKey(row) === activeKey);
  const { scrollerRef, range, reveal } = useVirtualWindow<HTMLDivElement>(sorted.length, rowHeight ?? 0, windowed ? tableHeaderHeight : 0);
  const shown = windowed ? sorted.slice(range.start, range.end) : sorted;
  const first = windowed ? range.start : 0;
  const sortable = columns.some((column) => column.compare !== undefined);

  useEffect(() => {
    if (windowed && activeIndex >= 0 && headerColumn === null) reveal(activeIndex);
  }, [windowed, activeIndex, headerColumn, reveal]);

  const sortBy = (column: Column<T>) => {
    if (column.compare !== undefined) changeSort(nextSort(sort, column.key, column.firstDirection));
  };

  const rowId = (row: T) => `${idPrefix}row-${rowKey(row)}`;
  const headerId = (index: number) => `${idPrefix}col-${index}`;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!interactive || event.target !== event.currentTarget) return;
    if (event.key === ' ' && selection !== undefined && headerColumn === null && activeIndex >= 0) {
      event.preventDefault();
      const row = sorted[activeIndex];
      if (row !== undefined) toggle(row, event.shiftKey);
      return;
    }
    const at: TablePosition = headerColumn !== null ? { area: 'header', column: headerColumn } : { area: 'rows', row: activeIndex };
    const perPage = Math.max(Math.floor(((scrollerRef.current?.clientHeight ?? 600) - tableHeaderHeight) / (rowHeight ?? 32)) - 1, 1);
    const outcome = tableKey(event.key, at, sorted.length, columns.length, perPage, sortable);
    if (outcome.kind === 'ignore' || (outcome.kind === 'escape' && onEscape === undefined)) return;
    event.preventDefault();
    if (outcome.kind === 'escape') onEscape?.();
    else if (outcome.kind === 'sort') {
      const column = columns[outcome.column];
      if (column !== undefined) sortBy(column);
    } else if (outcome.kind === 'open') {
      const row = sorted[outcome.row];
      if (row !== undefined) onActivate(row);
    } else if (outcome.to.area === 'header') setHeaderColumn(outcome.to.column);
    else {
      const row = sorted[outcome.to.row];
      setHeaderColumn(null);
      if (row !== undefined) setActiveKey(rowKey(row));
    }
  };

  const activeRow = activeIndex >= 0 ? sorted[activeIndex] : undefined;
  const activeDescendant = !interactive ? undefined : headerColumn !== null ? headerId(headerColumn) : activeRow !== undefined ? rowId(activeRow) : undefined;
  const template = { '--table-columns': [...(selection !== undefined ? [selectionTrack] : []), ...columns.map((column) => column.width)].join(' ') } as CSSProperties;
  const classes = ['data-table', windowed ? 'data-table--windowed' : 'data-table--natural', className].filter(Boolean).join(' ');

  const renderRow = (row: T, offset: number) => {
    const index = first + offset;
    const key = rowKey(row);
    const extra = rowProps?.(row) ?? {};
    const rowClasses = ['data-table__row', extra.className];
    if (interactive) rowClasses.push('data-table__row--interactive');
    if (interactive && index === activeIndex && headerColumn === null) rowClasses.push('data-table__row--active');
    return (
      <div
        {...extra}
        // Windowed rows are keyed by slot: scrolling patches the rows already in the DOM.
        key={windowed ? offset : key}
        id={rowId(row)}
        role="row"
        aria-rowindex={index + 2}
        {...(interactive ? { 'aria-selected': key === selectedKey } : {})}
        className={rowClasses.filter(Boolean).join(' ')}
        onClick={
          interactive
            ? () => {
                setActiveKey(key);
                setHeaderColumn(null);
                onActivate(row);
              }
            : undefined
        }
      >
        {selection !== undefined && (
          <div role={interactive ? 'gridcell' : 'cell'} className="data-table__cell data-table__cell--check">
            <input
              type="checkbox"
              tabIndex={-1}
              aria-label={`Select ${selection.name(row)}`}
              checked={selection.keys.has(key)}
              onClick={(event) => {
                // Picking a row is not opening it.
                event.stopPropagation();
                toggle(row, event.shiftKey);
              }}
              onChange={() => undefined}
            />
          </div>
        )}
        {columns.map((column) => (
          <div
            key={column.key}
            role={interactive ? 'gridcell' : 'cell'}
            className={cellClass(column)}
            title={column.title?.(row)}
          >
            {column.cell(row)}
          </div>
        ))}
      </div>
    );
  };

  return (
    <div
      ref={scrollerRef}
      className={classes}
      style={template}
      role={interactive ? 'grid' : 'table'}
      aria-label={label}
      aria-rowcount={(totalRows ?? sorted.length) + 1}
      aria-colcount={columns.length + (selection !== undefined ? 1 : 0)}
      aria-activedescendant={activeDescendant}
      tabIndex={interactive ? 0 : undefined}
      onKeyDown={interactive ? onKeyDown : undefined}
      onFocus={(event) => {
        if (!interactive || event.target !== event.currentTarget || activeKey !== null || headerColumn !== null) return;
        const start = sorted.find((row) => rowKey(row) === selectedKey) ?? sorted[0];
        if (start !== undefined) setActiveKey(rowKey(start));
      }}
    >
      <div className="data-table__row data-table__row--header" role="row" aria-rowindex={1}>
        {selection !== undefined && (
          <div role="columnheader" className="data-table__cell data-table__cell--check data-table__header">
            <input
              type="checkbox"
              tabIndex={interactive ? -1 : undefined}
              aria-label={selectedCount === sorted.length && sorted.length > 0 ? `Select none of the ${sorted.length} rows` : `Select all ${sorted.length} rows`}
              checked={selectedCount > 0 && selectedCount === sorted.length}
              ref={(element) => {
                if (element !== null) element.indeterminate = selectedCount > 0 && selectedCount < sorted.length;
              }}
              onChange={() => selection.onChange(selectedCount === sorted.length ? new Set() : new Set(sorted.map(rowKey)))}
            />
          </div>
        )}
        {columns.map((column, index) => {
          const direction = sort?.key === column.key ? sort.direction : undefined;
          const active = interactive && headerColumn === index;
          return (
            <div
              key={column.key}
              id={headerId(index)}
              role="columnheader"
              aria-sort={column.compare === undefined ? undefined : (direction ?? 'none')}
              className={`${cellClass({ ...column, mono: false, wrap: false })} data-table__header${active ? ' data-table__header--active' : ''}`}
            >
              {column.compare !== undefined ? (
                <button type="button" className="data-table__sort" tabIndex={interactive ? -1 : undefined} onClick={() => sortBy(column)}>
                  <span className="data-table__label">{column.header}</span>
                  <span className="data-table__arrow" aria-hidden="true">
                    {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''}
                  </span>
                </button>
              ) : (
                <span className="data-table__label data-table__label--static">{column.header}</span>
              )}
            </div>
          );
        })}
      </div>
      {windowed ? (
        <div className="data-table__body" role="presentation" style={{ height: range.totalHeight }}>
          <div role="presentation" style={{ transform: `translateY(${range.offsetTop}px)` }}>
            {shown.map(renderRow)}
          </div>
        </div>
      ) : (
        shown.map(renderRow)
      )}
    </div>
  );
}

function cellClass<T>(column: Column<T>): string {
  const classes = ['data-table__cell'];
  if (column.mono) classes.push('data-table__cell--mono');
  if (column.align === 'end') classes.push('data-table__cell--end');
  if (column.wrap) classes.push('data-table__cell--wrap');
  return classes.join(' ');
}
