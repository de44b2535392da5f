/**
 * `npm run bench:cli`: how fast the bundled CLI (out/cli/enclave.mjs, rebuilt first) starts and answers. Median of
 * 10 runs (after one warm-up that fills V8's compile cache) of `--help` and of `tenants --json` against a real
 * sandbox slapd, first with the demo's 3 tenants, then with 300 tenants (297 more with 20 mailboxes each, loaded
 * offline with slapadd) so the growth is visible. For contrast: the same runs with the compile cache off, and a few
 * runs of the sources under tsx (`npm run enclave`). Wall-clock times of whole processes; the machine's load
 * average is recorded with them because other work on these 2 cores shows in every number.
 */
import { hashSsha } from '../main/flavors/openldap/sandbox/ssha-password';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDirectorySession, settingsFromProfile } from '../main/app/directory-session';
import { childDn } from '../main/directory/dn';
import { ldifEntry } from '../main/directory/ldif';
import { runSlapadd } from '../main/flavors/openldap/sandbox/slapadd';
import { applySandboxIsolation } from '../main/flavors/openldap/sandbox/sandbox-isolation';
import { sandboxPaths } from '../main/flavors/openldap/sandbox/sandbox-paths';
import { startSandbox } from '../main/flavors/openldap/sandbox/sandbox';
import type { RunningSandbox } from '../main/flavors/openldap/sandbox/sandbox-types';
import { findSlapdBinaries } from '../main/flavors/openldap/sandbox/slapd-binaries';
import { demoTenants, seedDemo } from '../main/hosting/demo-seed';

/** One hash for every generated mailbox: hashing 100,000 times would dominate the load. */
const benchPasswordHash = hashSsha('Bench-Pass-1x');
const runs = Number(process.env['BENCH_RUNS'] ?? 10);
const largeTenantCount = Number(process.env['BENCH_TENANTS'] ?? 300);
const mailboxesPerTenant = 20;
const bundle = resolve('out/cli/enclave.mjs');
const tsxCli = resolve('node_modules/tsx/dist/cli.mjs');

interface Timing {
  runs: number[];
  median: number;
  min: number;
  max: number;
}

const summary = (times: number[]): Timing => {
  const sorted = [...times].sort((a, b) => a - b);
  return { runs: times.map((t) => Math.round(t)), median: Math.round(sorted[Math.floor(sorted.length / 2)] ?? NaN), min: Math.round(sorted[0] ?? NaN), max: Math.round(sorted.at(-1) ?? NaN) };
};

/** Runs `command` `count` times after `warmUp` untimed runs; every run must exit 0 and pass `check`. */
function time(command: string[], count: number, options: { env?: Record<string, string>; warmUp?: number; check?: (stdout: string) => void } = {}): Timing {
  const times: number[] = [];
  for (let run = -(options.warmUp ?? 1); run < count; run++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, command, { encoding: 'utf8', env: { ...process.env, ...options.env }, maxBuffer: 64 * 2 ** 20 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`${command.join(' ')} exited ${result.status}: ${result.stderr}`);
    options.check?.(result.stdout);
    if (run >= 0) times.push(ms);
  }
  return summary(times);
}

/** The LDIF of `count` tenants named bench-NNNN, each with `mailboxesPerTenant` mailboxes. */
function tenantsLdif(suffix: string, count: number): string {
  const parts: string[] = [];
  for (let t = 0; t < count; t++) {
    const name = `bench-${String(t).padStart(4, '0')}`;
    const domain = `${name}.test`;
    const tenantDn = childDn(childDn(suffix, 'ou', 'tenants'), 'ou', name);
    parts.push(ldifEntry(tenantDn, { objectClass: ['organizationalUnit', 'enclaveTenant'], ou: name, enclaveMailDomain: domain, enclaveMailboxLimit: '500' }));
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
          enclaveMailboxQuotaBytes: String(2 ** 30),
          // Mandatory (docs/isolation.md); slapadd runs no overlays, so the value is hashed here, once for all.
          userPassword: benchPasswordHash,
          enclaveAccountState: 'active',
        }),
      );
    }
  }
  return parts.join('');
}

async function measureSize(sandbox: RunningSandbox, dataDir: string, expectTenants: number) {
  const passwordFile = join(dataDir, 'bench-password');
  await writeFile(passwordFile, sandbox.info.password, { mode: 0o600 });
  const connection = ['--url', sandbox.info.url, '--bind-dn', sandbox.info.bindDN, '--password-file', passwordFile, '--data', dataDir];
  const check = (stdout: string) => {
    const count = (JSON.parse(stdout) as unknown[]).length;
    if (count !== expectTenants) throw new Error(`tenants --json listed ${count} tenants, expected ${expectTenants}`);
  };
  const loadBefore = loadavg()[0] ?? 0;
  const tenantsJson = time([bundle, 'tenants', '--json', ...connection], runs, { check });
  const tenantsJsonWithoutCompileCache = time([bundle, 'tenants', '--json', ...connection], runs, { check, env: { NODE_DISABLE_COMPILE_CACHE: '1' } });
  const tenantsJsonUnderTsx = time([tsxCli, 'main/cli/enclave.ts', 'tenants', '--json', ...connection], 3, { check });
  return { tenants: expectTenants, loadAverage: [Number(loadBefore.toFixed(2)), Number((loadavg()[0] ?? 0).toFixed(2))], tenantsJsonMs: tenantsJson, tenantsJsonWithoutCompileCacheMs: tenantsJsonWithoutCompileCache, tenantsJsonUnderTsxMs: tenantsJsonUnderTsx };
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build-cli failed: ${build.stderr}`);
  const dataDir = await mkdtemp(join(tmpdir(), 'enclave-bench-cli-'));
  let sandbox: RunningSandbox | null = null;
  try {
    // The demo directory, seeded and set up as `enclave sandbox` does.
    sandbox = await startSandbox({ dataDir: join(dataDir, 'sandbox'), fresh: true, noSync: true });
    const profile = { id: 'bench', name: 'bench', urls: [sandbox.info.url], bindDN: sandbox.info.bindDN, tlsMode: 'none' as const, baseDN: sandbox.info.suffix, flavor: 'openldap' as const };
    const seeding = await openDirectorySession(profile, settingsFromProfile(profile, sandbox.info.password), true, () => {});
    try {
      await seedDemo(seeding.services);
    } finally {
      await seeding.connection.dispose();
    }
    await applySandboxIsolation(sandbox.info);

    const loadBefore = loadavg()[0] ?? 0;
    const help = time([bundle, '--help'], runs);
    const helpWithoutCompileCache = time([bundle, '--help'], runs, { env: { NODE_DISABLE_COMPILE_CACHE: '1' } });
    const helpUnderTsx = time([tsxCli, 'main/cli/enclave.ts', '--help'], 3);
    const helpResult = { loadAverage: [Number(loadBefore.toFixed(2)), Number((loadavg()[0] ?? 0).toFixed(2))], helpMs: help, helpWithoutCompileCacheMs: helpWithoutCompileCache, helpUnderTsxMs: helpUnderTsx };
    const small = await measureSize(sandbox, dataDir, demoTenants.length);

    // The larger directory: the same sandbox with more tenants loaded offline, then started again.
    const { suffix } = sandbox.info;
    await sandbox.stop();
    sandbox = null;
    const binaries = await findSlapdBinaries();
    await runSlapadd(binaries.slapadd, ['-q', '-F', sandboxPaths(join(dataDir, 'sandbox')).configDir, '-b', suffix], tenantsLdif(suffix, largeTenantCount - demoTenants.length));
    sandbox = await startSandbox({ dataDir: join(dataDir, 'sandbox'), noSync: true });
    const large = await measureSize(sandbox, dataDir, largeTenantCount);

    const result = { node: process.version, runs, bundle: 'out/cli/enclave.mjs', ...helpResult, sizes: [small, large] };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await sandbox?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
