/**
 * Reads an uploaded certificate file as people have them: PEM or DER, one certificate or one with its chain
 * (several PEM blocks, a .p7b/.p7c), and finds the mailbox's own certificate in it. Refuses, by name, what must
 * never be published: a private key (PEM key blocks, a PKCS#12 bundle), a certificate request, or nothing readable.
 */
import type { CertificateInfo } from '../../shared/model/keys';
import { certificatesInSignedData, tryCertificate } from './certificate-parsing';
import { children, derTags, oidOf, readElement } from './der-reader';

/** The certificate to write, or why there is none. */
export type UploadReading =
  | { der: Buffer; certificate: CertificateInfo; notes: string[] }
  | { refusal: { kind: 'unparsed' | 'private-key'; message: string } };

const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const pkcs7Data = '1.2.840.113549.1.7.1';

/** Reads `file` (the uploaded bytes) as what an import writes to `importTo`. */
export function readCertificateUpload(file: Buffer, importTo: string): UploadReading {
  // The attribute as the inventory names it (no transfer options such as ;binary).
  const attribute = importTo.split(';')[0] ?? importTo;
  const refuse = (kind: 'unparsed' | 'private-key', message: string): UploadReading => ({ refusal: { kind, message } });
  if (file.length === 0) return refuse('unparsed', 'The file is empty.');
  const text = file.toString('latin1');
  let ders: Buffer[];
  if (text.includes('-----BEGIN ')) {
    const blocks = [...text.matchAll(pemBlock)].map((match) => ({ label: match[1] ?? '', body: match[2] ?? '' }));
    if (blocks.some((block) => block.label.includes('PRIVATE KEY'))) {
      return refuse('private-key', 'The file holds a private key. Only the certificate is published in the directory; the private key stays with its owner. Export the certificate alone (PEM or DER) and upload that.');
    }
    if (blocks.some((block) => block.label.includes('CERTIFICATE REQUEST'))) {
      return refuse('unparsed', 'The file is a certificate request (CSR), not a certificate: send it to the CA and upload the certificate it returns.');
    }
    const usable = blocks.filter((block) => /^(X509 |TRUSTED )?CERTIFICATE$|^PKCS7$|^CMS$/.test(block.label));
    if (usable.length === 0) {
      return refuse('unparsed', blocks.length === 0 ? 'The file looks like PEM but has no complete BEGIN/END block.' : `The file holds no certificate (PEM blocks: ${[...new Set(blocks.map((b) => b.label))].join(', ')}).`);
    }
    ders = [];
    for (const block of usable) {
      const bytes = Buffer.from(block.body.replace(/\s+/g, ''), 'base64');
      ders.push(...(/CERTIFICATE$/.test(block.label) ? [bytes] : safeSignedData(bytes)));
    }
  } else {
    if (file[0] !== derTags.sequence) return refuse('unparsed', 'The file is neither PEM (no "-----BEGIN" line) nor DER (it does not start as an ASN.1 SEQUENCE).');
    if (isPkcs12(file)) {
      return refuse('private-key', 'The file is a PKCS#12 bundle (.p12/.pfx), which holds the private key. Export the certificate alone (.cer, .crt or .pem) and upload that.');
    }
    const single = tryCertificate(file, attribute, 'x509');
    ders = 'certificate' in single ? [file] : safeSignedData(file);
    if (ders.length === 0) return refuse('unparsed', `The file is not a readable certificate: ${'reason' in single ? single.reason : ''}. Upload an X.509 certificate as PEM or DER, or a PKCS#7 file (.p7b) holding it.`);
  }
  return chooseEndEntity(ders, attribute);
}

/** The mailbox's certificate among those found: the one no other certificate in the file was issued by. */
function chooseEndEntity(ders: Buffer[], attribute: string): UploadReading {
  const parsed: { der: Buffer; certificate: CertificateInfo }[] = [];
  for (const [index, der] of ders.entries()) {
    const result = tryCertificate(der, attribute, 'x509');
    if (!('certificate' in result)) return { refusal: { kind: 'unparsed', message: `Certificate ${index + 1} of the file cannot be read: ${result.reason}.` } };
    if (!parsed.some((known) => known.certificate.fingerprint === result.certificate.fingerprint)) parsed.push({ der, certificate: result.certificate });
  }
  const leaves = parsed.filter((candidate) => !candidate.certificate.isCa);
  // A chain written without basicConstraints: its end entity is the one that issued nothing else in the file.
  const issuedNothing = (leaves.length > 0 ? leaves : parsed).filter(
    (candidate) => !parsed.some((other) => other !== candidate && other.certificate.issuer === candidate.certificate.subject && !other.certificate.selfSigned),
  );
  if (issuedNothing.length !== 1) {
    const subjects = issuedNothing.map((c) => `"${c.certificate.subject}"`).join(', ');
    return { refusal: { kind: 'unparsed', message: `The file holds ${parsed.length} certificates for different subjects (${subjects}): upload only the mailbox's own certificate.` } };
  }
  const chosen = issuedNothing[0] as (typeof parsed)[number];
  const notes = parsed.filter((other) => other !== chosen).map((other) => `The file also holds "${other.certificate.subject}" (${other.certificate.isCa ? 'a CA certificate' : 'another certificate'}); it is not written.`);
  return { der: Buffer.from(chosen.der), certificate: chosen.certificate, notes };
}

function safeSignedData(bytes: Buffer): Buffer[] {
  try {
    return certificatesInSignedData(bytes);
  } catch {
    return [];
  }
}

/** PFX: SEQUENCE { INTEGER 3, ContentInfo { data, … }, … } (RFC 7292). */
function isPkcs12(file: Buffer): boolean {
  try {
    const [version, content] = children(file, readElement(file, 0));
    if (version?.tag !== derTags.integer || content?.tag !== derTags.sequence) return false;
    const type = children(file, content)[0];
    return type !== undefined && oidOf(file, type) === pkcs7Data && file[version.contentStart] === 3;
  } catch {
    return false;
  }
}
