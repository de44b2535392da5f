/** The hidden columns of a table for the signed-in identity, read from and written to localStorage. */
import { useState } from 'react';
import { columnChoiceKey, parseHidden, serializeHidden, toggleHidden } from './column-choice';

function read(key: string, keys: readonly string[]): Set<string> {
  try {
    return parseHidden(window.localStorage.getItem(key), keys);
  } catch {
    return new Set();
  }
}

export function useColumnChoice(table: string, identity: string, keys: readonly string[]): [ReadonlySet<string>, (key: string) => void, (hidden: readonly string[]) => void] {
  const storageKey = columnChoiceKey(table, identity);
  const [choice, setChoice] = useState(() => ({ storageKey, hidden: read(storageKey, keys) }));
  // Another identity signed in: its own choice (adjusted while rendering, not in an effect).
  if (choice.storageKey !== storageKey) setChoice({ storageKey, hidden: read(storageKey, keys) });
  const keep = (hidden: Set<string>) => {
    setChoice({ storageKey, hidden });
    try {
      window.localStorage.setItem(storageKey, serializeHidden(hidden));
    } catch {
      // Storage full or disabled: the choice holds for this window only.
    }
  };
  const toggle = (key: string) => keep(toggleHidden(choice.hidden, key, keys));
  // A saved view's columns: only keys the table has, and never all of them hidden.
  const setAll = (hidden: readonly string[]) => keep(parseHidden(JSON.stringify(hidden), keys));
  return [choice.hidden, toggle, setAll];
}
