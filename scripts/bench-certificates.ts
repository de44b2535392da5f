/**
 * Certificates for the keys benchmark, made in-process: 10,000 through openssl would take minutes of process
 * starts, and the benchmark measures reading them, not making them. EC P-256 keys from node:crypto, each
 * TBSCertificate written as DER here and signed by its CA's key. Every one is checked by Node's X509Certificate
 * before use, so the benchmark never measures something a real certificate would not be.
 */
import { createHash, generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';

const length = (n: number): Buffer => {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
};
const tlv = (tag: number, content: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), length(content.length), content]);
const sequence = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));
const integer = (value: number): Buffer => {
  const bytes: number[] = [];
  for (let rest = value; rest > 0 || bytes.length === 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
};
function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [a * 40 + b];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const generalizedTime = (date: Date) => tlv(0x18, Buffer.from(`${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`, 'latin1'));
const name = (commonName: string) => sequence(set(sequence(oid('2.5.4.3'), utf8(commonName))));
const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));

/** A CA: its key pair, name and key identifier. */
export interface BenchCa {
  name: string;
  privateKey: KeyObject;
  keyId: Buffer;
}

export function benchCa(commonName: string): BenchCa {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyId = createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest();
  return { name: commonName, privateKey, keyId };
}

/** A fresh EC P-256 public key, as SubjectPublicKeyInfo DER. */
export const benchKey = (): Buffer => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });

export interface BenchCertificateOptions {
  serial: number;
  subject: string;
  email: string;
  spki: Buffer;
  notBefore: Date;
  notAfter: Date;
}

/** An end-entity certificate issued by `ca`, DER. */
export function benchCertificate(ca: BenchCa, options: BenchCertificateOptions): Buffer {
  const extensions = sequence(
    sequence(oid('2.5.29.19'), tlv(0x04, sequence())),
    sequence(oid('2.5.29.17'), tlv(0x04, sequence(tlv(0x81, Buffer.from(options.email, 'latin1'))))),
    sequence(oid('2.5.29.35'), tlv(0x04, sequence(tlv(0x80, ca.keyId)))),
  );
  const tbs = sequence(
    tlv(0xa0, integer(2)),
    integer(options.serial),
    ecdsaWithSha256,
    name(ca.name),
    sequence(generalizedTime(options.notBefore), generalizedTime(options.notAfter)),
    name(options.subject),
    options.spki,
    tlv(0xa3, extensions),
  );
  const signature = sign('sha256', tbs, ca.privateKey);
  return sequence(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

/** Throws unless Node reads `der` as a certificate. */
export function assertCertificate(der: Buffer): void {
  new X509Certificate(der);
}
