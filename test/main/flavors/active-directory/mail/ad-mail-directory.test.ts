/**
 * The AD flavor's filters and attributes as the generators put them in Dovecot's and Postfix's files (checked against
 * a real DC: test/main/mail/mail-servers.active-directory.test.ts); here what text they are, and that the generated
 * Dovecot configuration leaves out what AD cannot give (the per-mailbox size limit).
 */
import { describe, expect, it } from 'vitest';
import { activeDirectoryMailDirectory } from '../../../../../main/flavors/active-directory/mail/ad-mail-directory';
import { dovecotFiles, generateDovecotConfig } from '../../../../../main/mail/dovecot-config';
import { generatePostfixConfig } from '../../../../../main/mail/postfix-config';
import type { DovecotOptions } from '../../../../../main/mail/mail-config-options';

const directory = activeDirectoryMailDirectory('DC=hosting,DC=test');
const access = { urls: ['ldaps://dc1.hosting.test'], serviceDn: directory.serviceAccountDn('mail1'), servicePassword: 'Abc-123_xyzXYZ', startTls: false, caFile: '/etc/ssl/dc-ca.pem' };
const options: DovecotOptions = {
  configDir: '/etc/dovecot/enclave', mailRoot: '/var/vmail', vmailUser: 'vmail', vmailGroup: 'vmail', listen: '*', imapPort: 143, pop3: false, pop3Port: 110, lmtpPort: 24,
  authFailureDelay: '2 secs', tls: null, stateDir: '/var/lib/dovecot/enclave', private: null, doveadmHttp: null,
};

describe('activeDirectoryMailDirectory()', () => {
  it('finds mailboxes by any proxyAddresses value, enabled ones by the ACCOUNTDISABLE bit', () => {
    expect(directory.mailboxByAddress('%u', true)).toBe('(&(&(objectCategory=person)(objectClass=user))(!(userAccountControl:1.2.840.113556.1.4.803:=2))(proxyAddresses=smtp:%u))');
    expect(directory.mailboxByLogin('%u')).toBe('(&(&(objectCategory=person)(objectClass=user))(sAMAccountName=%u))');
  });

  it('reads the service settings as deny:/allow: tokens of the tenant and the mailbox', () => {
    expect(directory.tenantRefusing('%d', '%s')).toBe('(&(&(objectClass=organizationalUnit)(adminDescription=enclave-tenant*))(uPNSuffixes=%d)(adminDescription=enclave-tenant*deny:%s*))');
    expect(directory.mailboxAllowing('%u', '%s')).toMatch(/\(msDS-cloudExtensionAttribute3=\*allow:%s\*\)\)$/);
  });

  it('keys the mail folder on the login and its creation time (objectGUID is binary)', () => {
    expect(directory.storeKeyExpression).toBe('%{ldap:sAMAccountName}-%{ldap:whenCreated}');
    expect(directory.serviceAccountDn('mail1')).toBe('CN=mail1,OU=Services,OU=Host,DC=hosting,DC=test');
  });

  it('gives Dovecot no per-mailbox size limit and no tenant delivery lookup; the CA file for LDAPS', () => {
    const files = generateDovecotConfig(directory, access, options);
    expect(files.map((f) => f.name)).not.toContain(dovecotFiles.deliveryTenant);
    const main = files.find((f) => f.name === dovecotFiles.main)?.content ?? '';
    expect(main).not.toMatch(/delivery-tenant/);
    const delivery = files.find((f) => f.name === dovecotFiles.delivery)?.content ?? '';
    expect(delivery).toMatch(/^tls_ca_cert_file = \/etc\/ssl\/dc-ca\.pem$/m);
    expect(delivery).toMatch(/home=\/var\/vmail\/%\{ldap:sAMAccountName\}-%\{ldap:whenCreated\}/);
    expect(delivery).not.toMatch(/quota_max_mail_size/);
    const lists = generatePostfixConfig(directory, access, { configDir: '/etc/postfix/enclave', lmtpHost: '127.0.0.1', lmtpPort: 24 }).find((f) => f.name === 'virtual-lists.cf')?.content ?? '';
    expect(lists).toMatch(/^leaf_result_attribute = mail$/m);
  });
});
