/** Saved views of a table for the signed-in identity, read from and written to localStorage. */
import { useState } from 'react';
import { parseViews, savedViewsKey, withView, withoutView, type SavedView } from './saved-views';

function read(key: string, columns: readonly string[]): SavedView[] {
  try {
    return parseViews(window.localStorage.getItem(key), columns);
  } catch {
    return [];
  }
}

export function useSavedViews(table: string, identity: string, columns: readonly string[]): [readonly SavedView[], (view: SavedView) => void, (name: string) => void] {
  const key = savedViewsKey(table, identity);
  const [state, setState] = useState(() => ({ key, views: read(key, columns) }));
  // Another identity signed in: its own views (adjusted while rendering, not in an effect).
  if (state.key !== key) setState({ key, views: read(key, columns) });
  const keep = (views: SavedView[]) => {
    setState({ key, views });
    try {
      window.localStorage.setItem(key, JSON.stringify(views));
    } catch {
      // Storage full or disabled: the views hold for this window only.
    }
  };
  return [state.views, (view) => keep(withView(state.views, view)), (name) => keep(withoutView(state.views, name))];
}
