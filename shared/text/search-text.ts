/**
 * Search text: what a search box may send, and the folded form both sides are compared in, so "muller" finds
 * "Müller" and "strasse" finds "Straße". Folding takes accents and case away (NFKD, combining marks dropped)
 * and spells the letters that have no decomposition the way people type them without the key (ß → ss, æ → ae).
 */
import { z } from 'zod';

/** Letters NFKD leaves alone, written as they are typed on a keyboard without them. */
const spelledOut: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ð: 'd', Ð: 'd',
  ł: 'l', Ł: 'l', þ: 'th', Þ: 'th', ı: 'i', ħ: 'h', Ħ: 'h', ŋ: 'n', Ŋ: 'n',
};

const nonAscii = /[^\u0000-\u007f]/;

/**
 * The folded form: lower case, no accents on Latin letters, special letters spelled out. Other scripts keep their
 * marks (Cyrillic й is its own letter, not и with a breve), only their case and compatibility forms change.
 */
export function foldText(text: string): string {
  // Plain ASCII folds to its lower case (nothing to decompose, no marks): most names, cheaply (a bulk import folds three per row).
  if (!nonAscii.test(text)) return text.toLowerCase();
  let out = '';
  for (const ch of text.normalize('NFC')) {
    // Character by character, ASCII ones stay as they are (lower-cased at the end).
    out += ch.charCodeAt(0) < 0x80 ? ch : foldedCharacter(ch);
  }
  return out.toLowerCase();
}

/** Folded non-ASCII characters seen so far: names repeat their letters, and decomposing one is the costly part. */
const foldedCharacters = new Map<string, string>();
const maxRemembered = 4_096;

function foldedCharacter(ch: string): string {
  const known = foldedCharacters.get(ch);
  if (known !== undefined) return known;
  const decomposed = ch.normalize('NFKD');
  const base = decomposed[0] ?? '';
  let folded: string;
  if (spelledOut[ch] !== undefined) folded = spelledOut[ch];
  else if (/\p{Script=Latin}/u.test(base)) folded = [...decomposed].filter((part) => !/\p{M}/u.test(part)).join('');
  else if (/\p{M}/u.test(decomposed.slice(1))) folded = ch;
  else folded = decomposed;
  if (foldedCharacters.size < maxRemembered) foldedCharacters.set(ch, folded);
  return folded;
}

/** True when folding changes more than the case: the text has accents or special letters. */
export const foldsDifferently = (text: string): boolean => foldText(text) !== text.toLowerCase();

const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;

/** Search text as typed: trimmed, at most `max` characters, and no control characters (a NUL, a line break). */
export const searchTextField = (max = 256) =>
  z
    .string()
    .trim()
    .max(max, `Search text is at most ${max} characters`)
    .refine((text) => !controlCharacter.test(text), 'Search text cannot contain control characters (a line break, a tab or a NUL): type the words only');

/** What is wrong with search text as typed, or undefined when it may be sent. */
export function searchTextIssue(text: string): string | undefined {
  const parsed = searchTextField().safeParse(text);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}
