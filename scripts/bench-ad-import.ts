/**
 * `npm run bench:ad-import [N]`: creating N mailboxes with passwords on a real Samba AD DC over LDAPS, through
 * Enclave's services (checks, add, password + enable, all-users membership, primary-group sequence) against
 * `ldapadd` of the same users (unicodePwd and userAccountControl in one add, then the membership) over LDAPS,
 * each into the same fresh DC (test harness: its own network namespace). Ends with one JSON line.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDirectorySession, settingsFromProfile } from '../main/app/directory-session';
import { unicodePwdValue } from '../main/active-directory/unicode-password';
import { childDn } from '../main/directory/dn';
import { startSambaTestDc } from '../test/harness/samba-test-dc';

const count = Number(process.argv[2] ?? 300);

const dc = await startSambaTestDc();
try {
  const profile = { id: 'bench', name: 'bench', urls: [dc.ldapsUrl], bindDN: dc.credentials.bindDN, tlsMode: 'ldaps' as const, caCertificatePem: dc.caPem, tlsServerName: dc.tlsServerName, baseDN: dc.suffix, flavor: 'auto' as const };
  const session = await openDirectorySession(profile, settingsFromProfile(profile, dc.credentials.password), false, () => {});
  const { services } = session;
  for (const name of ['Viaservices', 'Vialdapadd']) await services.tenants.create({ name, settings: { mailDomains: [`${name.toLowerCase()}.test`] } });

  let started = performance.now();
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
  const check = [await services.tenants.countMailboxes('Viaservices'), await services.tenants.countMailboxes('Vialdapadd')];
  if (check[0] !== count || check[1] !== count) throw new Error(`expected ${count} each, found ${check.join(' / ')}`);
  await session.connection.dispose();
  console.log(JSON.stringify({ flavor: 'active-directory', transport: 'ldaps', mailboxes: count, enclaveServicesPerSec: Math.round(servicesPerSec * 10) / 10, ldapaddPerSec: Math.round(ldapaddPerSec * 10) / 10, ratio: Math.round((servicesPerSec / ldapaddPerSec) * 100) / 100 }));
} finally {
  await dc.stop();
}
