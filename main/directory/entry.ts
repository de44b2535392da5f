/** Case-insensitive access to ldapts search entries, whose attribute names come back as the server spells them. */
import type { Entry } from 'ldapts';

/** All string values of `attribute` (empty when absent). */
export function values(entry: Entry, attribute: string): string[] {
  const wanted = attribute.toLowerCase();
  // for…in rather than Object.entries: no array per call (mapping 10,000 entries reads each attribute).
  for (const name in entry) {
    if (name.toLowerCase() !== wanted || name === 'dn') continue;
    const raw = entry[name] as Entry[string];
    const list = Array.isArray(raw) ? raw : [raw];
    return list.map((item) => (typeof item === 'string' ? item : item.toString('utf8')));
  }
  return [];
}

/** The first value of `attribute`, or '' when absent. */
export const first = (entry: Entry, attribute: string): string => values(entry, attribute)[0] ?? '';

/** An INTEGER attribute, or null when absent or not a number. */
export function integer(entry: Entry, attribute: string): number | null {
  const raw = first(entry, attribute);
  if (raw === '') return null;
  const parsed = Number(raw);
  return Number.isSafeInteger(parsed) ? parsed : null;
}

/** A BOOLEAN attribute (LDAP spells them TRUE/FALSE); `fallback` when absent. */
export function boolean(entry: Entry, attribute: string, fallback = false): boolean {
  const raw = first(entry, attribute).toUpperCase();
  return raw === '' ? fallback : raw === 'TRUE';
}

/**
 * All values of `attribute` as bytes (empty when absent), for binary attributes requested as such (a `;binary`
 * option, or SearchRequest.binaryAttributes). A name given with options matches only the same options.
 */
export function buffers(entry: Entry, attribute: string): Buffer[] {
  const wanted = attribute.toLowerCase();
  for (const name in entry) {
    if (name.toLowerCase() !== wanted || name === 'dn') continue;
    const raw = entry[name] as Entry[string];
    const list = Array.isArray(raw) ? raw : [raw];
    return list.map((item) => (typeof item === 'string' ? Buffer.from(item, 'utf8') : item));
  }
  return [];
}
