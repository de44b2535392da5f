/**
 * `npm run bench:quota`: the quota report over 1,000 tenants and 100,000 mailboxes on a real slapd.
 * The data is generated as LDIF and loaded offline with `slapadd -q` into a fresh sandbox between its
 * first start (which builds cn=config) and a restart, then the report is run several times. For contrast,
 * the naive way (one allocation search per tenant, as quota-checks.ts does for a single tenant) runs once.
 */
import { hashSsha } from '../main/flavors/openldap/sandbox/ssha-password';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDirectorySession, settingsFromProfile } from '../main/app/directory-session';
import { childDn } from '../main/directory/dn';
import { allocatedQuotaBytes } from '../main/hosting/quota-checks';
import { notConnectedUsageSource } from '../main/quota/mailbox-usage-source';
import { buildQuotaReport } from '../main/quota/quota-report';
import { ldifEntry } from '../main/directory/ldif';
import { runSlapadd } from '../main/flavors/openldap/sandbox/slapadd';
import { sandboxPaths } from '../main/flavors/openldap/sandbox/sandbox-paths';
import { startSandbox } from '../main/flavors/openldap/sandbox/sandbox';
import { findSlapdBinaries } from '../main/flavors/openldap/sandbox/slapd-binaries';

/** One hash for every generated mailbox: hashing 100,000 times would dominate the load. */
const benchPasswordHash = hashSsha('Bench-Pass-1x');
const tenantCount = Number(process.env['BENCH_TENANTS'] ?? 1000);
const mailboxesPerTenant = Number(process.env['BENCH_MAILBOXES_PER_TENANT'] ?? 100);
const runs = Number(process.env['BENCH_RUNS'] ?? 5);
const gib = 2 ** 30;

function generateLdif(suffix: string): string {
  const tenantsDn = childDn(suffix, 'ou', 'tenants');
  const parts: string[] = [];
  for (let t = 0; t < tenantCount; t++) {
    const name = `tenant-${String(t).padStart(4, '0')}`;
    const domain = `${name}.test`;
    const tenantDn = childDn(tenantsDn, 'ou', name);
    parts.push(
      ldifEntry(tenantDn, {
        objectClass: ['organizationalUnit', 'enclaveTenant'],
        ou: name,
        enclaveMailDomain: domain,
        // Pools from 50 to 250 GiB so some tenants sit near or over their pool.
        enclaveStoragePoolBytes: String((50 + (t % 5) * 50) * gib),
        enclaveMailboxLimit: String(mailboxesPerTenant + (t % 3) * 50),
        enclaveDefaultQuotaBytes: String(2 * gib),
        enclaveAllowOvercommit: t % 10 === 0 ? 'TRUE' : 'FALSE',
      }),
    );
    const mailboxesDn = childDn(tenantDn, 'ou', 'mailboxes');
    parts.push(ldifEntry(mailboxesDn, { objectClass: 'organizationalUnit', ou: 'mailboxes' }));
    for (let m = 0; m < mailboxesPerTenant; m++) {
      const login = `u${t}x${m}`;
      const address = `${login}@${domain}`;
      parts.push(
        ldifEntry(childDn(mailboxesDn, 'uid', login), {
          objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'],
          uid: login,
          cn: login,
          sn: login,
          mail: address,
          mailLocalAddress: address,
          enclaveMailboxQuotaBytes: String((1 + ((t + m) % 4)) * gib / 2),
          // Mandatory (docs/isolation.md); slapadd runs no overlays, so the value is hashed here, once for all.
          userPassword: benchPasswordHash,
          enclaveAccountState: 'active',
        }),
      );
    }
  }
  return parts.join('');
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'enclave-bench-quota-'));
  try {
    const first = await startSandbox({ dataDir, fresh: true, noSync: true });
    const { suffix } = first.info;
    await first.stop();

    let started = Date.now();
    const ldif = generateLdif(suffix);
    const generateMs = Date.now() - started;
    started = Date.now();
    const binaries = await findSlapdBinaries();
    await runSlapadd(binaries.slapadd, ['-q', '-F', sandboxPaths(dataDir).configDir, '-b', suffix], ldif);
    const loadMs = Date.now() - started;

    const sandbox = await startSandbox({ dataDir, noSync: true });
    const profile = { id: 'bench', name: 'bench', urls: [sandbox.info.url], bindDN: sandbox.info.bindDN, tlsMode: 'none' as const, baseDN: suffix, flavor: 'openldap' as const };
    const session = await openDirectorySession(profile, settingsFromProfile(profile, sandbox.info.password), true, () => {});
    try {
      const times: number[] = [];
      let report = await buildQuotaReport(session.services.context, { top: 10, usage: notConnectedUsageSource });
      for (let run = 0; run < runs; run++) {
        const at = Date.now();
        report = await buildQuotaReport(session.services.context, { top: 10, usage: notConnectedUsageSource });
        times.push(Date.now() - at);
      }
      const tenantAt = Date.now();
      await buildQuotaReport(session.services.context, { tenant: 'tenant-0500', top: 10, usage: notConnectedUsageSource });
      const oneTenantMs = Date.now() - tenantAt;

      // The naive way is slow by design; BENCH_NAIVE=0 skips it.
      const naiveAt = Date.now();
      let naiveTotal = report.totals.allocatedBytes;
      if (process.env['BENCH_NAIVE'] !== '0') {
        naiveTotal = 0;
        for (const tenant of report.tenants) naiveTotal += await allocatedQuotaBytes(session.services.context, tenant.tenant);
      }
      const naiveMs = Date.now() - naiveAt;

      const result = {
        tenants: report.totals.tenants,
        mailboxes: report.totals.mailboxes,
        overcommitted: report.totals.overcommitted,
        generateLdifMs: generateMs,
        slapaddMs: loadMs,
        reportMs: { runs: times, median: median(times), min: Math.min(...times), max: Math.max(...times) },
        oneTenantReportMs: oneTenantMs,
        naivePerTenantSearchesMs: naiveMs,
        naiveAgrees: naiveTotal === report.totals.allocatedBytes,
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      if (report.totals.mailboxes !== tenantCount * mailboxesPerTenant || !result.naiveAgrees) process.exitCode = 1;
    } finally {
      await session.connection.dispose();
      await sandbox.stop();
    }
  } finally {
    // BENCH_KEEP=1 leaves the loaded directory for further measurements.
    if (process.env['BENCH_KEEP'] === '1') process.stderr.write(`kept ${dataDir}\n`);
    else await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
