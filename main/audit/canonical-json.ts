/** One spelling per value: object keys sorted at every depth, no whitespace. The hash chain hashes this form. */

/**
 * JSON text of `value` with object keys in code-point order, recursively. Written as loops over one growing string
 * (no entry arrays, comparator closures or joins): a bulk-import chunk's intent lists 500 rows, and it is spelled
 * twice per record (its hash, its line) while the next chunk waits.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    // A list of strings (a change's values) is spelled the same by JSON.stringify, natively, in one call.
    if (value.every(isString)) return JSON.stringify(value);
    let out = '[';
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (index > 0) out += ',';
      out += typeof item === 'string' ? JSON.stringify(item) : canonicalJson(item === undefined ? null : item);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Keys are strings, so the default order is the code-unit order the comparison operators give.
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${spelledKey(key)}:${typeof item === 'string' ? JSON.stringify(item) : canonicalJson(item)}`;
  }
  return `${out}}`;
}

const isString = (item: unknown): item is string => typeof item === 'string';

/** Keys repeat on every record (a chunk intent has 500 changes with the same four): each is spelled once. */
const spelledKeys = new Map<string, string>();

function spelledKey(key: string): string {
  let spelled = spelledKeys.get(key);
  if (spelled === undefined) {
    spelled = JSON.stringify(key);
    if (spelledKeys.size < 1_000) spelledKeys.set(key, spelled);
  }
  return spelled;
}
