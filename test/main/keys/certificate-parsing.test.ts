/** Stored certificate values, made by openssl and compared with what openssl itself says of them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificatesInSignedData, parseStoredValue } from '../../../main/keys/certificate-parsing';
import type { CertificateInfo } from '../../../shared/model/keys';
import { opensslFacts, opensslKeyFingerprint, TestCertificates, type TestCa, type TestCertificate } from '../../harness/test-certificates';

let certs: TestCertificates;
let ca: TestCa;
let alice: TestCertificate;

const parsedOne = (attribute: string, value: Buffer): CertificateInfo => {
  const parsed = parseStoredValue(attribute, value);
  if (!('certificates' in parsed)) throw new Error(`unparsed: ${parsed.unparsed.reason}`);
  expect(parsed.certificates).toHaveLength(1);
  return parsed.certificates[0] as CertificateInfo;
};

beforeAll(async () => {
  certs = await TestCertificates.create();
  ca = await certs.ca('Acme');
  alice = await certs.issue(ca, { subject: '/CN=Alice Example/O=Acme', emails: ['alice@acme.test', 'Al@Acme.Test'], notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2036-01-01T00:00:00Z') });
}, 60_000);
afterAll(() => certs?.dispose());

describe('#parseStoredValue()', () => {
  it('reads an X.509 certificate as openssl does: serial, validity, SHA-256 of the certificate and of its public key', async () => {
    const info = parsedOne('userCertificate;binary', alice.der);
    const facts = await opensslFacts(alice);
    expect(info).toMatchObject({
      attribute: 'userCertificate',
      container: 'x509',
      subject: 'CN=Alice Example, O=Acme',
      issuer: 'O=Acme, CN=Acme Mail CA',
      serialNumber: facts.serial,
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2036-01-01T00:00:00.000Z',
      keyType: 'EC P-256',
      fingerprint: facts.fingerprint,
      keyFingerprint: await opensslKeyFingerprint(alice),
      addresses: ['alice@acme.test', 'al@acme.test'],
      selfSigned: false,
      isCa: false,
    });
    expect(info.issuerId).toMatch(/^key:[0-9a-f]{40}$/);
  });

  it('names the same issuer for every certificate of one CA, and a different one for another CA of the same name', async () => {
    const bob = await certs.issue(ca, { subject: '/CN=Bob', emails: ['bob@acme.test'] });
    const impostor = await certs.issue(await certs.ca('Acme'), { subject: '/CN=Bob', emails: ['bob@acme.test'] });
    const [a, b, c] = [alice, bob, impostor].map((cert) => parsedOne('userCertificate', cert.der));
    expect(b?.issuerId).toBe(a?.issuerId);
    expect(c?.issuer).toBe(a?.issuer);
    expect(c?.issuerId).not.toBe(a?.issuerId);
  });

  it('gives two certificates of one key the same key fingerprint and different certificate fingerprints', async () => {
    const renewed = await certs.issue(ca, { subject: '/CN=Alice Example/O=Acme', emails: ['alice@acme.test'], keyFile: alice.keyFile });
    const [first, second] = [alice, renewed].map((cert) => parsedOne('userCertificate', cert.der));
    expect(second?.keyFingerprint).toBe(first?.keyFingerprint);
    expect(second?.fingerprint).not.toBe(first?.fingerprint);
  });

  it('takes the subject emailAddress when there is no subjectAltName, and marks CA and self-signed certificates', async () => {
    const legacy = parsedOne('userCertificate', (await certs.issue(ca, { subject: '/CN=Old/emailAddress=Old@Acme.test' })).der);
    expect(legacy.addresses).toEqual(['old@acme.test']);
    const self = parsedOne('userCertificate', (await certs.issue(null, { subject: '/CN=Self', emails: ['self@acme.test'] })).der);
    expect(self).toMatchObject({ selfSigned: true, isCa: false, issuerId: 'name:CN=Self' });
    expect(parsedOne('userCertificate', ca.der)).toMatchObject({ isCa: true, selfSigned: true, addresses: [] });
  });

  it('reads the mailbox\'s certificate inside a PKCS#7 value (userSMIMECertificate), leaving out the chain beside it', async () => {
    const bundle = await certs.pkcs7([{ certFile: ca.certFile }, alice]);
    expect(certificatesInSignedData(bundle)).toHaveLength(2);
    const parsed = parseStoredValue('userSMIMECertificate', bundle);
    expect('certificates' in parsed && parsed.certificates.map((c) => [c.container, c.attribute, c.subject])).toEqual([['pkcs7', 'userSMIMECertificate', 'CN=Alice Example, O=Acme']]);
    // A bundle of CA certificates alone is reported as what it is.
    const onlyCa = parseStoredValue('userSMIMECertificate', await certs.pkcs7([{ certFile: ca.certFile }]));
    expect('certificates' in onlyCa && onlyCa.certificates.map((c) => c.isCa)).toEqual([true]);
  });

  it('reports what it cannot read, with the value\'s size and fingerprint, instead of failing the inventory', () => {
    const garbage = Buffer.from('not a certificate at all');
    const parsed = parseStoredValue('userCertificate;binary', garbage);
    expect('unparsed' in parsed && parsed.unparsed).toMatchObject({ attribute: 'userCertificate', bytes: garbage.length, reason: expect.stringMatching(/not an X\.509 certificate .* nor PKCS#7/) });
    const truncated = parseStoredValue('userCertificate', alice.der.subarray(0, 200));
    expect('unparsed' in truncated && truncated.unparsed.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    // PEM text stored where DER belongs is not a certificate value.
    expect('unparsed' in parseStoredValue('userCertificate', Buffer.from(alice.pem))).toBe(true);
  });

  it('reports a PKCS#7 value whose structure is broken as such', async () => {
    const bundle = await certs.pkcs7([alice]);
    const broken = Buffer.from(bundle);
    broken[broken.length - 50] = 0xff;
    broken[broken.length - 49] = 0xff;
    const parsed = parseStoredValue('userSMIMECertificate', broken.subarray(0, broken.length - 10));
    expect('unparsed' in parsed && parsed.unparsed.reason).toMatch(/PKCS#7/);
  });
});
