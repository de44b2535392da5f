/**
 * Certificates for tests, made by Debian's `openssl` in a temp folder: CAs, keys, certificates issued with any
 * validity window (`openssl ca -startdate/-enddate`, so an expired certificate is a real one, not a backdated
 * clock), one key in several certificates, PKCS#7 bundles. Nothing here parses: the code under test does.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const dayMs = 86_400_000;

/** A CA: its key and certificate files and its own issuing database. */
export interface TestCa {
  name: string;
  dir: string;
  keyFile: string;
  certFile: string;
  pem: string;
  der: Buffer;
}

/** An issued certificate and the key it certifies. */
export interface TestCertificate {
  pem: string;
  der: Buffer;
  keyFile: string;
  certFile: string;
}

export interface IssueOptions {
  /** openssl -subj form, e.g. "/CN=Alice/O=Acme". */
  subject: string;
  /** subjectAltName rfc822Name values (none: no subjectAltName at all). */
  emails?: string[];
  /** Reuse a key (the same public key in two certificates). */
  keyFile?: string;
  /** Validity window; default: from a day ago for `days` (default 365) days. */
  notBefore?: Date;
  notAfter?: Date;
  days?: number;
  /** basicConstraints CA:TRUE. */
  ca?: boolean;
}

/** GeneralizedTime as openssl ca takes it. */
const generalizedTime = (date: Date): string => `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

export class TestCertificates {
  private counter = 0;

  private constructor(readonly dir: string) {}

  static async create(): Promise<TestCertificates> {
    return new TestCertificates(await mkdtemp(join(tmpdir(), 'enclave-certs-')));
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  private next(prefix: string): string {
    this.counter += 1;
    return join(this.dir, `${prefix}-${this.counter}`);
  }

  /** A new EC P-256 private key (PEM file). */
  async key(): Promise<string> {
    const file = `${this.next('key')}.pem`;
    await run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);
    return file;
  }

  /** A self-signed CA named `name` (subject "/O=name/CN=name Mail CA"). */
  async ca(name: string): Promise<TestCa> {
    const dir = this.next('ca');
    const keyFile = `${dir}.key.pem`;
    const certFile = `${dir}.cert.pem`;
    await run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyFile]);
    await run('openssl', [
      'req', '-x509', '-new', '-key', keyFile, '-out', certFile, '-days', '3650', '-subj', `/O=${name}/CN=${name} Mail CA`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-addext', 'subjectKeyIdentifier=hash',
    ]);
    await run('mkdir', ['-p', `${dir}/db`]);
    await writeFile(`${dir}/db/index.txt`, '');
    await writeFile(`${dir}/db/serial`, '1000\n');
    await writeFile(
      `${dir}/ca.cnf`,
      [
        '[ ca ]', 'default_ca = test_ca', '[ test_ca ]', `database = ${dir}/db/index.txt`, `new_certs_dir = ${dir}/db`, `serial = ${dir}/db/serial`,
        'default_md = sha256', 'policy = any_subject', 'unique_subject = no', 'preserve = yes', 'copy_extensions = none',
        '[ any_subject ]', 'commonName = optional', 'emailAddress = optional', 'organizationName = optional', '',
      ].join('\n'),
    );
    const pem = await readFile(certFile, 'utf8');
    return { name, dir, keyFile, certFile, pem, der: pemToDer(pem) };
  }

  /** A certificate issued by `ca` (or self-signed when `ca` is null). */
  async issue(ca: TestCa | null, options: IssueOptions): Promise<TestCertificate> {
    const base = this.next('cert');
    const keyFile = options.keyFile ?? (await this.key());
    const certFile = `${base}.pem`;
    const notBefore = options.notBefore ?? new Date(Date.now() - dayMs);
    const notAfter = options.notAfter ?? new Date(notBefore.getTime() + (options.days ?? 365) * dayMs);
    const extensions = [
      options.ca ? 'basicConstraints=critical,CA:TRUE' : 'basicConstraints=CA:FALSE',
      options.ca ? 'keyUsage=critical,keyCertSign,cRLSign' : 'keyUsage=critical,digitalSignature,keyEncipherment',
      ...(options.ca ? [] : ['extendedKeyUsage=emailProtection']),
      'subjectKeyIdentifier=hash',
      ...(ca ? ['authorityKeyIdentifier=keyid'] : []),
      ...(options.emails && options.emails.length > 0 ? [`subjectAltName=${options.emails.map((email) => `email:${email}`).join(',')}`] : []),
    ];
    await writeFile(`${base}.ext`, `${extensions.join('\n')}\n`);
    await run('openssl', ['req', '-new', '-key', keyFile, '-subj', options.subject, '-out', `${base}.csr`]);
    if (ca) {
      await run('openssl', [
        'ca', '-batch', '-config', `${ca.dir}/ca.cnf`, '-cert', ca.certFile, '-keyfile', ca.keyFile, '-in', `${base}.csr`, '-out', certFile,
        '-startdate', generalizedTime(notBefore), '-enddate', generalizedTime(notAfter), '-extfile', `${base}.ext`, '-notext',
      ]);
    } else {
      // Self-signed with an exact window: the CSR signed by its own key through a one-off CA database.
      const self: TestCa = { name: 'self', dir: `${base}-self`, keyFile, certFile: '', pem: '', der: Buffer.alloc(0) };
      await run('mkdir', ['-p', `${self.dir}/db`]);
      await writeFile(`${self.dir}/db/index.txt`, '');
      await writeFile(`${self.dir}/db/serial`, '2000\n');
      await writeFile(`${self.dir}/ca.cnf`, ['[ ca ]', 'default_ca = s', '[ s ]', `database = ${self.dir}/db/index.txt`, `new_certs_dir = ${self.dir}/db`, `serial = ${self.dir}/db/serial`, 'default_md = sha256', 'policy = p', 'unique_subject = no', 'preserve = yes', '[ p ]', 'commonName = optional', ''].join('\n'));
      await run('openssl', ['ca', '-batch', '-selfsign', '-config', `${self.dir}/ca.cnf`, '-keyfile', keyFile, '-in', `${base}.csr`, '-out', certFile, '-startdate', generalizedTime(notBefore), '-enddate', generalizedTime(notAfter), '-extfile', `${base}.ext`, '-notext']);
    }
    const pem = await readFile(certFile, 'utf8');
    return { pem, der: pemToDer(pem), keyFile, certFile };
  }

  /** A PKCS#7 (certs-only SignedData, DER) holding `certificates`, as a .p7b file or userSMIMECertificate holds them. */
  async pkcs7(certificates: readonly { certFile: string }[]): Promise<Buffer> {
    const out = `${this.next('bundle')}.p7b`;
    await run('openssl', ['crl2pkcs7', '-nocrl', ...certificates.flatMap((c) => ['-certfile', c.certFile]), '-outform', 'DER', '-out', out]);
    return readFile(out);
  }

  /** A PKCS#12 bundle of a certificate with its private key (what must never be uploaded). */
  async pkcs12(certificate: TestCertificate): Promise<Buffer> {
    const out = `${this.next('bundle')}.p12`;
    await run('openssl', ['pkcs12', '-export', '-in', certificate.certFile, '-inkey', certificate.keyFile, '-passout', 'pass:test', '-out', out]);
    return readFile(out);
  }
}

/** The DER of the first CERTIFICATE block of `pem`. */
export function pemToDer(pem: string): Buffer {
  const body = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem)?.[1];
  if (!body) throw new Error('no certificate in PEM');
  return Buffer.from(body.replace(/\s+/g, ''), 'base64');
}

/** SHA-256 hex of the public key in `certificate`, as openssl computes it (independent of the code under test). */
export async function opensslKeyFingerprint(certificate: TestCertificate): Promise<string> {
  const { stdout: spki } = await run('openssl', ['x509', '-in', certificate.certFile, '-noout', '-pubkey'], { encoding: 'utf8' });
  const body = spki.replace(/-----[^-]+-----|\s/g, '');
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(Buffer.from(body, 'base64')).digest('hex');
}

/** What openssl itself says of a certificate: serial (hex), subject, issuer, SHA-256 fingerprint, dates. */
export async function opensslFacts(certificate: { certFile: string }): Promise<{ serial: string; fingerprint: string; notBefore: string; notAfter: string }> {
  const { stdout } = await run('openssl', ['x509', '-in', certificate.certFile, '-noout', '-serial', '-fingerprint', '-sha256', '-startdate', '-enddate'], { encoding: 'utf8' });
  const field = (name: string) => new RegExp(`^${name}=(.*)$`, 'mi').exec(stdout)?.[1]?.trim() ?? '';
  return {
    serial: field('serial'),
    fingerprint: field('sha256 Fingerprint').replace(/:/g, '').toLowerCase(),
    notBefore: new Date(field('notBefore')).toISOString(),
    notAfter: new Date(field('notAfter')).toISOString(),
  };
}
