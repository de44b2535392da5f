import { describe, expect, it } from 'vitest';
import { fileSource, toBase64 } from '../../../../renderer/app/import/file-source';

describe('#fileSource()', () => {
  it('sends UTF-8 as text, and anything else as its bytes for main to decode', () => {
    expect(fileSource(Uint8Array.from(Buffer.from('login,surname\nzoe,Zoë\n', 'utf8')))).toEqual({ csv: 'login,surname\nzoe,Zoë\n' });
    const windows1252 = Uint8Array.from([0x53, 0x8a, 0x80, 0xeb]);
    expect(fileSource(windows1252)).toEqual({ fileBase64: Buffer.from(windows1252).toString('base64') });
    const utf16 = Uint8Array.from(Buffer.from('login\n', 'utf16le'));
    expect(fileSource(utf16)).toEqual({ fileBase64: Buffer.from(utf16).toString('base64') });
  });

  it('encodes large files in slices, every byte value intact', () => {
    const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 31) % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});
