/**
 * Windowing for long lists with fixed-height rows: which rows to render for a scroll position, so the DOM
 * holds a screenful (plus a margin) whether the list has 20 rows or 100,000.
 */

export interface WindowRange {
  /** First row to render (inclusive). */
  start: number;
  /** One past the last row to render. */
  end: number;
  /** Pixels above the first rendered row (its offset). */
  offsetTop: number;
  /** Height of the whole list, so the scrollbar is true to the full length. */
  totalHeight: number;
}

/** Rows visible in a viewport of `viewportHeight` scrolled to `scrollTop`, widened by `overscan` rows each side. */
export function windowRange(count: number, rowHeight: number, scrollTop: number, viewportHeight: number, overscan = 8): WindowRange {
  const totalHeight = count * rowHeight;
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0, offsetTop: 0, totalHeight };
  const first = Math.min(Math.max(Math.floor(scrollTop / rowHeight), 0), count - 1);
  const visible = Math.ceil(Math.max(viewportHeight, rowHeight) / rowHeight) + 1;
  const start = Math.max(first - overscan, 0);
  const end = Math.min(first + visible + overscan, count);
  return { start, end, offsetTop: start * rowHeight, totalHeight };
}

/** The scrollTop that brings row `index` fully into view, or null when it already is. */
export function scrollToReveal(index: number, rowHeight: number, scrollTop: number, viewportHeight: number, headerHeight = 0): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  const visibleTop = scrollTop;
  const visibleBottom = scrollTop + viewportHeight - headerHeight;
  if (top < visibleTop) return top;
  if (bottom > visibleBottom) return bottom - (viewportHeight - headerHeight);
  return null;
}
