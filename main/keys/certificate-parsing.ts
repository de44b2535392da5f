/**
 * Reads one stored certificate value: an X.509 certificate (DER), or a PKCS#7 SignedData value holding
 * certificates (RFC 2798's userSMIMECertificate), into what the inventory shows. Node's X509Certificate parses
 * and names things; the DER walk (der-reader.ts) adds what Node does not expose: the subjectAltName mail
 * addresses, the authority key identifier and basic constraints.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { CertificateInfo, UnparsedCertificate } from '../../shared/model/keys';
import { bytesOf, children, contentOf, DerError, derTags, expectTag, oidOf, readElement } from './der-reader';

const oids = {
  signedData: '1.2.840.113549.1.7.2',
  subjectAltName: '2.5.29.17',
  authorityKeyIdentifier: '2.5.29.35',
  basicConstraints: '2.5.29.19',
  emailAddress: '1.2.840.113549.1.9.1',
} as const;

const curveNames: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

export const sha256Hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** What one stored value holds: its certificates (several for a PKCS#7 chain), or why it could not be read. */
export type ParsedValue = { certificates: CertificateInfo[] } | { unparsed: UnparsedCertificate };

/** Parses a value of `attribute`: tried as a certificate first, then as PKCS#7 (directories hold both in either). */
export function parseStoredValue(attribute: string, value: Buffer): ParsedValue {
  const name = attribute.split(';')[0] ?? attribute;
  const asCertificate = tryCertificate(value, name, 'x509');
  if ('certificate' in asCertificate) return { certificates: [asCertificate.certificate] };
  let embedded: Buffer[];
  try {
    embedded = certificatesInSignedData(value);
  } catch (error) {
    const reason = looksLikeSignedData(value)
      ? `a PKCS#7 value Enclave cannot read (${(error as Error).message})`
      : `not an X.509 certificate (${asCertificate.reason}) nor PKCS#7 SignedData`;
    return { unparsed: { attribute: name, bytes: value.length, fingerprint: sha256Hex(value), reason } };
  }
  if (embedded.length === 0) return { unparsed: { attribute: name, bytes: value.length, fingerprint: sha256Hex(value), reason: 'a PKCS#7 value without certificates' } };
  const certificates: CertificateInfo[] = [];
  for (const der of embedded) {
    const parsed = tryCertificate(der, name, 'pkcs7');
    if (!('certificate' in parsed)) return { unparsed: { attribute: name, bytes: value.length, fingerprint: sha256Hex(value), reason: `a PKCS#7 value holding a certificate Enclave cannot read (${parsed.reason})` } };
    certificates.push(parsed.certificate);
  }
  // A PKCS#7 value carries the mailbox's certificate with its chain: the CA certificates beside it are not its own.
  const own = certificates.filter((certificate) => !certificate.isCa);
  return { certificates: own.length > 0 ? own : certificates };
}

/** Parses one DER certificate; the reason in words when it is none. */
export function tryCertificate(der: Buffer, attribute: string, container: CertificateInfo['container']): { certificate: CertificateInfo } | { reason: string } {
  let x509: X509Certificate;
  try {
    // Node also takes PEM text here; a stored value must be DER, so PEM is refused before it gets that far.
    if (der[0] !== derTags.sequence) return { reason: 'it does not start as a DER SEQUENCE' };
    x509 = new X509Certificate(der);
  } catch (error) {
    return { reason: (error as Error).message.replace(/^error:[0-9A-F]+:/, '') };
  }
  try {
    return { certificate: describe(x509, attribute, container) };
  } catch (error) {
    return { reason: error instanceof DerError ? `malformed extension: ${error.message}` : (error as Error).message };
  }
}

function describe(x509: X509Certificate, attribute: string, container: CertificateInfo['container']): CertificateInfo {
  const raw = x509.raw;
  const extras = readExtensions(raw);
  const spki = x509.publicKey.export({ type: 'spki', format: 'der' });
  const addresses = extras.sanAddresses.length > 0 ? extras.sanAddresses : extras.subjectAddresses;
  return {
    attribute,
    container,
    subject: oneLine(x509.subject),
    issuer: oneLine(x509.issuer),
    serialNumber: x509.serialNumber.toUpperCase(),
    notBefore: new Date(extras.notBefore).toISOString(),
    notAfter: new Date(extras.notAfter).toISOString(),
    keyType: keyTypeOf(x509),
    keyFingerprint: sha256Hex(spki),
    fingerprint: sha256Hex(raw),
    addresses: [...new Set(addresses.map((address) => address.toLowerCase()))],
    issuerId: extras.authorityKeyId !== null ? `key:${extras.authorityKeyId}` : `name:${oneLine(x509.issuer)}`,
    // Not checkIssued: it also wants keyCertSign, which a self-signed end-entity certificate does not have.
    selfSigned: x509.subject === x509.issuer && safeVerify(x509),
    isCa: extras.isCa,
  };
}

/** Node writes a distinguished name one RDN per line; a report shows it on one. */
const oneLine = (name: string): string => name.split('\n').join(', ');

function safeVerify(x509: X509Certificate): boolean {
  try {
    return x509.verify(x509.publicKey);
  } catch {
    return false;
  }
}

function keyTypeOf(x509: X509Certificate): string {
  const key = x509.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      return `RSA ${details.modulusLength ?? '?'}`;
    case 'ec':
      return `EC ${curveNames[details.namedCurve ?? ''] ?? details.namedCurve ?? '?'}`;
    case 'ed25519':
      return 'Ed25519';
    case 'ed448':
      return 'Ed448';
    default:
      return (key.asymmetricKeyType ?? 'unknown').toUpperCase();
  }
}

interface Extensions {
  notBefore: number;
  notAfter: number;
  sanAddresses: string[];
  subjectAddresses: string[];
  authorityKeyId: string | null;
  isCa: boolean;
}

/** Walks TBSCertificate: validity, subject emailAddress, and the extensions Node leaves out. */
function readExtensions(der: Buffer): Extensions {
  const certificate = expectTag(readElement(der, 0), derTags.sequence, 'a certificate SEQUENCE');
  const tbs = expectTag(children(der, certificate)[0], derTags.sequence, 'TBSCertificate');
  const fields = children(der, tbs);
  // version [0] is optional; then serial, signature, issuer, validity, subject, subjectPublicKeyInfo.
  const at = fields[0]?.tag === derTags.context(0) ? 1 : 0;
  const validity = children(der, expectTag(fields[at + 3], derTags.sequence, 'validity'));
  const subject = expectTag(fields[at + 4], derTags.sequence, 'subject');
  const out: Extensions = {
    notBefore: readTime(der, validity[0]),
    notAfter: readTime(der, validity[1]),
    sanAddresses: [],
    subjectAddresses: subjectEmailAddresses(der, subject),
    authorityKeyId: null,
    isCa: false,
  };
  const extensionsWrapper = fields.find((field) => field.tag === derTags.context(3));
  if (!extensionsWrapper) return out;
  const list = expectTag(children(der, extensionsWrapper)[0], derTags.sequence, 'extensions');
  for (const extension of children(der, list)) {
    const parts = children(der, extension);
    const id = oidOf(der, expectTag(parts[0], derTags.oid, 'an extension id'));
    const value = expectTag(parts[parts.length - 1], derTags.octetString, 'an extension value');
    const inner = contentOf(der, value);
    if (id === oids.subjectAltName) out.sanAddresses = rfc822Names(inner);
    else if (id === oids.authorityKeyIdentifier) out.authorityKeyId = keyIdentifier(inner);
    else if (id === oids.basicConstraints) out.isCa = basicConstraintsCa(inner);
  }
  return out;
}

/** GeneralNames: the rfc822Name ([1] IA5String) values. */
function rfc822Names(value: Buffer): string[] {
  const names = expectTag(readElement(value, 0), derTags.sequence, 'GeneralNames');
  return children(value, names)
    .filter((name) => name.tag === derTags.contextPrimitive(1))
    .map((name) => contentOf(value, name).toString('latin1'));
}

/** AuthorityKeyIdentifier's keyIdentifier ([0]), as lower-case hex; null when only issuer and serial are named. */
function keyIdentifier(value: Buffer): string | null {
  const sequence = expectTag(readElement(value, 0), derTags.sequence, 'AuthorityKeyIdentifier');
  const key = children(value, sequence).find((part) => part.tag === derTags.contextPrimitive(0));
  return key ? contentOf(value, key).toString('hex') : null;
}

function basicConstraintsCa(value: Buffer): boolean {
  const sequence = expectTag(readElement(value, 0), derTags.sequence, 'BasicConstraints');
  const first = children(value, sequence)[0];
  return first?.tag === derTags.boolean && contentOf(value, first)[0] !== 0;
}

/** The legacy emailAddress attributes of a Name (RDNSequence of SETs of AttributeTypeAndValue). */
function subjectEmailAddresses(der: Buffer, name: ReturnType<typeof readElement>): string[] {
  const out: string[] = [];
  for (const rdn of children(der, name)) {
    for (const pair of children(der, rdn)) {
      const [type, value] = children(der, pair);
      if (type && value && oidOf(der, type) === oids.emailAddress) out.push(contentOf(der, value).toString('latin1'));
    }
  }
  return out;
}

/** UTCTime (YYMMDDHHMMSSZ, years 1950–2049) or GeneralizedTime (YYYYMMDDHHMMSSZ), in ms. */
function readTime(der: Buffer, element: ReturnType<typeof readElement> | undefined): number {
  if (!element) throw new DerError('expected a time');
  const text = contentOf(der, element).toString('latin1');
  const match = element.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : element.tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : null;
  if (!match) throw new DerError(`unreadable time "${text}"`);
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const year = element.tag === 0x17 ? (y < 50 ? 2000 + y : 1900 + y) : y;
  return Date.UTC(year, mo - 1, d, h, mi, s);
}

/** ContentInfo { signedData, [0] SignedData { version, digestAlgorithms, encapContentInfo, [0] certificates … } }. */
export function certificatesInSignedData(value: Buffer): Buffer[] {
  const contentInfo = expectTag(readElement(value, 0), derTags.sequence, 'a ContentInfo SEQUENCE');
  if (contentInfo.end !== value.length) throw new DerError('trailing bytes after the ContentInfo');
  const [type, wrapped] = children(value, contentInfo);
  if (oidOf(value, expectTag(type, derTags.oid, 'a content type')) !== oids.signedData) throw new DerError('not SignedData');
  const signedData = expectTag(children(value, expectTag(wrapped, derTags.context(0), 'the signed content'))[0], derTags.sequence, 'SignedData');
  const certificates = children(value, signedData).find((part) => part.tag === derTags.context(0));
  if (!certificates) return [];
  return children(value, certificates)
    .filter((part) => part.tag === derTags.sequence)
    .map((part) => Buffer.from(bytesOf(value, part)));
}

const looksLikeSignedData = (value: Buffer): boolean => value.includes(Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]));
