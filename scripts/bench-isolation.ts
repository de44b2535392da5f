/**
 * Benchmark of the isolation verifier: a fresh sandbox with N tenants (default 100, `--tenants N`), the
 * generated rules applied through cn=config, then one full verifier run. Prints the timings as JSON.
 *   npm run bench:isolation -- --tenants 100
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDirectorySession, settingsFromProfile } from '../main/app/directory-session';
import { reapplyIsolation } from '../main/flavors/openldap/isolation/apply-isolation';
import { verifyIsolation } from '../main/flavors/verify-isolation';
import { startSandbox } from '../main/flavors/openldap/sandbox/sandbox';

const { values } = parseArgs({ options: { tenants: { type: 'string', default: '100' }, concurrency: { type: 'string', default: '8' } } });
const tenantCount = Number(values.tenants);
const dataDir = await mkdtemp(path.join(tmpdir(), 'enclave-bench-isolation-'));
const sandbox = await startSandbox({ dataDir, fresh: true, noSync: true });
try {
  const { info } = sandbox;
  const profile = { id: 'bench', name: 'bench', urls: [info.url], bindDN: info.bindDN, tlsMode: 'none' as const, baseDN: info.suffix, flavor: 'openldap' as const };
  const session = await openDirectorySession(profile, settingsFromProfile(profile, info.password), true, () => {});
  let started = Date.now();
  for (let i = 0; i < tenantCount; i++) {
    await session.services.tenants.create({ name: `Bench tenant ${i}, Inc.`, settings: { mailDomains: [`bench${i}.test`], storagePoolBytes: (i % 3) * 10 * 2 ** 30 || null } });
  }
  const createMs = Date.now() - started;
  started = Date.now();
  const rules = await reapplyIsolation({ ldapiUrl: info.ldapiUrl }, session.connection, session.services.context.dialect);
  const applyMs = Date.now() - started;
  await session.connection.dispose();

  const report = await verifyIsolation({ admin: { urls: [info.url], bindDN: info.bindDN, password: info.password, tlsMode: 'none' }, suffix: info.suffix, concurrency: Number(values.concurrency) });
  console.log(JSON.stringify({ tenants: tenantCount, accessRules: rules.accessRules.length, constraintRules: rules.constraintRules.length, createTenantsMs: createMs, applyRulesMs: applyMs, verifyMs: report.elapsedMs, probes: report.probeCount, failures: report.failureCount, passed: report.passed }));
  if (!report.passed) process.exitCode = 1;
} finally {
  await sandbox.stop();
  await rm(dataDir, { recursive: true, force: true });
}
