/**
 * `npm run bench:keys`: the keys report over 1,000 and 10,000 mailboxes that each publish a certificate, on a real
 * slapd. Per size the data is generated as LDIF (tenants of 100 mailboxes; each tenant its own CA, every fifth
 * tenant one CA they share, one mailbox per tenant sharing its key with the next tenant, one in twenty expired) and loaded offline with `slapadd -q` into a fresh sandbox, then timed: the whole report, the
 * report for one tenant (which still reads every tenant for the cross-tenant index), and an import's dry run (which
 * reads them all too). JSON on stdout. BENCH_SIZES=1000,10000 and BENCH_RUNS=5 change the defaults.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDirectorySession, settingsFromProfile } from '../main/app/directory-session';
import { childDn } from '../main/directory/dn';
import { ldifEntry } from '../main/directory/ldif';
import { runSlapadd } from '../main/flavors/openldap/sandbox/slapadd';
import { sandboxPaths } from '../main/flavors/openldap/sandbox/sandbox-paths';
import { startSandbox } from '../main/flavors/openldap/sandbox/sandbox';
import { findSlapdBinaries } from '../main/flavors/openldap/sandbox/slapd-binaries';
import { hashSsha } from '../main/flavors/openldap/sandbox/ssha-password';
import { CertificateService } from '../main/keys/certificate-service';
import { buildKeysReport } from '../main/keys/keys-report';
import { assertCertificate, benchCa, benchCertificate, benchKey, type BenchCa } from './bench-certificates';

const sizes = (process.env['BENCH_SIZES'] ?? '1000,10000').split(',').map(Number);
const runs = Number(process.env['BENCH_RUNS'] ?? 5);
const perTenant = 100;
const dayMs = 86_400_000;
const passwordHash = hashSsha('Bench-Pass-1x');

interface Generated {
  ldif: string;
  certificates: number;
  sharedKeys: number;
  expired: number;
  ms: number;
}

function generate(suffix: string, mailboxes: number): Generated {
  const started = Date.now();
  const tenants = Math.ceil(mailboxes / perTenant);
  const tenantsDn = childDn(suffix, 'ou', 'tenants');
  const sharedCa = benchCa('Hosted Keys Mail CA');
  const now = Date.now();
  const parts: string[] = [];
  let serial = 1000;
  let sharedKeys = 0;
  let expired = 0;
  // Mailbox 3 of each tenant shares its key with mailbox 7 of the next tenant: a shared-key finding on both sides.
  let previousTenantKey: Buffer | null = null;
  for (let t = 0; t < tenants; t++) {
    const tenant = `tenant-${String(t).padStart(4, '0')}`;
    const domain = `${tenant}.test`;
    const tenantDn = childDn(tenantsDn, 'ou', tenant);
    const ca: BenchCa = t % 5 === 0 ? sharedCa : benchCa(`${tenant} Mail CA`);
    const inherited = previousTenantKey;
    previousTenantKey = null;
    parts.push(ldifEntry(tenantDn, { objectClass: ['organizationalUnit', 'enclaveTenant'], ou: tenant, enclaveMailDomain: domain }));
    const mailboxesDn = childDn(tenantDn, 'ou', 'mailboxes');
    parts.push(ldifEntry(mailboxesDn, { objectClass: 'organizationalUnit', ou: 'mailboxes' }));
    for (let m = 0; m < perTenant && t * perTenant + m < mailboxes; m++) {
      const login = `u${t}x${m}`;
      const address = `${login}@${domain}`;
      let spki = benchKey();
      if (m === 7 && inherited !== null) {
        spki = inherited;
        sharedKeys += 2;
      } else if (m === 3) previousTenantKey = spki;
      const isExpired = m % 20 === 5;
      if (isExpired) expired += 1;
      const notBefore = new Date(isExpired ? now - 800 * dayMs : now - dayMs);
      const certificate = benchCertificate(ca, { serial: serial++, subject: login, email: address, spki, notBefore, notAfter: new Date(notBefore.getTime() + 365 * dayMs) });
      if (serial === 1001) assertCertificate(certificate);
      const entry = ldifEntry(childDn(mailboxesDn, 'uid', login), {
        objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'],
        uid: login,
        cn: login,
        sn: login,
        mail: address,
        mailLocalAddress: address,
        enclaveMailboxQuotaBytes: '0',
        userPassword: passwordHash,
        enclaveAccountState: 'active',
      });
      // The certificate line is written as base64 (`::`), which is what LDIF does with binary values.
      parts.push(`${entry.trimEnd()}\nuserCertificate;binary:: ${certificate.toString('base64')}\n\n`);
    }
  }
  return { ldif: parts.join(''), certificates: mailboxes, sharedKeys, expired, ms: Date.now() - started };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function measure(mailboxes: number) {
  const dataDir = await mkdtemp(join(tmpdir(), 'enclave-bench-keys-'));
  try {
    const first = await startSandbox({ dataDir, fresh: true, noSync: true });
    const { suffix } = first.info;
    await first.stop();
    const generated = generate(suffix, mailboxes);
    let started = Date.now();
    await runSlapadd((await findSlapdBinaries()).slapadd, ['-q', '-F', sandboxPaths(dataDir).configDir, '-b', suffix], generated.ldif);
    const slapaddMs = Date.now() - started;

    const sandbox = await startSandbox({ dataDir, noSync: true });
    const profile = { id: 'bench', name: 'bench', urls: [sandbox.info.url], bindDN: sandbox.info.bindDN, tlsMode: 'none' as const, baseDN: suffix, flavor: 'openldap' as const };
    const session = await openDirectorySession(profile, settingsFromProfile(profile, sandbox.info.password), true, () => {});
    try {
      const context = session.services.context;
      const options = { expiringWithinDays: 30, reach: { kind: 'all' as const } };
      let report = await buildKeysReport(context, options);
      const times: number[] = [];
      for (let run = 0; run < runs; run++) {
        const at = Date.now();
        report = await buildKeysReport(context, options);
        times.push(Date.now() - at);
      }
      started = Date.now();
      const one = await buildKeysReport(context, { ...options, tenant: 'tenant-0001' });
      const oneTenantMs = Date.now() - started;

      // An import's dry run: parse the upload, then the whole directory for the same key, certificate or CA.
      const ca = benchCa('Another CA');
      const upload = benchCertificate(ca, { serial: 1, subject: 'u1x1', email: 'u1x1@tenant-0001.test', spki: benchKey(), notBefore: new Date(Date.now() - dayMs), notAfter: new Date(Date.now() + 365 * dayMs) });
      const service = new CertificateService(context, null);
      started = Date.now();
      const check = await service.importCertificate({ tenant: 'tenant-0001', login: 'u1x1', fileBase64: upload.toString('base64'), dryRun: true, acceptWarnings: false, expiringWithinDays: 30 });
      const importCheckMs = Date.now() - started;

      const byKind = report.totals.byKind;
      const ok =
        report.totals.mailboxesRead === mailboxes &&
        report.totals.certificates === mailboxes &&
        report.totals.unparsed === 0 &&
        (byKind['shared-key'] ?? 0) === generated.sharedKeys &&
        (byKind.expired ?? 0) === generated.expired &&
        one.tenants.length === 1 &&
        !check.written;
      return {
        mailboxes,
        tenants: Math.ceil(mailboxes / perTenant),
        certificates: report.totals.certificates,
        findings: report.totals.findings,
        byKind,
        reportJsonBytes: JSON.stringify(report).length,
        generateMs: generated.ms,
        slapaddMs,
        reportMs: { runs: times, median: median(times), min: Math.min(...times), max: Math.max(...times) },
        oneTenantReportMs: oneTenantMs,
        importDryRunMs: importCheckMs,
        agrees: ok,
      };
    } finally {
      await session.connection.dispose();
      await sandbox.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const results = [];
  for (const size of sizes) results.push(await measure(size));
  const [small, large] = results;
  const growth =
    small && large
      ? { sizeRatio: large.mailboxes / small.mailboxes, reportRatio: Math.round((large.reportMs.median / small.reportMs.median) * 10) / 10, importDryRunRatio: Math.round((large.importDryRunMs / Math.max(1, small.importDryRunMs)) * 10) / 10 }
      : null;
  process.stdout.write(`${JSON.stringify({ results, growth }, null, 2)}\n`);
  if (results.some((result) => !result.agrees)) process.exitCode = 1;
}

await main();
