/**
 * `npm run bench:ad-import [N]`: creating N mailboxes with passwords on a real Samba AD DC over LDAPS, through
 * Enclave's bulk import (validation, the job on its own connection, batched all-users membership, password +
 * enable and the primary-group sequence per mailbox, the job files and the console's audit journal, one fsynced
 * intent per chunk) and through Enclave's services one by one (checks, add, password + enable, membership,
 * primary group), against `ldapmodify` of the same users (unicodePwd and userAccountControl in one add, then the
 * membership) over LDAPS, each into its own tenant of the same fresh DC (test harness: its own network namespace),
 * in the same run. Ends with one JSON line.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDirectorySession, settingsFromProfile } from '../main/app/directory-session';
import { unicodePwdValue } from '../main/flavors/active-directory/directory/unicode-password';
import { AuditJournal } from '../main/audit/audit-journal';
import { csvFile } from '../main/bulk/csv-writing';
import { JobRunner } from '../main/bulk/job-runner';
import { childDn } from '../main/directory/dn';
import { importColumns } from '../shared/model/bulk-import';
import { startSambaTestDc } from '../test/harness/samba-test-dc';

const count = Number(process.argv[2] ?? 300);

const dc = await startSambaTestDc();
try {
  const profile = { id: 'bench', name: 'bench', urls: [dc.ldapsUrl], bindDN: dc.credentials.bindDN, tlsMode: 'ldaps' as const, caCertificatePem: dc.caPem, tlsServerName: dc.tlsServerName, baseDN: dc.suffix, flavor: 'auto' as const };
  const session = await openDirectorySession(profile, settingsFromProfile(profile, dc.credentials.password), false, () => {});
  const { services } = session;
  for (const name of ['Viabulk', 'Viaservices', 'Vialdapadd']) await services.tenants.create({ name, settings: { mailDomains: [`${name.toLowerCase()}.test`] } });

  const jobs = await mkdtemp(path.join(tmpdir(), 'enclave-ad-bench-'));
  const runner = new JobRunner({ root: jobs, emit: () => {}, auditJournal: new AuditJournal(path.join(jobs, 'audit', 'journal.jsonl')) });
  const csv = csvFile(
    importColumns.map((column) => column.header),
    Array.from({ length: count }, (_, i) => [`b${i}`, 'Zoë', `Surname ${i}`, '', `b${i}@viabulk.test`, `alias.b${i}@viabulk.test`, '', `Bench-pass-${i}`, '', 'yes']),
  );
  let started = performance.now();
  const job = await runner.start(services, { tenant: 'Viabulk', csv, mode: 'create', onlyValid: false, fileName: 'bench.csv' });
  const end = await runner.wait(job.jobId);
  const bulkPerSec = count / ((performance.now() - started) / 1000);
  await rm(jobs, { recursive: true, force: true });
  if (end.state !== 'completed' || end.created !== count) throw new Error(`bulk job ended ${end.state}: ${JSON.stringify(end)}`);

  started = performance.now();
  for (let i = 0; i < count; i++) {
    await services.mailboxes.create({ tenant: 'Viaservices', login: `s${i}`, givenName: 'Zoë', surname: `Surname ${i}`, displayName: '', primaryAddress: `s${i}@viaservices.test`, aliases: [`alias.s${i}@viaservices.test`], hiddenFromAddressBook: false, password: `Bench-pass-${i}`, enabled: true, groups: [] });
  }
  const servicesPerSec = count / ((performance.now() - started) / 1000);

  const { dialect } = services.context;
  const allUsers = dialect.groupDn('Vialdapadd', 'security', 'all-users');
  const records: string[] = [];
  for (let i = 0; i < count; i++) {
    const dn = childDn(dialect.layout.mailboxesDn('Vialdapadd'), 'CN', `l${i}`);
    records.push([`dn: ${dn}`, 'objectClass: user', `sAMAccountName: l${i}`, `userPrincipalName: l${i}@vialdapadd.test`, 'givenName:: ' + Buffer.from('Zoë').toString('base64'), `sn: Surname ${i}`, `mail: l${i}@vialdapadd.test`, `proxyAddresses: SMTP:l${i}@vialdapadd.test`, `proxyAddresses: smtp:alias.l${i}@vialdapadd.test`, 'userAccountControl: 512', `unicodePwd:: ${unicodePwdValue(`Bench-pass-${i}`).toString('base64')}`, ''].join('\n'));
    records.push([`dn: ${allUsers}`, 'changetype: modify', 'add: member', `member: ${dn}`, '-', ''].join('\n'));
  }
  const ldif = path.join(dc.dir, 'bench.ldif');
  const passwordFile = path.join(dc.dir, 'bench.pw');
  await writeFile(ldif, records.map((r) => (r.includes('changetype') ? r : r.replace(/^(dn: .*)$/m, '$1\nchangetype: add'))).join('\n'));
  await writeFile(passwordFile, dc.credentials.password, { mode: 0o600 });
  started = performance.now();
  // OpenLDAP's client cannot be told the certificate's name (DC1.hosting.test) apart from the URL's address:
  // the CA is given, and the name check relaxed for this baseline tool only.
  await promisify(execFile)('ldapmodify', ['-x', '-H', dc.ldapsUrl, '-D', dc.credentials.bindDN, '-y', passwordFile, '-f', ldif], {
    env: { ...process.env, LDAPTLS_CACERT: path.join(dc.dir, 'private', 'tls', 'ca.pem'), LDAPTLS_REQCERT: 'allow' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const ldapaddPerSec = count / ((performance.now() - started) / 1000);
  const check = await Promise.all(['Viabulk', 'Viaservices', 'Vialdapadd'].map((name) => services.tenants.countMailboxes(name)));
  if (check.some((found) => found !== count)) throw new Error(`expected ${count} each, found ${check.join(' / ')}`);
  await session.connection.dispose();
  const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
  console.log(JSON.stringify({ flavor: 'active-directory', transport: 'ldaps', rows: count, enclavePerSec: round(bulkPerSec, 1), ldapaddPerSec: round(ldapaddPerSec, 1), ratio: round(bulkPerSec / ldapaddPerSec, 2), enclaveServicesPerSec: round(servicesPerSec, 1) }));
} finally {
  await dc.stop();
}
