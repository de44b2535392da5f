import { describe, expect, it } from 'vitest';
import { listboxKey } from '../../../renderer/app/listbox-keys';

describe('listboxKey()', () => {
  it('moves down and up, stopping at the ends', () => {
    expect(listboxKey('ArrowDown', 0, 3)).toEqual({ kind: 'move', index: 1 });
    expect(listboxKey('ArrowDown', 2, 3)).toEqual({ kind: 'move', index: 2 });
    expect(listboxKey('ArrowUp', 1, 3)).toEqual({ kind: 'move', index: 0 });
    expect(listboxKey('ArrowUp', 0, 3)).toEqual({ kind: 'move', index: 0 });
  });

  it('starts from the first or last option when nothing is active', () => {
    expect(listboxKey('ArrowDown', -1, 3)).toEqual({ kind: 'move', index: 0 });
    expect(listboxKey('ArrowUp', -1, 3)).toEqual({ kind: 'move', index: 2 });
  });

  it('jumps with Home, End and the page keys', () => {
    expect(listboxKey('Home', 2, 3)).toEqual({ kind: 'move', index: 0 });
    expect(listboxKey('End', 0, 3)).toEqual({ kind: 'move', index: 2 });
    expect(listboxKey('PageDown', 5, 40)).toEqual({ kind: 'move', index: 15 });
    expect(listboxKey('PageDown', 35, 40)).toEqual({ kind: 'move', index: 39 });
    expect(listboxKey('PageUp', 5, 40)).toEqual({ kind: 'move', index: 0 });
  });

  it('selects the active option with Enter or Space', () => {
    expect(listboxKey('Enter', 1, 3)).toEqual({ kind: 'select', index: 1 });
    expect(listboxKey(' ', 2, 3)).toEqual({ kind: 'select', index: 2 });
    expect(listboxKey('Enter', -1, 3)).toEqual({ kind: 'ignore' });
  });

  it('ignores other keys and empty lists', () => {
    expect(listboxKey('a', 0, 3)).toEqual({ kind: 'ignore' });
    expect(listboxKey('ArrowDown', -1, 0)).toEqual({ kind: 'ignore' });
  });
});
