/** Uploaded certificate files as people have them, made by openssl: what is written, and what is refused by name. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { readCertificateUpload, type UploadReading } from '../../../main/keys/certificate-upload';
import { opensslFacts, TestCertificates, type TestCa, type TestCertificate } from '../../harness/test-certificates';

let certs: TestCertificates;
let ca: TestCa;
let alice: TestCertificate;

const written = (reading: UploadReading) => {
  if ('refusal' in reading) throw new Error(`refused: ${reading.refusal.message}`);
  return reading;
};
const refusal = (reading: UploadReading) => {
  if (!('refusal' in reading)) throw new Error(`accepted ${reading.certificate.subject}`);
  return reading.refusal;
};

beforeAll(async () => {
  certs = await TestCertificates.create();
  ca = await certs.ca('Acme');
  alice = await certs.issue(ca, { subject: '/CN=Alice/O=Acme', emails: ['alice@acme.test'] });
}, 60_000);
afterAll(() => certs?.dispose());

describe('#readCertificateUpload()', () => {
  it('takes PEM and DER alike and writes the certificate as DER', async () => {
    const fingerprint = (await opensslFacts(alice)).fingerprint;
    for (const file of [Buffer.from(alice.pem), alice.der, Buffer.from(alice.pem.replace(/\n/g, '\r\n'))]) {
      const reading = written(readCertificateUpload(file, 'userCertificate;binary'));
      expect(reading.der.equals(alice.der)).toBe(true);
      expect(reading.certificate.fingerprint).toBe(fingerprint);
      expect(reading.notes).toEqual([]);
    }
  });

  it('finds the mailbox\'s certificate in a chain (PEM blocks in any order, or a .p7b) and notes the CA left out', async () => {
    for (const file of [Buffer.from(`${ca.pem}\n${alice.pem}`), await certs.pkcs7([{ certFile: ca.certFile }, alice]), Buffer.from(`-----BEGIN PKCS7-----\n${(await certs.pkcs7([alice, { certFile: ca.certFile }])).toString('base64')}\n-----END PKCS7-----\n`)]) {
      const reading = written(readCertificateUpload(file, 'userCertificate'));
      expect(reading.certificate.subject).toBe('CN=Alice, O=Acme');
      expect(reading.der.equals(alice.der)).toBe(true);
      expect(reading.notes).toEqual(['The file also holds "O=Acme, CN=Acme Mail CA" (a CA certificate); it is not written.']);
    }
  });

  it('refuses a private key, alone or beside the certificate, and a PKCS#12 bundle', async () => {
    const key = await readFile(alice.keyFile, 'utf8');
    for (const file of [Buffer.from(`${alice.pem}${key}`), Buffer.from(key)]) {
      expect(refusal(readCertificateUpload(file, 'userCertificate'))).toMatchObject({ kind: 'private-key', message: expect.stringMatching(/holds a private key/) });
    }
    expect(refusal(readCertificateUpload(await certs.pkcs12(alice), 'userCertificate'))).toMatchObject({ kind: 'private-key', message: expect.stringMatching(/PKCS#12/) });
  });

  it('refuses a certificate request, an empty file, text, a truncated certificate and two unrelated certificates, each in words', async () => {
    const csr = await readFile(`${alice.certFile.replace(/\.pem$/, '')}.csr`);
    expect(refusal(readCertificateUpload(csr, 'userCertificate')).message).toMatch(/certificate request \(CSR\)/);
    expect(refusal(readCertificateUpload(Buffer.alloc(0), 'userCertificate')).message).toBe('The file is empty.');
    expect(refusal(readCertificateUpload(Buffer.from('hello'), 'userCertificate')).message).toMatch(/neither PEM .* nor DER/);
    expect(refusal(readCertificateUpload(alice.der.subarray(0, 300), 'userCertificate')).message).toMatch(/not a readable certificate/);
    expect(refusal(readCertificateUpload(Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA'), 'userCertificate')).message).toMatch(/no complete BEGIN\/END block/);
    const bob = await certs.issue(ca, { subject: '/CN=Bob', emails: ['bob@acme.test'] });
    expect(refusal(readCertificateUpload(Buffer.from(alice.pem + bob.pem), 'userCertificate')).message).toMatch(/holds 2 certificates for different subjects/);
  });

  it('takes a lone CA certificate (the checks then warn about it)', () => {
    expect(written(readCertificateUpload(Buffer.from(ca.pem), 'userCertificate')).certificate.isCa).toBe(true);
  });
});
