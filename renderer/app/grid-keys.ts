/** Keyboard model of a row-selecting grid: where the active row moves on a key, and when Enter opens it. */

export type GridKeyOutcome = { kind: 'move'; index: number } | { kind: 'open'; index: number } | { kind: 'ignore' };

/** `active` is the highlighted row (-1 when none), `count` the rows, `page` the rows per screen. */
export function gridKey(key: string, active: number, count: number, page: number): GridKeyOutcome {
  if (count === 0) return { kind: 'ignore' };
  const last = count - 1;
  const from = Math.max(active, 0);
  switch (key) {
    case 'ArrowDown':
      return { kind: 'move', index: active < 0 ? 0 : Math.min(from + 1, last) };
    case 'ArrowUp':
      return { kind: 'move', index: Math.max(from - 1, 0) };
    case 'Home':
      return { kind: 'move', index: 0 };
    case 'End':
      return { kind: 'move', index: last };
    case 'PageDown':
      return { kind: 'move', index: Math.min(from + page, last) };
    case 'PageUp':
      return { kind: 'move', index: Math.max(from - page, 0) };
    case 'Enter':
      return active < 0 ? { kind: 'ignore' } : { kind: 'open', index: active };
    default:
      return { kind: 'ignore' };
  }
}
