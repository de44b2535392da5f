/** Keyboard model of a single-select listbox (WAI-ARIA APG): where the active option moves on a key. */

export type ListboxKeyOutcome =
  | { kind: 'move'; index: number }
  | { kind: 'select'; index: number }
  | { kind: 'ignore' };

/** `active` is the highlighted option, -1 when none yet; `count` the number of options. */
export function listboxKey(key: string, active: number, count: number): ListboxKeyOutcome {
  if (count === 0) return { kind: 'ignore' };
  const last = count - 1;
  switch (key) {
    case 'ArrowDown':
      return { kind: 'move', index: active < 0 ? 0 : Math.min(active + 1, last) };
    case 'ArrowUp':
      return { kind: 'move', index: active < 0 ? last : Math.max(active - 1, 0) };
    case 'Home':
      return { kind: 'move', index: 0 };
    case 'End':
      return { kind: 'move', index: last };
    case 'PageDown':
      return { kind: 'move', index: Math.min(Math.max(active, 0) + 10, last) };
    case 'PageUp':
      return { kind: 'move', index: Math.max(active - 10, 0) };
    case 'Enter':
    case ' ':
      return active < 0 ? { kind: 'ignore' } : { kind: 'select', index: active };
    default:
      return { kind: 'ignore' };
  }
}
