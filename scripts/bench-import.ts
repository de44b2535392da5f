/**
 * `npm run bench:import [SIZES]`: bulk import of 1,000 and 10,000 mailboxes through Enclave (validation, the job
 * journal, the row audit and the console's audit journal with its fsynced intent per chunk, on disk) against
 * `ldapadd` of the equivalent LDIF (the same entries with cleartext passwords the server hashes, the same
 * batched group memberships), each into a fresh sandbox (noSync) with the same settings and a fresh tenant.
 * BENCH_INFLIGHT=1,4,8,16,64 also measures Enclave at each in-flight count. BENCH_ONLY=revalidation skips the
 * write runs and measures only the re-validation of the imported file, with `ldapsearch` of the same read (as the
 * console's identity, and as the root DN, which no access rule is evaluated for) in the same directory and run.
 * Ends with one JSON line per size.
 *
 * `npm run bench:import -- --process [SIZES]` (default 2000,10000) measures whole processes instead: the bundled
 * CLI (`node out/cli/enclave.mjs import …`, rebuilt first when older than its sources) from spawn to exit, with
 * real connection flags, its job folder and audit journal on disk, against the whole `ldapadd` process of the
 * same entries (same attributes, memberships, cleartext passwords), each into a fresh sandbox prepared as above.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../main/app/directory-session';
import { AuditJournal } from '../main/audit/audit-journal';
import { csvFile } from '../main/bulk/csv-writing';
import { JobRunner, jobInFlight, type JobRunnerOptions } from '../main/bulk/job-runner';
import { planToLdif } from '../main/bulk/ldif-export';
import { startSandbox } from '../main/flavors/openldap/sandbox/sandbox';
import type { RunningSandbox } from '../main/flavors/openldap/sandbox/sandbox-types';
import { ConfigConnection } from '../main/flavors/openldap/config/config-connection';
import { sandboxDns } from '../main/flavors/openldap/sandbox/sandbox-dns';
import { generatePassword } from '../main/flavors/openldap/sandbox/ssha-password';
import { importColumns } from '../shared/model/bulk-import';
import { bulkImportOperation } from '../main/bulk/chunk-audit';

const cli = parseArgs({ options: { process: { type: 'boolean', default: false } }, allowPositionals: true });
const processMode = cli.values.process;
const sizes = (cli.positionals[0] ?? (processMode ? '2000,10000' : '1000,10000')).split(',').map(Number);
const tenant = 'Bench';
const domain = 'bench.test';

/** A realistic file: names with accents, an alias each, quotas with units, every tenth row in a group. */
function benchCsv(rows: number): string {
  const body: string[][] = [];
  for (let i = 1; i <= rows; i++) {
    const n = String(i).padStart(5, '0');
    body.push([`u${n}`, 'Zoë', `Surname ${n}`, `Zoë Surname ${n}`, `u${n}@${domain}`, `alias.u${n}@${domain}`, '1 GiB', `Bench-pass-${n}`, i % 10 === 0 ? 'Staff' : '', 'yes']);
  }
  return csvFile(importColumns.map((column) => column.header), body);
}

interface Fresh {
  sandbox: RunningSandbox;
  session: DirectorySession;
  dir: string;
  close(): Promise<void>;
}

async function freshDirectory(): Promise<Fresh> {
  const dir = await mkdtemp(path.join(tmpdir(), 'enclave-bench-'));
  const sandbox = await startSandbox({ dataDir: path.join(dir, 'sandbox'), fresh: true, noSync: true });
  const profile = { id: 'bench', name: 'bench', urls: [sandbox.info.url], bindDN: sandbox.info.bindDN, tlsMode: 'none' as const, baseDN: sandbox.info.suffix, flavor: 'openldap' as const };
  const session = await openDirectorySession(profile, settingsFromProfile(profile, sandbox.info.password), true, () => {});
  await session.services.tenants.create({ name: tenant, settings: { mailDomains: [domain], defaultQuotaBytes: 2 ** 30 } });
  await session.services.groups.create({ tenant, kind: 'security', name: 'Staff', description: '', address: null, members: [] });
  return {
    sandbox,
    session,
    dir,
    close: async () => {
      await session.connection.dispose();
      await sandbox.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const countMailboxes = (fresh: Fresh) => fresh.session.services.tenants.countMailboxes(tenant);

/** Every tenth row of benchCsv is in Staff: a run that dropped memberships must not count. */
async function checkMemberships(fresh: Fresh, rows: number, tool: string): Promise<void> {
  const staff = await fresh.session.services.groups.get({ tenant, kind: 'security', name: 'Staff' });
  const expected = Math.floor(rows / 10);
  if (staff.members.length !== expected) throw new Error(`${tool} left Staff with ${staff.members.length} members, expected ${expected}`);
}

/** A runner as the app wires it: jobs and the console's audit journal in the (disk-backed) temp folder. */
const runnerIn = (fresh: Fresh, extra: Partial<JobRunnerOptions> = {}) =>
  new JobRunner({ root: path.join(fresh.dir, 'jobs'), emit: () => {}, auditJournal: new AuditJournal(path.join(fresh.dir, 'audit', 'journal.jsonl')), ...extra });

async function benchLdapadd(csv: string, rows: number): Promise<number> {
  return rows / (await ldapaddSeconds(csv, rows));
}

/** Seconds of the whole `ldapadd` process writing the LDIF of Enclave's plan for `csv` into a fresh directory. */
async function ldapaddSeconds(csv: string, rows: number): Promise<number> {
  const fresh = await freshDirectory();
  try {
    // The LDIF comes from Enclave's own plan, so both sides write exactly the same entries and memberships.
    const runner = runnerIn(fresh);
    const prepared = await runner.prepare(fresh.session.services, tenant, csv, 'create');
    const ldif = planToLdif(prepared.plan.rows, fresh.session.services.context.dialect, { includePasswords: true });
    const ldifFile = path.join(fresh.dir, 'bench.ldif');
    const passwordFile = path.join(fresh.dir, 'pw');
    await writeFile(ldifFile, ldif);
    await writeFile(passwordFile, fresh.sandbox.info.password, { mode: 0o600 });
    const started = performance.now();
    await promisify(execFile)('ldapadd', ['-x', '-H', fresh.sandbox.info.url, '-D', fresh.sandbox.info.bindDN, '-y', passwordFile, '-f', ldifFile], { maxBuffer: 64 * 1024 * 1024 });
    const seconds = (performance.now() - started) / 1000;
    const count = await countMailboxes(fresh);
    if (count !== rows) throw new Error(`ldapadd wrote ${count} mailboxes, expected ${rows}`);
    await checkMemberships(fresh, rows, 'ldapadd');
    return seconds;
  } finally {
    await fresh.close();
  }
}

async function benchEnclave(csv: string, rows: number, inFlight = jobInFlight): Promise<{ perSec: number; validationMs: number }> {
  const fresh = await freshDirectory();
  try {
    const runner = runnerIn(fresh, { inFlight });
    const started = performance.now();
    const prepared = await runner.prepare(fresh.session.services, tenant, csv, 'create');
    const validationMs = performance.now() - started;
    if (prepared.plan.counts.create !== rows) throw new Error(`plan: ${JSON.stringify(prepared.plan.counts)}`);
    const job = await runner.start(fresh.session.services, { tenant, csv, mode: 'create', onlyValid: false, fileName: 'bench.csv' }, prepared);
    const end = await runner.wait(job.jobId);
    const seconds = (performance.now() - started) / 1000;
    if (end.state !== 'completed' || end.created !== rows) throw new Error(`job ended ${end.state}: ${JSON.stringify(end)}`);
    const count = await countMailboxes(fresh);
    if (count !== rows) throw new Error(`Enclave wrote ${count} mailboxes, expected ${rows}`);
    const chunks = Math.ceil(rows / 500);
    const journaled = (await readFile(path.join(fresh.dir, 'audit', 'journal.jsonl'), 'utf8')).trim().split('\n').length;
    if (journaled !== 2 * chunks) throw new Error(`the audit journal has ${journaled} lines, expected an intent and an outcome per chunk (${2 * chunks})`);
    return { perSec: rows / seconds, validationMs };
  } finally {
    await fresh.close();
  }
}

interface Revalidation {
  /** Best run: the whole prepare (file, directory read, plan), and its directory read. */
  ms: number;
  readMs: number;
  runs: number[];
  /** The same read with ldapsearch, best of the same number of runs: as the console's identity, and as the root DN. */
  ldapsearchMs: number;
  ldapsearchRootMs: number;
}

/**
 * Validation alone of `rows` rows against a directory that already holds them (the worst case: every row is
 * compared), then ldapsearch of the mailbox read it does, as the same identity and as the root DN (ACL-free).
 */
async function benchValidation(csv: string, rows: number): Promise<Revalidation> {
  const fresh = await freshDirectory();
  try {
    const runner = runnerIn(fresh);
    const job = await runner.start(fresh.session.services, { tenant, csv, mode: 'create', onlyValid: false, fileName: 'bench.csv' });
    await runner.wait(job.jobId);
    const best = { ms: Infinity, readMs: Infinity, runs: [] as number[] };
    for (let run = 0; run < repeats; run++) {
      const again = await runner.prepare(fresh.session.services, tenant, csv, 'upsert');
      if (again.plan.counts.unchanged !== rows) throw new Error(`re-plan: ${JSON.stringify(again.plan.counts)}`);
      best.runs.push(Math.round(again.validationMs));
      if (again.validationMs < best.ms) Object.assign(best, { ms: again.validationMs, readMs: again.snapshot.loadMs });
    }
    const { dialect } = fresh.session.services.context;
    const read = ['-b', dialect.layout.mailboxesDn(tenant), '-E', 'pr=1000/noprompt', dialect.mailboxFilter().toString(), ...dialect.mailboxAttributes()];
    const ldapsearchMs = await bestLdapsearch(fresh, fresh.sandbox.info.bindDN, fresh.sandbox.info.password, read);
    const rootPassword = generatePassword();
    await setRootPassword(fresh, rootPassword);
    const ldapsearchRootMs = await bestLdapsearch(fresh, sandboxDns(fresh.sandbox.info.suffix).rootDn, rootPassword, read);
    return { ...best, ldapsearchMs, ldapsearchRootMs };
  } finally {
    await fresh.close();
  }
}

/** Best of `repeats` runs of ldapsearch with `args`, output discarded (as a client that only reads it). */
async function bestLdapsearch(fresh: Fresh, bindDN: string, password: string, args: string[]): Promise<number> {
  const passwordFile = path.join(fresh.dir, 'ldapsearch-pw');
  await writeFile(passwordFile, password, { mode: 0o600 });
  let best = Infinity;
  for (let run = 0; run < repeats; run++) {
    const started = performance.now();
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn('ldapsearch', ['-x', '-LLL', '-H', fresh.sandbox.info.url, '-D', bindDN, '-y', passwordFile, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('error', reject);
      child.on('exit', resolve);
    });
    if (code !== 0) throw new Error(`ldapsearch exited with ${code}`);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** Gives this throwaway sandbox's root DN a password (it has none: nobody binds as it), for the ACL-free baseline. */
async function setRootPassword(fresh: Fresh, password: string): Promise<void> {
  const config = await ConfigConnection.open({ ldapiUrl: fresh.sandbox.info.ldapiUrl });
  try {
    const { databaseDn } = await config.locate(sandboxDns(fresh.sandbox.info.suffix).suffix);
    await config.replaceValues(databaseDn, 'olcRootPW', [password]);
  } finally {
    await config.close();
  }
}

const bundle = path.resolve('out/cli/enclave.mjs');

/** Rebuilds the bundled CLI when any of its sources (main/, shared/, the build script) is newer than it. */
async function ensureFreshCli(): Promise<void> {
  const built = await stat(bundle).then((s) => s.mtimeMs, () => 0);
  let newest = (await stat('scripts/build-cli.mjs')).mtimeMs;
  for (const folder of ['main', 'shared']) {
    for (const file of await readdir(folder, { recursive: true })) {
      if (file.endsWith('.ts')) newest = Math.max(newest, (await stat(path.join(folder, file))).mtimeMs);
    }
  }
  if (built >= newest) return;
  console.log('bench-import: the CLI bundle is older than its sources, building it');
  await promisify(execFile)(process.execPath, ['scripts/build-cli.mjs']);
}

interface CliRun {
  ms: number;
  /** The CLI's --json summary. */
  summary: { state: string; created: number; failed: number; rejected: number };
}

/** Runs the bundled CLI with `args`, timed from spawn to exit; it must exit 0. */
async function runCli(args: string[]): Promise<{ ms: number; stdout: string; stderr: string }> {
  const started = performance.now();
  const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code: exitCode }));
  });
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`enclave ${args[0] ?? ''} exited ${code}: ${stderr}${stdout}`);
  return { ms, stdout, stderr };
}

/** The connection, data folder and journal flags of `enclave` for a fresh directory. */
async function cliFlags(fresh: Fresh): Promise<string[]> {
  const passwordFile = path.join(fresh.dir, 'cli-pw');
  await writeFile(passwordFile, fresh.sandbox.info.password, { mode: 0o600 });
  const { url, bindDN } = fresh.sandbox.info;
  return ['--url', url, '--bind-dn', bindDN, '--password-file', passwordFile, '--data', path.join(fresh.dir, 'data'), '--journal', path.join(fresh.dir, 'audit', 'journal.jsonl')];
}

/**
 * The whole `enclave import` process for `csv` (written to a file first) into a fresh directory, then checked:
 * the summary, the mailboxes and Staff's members counted in the directory, an intent and outcome per chunk in the journal.
 */
async function enclaveProcess(csv: string, rows: number): Promise<CliRun> {
  const fresh = await freshDirectory();
  try {
    const csvPath = path.join(fresh.dir, 'bench.csv');
    await writeFile(csvPath, csv);
    const flags = await cliFlags(fresh);
    const run = await runCli(['import', '--tenant', tenant, csvPath, '--json', ...flags]);
    const summary = JSON.parse(run.stdout) as CliRun['summary'];
    if (summary.state !== 'completed' || summary.created !== rows || summary.failed !== 0) throw new Error(`enclave import ended ${run.stdout}`);
    const count = await countMailboxes(fresh);
    if (count !== rows) throw new Error(`enclave import wrote ${count} mailboxes, expected ${rows}`);
    await checkMemberships(fresh, rows, 'enclave import');
    const journal = (await readFile(path.join(fresh.dir, 'audit', 'journal.jsonl'), 'utf8')).trim().split('\n');
    const chunkLines = journal.filter((line) => line.includes(`"${bulkImportOperation}"`)).length;
    const chunks = Math.ceil(rows / 500);
    if (chunkLines !== 2 * chunks) throw new Error(`the audit journal has ${chunkLines} import lines, expected an intent and an outcome per chunk (${2 * chunks})`);
    return { ms: run.ms, summary };
  } finally {
    await fresh.close();
  }
}

/** Fills V8's compile cache of the CLI's import chunks (a user's second run finds it filled) with a dry run. */
async function warmCli(): Promise<void> {
  const fresh = await freshDirectory();
  try {
    const csvPath = path.join(fresh.dir, 'warm.csv');
    await writeFile(csvPath, benchCsv(10));
    await runCli(['import', '--tenant', tenant, csvPath, '--dry-run', '--json', ...(await cliFlags(fresh))]);
  } finally {
    await fresh.close();
  }
}

/** Whole processes, alternating which goes first; best of `repeats` each. */
async function benchProcesses(): Promise<string[]> {
  await ensureFreshCli();
  await warmCli();
  const lines: string[] = [];
  for (const rows of sizes) {
    const csv = benchCsv(rows);
    const enclaveRuns: number[] = [];
    const ldapaddRuns: number[] = [];
    for (let run = 0; run < repeats; run++) {
      const enclaveFirst = run % 2 === 0;
      if (enclaveFirst) enclaveRuns.push((await enclaveProcess(csv, rows)).ms);
      ldapaddRuns.push((await ldapaddSeconds(csv, rows)) * 1000);
      if (!enclaveFirst) enclaveRuns.push((await enclaveProcess(csv, rows)).ms);
    }
    const enclaveMs = Math.min(...enclaveRuns);
    const ldapaddMs = Math.min(...ldapaddRuns);
    const ratio = ldapaddMs / enclaveMs;
    console.log(`${rows} mailboxes, whole processes (best of ${repeats}): enclave import ${enclaveMs.toFixed(0)} ms (${enclaveRuns.map(Math.round).join(', ')}), ldapadd ${ldapaddMs.toFixed(0)} ms (${ldapaddRuns.map(Math.round).join(', ')}); ratio ${ratio.toFixed(2)}.`);
    const perSec = (ms: number) => Math.round((rows * 1000) / ms);
    lines.push(
      JSON.stringify({
        mode: 'process',
        node: process.version,
        rows,
        enclaveMs: Math.round(enclaveMs),
        ldapaddMs: Math.round(ldapaddMs),
        enclavePerSec: perSec(enclaveMs),
        ldapaddPerSec: perSec(ldapaddMs),
        ratio: Number(ratio.toFixed(3)),
        enclaveRuns: enclaveRuns.map(Math.round),
        ldapaddRuns: ldapaddRuns.map(Math.round),
      }),
    );
  }
  return lines;
}

// The machine may be shared and busy: alternate the two tools and keep each one's best run.
const repeats = Number(process.env['BENCH_REPEATS'] ?? 3);
const inFlightSweep = (process.env['BENCH_INFLIGHT'] ?? '').split(',').filter(Boolean).map(Number);
const onlyRevalidation = process.env['BENCH_ONLY'] === 'revalidation';
const loadAverage = async () => (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
console.log(`load average before: ${await loadAverage()}`);
const lines: string[] = processMode ? await benchProcesses() : [];
for (const rows of processMode ? [] : sizes) {
  const csv = benchCsv(rows);
  for (const inFlight of onlyRevalidation ? [] : inFlightSweep) {
    let best = 0;
    for (let run = 0; run < repeats; run++) best = Math.max(best, (await benchEnclave(csv, rows, inFlight)).perSec);
    console.log(JSON.stringify({ rows, inFlight, enclavePerSec: Math.round(best) }));
  }
  let ldapaddPerSec = 0;
  let enclave = { perSec: 0, validationMs: Infinity };
  for (let run = 0; run < (onlyRevalidation ? 0 : repeats); run++) {
    ldapaddPerSec = Math.max(ldapaddPerSec, await benchLdapadd(csv, rows));
    const result = await benchEnclave(csv, rows);
    if (result.perSec > enclave.perSec) enclave = { perSec: result.perSec, validationMs: Math.min(enclave.validationMs, result.validationMs) };
  }
  const revalidation = await benchValidation(csv, rows);
  const ratio = enclave.perSec / ldapaddPerSec;
  if (!onlyRevalidation) {
    console.log(
      `${rows} mailboxes (best of ${repeats}): Enclave ${enclave.perSec.toFixed(0)}/s incl. validation (${enclave.validationMs.toFixed(0)} ms), journal and audit; ` +
        `ldapadd ${ldapaddPerSec.toFixed(0)}/s; ratio ${ratio.toFixed(2)}.`,
    );
  }
  console.log(
    `Validation of ${rows} rows against ${rows} existing mailboxes (best of ${repeats}: ${revalidation.runs.join(', ')} ms): ${revalidation.ms.toFixed(0)} ms, ` +
      `of which reading the directory ${revalidation.readMs.toFixed(0)} ms; the same mailbox read with ldapsearch ${revalidation.ldapsearchMs.toFixed(0)} ms ` +
      `as the console's identity, ${revalidation.ldapsearchRootMs.toFixed(0)} ms as the root DN (no access rules evaluated)`,
  );
  const revalidationFields = {
    revalidationMs: Math.round(revalidation.ms),
    revalidationReadMs: Math.round(revalidation.readMs),
    ldapsearchMs: Math.round(revalidation.ldapsearchMs),
    ldapsearchRootMs: Math.round(revalidation.ldapsearchRootMs),
  };
  const importFields = { enclavePerSec: Math.round(enclave.perSec), ldapaddPerSec: Math.round(ldapaddPerSec), ratio: Number(ratio.toFixed(3)), validationMs: Math.round(enclave.validationMs) };
  lines.push(JSON.stringify({ rows, ...(onlyRevalidation ? {} : importFields), ...revalidationFields }));
}
console.log(`load average after: ${await loadAverage()}`);
for (const line of lines) console.log(line);
