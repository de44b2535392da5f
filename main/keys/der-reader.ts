/**
 * Just enough DER (X.690) to walk what Node's X509Certificate does not expose: the certificates inside a PKCS#7
 * SignedData value, and a certificate's subjectAltName mail addresses, authority key identifier and basic
 * constraints. Every read is bounds-checked; malformed input throws a DerError naming what was wrong.
 */

export class DerError extends Error {}

/** One TLV: its tag byte, where its content lies in the buffer, and the whole element's end. */
export interface DerElement {
  tag: number;
  /** The element from its tag to the end of its content. */
  start: number;
  contentStart: number;
  end: number;
}

export const derTags = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  sequence: 0x30,
  set: 0x31,
  /** [n] constructed, context-specific. */
  context: (n: number) => 0xa0 | n,
  /** [n] primitive, context-specific. */
  contextPrimitive: (n: number) => 0x80 | n,
} as const;

/** Reads the element starting at `offset` (within `limit`, default the buffer's end). */
export function readElement(buffer: Buffer, offset: number, limit = buffer.length): DerElement {
  if (offset + 2 > limit) throw new DerError('truncated element');
  const tag = buffer[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not used by certificates');
  let lengthByte = buffer[offset + 1] as number;
  let at = offset + 2;
  let length: number;
  if (lengthByte < 0x80) length = lengthByte;
  else {
    lengthByte &= 0x7f;
    // DER has no indefinite length; four length bytes already exceed any certificate.
    if (lengthByte === 0 || lengthByte > 4) throw new DerError('unsupported length encoding');
    if (at + lengthByte > limit) throw new DerError('truncated length');
    length = 0;
    for (let i = 0; i < lengthByte; i++) length = length * 256 + (buffer[at + i] as number);
    at += lengthByte;
  }
  if (at + length > limit) throw new DerError('element runs past its container');
  return { tag, start: offset, contentStart: at, end: at + length };
}

/** The elements directly inside a constructed element. */
export function children(buffer: Buffer, parent: DerElement): DerElement[] {
  const out: DerElement[] = [];
  for (let at = parent.contentStart; at < parent.end; ) {
    const child = readElement(buffer, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** The element's content bytes. */
export const contentOf = (buffer: Buffer, element: DerElement): Buffer => buffer.subarray(element.contentStart, element.end);

/** The whole element, tag and length included (a certificate inside a PKCS#7 value, as its own DER). */
export const bytesOf = (buffer: Buffer, element: DerElement): Buffer => buffer.subarray(element.start, element.end);

/** Dotted form of an OBJECT IDENTIFIER element. */
export function oidOf(buffer: Buffer, element: DerElement): string {
  if (element.tag !== derTags.oid) throw new DerError('expected an object identifier');
  const content = contentOf(buffer, element);
  if (content.length === 0) throw new DerError('empty object identifier');
  const subidentifiers: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      subidentifiers.push(value);
      value = 0;
    }
  }
  const [first = 0, ...rest] = subidentifiers;
  // The first subidentifier holds the first two arcs (40 * X + Y, X at most 2).
  const top = Math.min(2, Math.floor(first / 40));
  return [top, first - top * 40, ...rest].join('.');
}

/** The single element of `parent` with `tag`, or throws naming `what`. */
export function expectTag(element: DerElement | undefined, tag: number, what: string): DerElement {
  if (element === undefined || element.tag !== tag) throw new DerError(`expected ${what}`);
  return element;
}
