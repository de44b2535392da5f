/**
 * Reads LDIF (RFC 2849) content records: `dn:` then `attribute: value` lines, records separated by blank lines,
 * folded lines (a line starting with one space continues the previous one), `#` comments (folded too), base64
 * values (`attribute:: …`), an optional `version: 1`. Change records other than `changetype: add` (which carries
 * the whole entry, as ldifde writes every record) are kept as records with a problem: an import adds and updates
 * entries from what the file says they are; it does not replay modifications. Values from URLs (`:<`) are not
 * fetched. Problems are per record, with the line they are on, so one bad entry does not hide the others.
 */

/** One value of an attribute: text, or null when a base64 value is not UTF-8 (binary: a photo, a GUID). */
export type LdifValue = string | null;

export interface LdifAttribute {
  /** The name as first written in the record (without options). */
  name: string;
  values: LdifValue[];
}

export interface LdifRecord {
  /** Line of the `dn:` (1-based): the record's row number in the preview and the report. */
  line: number;
  dn: string;
  /** By lower-case attribute name (options such as `;lang-de` or `;binary` stay part of the name). */
  attributes: Map<string, LdifAttribute>;
  /** Why the record cannot be imported (syntax, change records, URLs), with its line. */
  problems: string[];
}

export interface LdifFile {
  records: LdifRecord[];
  /** Problems outside any record (text before the first dn:). */
  problems: string[];
}

/** Whether `text` is LDIF: its first line that is not blank or a comment is `version:` or `dn:`. */
export function looksLikeLdif(text: string): boolean {
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    // Blank lines, comments and their folded continuations come before the first record.
    if (line.trim() === '' || line.startsWith('#') || line.startsWith(' ')) continue;
    return /^(version|dn)\s*::?/i.test(line);
  }
  return false;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

/** One logical line (folding undone) and the physical line it starts on. */
interface LogicalLine {
  line: number;
  text: string;
}

/** Unfolds continuation lines; comments (with their continuations) are dropped, blank lines kept as ''. */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let inComment = false;
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((physical, index) => {
      const line = index + 1;
      if (physical.startsWith(' ') && (out.length > 0 || inComment)) {
        if (inComment) return;
        const last = out[out.length - 1];
        if (last && last.text !== '') {
          last.text += physical.slice(1);
          return;
        }
      }
      inComment = physical.startsWith('#');
      if (inComment) return;
      out.push({ line, text: physical });
    });
  return out;
}

/** Parses the whole file into records. */
export function readLdif(text: string): LdifFile {
  const records: LdifRecord[] = [];
  const problems: string[] = [];
  let current: LdifRecord | null = null;
  let skipRest = false;
  let sawVersion = false;
  for (const { line, text: logical } of logicalLines(text)) {
    if (logical.trim() === '') {
      current = null;
      skipRest = false;
      continue;
    }
    const spec = attributeSpec(logical);
    if (!current) {
      if (!spec) {
        problems.push(`line ${line}: "${clip(logical)}" is not an LDIF line (attribute: value)`);
        skipRest = true;
        current = { line, dn: '', attributes: new Map(), problems: [] };
        continue;
      }
      if (spec.name.toLowerCase() === 'version' && records.length === 0 && !sawVersion) {
        sawVersion = true;
        if (spec.value.kind !== 'text' || spec.value.text.trim() !== '1') problems.push(`line ${line}: only LDIF version 1 is read`);
        continue;
      }
      if (spec.name.toLowerCase() !== 'dn') {
        problems.push(`line ${line}: an entry starts with "dn:", not "${clip(spec.name)}:"`);
        skipRest = true;
        current = { line, dn: '', attributes: new Map(), problems: [] };
        continue;
      }
      const dn = decodeValue(spec.value);
      current = { line, dn: dn ?? '', attributes: new Map(), problems: [] };
      if (dn === null) current.problems.push(`line ${line}: the DN is not valid ${spec.value.kind === 'url' ? '(a URL is not read)' : 'base64 UTF-8'}`);
      records.push(current);
      continue;
    }
    if (skipRest) continue;
    if (!spec) {
      current.problems.push(`line ${line}: "${clip(logical)}" is not an attribute line (attribute: value)`);
      continue;
    }
    const name = spec.name;
    const lower = name.toLowerCase();
    if (lower === 'changetype') {
      const type = spec.value.kind === 'text' ? spec.value.text.trim().toLowerCase() : '';
      if (type !== 'add') {
        current.problems.push(`line ${line}: is a change record (changetype: ${type || '?'}): only entries are imported (content records, or changetype: add), not modifications`);
        skipRest = true;
      }
      continue;
    }
    if (lower === 'control') continue;
    if (spec.value.kind === 'url') {
      current.problems.push(`line ${line}: the value of ${name} is a URL (${name}:<), which is not read: put the value in the file`);
      continue;
    }
    if (spec.value.kind === 'bad-base64') {
      current.problems.push(`line ${line}: the value of ${name} is not valid base64`);
      continue;
    }
    const value = decodeValue(spec.value);
    const attribute = current.attributes.get(lower);
    if (attribute) attribute.values.push(value);
    else current.attributes.set(lower, { name, values: [value] });
  }
  return { records, problems };
}

type SpecValue = { kind: 'text'; text: string } | { kind: 'base64'; bytes: Uint8Array } | { kind: 'url' } | { kind: 'bad-base64' };

/** `name: value`, `name:: base64`, `name:< url`; null when the line is none of them. */
function attributeSpec(line: string): { name: string; value: SpecValue } | null {
  const match = /^([A-Za-z0-9][A-Za-z0-9.;-]*)\s*:(:|<)?(.*)$/.exec(line);
  if (!match) return null;
  const name = match[1] ?? '';
  const marker = match[2];
  // FILL: the spaces after the colon are not part of the value.
  const rest = (match[3] ?? '').replace(/^ +/, '');
  if (marker === '<') return { name, value: { kind: 'url' } };
  if (marker === ':') {
    const compact = rest.replace(/\s+/g, '');
    if (!base64Pattern.test(compact)) return { name, value: { kind: 'bad-base64' } };
    return { name, value: { kind: 'base64', bytes: Buffer.from(compact, 'base64') } };
  }
  return { name, value: { kind: 'text', text: rest } };
}

function decodeValue(value: SpecValue): string | null {
  if (value.kind === 'text') return value.text;
  if (value.kind !== 'base64') return null;
  try {
    return strictUtf8.decode(value.bytes);
  } catch {
    return null;
  }
}

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
