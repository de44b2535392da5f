/**
 * `npm run bench:ad-scale [N]` (default 1,000): issue 12's scale check on Active Directory. On a fresh Samba AD DC
 * (test harness: its own network namespace, LDAPS), creates N tenants one by one through the tenant service (each
 * with its OU, containers, groups and protected DACL), and reports as JSON the median create time of the first
 * 10 and of the last 100, another tenant's user's address-book search idle, and 20 more creates while that user
 * searches in a loop (their median, and the slowest search meanwhile).
 * AD's DACLs are per tenant OU: a create writes only its own OU's descriptors, so the cost should not grow with N.
 */
import { SubstringFilter } from 'ldapts';
import { openDirectorySession, settingsFromProfile } from '../main/app/directory-session';
import { DirectoryConnection } from '../main/directory/directory-connection';
import { startSambaTestDc } from '../test/harness/samba-test-dc';

const count = Number(process.argv[2] ?? 1000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const round = (x: number) => Math.round(x * 10) / 10;

const dc = await startSambaTestDc();
try {
  const profile = { id: 'bench', name: 'bench', urls: [dc.ldapsUrl], bindDN: dc.credentials.bindDN, tlsMode: 'ldaps' as const, caCertificatePem: dc.caPem, tlsServerName: dc.tlsServerName, baseDN: dc.suffix, flavor: 'auto' as const };
  const session = await openDirectorySession(profile, settingsFromProfile(profile, dc.credentials.password), false, () => {});
  const { services } = session;
  // A reader in the first tenant: its user reads its own address book while the others are created.
  await services.tenants.create({ name: 'Reader', settings: { mailDomains: ['reader.test'] } });
  const password = 'Reader-Password-1';
  const reader = await services.mailboxes.create({ tenant: 'Reader', login: 'reader', givenName: '', surname: 'Reader', displayName: '', primaryAddress: 'reader@reader.test', aliases: [], hiddenFromAddressBook: false, password, enabled: true, groups: [] });
  const readerConnection = new DirectoryConnection({ ...settingsFromProfile(profile, password), bindDN: reader.dn });
  const base = services.context.dialect.layout.tenantDn('Reader');

  const read = async () => {
    const t0 = performance.now();
    await readerConnection.search(base, { filter: new SubstringFilter({ attribute: 'cn', initial: 'R' }), attributes: ['cn'] });
    return performance.now() - t0;
  };
  const create = async (i: number) => {
    const t0 = performance.now();
    await services.tenants.create({ name: `Scale ${i}`, settings: { mailDomains: [`scale${i}.test`] } });
    return performance.now() - t0;
  };
  const started = performance.now();
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) times.push(await create(i));
  const idleReads: number[] = [];
  for (let i = 0; i < 20; i += 1) idleReads.push(await read());
  // Twenty more creates while the reader searches its address book in a loop.
  let reading = true;
  let slowestRead = 0;
  const loop = (async () => {
    while (reading) slowestRead = Math.max(slowestRead, await read());
  })();
  const underLoad: number[] = [];
  for (let i = count; i < count + 20; i += 1) underLoad.push(await create(i));
  reading = false;
  await loop;
  console.log(JSON.stringify({
    tenants: count,
    firstTenCreateMedianMs: round(median(times.slice(0, 10))),
    lastHundredCreateMedianMs: round(median(times.slice(-100))),
    otherTenantReadIdleMedianMs: round(median(idleReads)),
    createWhileAnotherTenantReadsMedianMs: round(median(underLoad)),
    slowestOtherTenantReadDuringCreatesMs: round(slowestRead),
    totalSeconds: Math.round((performance.now() - started) / 1000),
  }));
  await readerConnection.dispose();
  await session.connection.dispose();
} finally {
  await dc.stop();
}
