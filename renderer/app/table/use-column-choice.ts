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

export function useColumnChoice(table: string, identity: string, keys: readonly string[]): [ReadonlySet<string>, (key: string) => void] {
  const storageKey = columnChoiceKey(table, identity);
  const [choice, setChoice] = useState(() => ({ storageKey, hidden: read(storageKey, keys) }));
  // Another identity signed in: its own choice (adjusted while rendering, not in an effect).
  if (choice.storageKey !== storageKey) setChoice({ storageKey, hidden: read(storageKey, keys) });
  const toggle = (key: string) => {
    const hidden = toggleHidden(choice.hidden, key, keys);
    setChoice({ storageKey, hidden });
    try {
      window.localStorage.setItem(storageKey, serializeHidden(hidden));
    } catch {
      // Storage full or disabled: the choice holds for this window only.
    }
  };
  return [choice.hidden, toggle];
}
