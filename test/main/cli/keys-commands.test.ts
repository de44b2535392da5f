/** `enclave keys report`, `certificates` and `certificate import|remove` as a user runs them, against a real slapd. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateImportResult, KeysReport, MailboxCertificateView } from '../../../shared/model/keys';
import { openIsolatedSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { opensslFacts, type TestCertificate } from '../../harness/test-certificates';
import { mailboxRequest, seedKeysFixture, type KeysFixture } from '../keys/keys-fixture';
import { runEnclave } from './run-enclave';

let dir: TestDirectory;
let folder: string;
let fixture: KeysFixture;
let olga: TestCertificate;

beforeAll(async () => {
  dir = await startTestDirectory();
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-cli-keys-'));
  await writeFile(path.join(folder, 'password'), dir.info.password);
  const session = await openIsolatedSession(dir);
  try {
    fixture = await seedKeysFixture(session);
    await session.services.mailboxes.create(mailboxRequest('Acme', 'olga', 'acme.test'));
  } finally {
    await session.connection.dispose();
  }
  olga = await fixture.certs.issue(fixture.acmeCa, { subject: '/CN=Olga/O=Acme', emails: ['olga@acme.test'] });
}, 120_000);
afterAll(async () => {
  await fixture?.dispose();
  await dir?.stop();
  await rm(folder, { recursive: true, force: true });
});

const connection = () => ['--url', dir.info.url, '--bind-dn', dir.info.bindDN, '--password-file', path.join(folder, 'password'), '--journal', path.join(folder, 'journal.jsonl')];

describe('enclave keys report', () => {
  it('prints the whole report as JSON: per tenant its mailboxes, issuers and findings', async () => {
    const run = await runEnclave(['keys', 'report', '--json', ...connection()]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as KeysReport;
    expect(report.tenants.map((t) => [t.tenant, t.certificateCount, t.findings.length])).toEqual([['Acme', 6, 4], ['Globex', 2, 3], ['Initech', 1, 1]]);
    expect(report.totals.byKind).toEqual({ 'shared-key': 2, 'shared-issuer': 2, expired: 1, expiring: 1, 'address-mismatch': 1, unparsed: 1 });
    expect(report.expiringWithinDays).toBe(30);
  });

  it('prints tables with the issuers, every finding and a summary; --tenant and --expiring-days narrow it', async () => {
    const run = await runEnclave(['keys', 'report', '--tenant', 'Globex', '--expiring-days', '7', ...connection()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^TENANT\s+MAILBOXES\s+CERTIFICATES\s+ISSUERS\s+ERRORS\s+WARNINGS\n-+.*\nGlobex\s+2\s+2\s+1\s+1\s+2$/m);
    expect(run.stdout).toMatch(/Globex\s+O=Hosted Keys, CN=Hosted Keys Mail CA\s+2\s+2\s+Initech/);
    expect(run.stdout).toMatch(/error\s+Globex\s+hank\s+shared-key\s+The public key of "CN=Hank, O=Globex"/);
    expect(run.stdout).toMatch(/8 mailboxes with certificates read, 2 certificates in 1 tenants, 3 findings \(expiring: within 7 days\)/);
  });

  it('refuses a window of more than ten years before sending anything (exit 3)', async () => {
    const run = await runEnclave(['keys', 'report', '--expiring-days', '4000', '--json', ...connection()]);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stderr)).toMatchObject({ error: { kind: 'invalid-input', message: 'expiringWithinDays: At most 3650 days' } });
  });
});

describe('enclave certificate import|remove and certificates', () => {
  it('checks a PEM file on a dry run, imports it, lists it and removes it by fingerprint', async () => {
    const file = olga.certFile;
    const dry = await runEnclave(['certificate', 'import', '--tenant', 'Acme', '--login', 'olga', '--file', file, '--dry-run', ...connection()]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Not written \(dry run\)\.\nCertificate: CN=Olga, O=Acme, issued by O=Acme, CN=Acme Mail CA/);

    const done = await runEnclave(['certificate', 'import', '--tenant', 'Acme', '--login', 'olga', '--file', file, '--json', ...connection()]);
    expect((JSON.parse(done.stdout) as CertificateImportResult).written).toBe(true);

    const listed = await runEnclave(['certificates', '--tenant', 'Acme', '--login', 'olga', ...connection()]);
    const fingerprint = (await opensslFacts(olga)).fingerprint;
    expect(listed.stdout).toContain(fingerprint);
    expect(listed.stdout).toMatch(/olga of Acme \(olga@acme\.test\): 1 certificates\./);

    const removed = await runEnclave(['certificate', 'remove', '--tenant', 'Acme', '--login', 'olga', '--fingerprint', fingerprint, '--json', ...connection()]);
    expect((JSON.parse(removed.stdout) as MailboxCertificateView).certificates).toEqual([]);
  });

  it('takes the file on stdin, and says why an expired certificate is refused (exit 3, nothing written)', async () => {
    const refused = await runEnclave(['certificate', 'import', '--tenant', 'Acme', '--login', 'olga', '--file', '-', '--accept-warnings', ...connection()], {}, { stdin: fixture.byLogin.carol.pem });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/Not imported: The certificate "CN=Carol, O=Acme" .* expired on 2021-01-01/);
    const listed = await runEnclave(['certificates', '--tenant', 'Acme', '--login', 'olga', '--json', ...connection()]);
    expect((JSON.parse(listed.stdout) as MailboxCertificateView).certificates).toEqual([]);
  });

  it('names a missing --file as a usage error (exit 2)', async () => {
    const run = await runEnclave(['certificate', 'import', '--tenant', 'Acme', '--login', 'olga', ...connection()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/certificate import needs --file \(or "fileBase64" in --json-input\)/);
  });
});
