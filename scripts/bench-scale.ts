/**
 * Issue 12's benchmark: one directory per size (default 10, 1,000 and 10,000 tenants of 10 mailboxes, loaded with
 * slapadd from the console's builders), then, per size, as JSON:
 *  - a tenant's create, domain change and delete through the tenant service (median of `--runs`), and the slowest
 *    read of another tenant's user while they run;
 *  - client operations (median of 40): a tenant user's address-book search (from its tenant, and from the suffix),
 *    a group read, its own password change; a tenant admin's quota change, member add and mailbox add; a host
 *    admin's mailbox edit and create;
 *  - the verifier (default sample) and the conformance scan;
 *  - with `--build N`: N tenants created one by one through the tenant service on an empty directory.
 *   npm run bench:scale -- --sizes 10,1000,10000 --build 10000
 */
import { parseArgs } from 'node:util';
import { EqualityFilter, SubstringFilter } from 'ldapts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addValues, removeValues, replace } from '../main/directory/changes';
import { DirectoryConnection } from '../main/directory/directory-connection';
import type { ConnectionSettings } from '../main/directory/connection-settings';
import { createHostingServices } from '../main/hosting/hosting-services';
import { openLdapDialect } from '../main/flavors/openldap/openldap-dialect';
import { startSandbox } from '../main/flavors/openldap/sandbox/sandbox';
import { verifyIsolation } from '../main/flavors/verify-isolation';
import { scanConformance } from '../main/policy/conformance/conformance-scan';
import { scaleDomain, scaleLogin, scalePassword, scaleTenantName, startScaleDirectory } from './scale-directory';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10,1000,10000' }, mailboxes: { type: 'string', default: '10' }, runs: { type: 'string', default: '10' }, build: { type: 'string', default: '0' } } });
const sizes = values.sizes.split(',').map(Number);
const mailboxesPerTenant = Number(values.mailboxes);
const runs = Number(values.runs);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (x: number) => Math.round(x * 100) / 100;
async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}
async function medianOf(times: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i += 1) samples.push(await timed(() => run(i)));
  return round(median(samples));
}

/** Reads in a loop as another tenant's user while `during` runs; returns the slowest read that overlapped it. */
async function slowestReadDuring(reader: DirectoryConnection, base: string, during: () => Promise<unknown>): Promise<number> {
  let stop = false;
  let slowest = 0;
  const loop = (async () => {
    while (!stop) {
      const took = await timed(() => reader.search(base, { filter: new SubstringFilter({ attribute: 'cn', initial: 'S' }), attributes: ['cn', 'mail'] }));
      slowest = Math.max(slowest, took);
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 20));
  slowest = 0;
  await during();
  stop = true;
  await loop;
  return slowest;
}

async function benchSize(tenants: number): Promise<Record<string, unknown>> {
  const scale = await startScaleDirectory(tenants, mailboxesPerTenant);
  const { info } = scale.sandbox;
  const settings = (bindDN: string, password: string): ConnectionSettings => ({ urls: [info.url], bindDN, password, tlsMode: 'none' });
  const dialect = openLdapDialect(info.suffix);
  const { layout } = dialect;
  const admin = new DirectoryConnection(settings(info.bindDN, info.password));
  const services = createHostingServices(admin, dialect);
  const mailboxDn = (t: number, m: number) => dialect.newMailboxDn({ tenant: scaleTenantName(t), login: scaleLogin(t, m), givenName: '', surname: '', displayName: '', primaryAddress: '', aliases: [], hiddenFromAddressBook: false, password: '', enabled: true, groups: [] });
  const user = new DirectoryConnection(settings(mailboxDn(0, 1), scalePassword));
  const tenantAdmin = new DirectoryConnection(settings(mailboxDn(0, 0), scalePassword));
  const otherUser = new DirectoryConnection(settings(mailboxDn(1 % tenants, 1), scalePassword));
  const own = layout.tenantDn(scaleTenantName(0));
  const everyone = dialect.groupDn(scaleTenantName(0), 'security', 'all-users');
  try {
    await Promise.all([admin.open(), user.open(), tenantAdmin.open(), otherUser.open()]);
    const clientOps = {
      userAddressBookFromTenantMs: await medianOf(40, () => user.search(own, { filter: '(cn=*)', attributes: ['cn', 'mail'] })),
      userAddressBookFromSuffixMs: await medianOf(10, () => user.search(info.suffix, { filter: '(cn=*)', attributes: ['cn', 'mail'] })),
      userGroupReadMs: await medianOf(40, () => user.read(everyone, ['cn', 'member'])),
      userOwnPasswordMs: await medianOf(40, (i) => user.modify(mailboxDn(0, 1), [replace('userPassword', i % 2 === 0 ? `${scalePassword}-x` : scalePassword)])),
      adminQuotaChangeMs: await medianOf(40, (i) => tenantAdmin.modify(mailboxDn(0, 2), [replace('enclaveMailboxQuotaBytes', String(2 ** 30 - (i % 2)))])),
      adminMemberAddMs: await medianOf(40, (i) => tenantAdmin.modify(dialect.groupDn(scaleTenantName(0), 'security', 'tenant-admins'), [i % 2 === 0 ? addValues('member', mailboxDn(0, 3)) : removeValues('member', mailboxDn(0, 3))])),
      adminMailboxAddMs: await medianOf(40, (i) => {
        const login = `bench${i}`;
        return tenantAdmin.add(dialect.newMailboxDn({ tenant: scaleTenantName(0), login, givenName: '', surname: '', displayName: '', primaryAddress: '', aliases: [], hiddenFromAddressBook: false, password: '', enabled: true, groups: [] }),
          dialect.mailboxEntry({ tenant: scaleTenantName(0), login, givenName: '', surname: 'Bench', displayName: '', primaryAddress: `${login}@${scaleDomain(0)}`, aliases: [], quotaBytes: 2 ** 20, hiddenFromAddressBook: false, password: scalePassword, enabled: true, groups: [] }));
      }),
      hostAdminMailboxEditMs: await medianOf(40, (i) => admin.modify(mailboxDn(0, 4), [replace('displayName', `Edited ${i}`)])),
      hostAdminMailboxCreateMs: await medianOf(40, (i) => services.mailboxes.create({ tenant: scaleTenantName(0), login: `hostbench${i}`, givenName: '', surname: 'Bench', displayName: '', primaryAddress: `hostbench${i}@${scaleDomain(0)}`, aliases: [], quotaBytes: 2 ** 20, hiddenFromAddressBook: false, password: scalePassword, enabled: true, groups: [] })),
    };
    const otherBase = layout.tenantDn(scaleTenantName(1 % tenants));
    const create: number[] = [];
    const domain: number[] = [];
    const remove: number[] = [];
    let slowestOtherRead = 0;
    for (let i = 0; i < runs; i += 1) {
      const name = `Bench new ${i}`;
      const watch = async (samples: number[], run: () => Promise<unknown>) => {
        let took = 0;
        slowestOtherRead = Math.max(slowestOtherRead, await slowestReadDuring(otherUser, otherBase, async () => (took = await timed(run))));
        samples.push(took);
      };
      await watch(create, () => services.tenants.create({ name, settings: { mailDomains: [`new${i}.bench.test`], storagePoolBytes: 2 ** 30 } }));
      await watch(domain, () => services.tenants.update(name, { mailDomains: [`new${i}.bench.test`, `more${i}.bench.test`] }));
      await watch(remove, () => services.tenants.delete(name, true));
    }
    const verify = await verifyIsolation({ admin: settings(info.bindDN, info.password), suffix: info.suffix });
    const conformanceStarted = performance.now();
    const conformance = await scanConformance({ connection: admin, dialect });
    const conformanceMs = Math.round(performance.now() - conformanceStarted);
    return {
      tenants,
      mailboxes: tenants * mailboxesPerTenant,
      entries: scale.entries,
      slapaddMs: scale.buildMs,
      tenantCreateMs: round(median(create)),
      tenantDomainChangeMs: round(median(domain)),
      tenantDeleteMs: round(median(remove)),
      slowestOtherTenantReadDuringChangesMs: round(slowestOtherRead),
      clientOps,
      verifier: { ms: verify.elapsedMs, probes: verify.probeCount, passed: verify.passed, sampledTenants: verify.sampling.sampledTenants.length },
      conformance: { ms: conformanceMs, findings: conformance.findings.length },
    };
  } finally {
    await Promise.all([user.dispose(), tenantAdmin.dispose(), otherUser.dispose(), admin.dispose()]);
    await scale.stop();
  }
}

/** Creates `count` tenants one by one through the tenant service on an empty sandbox. */
async function buildOneByOne(count: number): Promise<Record<string, unknown>> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'enclave-scale-build-'));
  const sandbox = await startSandbox({ dataDir, fresh: true });
  const admin = new DirectoryConnection({ urls: [sandbox.info.url], bindDN: sandbox.info.bindDN, password: sandbox.info.password, tlsMode: 'none' });
  try {
    const services = createHostingServices(admin, openLdapDialect(sandbox.info.suffix));
    const started = performance.now();
    const lastThousand: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const took = await timed(() => services.tenants.create({ name: scaleTenantName(i), settings: { mailDomains: [scaleDomain(i)], storagePoolBytes: 2 ** 30 } }));
      if (i >= count - 1000) lastThousand.push(took);
    }
    const found = await admin.search(`ou=tenants,${sandbox.info.suffix}`, { scope: 'one', filter: new EqualityFilter({ attribute: 'objectClass', value: 'enclaveTenant' }), attributes: ['1.1'], pageSize: 1000 });
    return { built: count, found: found.length, totalSeconds: Math.round((performance.now() - started) / 1000), lastThousandMedianMs: round(median(lastThousand)) };
  } finally {
    await admin.dispose();
    await sandbox.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

for (const size of sizes) console.log(JSON.stringify(await benchSize(size)));
if (Number(values.build) > 0) console.log(JSON.stringify({ buildOneByOne: await buildOneByOne(Number(values.build)) }));
