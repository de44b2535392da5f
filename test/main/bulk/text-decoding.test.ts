import { describe, expect, it } from 'vitest';
import { decodeImportBytes, firstInvalidUtf8 } from '../../../main/bulk/text-decoding';
import { EnclaveFailure } from '../../../shared/errors';

const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'latin1')] : part)));

/** Windows-1252's characters for 0x80–0x9F; the five bytes it leaves undefined decode to U+FFFD. */
const windows1252 = '€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ';

describe('#decodeImportBytes()', () => {
  it('reads every byte 0x80–0x9F of a Windows-1252 file as its character, never as a C1 control', () => {
    for (let byte = 0x80; byte <= 0x9f; byte += 1) {
      const decoded = decodeImportBytes(bytes('login,surname\nx,A', [byte], 'B\n'));
      expect(decoded.text).toBe(`login,surname\nx,A${windows1252.charAt(byte - 0x80)}B\n`);
      expect(decoded.text).not.toMatch(/[\u0080-\u009f]/);
      expect(decoded.encoding).toBe('Windows-1252');
    }
  });

  it('says why: the first byte that is not UTF-8, its offset and its line', () => {
    const decoded = decodeImportBytes(bytes('login,surname\nsarka,', [0x8a], 'árka\n'));
    expect(decoded.text).toBe('login,surname\nsarka,Šárka\n');
    expect(decoded.warning).toBe('The file is not valid UTF-8 (byte 0x8A at offset 20, line 2): it was read as Windows-1252 (Excel\'s "CSV" format). Save it as "CSV UTF-8" to be sure.');
    expect(decoded.legacyLines).toEqual([]);
  });

  it('keeps UTF-8 lines UTF-8 in a file with one Windows-1252 line, and names that line', () => {
    const decoded = decodeImportBytes(Uint8Array.from([...Buffer.from('a,Müller\n', 'utf8'), ...bytes('b,Zo', [0xeb], '\n'), ...Buffer.from('c,Öst\n', 'utf8')]));
    expect(decoded.text).toBe('a,Müller\nb,Zoë\nc,Öst\n');
    expect(decoded.encoding).toBe('UTF-8 and Windows-1252');
    expect(decoded.legacyLines).toEqual([{ line: 2, offset: 14, byte: 0xeb }]);
    expect(decoded.warning).toMatch(/^The file mixes encodings: it is UTF-8, but line 2 is not \(first: byte 0xEB at offset 14, line 2\)/);
  });

  it('lets a byte-order mark decide: UTF-8, UTF-16LE and UTF-16BE (Excel\'s "Unicode text")', () => {
    expect(decodeImportBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('Zoë', 'utf8')]))).toMatchObject({ text: 'Zoë', encoding: 'UTF-8 (BOM)' });
    expect(decodeImportBytes(Uint8Array.from([0xff, 0xfe, ...Buffer.from('Zoë\t€', 'utf16le')]))).toMatchObject({ text: 'Zoë\t€', encoding: 'UTF-16LE (BOM)' });
    const be = Buffer.from('Zoë', 'utf16le').swap16();
    expect(decodeImportBytes(Uint8Array.from([0xfe, 0xff, ...be]))).toMatchObject({ text: 'Zoë', encoding: 'UTF-16BE (BOM)' });
    // A UTF-8 BOM with a stray Windows-1252 line: the file is UTF-8 with one exception.
    expect(decodeImportBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes('a\nZo', [0xeb], '\n')]))).toMatchObject({ text: 'a\nZoë\n', encoding: 'UTF-8 (BOM) and Windows-1252' });
  });

  it('recognises UTF-16 without a byte-order mark, and refuses other NUL bytes naming the offset', () => {
    expect(decodeImportBytes(Uint8Array.from(Buffer.from('login,surname\nann,Lee\n', 'utf16le')))).toMatchObject({ text: 'login,surname\nann,Lee\n', encoding: 'UTF-16LE' });
    try {
      decodeImportBytes(bytes('login\n', [0], 'x\n'));
      expect.unreachable();
    } catch (error) {
      expect((error as EnclaveFailure).error.message).toMatch(/^The file holds a NUL byte at offset 6/);
    }
  });

  it('reads plain UTF-8 as it is', () => {
    expect(decodeImportBytes(Uint8Array.from(Buffer.from('Zoë,伟,مهر', 'utf8')))).toEqual({ text: 'Zoë,伟,مهر', encoding: 'UTF-8', legacyLines: [] });
  });
});

describe('#firstInvalidUtf8()', () => {
  it('finds overlong, truncated and stray bytes', () => {
    expect(firstInvalidUtf8(Buffer.from('abc', 'utf8'))).toBe(3);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0x62, 0xe2, 0x82]))).toBe(2);
    expect(firstInvalidUtf8(Uint8Array.from([0xc3, 0xbc, 0x9a]))).toBe(2);
    expect(firstInvalidUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0);
  });
});
