/**
 * Benchmark of the isolation verifier at several sizes (default 100 and 1,000 tenants of 10 mailboxes, loaded with
 * slapadd from the console's builders, the generated rules in force): one full run per size with the default sample,
 * as JSON: time, probes per role, what was sampled.
 *   npm run bench:isolation -- --sizes 100,1000 [--sample 3]
 */
import { parseArgs } from 'node:util';
import { verifyIsolation } from '../main/flavors/verify-isolation';
import { startScaleDirectory } from './scale-directory';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100,1000' }, sample: { type: 'string', default: '3' }, mailboxes: { type: 'string', default: '10' } } });

for (const tenants of values.sizes.split(',').map(Number)) {
  const scale = await startScaleDirectory(tenants, Number(values.mailboxes));
  try {
    const { info } = scale.sandbox;
    const report = await verifyIsolation({ admin: { urls: [info.url], bindDN: info.bindDN, password: info.password, tlsMode: 'none' }, suffix: info.suffix, sample: Number(values.sample) });
    console.log(JSON.stringify({ tenants, entries: scale.entries, verifyMs: report.elapsedMs, probes: report.probeCount, failures: report.failureCount, passed: report.passed, probesByRole: report.probesByRole, sampledTenants: report.sampling.sampledTenants.length }));
    if (!report.passed) process.exitCode = 1;
  } finally {
    await scale.stop();
  }
}
