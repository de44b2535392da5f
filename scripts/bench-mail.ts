/**
 * `npm run bench:mail`: usage from a real Dovecot in one pass, for 1,000 and 10,000 mailboxes (BENCH_SIZES). Per
 * size: a fresh sandbox slapd with the mailboxes loaded offline (slapadd) and the access policy applied, a service
 * account, the private Dovecot of `sandbox --with-mail` bound as it, mail delivered to 100 of the mailboxes over
 * LMTP; then the Dovecot usage source's pass (doveadm mailbox status -A + dict iter, locally and over doveadm's HTTP
 * API) and the whole quota report with and without usage. Root only (Dovecot). JSON on stdout; docs/mail-servers.md.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDirectorySession, settingsFromProfile } from '../main/app/directory-session';
import { childDn } from '../main/directory/dn';
import { ldifEntry } from '../main/directory/ldif';
import { openLdapFlavor } from '../main/flavors/openldap/openldap-flavor';
import { startSandbox } from '../main/flavors/openldap/sandbox/sandbox';
import { applySandboxIsolation } from '../main/flavors/openldap/sandbox/sandbox-isolation';
import { sandboxPaths } from '../main/flavors/openldap/sandbox/sandbox-paths';
import { runSlapadd } from '../main/flavors/openldap/sandbox/slapadd';
import { findSlapdBinaries } from '../main/flavors/openldap/sandbox/slapd-binaries';
import { hashSsha } from '../main/flavors/openldap/sandbox/ssha-password';
import { deliverLmtp, textMessage } from '../main/mail/lmtp-client';
import { startPrivateDovecot } from '../main/mail/private-dovecot';
import { DovecotUsageSource } from '../main/quota/dovecot-usage-source';
import { notConnectedUsageSource } from '../main/quota/mailbox-usage-source';
import { buildQuotaReport } from '../main/quota/quota-report';

const sizes = (process.env['BENCH_SIZES'] ?? '1000,10000').split(',').map(Number);
const runs = Number(process.env['BENCH_RUNS'] ?? 3);
const withMail = 100;
const perTenant = 1000;
const passwordHash = hashSsha('Bench-Pass-1x');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const timed = async <T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const at = performance.now();
  const value = await run();
  return { value, ms: Math.round(performance.now() - at) };
};

/** `count` mailboxes in tenants of 1,000. */
function mailboxesLdif(suffix: string, count: number): string {
  const parts: string[] = [];
  for (let t = 0; t * perTenant < count; t++) {
    const name = `bench-${t}`;
    const tenantDn = childDn(childDn(suffix, 'ou', 'tenants'), 'ou', name);
    parts.push(ldifEntry(tenantDn, { objectClass: ['organizationalUnit', 'enclaveTenant'], ou: name, enclaveMailDomain: `${name}.test` }));
    const mailboxesDn = childDn(tenantDn, 'ou', 'mailboxes');
    parts.push(ldifEntry(mailboxesDn, { objectClass: 'organizationalUnit', ou: 'mailboxes' }));
    for (let m = 0; m < perTenant && t * perTenant + m < count; m++) {
      const login = `b${t}x${m}`;
      const address = `${login}@${name}.test`;
      parts.push(
        ldifEntry(childDn(mailboxesDn, 'uid', login), {
          objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'],
          uid: login, cn: login, sn: login, mail: address, mailLocalAddress: address,
          enclaveMailboxQuotaBytes: String(2 ** 30), userPassword: passwordHash, enclaveAccountState: 'active',
        }),
      );
    }
  }
  return parts.join('');
}

async function measure(count: number) {
  const dataDir = await mkdtemp(join(tmpdir(), 'enclave-bench-mail-'));
  await chmod(dataDir, 0o755);
  try {
    const first = await startSandbox({ dataDir: join(dataDir, 'sandbox'), fresh: true, noSync: true });
    const { suffix } = first.info;
    await first.stop();
    const load = await timed(async () => runSlapadd((await findSlapdBinaries()).slapadd, ['-q', '-F', sandboxPaths(join(dataDir, 'sandbox')).configDir, '-b', suffix], mailboxesLdif(suffix, count)));
    const sandbox = await startSandbox({ dataDir: join(dataDir, 'sandbox'), noSync: true });
    try {
      await applySandboxIsolation(sandbox.info);
      const profile = { id: 'bench', name: 'bench', urls: [sandbox.info.url], bindDN: sandbox.info.bindDN, tlsMode: 'none' as const, baseDN: suffix, flavor: 'openldap' as const };
      const session = await openDirectorySession(profile, settingsFromProfile(profile, sandbox.info.password), true, () => {});
      const created = await session.services.serviceAccounts.create('bench-mail', '');
      const apiKey = 'bench-api-key-0123456789';
      const dovecot = await startPrivateDovecot({
        directory: openLdapFlavor.mailDirectory(suffix),
        access: { urls: [sandbox.info.url], serviceDn: created.account.dn, servicePassword: created.password, startTls: false, caFile: null },
        dataDir: join(dataDir, 'dovecot'),
        authFailureDelay: '0',
        doveadmApiKey: apiKey,
      });
      try {
        const recipients = Array.from({ length: withMail }, (_, i) => `b0x${i}@bench-0.test`);
        const deliver = await timed(async () => {
          for (let i = 0; i < recipients.length; i += 10) await deliverLmtp('127.0.0.1', dovecot.lmtpPort, { from: 'bench@example.org', to: recipients.slice(i, i + 10), content: textMessage('bench@example.org', recipients[i] ?? '', 'Bench', 20_000) });
        });
        const local = new DovecotUsageSource({ kind: 'doveadm', configFile: dovecot.configFile }, { maxAgeMs: 0 });
        // The first pass also creates every mailbox's folder (doveadm opens each): measured apart.
        const firstPass = await timed(() => local.fetch());
        const passes: number[] = [];
        for (let run = 0; run < runs; run++) passes.push((await timed(() => local.fetch())).ms);
        const keyFile = join(dataDir, 'api-key');
        await writeFile(keyFile, apiKey, { mode: 0o600 });
        const http = new DovecotUsageSource({ kind: 'doveadm-http', url: `http://127.0.0.1:${dovecot.doveadmPort}`, apiKeyFile: keyFile }, { maxAgeMs: 0 });
        const httpPasses: number[] = [];
        for (let run = 0; run < runs; run++) httpPasses.push((await timed(() => http.fetch())).ms);
        const withUsage = await timed(() => buildQuotaReport(session.services.context, { top: 10, usage: new DovecotUsageSource({ kind: 'doveadm', configFile: dovecot.configFile }) }));
        const withoutUsage = await timed(() => buildQuotaReport(session.services.context, { top: 10, usage: notConnectedUsageSource }));
        const stored = [...firstPass.value.mailboxes.values()].filter((m) => m.messages > 0).length;
        return {
          mailboxes: count,
          slapaddMs: load.ms,
          lmtpDeliveryMs: deliver.ms,
          mailboxesWithMail: stored,
          firstPassMs: firstPass.ms,
          passMs: { runs: passes, median: median(passes) },
          httpPassMs: { runs: httpPasses, median: median(httpPasses) },
          perMailboxMs: Math.round((median(passes) / count) * 1000) / 1000,
          quotaReportWithUsageMs: withUsage.ms,
          quotaReportWithoutUsageMs: withoutUsage.ms,
          usageRowsMatch: firstPass.value.mailboxes.size === count && withUsage.value.totals.mailboxes === count && stored === withMail,
        };
      } finally {
        await dovecot.stop();
        await session.connection.dispose();
      }
    } finally {
      await sandbox.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

const results = [];
for (const count of sizes) results.push(await measure(count));
process.stdout.write(`${JSON.stringify({ runs, sizes: results }, null, 2)}\n`);
if (results.some((r) => !r.usageRowsMatch)) process.exitCode = 1;
