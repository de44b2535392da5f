/**
 * Characters that do not belong in a directory value, found cell by cell with a reason a person can act on:
 * control characters (C0 but tab and new lines, DEL, C1 — what a wrong Windows-1252 decoder leaves behind),
 * U+FFFD (a byte the file's encoding could not represent), directional controls (they reorder what is shown:
 * "Trojan Source"), and invisible formatting characters (zero-width space, joiners, word joiner, BOM, marks).
 *
 * The rule, the same for every column: invisible formatting characters at the edges of a cell are removed, with
 * a notice (they are what copying from a web page or a chat leaves); inside a value they are refused, except a
 * zero-width (non-)joiner between two letters of a script that needs it (Persian, Indic) or inside an emoji
 * sequence, in names. Directional embeddings, overrides and isolates, controls and U+FFFD are refused anywhere.
 * A password is taken as typed: nothing is removed from it, so anything listed here refuses it.
 */
import iconv from 'iconv-lite';

/** How strict a cell is read: names allow script joiners; passwords are never altered. */
export type CellKind = 'name' | 'key' | 'password';

export interface CellInspection {
  /** The cell with the edge characters removed (passwords: unchanged). */
  value: string;
  /** Why the cell is refused (empty: accepted). */
  refused: string[];
  /** What was removed. */
  removed: string[];
}

const knownNames: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x061c: 'ARABIC LETTER MARK',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE (byte-order mark)',
  0xfffd: 'REPLACEMENT CHARACTER',
};

/** "U+200B ZERO WIDTH SPACE". */
export function describeCharacter(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = knownNames[code];
  return name ? `${hex} ${name}` : hex;
}

const isBidiControl = (code: number) => (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
const isFormat = (char: string) => /\p{Cf}/u.test(char);
const isJoiner = (code: number) => code === 0x200c || code === 0x200d;
const isSeparatorWhitespace = (char: string) => /\s/u.test(char) && !isFormat(char);
// Scripts whose words never need a joiner: one there only hides something.
const joinerFreeLetter = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}\p{Script=Inherited}]/u;
const letterOrMark = /[\p{L}\p{M}]/u;
const pictographic = /\p{Extended_Pictographic}/u;

/** Whether the joiner at `index` sits where a script or an emoji sequence uses one. */
function joinerInPlace(chars: string[], index: number): boolean {
  const before = chars[index - 1] ?? '';
  const after = chars[index + 1] ?? '';
  if (pictographic.test(before) && (pictographic.test(after) || after === '\uFE0F')) return true;
  return letterOrMark.test(before) && letterOrMark.test(after) && !joinerFreeLetter.test(before) && !joinerFreeLetter.test(after);
}

/** The character whose Windows-1252 byte a C1 control stands for, e.g. U+008A for "Š". */
function windows1252For(code: number): string | null {
  const decoded = iconv.decode(Buffer.from([code]), 'win1252');
  return decoded === '\uFFFD' ? null : decoded;
}

/** Why `char` (at 1-based character `position`) is refused, or null. Edge formatting characters are handled before. */
function refusal(char: string, code: number, kind: CellKind, chars: string[], index: number): string | null {
  const at = `at character ${index + 1}`;
  if ((code < 0x20 && !(kind !== 'password' && (code === 0x09 || code === 0x0a || code === 0x0d))) || code === 0x7f) {
    return `contains the control character ${describeCharacter(code)} ${at}`;
  }
  if (code >= 0x80 && code <= 0x9f) {
    const meant = windows1252For(code);
    return `contains the control character ${describeCharacter(code)} ${at}${meant ? `: a Windows-1252 "${meant}" decoded wrongly (fix the file, or export it again as "CSV UTF-8")` : ''}`;
  }
  if (code === 0xfffd) return `contains ${describeCharacter(code)} ${at}: a byte the file's encoding does not define (Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined)`;
  if (code === 0x2028 || code === 0x2029) return `contains ${describeCharacter(code)} ${at}, a line break that does not belong in a value`;
  if (isBidiControl(code)) return `contains the directional control ${describeCharacter(code)} ${at}, which changes how the text is shown (refused anywhere)`;
  if (isFormat(char)) {
    if (kind === 'name' && isJoiner(code) && joinerInPlace(chars, index)) return null;
    return `contains the invisible character ${describeCharacter(code)} ${at}${kind === 'password' ? ' (passwords are taken as typed: nothing is removed from them)' : ''}`;
  }
  return null;
}

/** Inspects one cell as read from the file. */
export function inspectCell(cell: string, kind: CellKind): CellInspection {
  // Fast path: plain printable text.
  if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffd]|[\u{e0000}-\u{e007f}]|[\t\n\r]/u.test(cell)) {
    return { value: cell, refused: [], removed: [] };
  }
  const chars = [...cell];
  const removed: string[] = [];
  let start = 0;
  let end = chars.length;
  if (kind !== 'password') {
    // Edge runs of white space and formatting characters; the formatting ones go (bidi controls stay, to be refused).
    const removable = (char: string) => isFormat(char) && !isBidiControl(char.codePointAt(0) ?? 0);
    while (start < end && (isSeparatorWhitespace(chars[start] ?? '') || removable(chars[start] ?? ''))) start += 1;
    while (end > start && (isSeparatorWhitespace(chars[end - 1] ?? '') || removable(chars[end - 1] ?? ''))) end -= 1;
    const edge = (from: number, to: number, where: string) => {
      const counted = new Map<number, number>();
      for (let i = from; i < to; i += 1) if (removable(chars[i] ?? '')) counted.set(chars[i]?.codePointAt(0) ?? 0, (counted.get(chars[i]?.codePointAt(0) ?? 0) ?? 0) + 1);
      for (const [code, times] of counted) {
        removed.push(times === 1 ? `an invisible ${describeCharacter(code)} at the ${where} was removed` : `${times} invisible ${describeCharacter(code)} characters at the ${where} were removed`);
      }
    };
    edge(0, start, 'start');
    edge(end, chars.length, 'end');
  }
  const kept = kind === 'password' ? chars : [...chars.slice(0, start).filter((c) => !isFormat(c) || isBidiControl(c.codePointAt(0) ?? 0)), ...chars.slice(start, end), ...chars.slice(end).filter((c) => !isFormat(c) || isBidiControl(c.codePointAt(0) ?? 0))];
  const refused: string[] = [];
  kept.forEach((char, index) => {
    const reason = refusal(char, char.codePointAt(0) ?? 0, kind, kept, index);
    if (reason && !refused.includes(reason)) refused.push(reason);
  });
  return { value: kept.join(''), refused, removed };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
// A UTF-8 lead byte read as Windows-1252 (Â…ô) followed by a continuation byte read the same way.
const mojibakeHint = /[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/;

/**
 * What `value` likely was when it reads like UTF-8 decoded as Windows-1252 ("MÃ¼ller" for "Müller"), else null:
 * encoded back to Windows-1252 its bytes are valid UTF-8 and say something else. A heuristic: a warning, not a refusal.
 */
export function likelyMojibake(value: string): string | null {
  if (!mojibakeHint.test(value)) return null;
  const bytes = iconv.encode(value, 'win1252');
  if (iconv.decode(bytes, 'win1252') !== value) return null;
  try {
    const repaired = strictUtf8.decode(bytes);
    return repaired !== value ? repaired : null;
  } catch {
    return null;
  }
}
