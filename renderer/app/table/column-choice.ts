/**
 * Which columns of a table an administrator hides, remembered per table and per signed-in identity in the
 * browser's storage (the choice is a preference, not data: losing it costs nothing, so storage errors are ignored).
 */

/** The storage key: the table, then who is signed in where (connection and bind DN). */
export const columnChoiceKey = (table: string, identity: string): string => `enclave.columns.${table}.${identity}`;

/** The hidden columns stored as text, keeping only keys the table still has; never all of them. */
export function parseHidden(stored: string | null, keys: readonly string[]): Set<string> {
  if (stored === null) return new Set();
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return new Set();
  }
  if (!Array.isArray(parsed)) return new Set();
  const hidden = new Set(parsed.filter((key): key is string => typeof key === 'string' && keys.includes(key)));
  return hidden.size >= keys.length ? new Set() : hidden;
}

export const serializeHidden = (hidden: ReadonlySet<string>): string => JSON.stringify([...hidden].sort());

/** `hidden` with `key` shown or hidden; the last visible column stays. */
export function toggleHidden(hidden: ReadonlySet<string>, key: string, keys: readonly string[]): Set<string> {
  const next = new Set(hidden);
  if (next.has(key)) next.delete(key);
  else if (keys.filter((candidate) => !next.has(candidate)).length > 1) next.add(key);
  return next;
}
