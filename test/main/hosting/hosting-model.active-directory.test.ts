/**
 * The shared hosting-model suite on Active Directory — a real Samba AD DC over LDAPS (test/harness/samba-test-dc.ts)
 * — plus what only AD does: the primary-group sequence, passwords only over TLS, uniqueness the server does not
 * enforce, and tenant isolation through protected DACLs.
 */
import { EqualityFilter } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../../../main/app/directory-session';
import { readObjectSid } from '../../../main/flavors/active-directory/directory/object-sid';
import { ridOf } from '../../../main/flavors/active-directory/directory/security-descriptor';
import { activeDirectoryKnownLeaks } from '../../../main/flavors/active-directory/verifier/ad-known-leaks';
import type { ConnectionProfile, TlsMode } from '../../../shared/model/connection';
import type { CreateMailboxRequest } from '../../../shared/model/hosting';
import { expectFailure } from '../../harness/expect-failure';
import { canBindToDc } from '../../harness/samba-session';
import { sambaUnavailableReason, startSambaTestDc, type SambaTestDc } from '../../harness/samba-test-dc';
import { skipWithoutServer } from '../../harness/required-server';
import { hostingModelSuite } from './hosting-model-suite';
import { resolveSignInName } from '../../../main/app/sign-in-name';

const skip = skipWithoutServer('the Active Directory suite', await sambaUnavailableReason());

let dc: SambaTestDc;
let session: DirectorySession;

const profile = (bindDN: string, tlsMode: TlsMode = 'ldaps'): ConnectionProfile => ({
  id: 'ad-test', name: 'ad test', urls: [tlsMode === 'ldaps' ? dc.ldapsUrl : dc.ldapUrl], bindDN, tlsMode,
  caCertificatePem: dc.caPem, tlsServerName: dc.tlsServerName, baseDN: dc.suffix, flavor: 'auto',
});
const open = (bindDN: string, password: string, tlsMode: TlsMode = 'ldaps') =>
  openDirectorySession(profile(bindDN, tlsMode), settingsFromProfile(profile(bindDN, tlsMode), password), false, () => {});

const canBind = (dn: string, password: string) => canBindToDc(dc, dn, password);

const mailbox = (tenant: string, login: string, address: string, overrides: Partial<CreateMailboxRequest> = {}): CreateMailboxRequest => ({
  tenant, login, givenName: '', surname: login, displayName: '', primaryAddress: address, aliases: [], hiddenFromAddressBook: false,
  password: 'Correct-Horse-9', enabled: true, groups: [], ...overrides,
});

describe.skipIf(skip)('hosting model on Active Directory (Samba AD DC)', () => {
  beforeAll(async () => {
    dc = await startSambaTestDc();
    session = await open(dc.credentials.bindDN, dc.credentials.password);
  }, 240_000);
  afterAll(async () => {
    await session?.connection.dispose();
    await dc?.stop();
  });

  hostingModelSuite(() => ({
    flavor: 'active-directory',
    session,
    canBind,
    addRawMailboxes: async (tenant, domain, count) => {
      const mailboxesDn = session.services.context.dialect.layout.mailboxesDn(tenant);
      await Promise.all(
        Array.from({ length: count }, (_, i) =>
          session.connection.add(`CN=u${i},${mailboxesDn}`, { objectClass: ['user'], sAMAccountName: `u${i}`, sn: `${i}`, mail: `u${i}@${domain}` }),
        ),
      );
    },
  }));

  describe('Active Directory only', () => {
    it('is recognised from the rootDSE and bound as a host admin', () => {
      expect(session.info.flavor).toBe('active-directory');
      expect(session.info.role).toEqual({ kind: 'host-admin' });
    });

    it('keeps "must change at next logon" (pwdLastSet 0) and an expiry (accountExpires)', async () => {
      await session.services.tenants.create({ name: 'Policy', settings: { mailDomains: ['policy.test'] } });
      const expiresAt = '2031-01-31T00:00:00Z';
      const created = await session.services.mailboxes.create(mailbox('Policy', 'mustchange', 'mustchange@policy.test', { password: 'Change-Me-Soon-1', mustChangePassword: true, expiresAt }));
      expect(created).toMatchObject({ mustChangePassword: true, expiresAt });
      // Must change: AD refuses the bind itself (data 773) until the password is changed.
      expect(await canBind(created.dn, 'Change-Me-Soon-1')).toBe(false);
      await session.services.mailboxes.resetPassword('Policy', 'mustchange', 'Given-Out-Pass-2');
      expect((await session.services.mailboxes.get('Policy', 'mustchange')).mustChangePassword).toBe(false);
      expect(await canBind(created.dn, 'Given-Out-Pass-2')).toBe(true);
      await session.services.mailboxes.resetPassword('Policy', 'mustchange', 'Given-Out-Pass-3', true);
      expect((await session.services.mailboxes.get('Policy', 'mustchange')).mustChangePassword).toBe(true);
      expect((await session.services.mailboxes.update('Policy', 'mustchange', { expiresAt: null, mustChangePassword: false })).expiresAt).toBeNull();
    });

    it('signs a tenant admin in by UPN or bare login, and knows its DN and role (sign-in-name.ts)', async () => {
      await session.services.tenants.create({ name: 'Signin', settings: { mailDomains: ['signin.test'] } });
      await session.services.mailboxes.create(mailbox('Signin', 'sally', 'sally@signin.test', { password: 'Sally-Pass-123' }));
      await session.services.groups.addMembers({ tenant: 'Signin', kind: 'security', name: 'tenant-admins' }, ['sally']);
      for (const name of ['sally@signin.test', 'sally']) {
        const resolved = await resolveSignInName({ profile: profile(name), password: 'Sally-Pass-123', lookupPassword: null }, (dn, secret) => settingsFromProfile(profile(dn), secret));
        expect(resolved).toMatch(/^CN=sally,OU=Mailboxes,OU=Signin,/i);
        const signedIn = await open(resolved, 'Sally-Pass-123');
        expect(signedIn.info.role).toEqual({ kind: 'tenant-admin', tenants: ['Signin'] });
        await signedIn.connection.dispose();
      }
      await expectFailure(
        resolveSignInName({ profile: profile('sally@signin.test'), password: 'wrong', lookupPassword: null }, (dn, secret) => settingsFromProfile(profile(dn), secret)),
        'invalid-credentials',
      );
    });

    it('writes users with sAMAccountName, UPN in the tenant domain, proxyAddresses and userAccountControl', async () => {
      await session.services.tenants.create({ name: 'Initech', settings: { mailDomains: ['initech.test', 'initrode.test'], storagePoolBytes: 10 * 2 ** 30 } });
      const peter = await session.services.mailboxes.create(mailbox('Initech', 'peter', 'peter@initech.test', { aliases: ['pete@initrode.test'], quotaBytes: 2 ** 30 }));
      const raw = await session.connection.read(peter.dn, ['sAMAccountName', 'userPrincipalName', 'proxyAddresses', 'userAccountControl', 'msDS-cloudExtensionAttribute1']);
      expect(raw).toMatchObject({ sAMAccountName: 'peter', userPrincipalName: 'peter@initech.test', userAccountControl: '512', 'msDS-cloudExtensionAttribute1': '1073741824' });
      expect([raw?.['proxyAddresses']].flat().sort()).toEqual(['SMTP:peter@initech.test', 'smtp:pete@initrode.test']);
      expect(await canBind('peter@initech.test', 'Correct-Horse-9')).toBe(true);
      const tenant = await session.connection.read(session.services.context.dialect.layout.tenantDn('Initech'), ['uPNSuffixes', 'adminDescription']);
      expect(tenant).toMatchObject({ adminDescription: 'enclave-tenant storagePoolBytes=10737418240 allowOvercommit=false' });
    });

    it('makes all-users the primary group and removes Domain Users membership (no silent default group)', async () => {
      const peter = await session.services.mailboxes.get('Initech', 'peter');
      const allUsersDn = session.services.context.dialect.groupDn('Initech', 'security', 'all-users');
      const groupRid = ridOf((await readObjectSid(session.connection, allUsersDn)) ?? '');
      const user = await session.connection.read(peter.dn, ['primaryGroupID', 'memberOf']);
      expect(user?.['primaryGroupID']).toBe(String(groupRid));
      expect([user?.['memberOf'] ?? []].flat()).toEqual([]);
      const [domainUsers] = await session.connection.search(dc.suffix, { filter: new EqualityFilter({ attribute: 'sAMAccountName', value: 'Domain Users' }), attributes: ['member'] });
      expect([domainUsers?.['member'] ?? []].flat().filter((dn) => String(dn).includes('Initech'))).toEqual([]);
      const allUsers = await session.services.groups.get({ tenant: 'Initech', kind: 'security', name: 'all-users' });
      expect(allUsers.members.map((m) => m.login)).toEqual(['peter']);
    });

    it('refuses an address another entry holds in proxyAddresses, whatever its case (the server accepts duplicates)', async () => {
      const mailboxesDn = session.services.context.dialect.layout.mailboxesDn('Initech');
      await session.connection.add(`CN=outsider,${mailboxesDn}`, { objectClass: ['user'], sAMAccountName: 'outsider', proxyAddresses: ['SMTP:Milton.W@Initech.Test', 'smtp:Red.Stapler@INITECH.test'] });
      await expectFailure(session.services.mailboxes.create(mailbox('Initech', 'milton', 'milton.w@initech.test')), 'address-in-use', /milton\.w@initech\.test is already used in tenant "Initech"/);
      await expectFailure(session.services.mailboxes.create(mailbox('Initech', 'milton', 'milton@initech.test', { aliases: ['red.stapler@initech.test'] })), 'address-in-use');
      await expectFailure(session.services.groups.create({ tenant: 'Initech', kind: 'distribution', name: 'Staplers', description: '', address: 'red.stapler@initech.test', members: [] }), 'address-in-use');
    });

    it('refuses to send a password over a plain connection, with a clear error and nothing written; StartTLS works', async () => {
      const plain = await open(dc.credentials.bindDN, dc.credentials.password, 'none');
      try {
        await expectFailure(plain.services.mailboxes.create(mailbox('Initech', 'plain', 'plain@initech.test')), 'invalid-input', /only over an encrypted connection.*LDAPS.*StartTLS/);
        await expectFailure(plain.services.mailboxes.get('Initech', 'plain'), 'not-found');
        await expectFailure(plain.services.mailboxes.resetPassword('Initech', 'peter', 'Plain-Text-1'), 'invalid-input', /encrypted/);
      } finally {
        await plain.connection.dispose();
      }
      const startTls = await open(dc.credentials.bindDN, dc.credentials.password, 'starttls');
      try {
        await startTls.services.mailboxes.resetPassword('Initech', 'peter', 'Over-StartTLS-2');
        expect(await canBind('peter@initech.test', 'Over-StartTLS-2')).toBe(true);
      } finally {
        await startTls.connection.dispose();
      }
    });

    it('reports a lockout and lifts it', async () => {
      const peter = await session.services.mailboxes.get('Initech', 'peter');
      await session.connection.modify(peter.dn, [new (await import('ldapts')).Change({ operation: 'replace', modification: new (await import('ldapts')).Attribute({ type: 'lockoutTime', values: ['133000000000000000'] }) })]);
      expect((await session.services.mailboxes.get('Initech', 'peter')).locked).toBe(true);
      expect((await session.services.mailboxes.unlock('Initech', 'peter')).locked).toBe(false);
    });
  });

  describe('tenant isolation (protected DACL on each tenant OU)', () => {
    const hidden = async (viewer: DirectorySession, tenant: string) => {
      const { layout } = viewer.services.context.dialect;
      const fromRoot = await viewer.connection.search(dc.suffix, { filter: '(objectClass=*)', attributes: ['1.1'] });
      const tenantDn = layout.tenantDn(tenant).toLowerCase();
      return { leaked: fromRoot.filter((e) => e.dn.toLowerCase().endsWith(tenantDn)).map((e) => e.dn), direct: await viewer.connection.read(layout.tenantDn(tenant)) };
    };

    it('a Globex user sees nothing of OU=Acme, not even the OU; an Acme user sees Acme', async () => {
      await session.services.mailboxes.create(mailbox('Globex', 'gina', 'gina@globex.test')).catch(async () => {
        await session.services.tenants.update('Globex', { mailboxLimit: 20 });
        await session.services.mailboxes.create(mailbox('Globex', 'gina', 'gina@globex.test'));
      });
      const gina = await open((await session.services.mailboxes.get('Globex', 'gina')).dn, 'Correct-Horse-9');
      const ann = await open((await session.services.mailboxes.get('Acme', 'ann')).dn, 'Correct-Horse-9');
      try {
        expect(await hidden(gina, 'Acme')).toEqual({ leaked: [], direct: null });
        expect(await gina.connection.search(dc.suffix, { filter: new EqualityFilter({ attribute: 'mail', value: 'ann@acme.test' }), attributes: ['1.1'] })).toEqual([]);
        expect((await gina.services.tenants.list()).map((t) => t.name)).toEqual(['Globex']);
        expect((await hidden(ann, 'Acme')).leaked.length).toBeGreaterThan(3);
        expect((await ann.services.tenants.list()).map((t) => t.name)).toEqual(['Acme']);
      } finally {
        await gina.connection.dispose();
        await ann.connection.dispose();
      }
    });

    it('what a tenant still sees is exactly the documented known leaks', async () => {
      const gina = await open((await session.services.mailboxes.get('Globex', 'gina')).dn, 'Correct-Horse-9');
      try {
        const visible = await gina.connection.search(dc.suffix, { filter: '(objectClass=*)', attributes: ['objectClass'] });
        const leaks = activeDirectoryKnownLeaks(dc.suffix);
        const unexplained = visible.filter((entry) => !leaks.explains(entry.dn, 'Globex'));
        expect(unexplained.map((e) => e.dn)).toEqual([]);
      } finally {
        await gina.connection.dispose();
      }
    });

    it('a tenant admin manages its own tenant only', async () => {
      await session.services.groups.addMembers({ tenant: 'Globex', kind: 'security', name: 'tenant-admins' }, ['gina']);
      const gina = await open((await session.services.mailboxes.get('Globex', 'gina')).dn, 'Correct-Horse-9');
      try {
        expect(gina.info.role).toEqual({ kind: 'tenant-admin', tenants: ['Globex'] });
        expect((await gina.services.mailboxes.update('Globex', 'gus', { displayName: 'Gus G.' })).displayName).toBe('Gus G.');
        await gina.services.mailboxes.resetPassword('Globex', 'gus', 'Set-By-Tenant-Admin-3');
        expect(await canBind('gus@globex.test', 'Set-By-Tenant-Admin-3')).toBe(true);
        await gina.services.groups.create({ tenant: 'Globex', kind: 'security', name: 'Ops', description: '', address: null, members: ['gus'] });
        // Outside its tenant the directory itself refuses: Acme does not exist for this account.
        const acmeAnn = (await session.services.mailboxes.get('Acme', 'ann')).dn;
        await expect(gina.connection.modify(acmeAnn, [new (await import('ldapts')).Change({ operation: 'replace', modification: new (await import('ldapts')).Attribute({ type: 'displayName', values: ['pwned'] }) })])).rejects.toThrow();
        expect((await session.services.mailboxes.get('Acme', 'ann')).displayName).not.toBe('pwned');
      } finally {
        await gina.connection.dispose();
      }
    });
  });
});
