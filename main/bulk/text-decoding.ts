/**
 * Turns an import file's bytes into text, saying how and why. A byte-order mark decides (UTF-8, UTF-16LE/BE:
 * Excel's "Unicode text"); otherwise the file is read as strict UTF-8, and lines that are not UTF-8 are read as
 * Windows-1252 (Excel's plain "CSV") through iconv-lite. Node 20's own `TextDecoder('windows-1252')` is not used:
 * it decodes 0x80–0x9F as C1 control characters (Š becomes U+008A, € and curly quotes vanish).
 *
 * Decoding is per line, so one stray Windows-1252 byte in a UTF-8 file does not turn every "ü" of the file into
 * "Ã¼": the lines that are UTF-8 stay UTF-8, and each line read otherwise is named (its rows get a notice).
 */
import iconv from 'iconv-lite';
import { failure } from '../../shared/errors';

/** A line read as Windows-1252: its line number (1-based, in the decoded text) and where its first bad byte is. */
export interface LegacyLine {
  line: number;
  /** Offset of the first byte that is not UTF-8, from the start of the file (0-based), and the byte. */
  offset: number;
  byte: number;
}

export interface DecodedText {
  text: string;
  /** "UTF-8", "UTF-8 (BOM)", "UTF-16LE (BOM)", "Windows-1252", "UTF-8 and Windows-1252", … */
  encoding: string;
  /** Why the file was read this way, when it is anything but plain UTF-8. */
  warning?: string;
  /** Lines read as Windows-1252 in a file whose other lines are UTF-8 (empty unless the file is mixed). */
  legacyLines: LegacyLine[];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const hex = (byte: number) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
const count = (n: number) => n.toLocaleString('en-US');

/** Decodes an import file; throws invalid-input for bytes that are no text at all (NUL bytes without UTF-16). */
export function decodeImportBytes(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return decodeLines(bytes, 3, 'UTF-8 (BOM)');
  if (startsWith(bytes, [0xff, 0xfe])) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), encoding: 'UTF-16LE (BOM)', legacyLines: [] };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), encoding: 'UTF-16BE (BOM)', legacyLines: [] };
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const order = utf16WithoutBom(bytes);
    if (order) {
      return {
        text: iconv.decode(Buffer.from(bytes), order === 'le' ? 'utf-16le' : 'utf-16be'),
        encoding: `UTF-16${order.toUpperCase()}`,
        warning: `The file has no byte-order mark, but every second byte is zero: it was read as UTF-16${order.toUpperCase()} ("Unicode text").`,
        legacyLines: [],
      };
    }
    const message = `The file holds a NUL byte at offset ${count(nul)}: it is not a text file (or it is UTF-16 without a byte-order mark and with characters outside Latin). Save it as "CSV UTF-8".`;
    throw failure({ kind: 'invalid-input', message, issues: [{ path: ['csv'], message }] });
  }
  return decodeLines(bytes, 0, 'UTF-8');
}

/** UTF-8 line by line from `start`; lines that are not UTF-8 are read as Windows-1252. */
function decodeLines(bytes: Uint8Array, start: number, utf8Name: string): DecodedText {
  const whole = bytes.subarray(start);
  try {
    return { text: strictUtf8.decode(whole), encoding: utf8Name, legacyLines: [] };
  } catch {
    // Not UTF-8 as a whole: where, and is any of it UTF-8?
  }
  const scan = scanUtf8(whole);
  const at = start + scan.firstInvalid;
  const where = `byte ${hex(bytes[at] ?? 0)} at offset ${count(at)}, line ${lineOf(bytes, start, at)}`;
  // No well-formed multi-byte sequence anywhere and no BOM: nothing in the file is UTF-8 beyond ASCII, so the
  // whole file is Windows-1252 (the same result as line by line, in one pass).
  if (!scan.multiByte && start === 0) {
    return {
      text: iconv.decode(Buffer.from(whole), 'win1252'),
      encoding: 'Windows-1252',
      warning: `The file is not valid UTF-8 (${where}): it was read as Windows-1252 (Excel's "CSV" format). Save it as "CSV UTF-8" to be sure.`,
      legacyLines: [],
    };
  }
  const parts: string[] = [];
  const legacy: LegacyLine[] = [];
  // A UTF-8 byte-order mark says the file is UTF-8: lines that are not are the exception, not the rule.
  let utf8NonAscii = start > 0;
  let line = 1;
  for (let from = start; from <= bytes.length; line += 1) {
    const newline = bytes.indexOf(0x0a, from);
    const end = newline < 0 ? bytes.length : newline + 1;
    const slice = bytes.subarray(from, end);
    const bad = scanUtf8(slice).firstInvalid;
    if (bad === slice.length) {
      parts.push(strictUtf8.decode(slice));
      if (slice.some((byte) => byte >= 0x80)) utf8NonAscii = true;
    } else {
      legacy.push({ line, offset: from + bad, byte: slice[bad] ?? 0 });
      parts.push(iconv.decode(Buffer.from(slice), 'win1252'));
    }
    if (newline < 0) break;
    from = end;
  }
  const text = parts.join('');
  if (!utf8NonAscii) return { text, encoding: 'Windows-1252', warning: `The file is not valid UTF-8 (${where}): it was read as Windows-1252 (Excel's "CSV" format). Save it as "CSV UTF-8" to be sure.`, legacyLines: [] };
  const lines = legacy.map((l) => l.line);
  return {
    text,
    encoding: `${utf8Name} and Windows-1252`,
    warning: `The file mixes encodings: it is UTF-8, but line${lines.length > 1 ? 's' : ''} ${listed(lines)} ${lines.length > 1 ? 'are' : 'is'} not (first: ${where}) and ${lines.length > 1 ? 'were' : 'was'} read as Windows-1252. Check those rows.`,
    legacyLines: legacy,
  };
}

/** Line number (1-based, counted from `start`) of the byte at `offset`. */
function lineOf(bytes: Uint8Array, start: number, offset: number): number {
  let line = 1;
  for (let i = start; i < offset; i += 1) if (bytes[i] === 0x0a) line += 1;
  return line;
}

/** Length of the well-formed UTF-8 sequence at `i` (RFC 3629's table: no overlongs, surrogates or > U+10FFFF), or 0. */
function sequenceAt(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  if (lead < 0x80) return 1;
  const tail = (offset: number, low = 0x80, high = 0xbf) => {
    const byte = bytes[i + offset];
    return byte !== undefined && byte >= low && byte <= high;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return tail(1) ? 2 : 0;
  if (lead === 0xe0) return tail(1, 0xa0) && tail(2) ? 3 : 0;
  if ((lead >= 0xe1 && lead <= 0xec) || lead === 0xee || lead === 0xef) return tail(1) && tail(2) ? 3 : 0;
  if (lead === 0xed) return tail(1, 0x80, 0x9f) && tail(2) ? 3 : 0;
  if (lead === 0xf0) return tail(1, 0x90) && tail(2) && tail(3) ? 4 : 0;
  if (lead >= 0xf1 && lead <= 0xf3) return tail(1) && tail(2) && tail(3) ? 4 : 0;
  if (lead === 0xf4) return tail(1, 0x80, 0x8f) && tail(2) && tail(3) ? 4 : 0;
  return 0;
}

/** Where the first byte that is not well-formed UTF-8 is (the length when none), and whether any multi-byte sequence is. */
function scanUtf8(bytes: Uint8Array): { firstInvalid: number; multiByte: boolean } {
  let multiByte = false;
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceAt(bytes, i);
    if (length === 0) {
      // Keep looking for UTF-8 further on: a file that has some is mixed.
      if (!multiByte) for (let j = i + 1; j < bytes.length && !multiByte; j += 1) multiByte = (bytes[j] ?? 0) >= 0xc2 && sequenceAt(bytes, j) > 1;
      return { firstInvalid: i, multiByte };
    }
    if (length > 1) multiByte = true;
    i += length;
  }
  return { firstInvalid: bytes.length, multiByte };
}

/** Offset of the first byte in `bytes` that does not belong to a well-formed UTF-8 sequence. */
export const firstInvalidUtf8 = (bytes: Uint8Array): number => scanUtf8(bytes).firstInvalid;

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

/** 'le' or 'be' when the first kilobytes look like UTF-16 text without a BOM (zeros in every second byte). */
function utf16WithoutBom(bytes: Uint8Array): 'le' | 'be' | null {
  const sample = bytes.subarray(0, Math.min(bytes.length, 4096) & ~1);
  if (sample.length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros += 1;
    if (sample[i + 1] === 0) oddZeros += 1;
  }
  const pairs = sample.length / 2;
  if (oddZeros > pairs * 0.6 && evenZeros === 0) return 'le';
  if (evenZeros > pairs * 0.6 && oddZeros === 0) return 'be';
  return null;
}

const listed = (numbers: number[]) => (numbers.length > 8 ? `${numbers.slice(0, 8).join(', ')} and ${numbers.length - 8} more` : numbers.join(', '));
