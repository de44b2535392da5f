/**
 * The certificates found on a tenant's mailboxes (userCertificate, userSMIMECertificate, as the server names them),
 * each written as it is stored (DER; PKCS#7 for S/MIME) and X.509 ones also as PEM, with an index naming each
 * certificate's subject, issuer, serial and validity when Node can read it. Private keys are never in a directory:
 * mail encrypted to these certificates needs the keys the tenant holds, which the package warning says.
 */
import { X509Certificate } from 'node:crypto';
import type { Entry } from 'ldapts';
import { csvFile } from '../../shared/csv/csv-file';
import { values } from '../directory/entry';
import type { PackageWriter } from './package-files';
import { sha256 } from './package-files';

/** One certificate value of one mailbox. */
interface FoundCertificate {
  login: string;
  dn: string;
  attribute: string;
  bytes: Buffer;
}

/** Raw values of `attribute` (bytes as stored, whether the client decoded them as text or not). */
function rawValues(entry: Entry, attribute: string): Buffer[] {
  const wanted = attribute.toLowerCase();
  const out: Buffer[] = [];
  for (const [name, raw] of Object.entries(entry)) {
    if (name === 'dn' || name.toLowerCase() !== wanted) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) out.push(Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'));
  }
  return out;
}

/** Every certificate on `mailboxes` (entries with `loginAttribute`). */
export function findCertificates(mailboxes: readonly Entry[], attributes: readonly string[], loginAttribute: string): FoundCertificate[] {
  return mailboxes.flatMap((entry) => {
    const login = values(entry, loginAttribute)[0] ?? entry.dn;
    return attributes.flatMap((attribute) => rawValues(entry, attribute).filter((bytes) => bytes.length > 0).map((bytes) => ({ login, dn: entry.dn, attribute, bytes })));
  });
}

/** Writes each certificate and the index; returns the logins holding any. */
export async function writeCertificates(writer: PackageWriter, found: readonly FoundCertificate[]): Promise<string[]> {
  const rows: string[][] = [];
  const counters = new Map<string, number>();
  for (const certificate of found) {
    const base = certificate.attribute.replace(/;binary$/i, '');
    const key = `${certificate.login}/${base}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    const smime = base.toLowerCase() === 'usersmimecertificate';
    const stem = `certificates/${safeSegment(certificate.login)}/${base}-${n}`;
    await writer.write(`${stem}.${smime ? 'p7b' : 'der'}`, certificate.bytes);
    let parsed: X509Certificate | null = null;
    if (!smime) {
      try {
        parsed = new X509Certificate(certificate.bytes);
      } catch {
        parsed = null;
      }
      if (parsed) await writer.write(`${stem}.pem`, parsed.toString());
    }
    rows.push([certificate.login, certificate.dn, base, `${stem}.${smime ? 'p7b' : 'der'}`, sha256(certificate.bytes), parsed?.subject.replace(/\n/g, ', ') ?? '', parsed?.issuer.replace(/\n/g, ', ') ?? '', parsed?.serialNumber ?? '', parsed?.validFrom ?? '', parsed?.validTo ?? '']);
  }
  if (found.length > 0) await writer.write('certificates/index.csv', csvFile(['Login', 'DN', 'Attribute', 'File', 'SHA-256', 'Subject', 'Issuer', 'Serial', 'Valid from', 'Valid to'], rows));
  return [...new Set(found.map((certificate) => certificate.login))].sort();
}

/** A file-name segment from a login (logins are already [a-z0-9._-], but a stray entry may hold anything). */
const safeSegment = (text: string): string => text.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^\.+/, '_') || '_';
