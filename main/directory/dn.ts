/**
 * DN building and reading. Building always goes through ldapts's RDN escaping; reading parses RFC 4514
 * strings (hex and backslash escapes, multi-valued RDNs) so values from the server round-trip exactly.
 */
import { DN } from 'ldapts';

export interface RdnPart {
  attribute: string;
  value: string;
}

/** An RDN value ldapts's escaping leaves unchanged: none of the characters " \ # + , ; < = > and no space at either end. */
const plainRdnValue = /^(?! )[^"\\#+,;<=>]*(?<! )$/;

/** The DN of `attribute=value` directly below `parent`; `value` is escaped, `parent` must already be a DN. */
export function childDn(parent: string, attribute: string, value: string): string {
  // A value ldapts would leave as it is (nothing to escape, no edge spaces to quote) needs no DN object: a bulk
  // import builds several DNs per row.
  const rdn = plainRdnValue.test(value) ? `${attribute}=${value}` : new DN().addPairRDN(attribute, value).toString();
  return parent === '' ? rdn : `${rdn},${parent}`;
}

/** Parses a DN into its RDNs (outermost last), each a list of attribute/value pairs. Throws on bad syntax. */
export function parseDn(dn: string): RdnPart[][] {
  const rdns: RdnPart[][] = [];
  let current: RdnPart[] = [];
  let i = 0;
  const text = dn.trim();
  if (text === '') return rdns;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new Error(`Not a DN: ${dn}`);
    const attribute = text.slice(i, eq).trim();
    i = eq + 1;
    const { value, next } = readValue(text, i);
    current.push({ attribute, value });
    i = next;
    const separator = text[i];
    if (separator === '+') {
      i += 1;
    } else {
      rdns.push(current);
      current = [];
      if (separator === ',' || separator === ';') i += 1;
      else if (separator !== undefined) throw new Error(`Not a DN: ${dn}`);
    }
    while (text[i] === ' ') i += 1;
  }
  return rdns;
}

function readValue(text: string, start: number): { value: string; next: number } {
  let i = start;
  while (text[i] === ' ') i += 1;
  if (text[i] === '"') {
    // Quoted form (RFC 2253 legacy), which ldapts emits for values with edge spaces.
    let out = '';
    i += 1;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i += 1;
      out += text[i] ?? '';
      i += 1;
    }
    i += 1;
    while (text[i] === ' ') i += 1;
    return { value: out, next: i };
  }
  // Fast path: most values have no escapes (bulk imports parse tens of thousands of DNs).
  let end = i;
  while (end < text.length && text[end] !== ',' && text[end] !== '+' && text[end] !== ';' && text[end] !== '\\') end += 1;
  if (end === text.length || text[end] !== '\\') return { value: text.slice(i, end).replace(/ +$/, ''), next: end };
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let trailingSpaces = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ',' || ch === '+' || ch === ';') break;
    if (ch === '\\') {
      const hex = text.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 3;
      } else {
        bytes.push(...encoder.encode(text[i + 1] ?? ''));
        i += 2;
      }
      trailingSpaces = 0;
      continue;
    }
    const codePoint = text.codePointAt(i) ?? 0;
    const char = String.fromCodePoint(codePoint);
    bytes.push(...encoder.encode(char));
    trailingSpaces = ch === ' ' ? trailingSpaces + 1 : 0;
    i += char.length;
  }
  const decoded = new TextDecoder().decode(new Uint8Array(bytes.slice(0, bytes.length - trailingSpaces)));
  return { value: decoded, next: i };
}

/** A comparable form of a DN: attribute names and values lower-cased (our naming attributes ignore case). */
export function normalizeDn(dn: string): string {
  const plain = plainNormalizedDn(dn);
  if (plain !== null) return plain;
  return parseDn(dn)
    .map((rdn) =>
      rdn
        .map((part) => childDn('', part.attribute.toLowerCase(), part.value.toLowerCase()))
        .sort()
        .join('+'),
    )
    .join(',');
}

// Characters that need no escaping anywhere in an RDN value, so such a DN normalizes by lower-casing alone.
const plainDnText = /^[A-Za-z0-9=,. _@-]*$/;

/** normalizeDn without parsing for DNs of plain characters (most of them); null when the full path is needed. */
function plainNormalizedDn(dn: string): string | null {
  if (!plainDnText.test(dn)) return null;
  const out: string[] = [];
  for (const rdn of dn.split(',')) {
    const parts = rdn.split('=');
    const attribute = parts[0]?.trim() ?? '';
    const value = parts[1]?.trim() ?? '';
    if (parts.length !== 2 || attribute === '' || value === '') return null;
    out.push(`${attribute.toLowerCase()}=${value.toLowerCase()}`);
  }
  return out.join(',');
}

/** True when both strings name the same entry. */
export const sameDn = (a: string, b: string): boolean => normalizeDn(a) === normalizeDn(b);

/** True when `dn` lies strictly below `ancestor`. */
export function isBelow(dn: string, ancestor: string): boolean {
  const child = normalizeDn(dn);
  const parent = normalizeDn(ancestor);
  return child.length > parent.length && child.endsWith(`,${parent}`);
}

/** The value of the first (leftmost) RDN, e.g. the login in `uid=alice,ou=...`. */
export function leafValue(dn: string): string {
  const first = parseDn(dn)[0]?.[0];
  if (!first) throw new Error(`Not a DN: ${dn}`);
  return first.value;
}

/** The RDN values from `ancestor` down to `dn` (exclusive of ancestor), outermost first. */
export function valuesBelow(dn: string, ancestor: string): string[] {
  const rdns = parseDn(dn);
  const depth = rdns.length - parseDn(ancestor).length;
  return rdns
    .slice(0, Math.max(depth, 0))
    .map((rdn) => rdn[0]?.value ?? '')
    .reverse();
}
