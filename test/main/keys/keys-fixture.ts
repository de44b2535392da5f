/**
 * The tenants, mailboxes and certificates the key tests of both directory flavors share, written the way another
 * tool would (straight to the directory as the host admin, past the console's checks), so the inventory has
 * something to find:
 *
 * - Acme has its own CA: alice (good, plus her chain as PKCS#7 in userSMIMECertificate), carol (expired in 2021),
 *   dave (a certificate for an address that is not his), erin (expires in 10 days), frank (his key is hank's too).
 * - Globex and Initech share one CA ("Hosted Keys"): gina (good, and a garbage userSMIMECertificate value),
 *   hank (Globex: frank's key), ivan (Initech).
 */
import type { DirectorySession } from '../../../main/app/directory-session';
import { addBinaryValues } from '../../../main/directory/changes';
import type { CreateMailboxRequest } from '../../../shared/model/hosting';
import { TestCertificates, type TestCa, type TestCertificate } from '../../harness/test-certificates';

export const keysPassword = 'Keys-pass-1x';
const dayMs = 86_400_000;

export const mailboxRequest = (tenant: string, login: string, domain: string): CreateMailboxRequest => ({
  tenant, login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@${domain}`, aliases: [], quotaBytes: null,
  hiddenFromAddressBook: false, password: keysPassword, enabled: true, groups: [],
});

export interface KeysFixture {
  certs: TestCertificates;
  acmeCa: TestCa;
  hostedCa: TestCa;
  byLogin: Record<'alice' | 'carol' | 'dave' | 'erin' | 'frank' | 'gina' | 'hank' | 'ivan', TestCertificate>;
  /** The PKCS#7 value on alice and the unreadable value on gina. */
  aliceBundle: Buffer;
  garbage: Buffer;
  dispose(): Promise<void>;
}

const tenants = [
  { name: 'Acme', domain: 'acme.test', logins: ['alice', 'carol', 'dave', 'erin', 'frank', 'nocert'] },
  { name: 'Globex', domain: 'globex.test', logins: ['gina', 'hank'] },
  { name: 'Initech', domain: 'initech.test', logins: ['ivan'] },
] as const;

export async function seedKeysFixture(session: DirectorySession): Promise<KeysFixture> {
  const { services, connection } = session;
  const { dialect } = services.context;
  const certs = await TestCertificates.create();
  for (const tenant of tenants) {
    await services.tenants.create({ name: tenant.name, settings: { mailDomains: [tenant.domain] } });
    for (const login of tenant.logins) await services.mailboxes.create(mailboxRequest(tenant.name, login, tenant.domain));
  }
  const acmeCa = await certs.ca('Acme');
  const hostedCa = await certs.ca('Hosted Keys');
  const sharedKey = await certs.key();
  const now = Date.now();
  const byLogin = {
    alice: await certs.issue(acmeCa, { subject: '/CN=Alice/O=Acme', emails: ['alice@acme.test'] }),
    carol: await certs.issue(acmeCa, { subject: '/CN=Carol/O=Acme', emails: ['carol@acme.test'], notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') }),
    dave: await certs.issue(acmeCa, { subject: '/CN=Dave/O=Acme', emails: ['dave@elsewhere.test'] }),
    erin: await certs.issue(acmeCa, { subject: '/CN=Erin/O=Acme', emails: ['erin@acme.test'], notBefore: new Date(now - 300 * dayMs), notAfter: new Date(now + 10 * dayMs + 3_600_000) }),
    frank: await certs.issue(acmeCa, { subject: '/CN=Frank/O=Acme', emails: ['frank@acme.test'], keyFile: sharedKey }),
    gina: await certs.issue(hostedCa, { subject: '/CN=Gina/O=Globex', emails: ['gina@globex.test'] }),
    hank: await certs.issue(hostedCa, { subject: '/CN=Hank/O=Globex', emails: ['hank@globex.test'], keyFile: sharedKey }),
    ivan: await certs.issue(hostedCa, { subject: '/CN=Ivan/O=Initech', emails: ['ivan@initech.test'] }),
  };
  const aliceBundle = await certs.pkcs7([byLogin.alice, acmeCa]);
  const garbage = Buffer.from('0123456789 not a certificate');
  const [x509Attribute, smimeAttribute] = dialect.certificates.stored.map((s) => s.attribute) as [string, string];
  for (const tenant of tenants) {
    for (const login of tenant.logins) {
      const certificate = (byLogin as Record<string, TestCertificate | undefined>)[login];
      if (!certificate) continue;
      const dn = (await services.mailboxes.get(tenant.name, login)).dn;
      await connection.modify(dn, [addBinaryValues(x509Attribute, [certificate.der])]);
    }
  }
  await connection.modify((await services.mailboxes.get('Acme', 'alice')).dn, [addBinaryValues(smimeAttribute, [aliceBundle])]);
  await connection.modify((await services.mailboxes.get('Globex', 'gina')).dn, [addBinaryValues(smimeAttribute, [garbage])]);
  return { certs, acmeCa, hostedCa, byLogin, aliceBundle, garbage, dispose: () => certs.dispose() };
}
