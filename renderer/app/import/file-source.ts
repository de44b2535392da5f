/**
 * How the dialog hands a chosen file to main. Text that is valid UTF-8 goes as text (what most files are, and
 * the smaller request); anything else goes as its bytes in base64, because the encoding is detected in main
 * (Windows-1252 through a correct decoder, UTF-16 by its byte-order mark): a browser's own Windows-1252 decoder
 * turns 0x80–0x9F into control characters, and `File.text()` would replace every such byte with U+FFFD.
 */

/** The `csv` or `fileBase64` field of a preview or start request. */
export type FileSource = { csv: string } | { fileBase64: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The request field for a file's bytes. */
export function fileSource(bytes: Uint8Array): FileSource {
  // NUL bytes are valid UTF-8 but mean UTF-16 without a byte-order mark (or no text at all): main decides.
  if (!bytes.includes(0)) {
    try {
      return { csv: strictUtf8.decode(bytes) };
    } catch {
      // Not UTF-8: main detects the encoding.
    }
  }
  return { fileBase64: toBase64(bytes) };
}

/** Base64 of `bytes`, in slices so a large file does not overflow the argument list of fromCharCode. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const slice = 0x8000;
  for (let start = 0; start < bytes.length; start += slice) binary += String.fromCharCode(...bytes.subarray(start, start + slice));
  return btoa(binary);
}
