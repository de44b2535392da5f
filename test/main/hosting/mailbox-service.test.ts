import { InvalidCredentialsError } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import type { CreateMailboxRequest } from '../../../shared/model/hosting';
import { expectFailure } from '../../harness/expect-failure';
import { openSession } from '../../harness/hosting-session';
import { boundClient, rootClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let session: DirectorySession;
const gib = 2 ** 30;

beforeAll(async () => {
  dir = await startTestDirectory();
  session = await openSession(dir);
  await session.services.tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test', 'acme-mail.test'], storagePoolBytes: 10 * gib, defaultQuotaBytes: gib } });
  await session.services.tenants.create({ name: 'Globex', settings: { mailDomains: ['globex.test'], mailboxLimit: 2 } });
});
afterAll(async () => {
  await session?.connection.dispose();
  await dir?.stop();
});

const request = (login: string, overrides: Partial<CreateMailboxRequest> = {}): CreateMailboxRequest => ({
  tenant: 'Acme',
  login,
  givenName: '',
  surname: login,
  displayName: '',
  primaryAddress: `${login}@acme.test`,
  aliases: [],
  hiddenFromAddressBook: false,
  password: 'Correct-Horse-9',
  enabled: true,
  groups: [],
  ...overrides,
});

const canBind = async (dn: string, password: string) => {
  try {
    const client = await boundClient(dir.info.url, dn, password);
    await client.unbind();
    return true;
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return false;
    throw error;
  }
};

describe('MailboxService', () => {
  describe('#create()', () => {
    it('creates a mailbox with aliases, names with special characters and the tenant default quota', async () => {
      const created = await session.services.mailboxes.create(
        request('zoe', { givenName: 'Zoë', surname: `O'Brien, "Jr." <x>; #+=\\`, displayName: 'Zoë O’Brien', aliases: ['z@acme.test', 'zoe@acme-mail.test'] }),
      );
      expect(created).toMatchObject({
        login: 'zoe',
        givenName: 'Zoë',
        surname: `O'Brien, "Jr." <x>; #+=\\`,
        displayName: 'Zoë O’Brien',
        primaryAddress: 'zoe@acme.test',
        aliases: ['z@acme.test', 'zoe@acme-mail.test'],
        quotaBytes: gib,
        enabled: true,
        locked: false,
      });
      expect(await canBind(created.dn, 'Correct-Horse-9')).toBe(true);
    });

    it('joins the all-users group and only the groups asked for', async () => {
      await session.services.groups.create({ tenant: 'Acme', kind: 'distribution', name: 'Sales', description: '', address: 'sales@acme.test', members: [] });
      await session.services.mailboxes.create(request('sam', { groups: ['Sales'] }));
      const groups = await session.services.groups.list('Acme');
      const memberOf = groups.filter((g) => g.members.some((m) => m.login === 'sam')).map((g) => g.name);
      expect(memberOf.sort()).toEqual(['Sales', 'all-users']);
    });

    it('refuses an unknown group before writing anything', async () => {
      await expectFailure(session.services.mailboxes.create(request('ghost', { groups: ['Nope'] })), 'invalid-input', /no group or list named "Nope"/);
      await expectFailure(session.services.mailboxes.get('Acme', 'ghost'), 'not-found');
    });

    it('refuses a login that exists in any tenant', async () => {
      await session.services.mailboxes.create(request('dup'));
      await expectFailure(session.services.mailboxes.create(request('dup', { tenant: 'Globex', primaryAddress: 'dup@globex.test' })), 'already-exists', /login name "dup" is already taken in tenant "Acme"/);
    });

    it('refuses an address used anywhere, as primary or alias', async () => {
      await expectFailure(session.services.mailboxes.create(request('other', { primaryAddress: 'z@acme.test' })), 'address-in-use', /z@acme\.test is already used in tenant "Acme"/);
      await expectFailure(session.services.mailboxes.create(request('other', { aliases: ['sales@acme.test'] })), 'address-in-use');
    });

    it('refuses an address in another tenant\'s domain, naming the field', async () => {
      const error = await expectFailure(session.services.mailboxes.create(request('cross', { aliases: ['cross@globex.test'] })), 'invalid-input', /not in a domain of tenant "Acme"/);
      expect(error.kind === 'invalid-input' && error.issues[0]?.path).toEqual(['aliases', 0]);
    });

    it('the server itself refuses a duplicate address that bypasses the console', async () => {
      const zoe = await session.services.mailboxes.get('Acme', 'zoe');
      await expectFailure(
        session.connection.add(`uid=raw,${session.services.context.dialect.layout.mailboxesDn('Acme')}`, {
          objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'], enclaveMailboxQuotaBytes: '0',
          uid: 'raw', cn: 'raw', sn: 'raw', mail: 'raw@acme.test', mailLocalAddress: ['raw@acme.test', zoe.primaryAddress], userPassword: 'Raw-Pass-1x',
        }),
        'policy-violation',
      );
    });

    it('enforces the tenant mailbox limit and storage pool', async () => {
      await session.services.mailboxes.create(request('g1', { tenant: 'Globex', primaryAddress: 'g1@globex.test' }));
      await session.services.mailboxes.create(request('g2', { tenant: 'Globex', primaryAddress: 'g2@globex.test' }));
      await expectFailure(session.services.mailboxes.create(request('g3', { tenant: 'Globex', primaryAddress: 'g3@globex.test' })), 'policy-violation', /2 of its 2 allowed mailboxes/);
      await expectFailure(session.services.mailboxes.create(request('huge', { quotaBytes: 100 * gib })), 'invalid-input', /exceeds what is left in the storage pool/);
    });
  });

  describe('#update()', () => {
    it('applies only the changed fields and keeps the rest', async () => {
      const updated = await session.services.mailboxes.update('Acme', 'zoe', { primaryAddress: 'zoe.obrien@acme.test', aliases: ['zoe@acme.test'], quotaBytes: 2 * gib });
      expect(updated).toMatchObject({ givenName: 'Zoë', primaryAddress: 'zoe.obrien@acme.test', aliases: ['zoe@acme.test'], quotaBytes: 2 * gib });
      // The freed address can be used again.
      await session.services.mailboxes.create(request('zed', { primaryAddress: 'z@acme.test' }));
    });

    it('refuses a quota beyond the pool', async () => {
      await expectFailure(session.services.mailboxes.update('Acme', 'zoe', { quotaBytes: 11 * gib }), 'invalid-input', /storage pool/);
    });
  });

  describe('#setEnabled() / #resetPassword()', () => {
    it('disabling makes the server refuse binds; enabling restores them', async () => {
      const m = await session.services.mailboxes.create(request('toggle'));
      const disabled = await session.services.mailboxes.setEnabled('Acme', 'toggle', false);
      expect(disabled.enabled).toBe(false);
      expect(await canBind(m.dn, 'Correct-Horse-9')).toBe(false);
      await session.services.mailboxes.setEnabled('Acme', 'toggle', true);
      expect(await canBind(m.dn, 'Correct-Horse-9')).toBe(true);
    });

    it('keeps a disabled mailbox disabled when its password is reset (a password change lifts ppolicy’s lock)', async () => {
      await session.services.mailboxes.setEnabled('Acme', 'toggle', false);
      await session.services.mailboxes.resetPassword('Acme', 'toggle', 'Reset-While-Off-1');
      const m = await session.services.mailboxes.get('Acme', 'toggle');
      expect(m.enabled).toBe(false);
      expect(await canBind(m.dn, 'Reset-While-Off-1')).toBe(false);
      await session.services.mailboxes.setEnabled('Acme', 'toggle', true);
      expect(await canBind(m.dn, 'Reset-While-Off-1')).toBe(true);
    });

    it('passes on the server password policy and hashes what it accepts', async () => {
      // The console checks the tenant's policy first; bypassed, the server refuses the same password itself.
      await expectFailure(session.services.mailboxes.resetPassword('Acme', 'toggle', 'abc'), 'invalid-input', /at least 8 characters/);
      const toggle = await session.services.mailboxes.get('Acme', 'toggle');
      await expectFailure(session.connection.modify(toggle.dn, session.services.context.dialect.passwordChanges('abc')), 'policy-violation', /policy|quality/i);
      await session.services.mailboxes.resetPassword('Acme', 'toggle', 'Another-Good-1');
      const m = await session.services.mailboxes.get('Acme', 'toggle');
      expect(await canBind(m.dn, 'Another-Good-1')).toBe(true);
      // Nobody reads a hash through the access rules, host admins included: the rootDN looks.
      expect((await session.connection.read(m.dn, ['userPassword']))?.['userPassword'] ?? []).toEqual([]);
      const root = await rootClient(dir);
      try {
        const { searchEntries } = await root.search(m.dn, { attributes: ['userPassword'] });
        expect(String(searchEntries[0]?.['userPassword'])).toMatch(/^\{SSHA\}/);
      } finally {
        await root.unbind();
      }
    });
  });

  describe('#delete()', () => {
    it('removes the mailbox and its group memberships', async () => {
      await session.services.mailboxes.delete('Acme', 'sam');
      await expectFailure(session.services.mailboxes.get('Acme', 'sam'), 'not-found', /no mailbox with login "sam"/);
      const sales = await session.services.groups.get({ tenant: 'Acme', kind: 'distribution', name: 'Sales' });
      expect(sales.members).toEqual([]);
    });
  });

  describe('#list()', () => {
    it('pages through 1,200 mailboxes from the server without losing or repeating one', async () => {
      await session.services.tenants.create({ name: 'Big', settings: { mailDomains: ['big.test'] } });
      const mailboxesDn = session.services.context.dialect.layout.mailboxesDn('Big');
      await Promise.all(
        Array.from({ length: 1200 }, (_, i) =>
          session.connection.add(`uid=u${i},${mailboxesDn}`, {
            objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'], enclaveMailboxQuotaBytes: '0',
            uid: `u${i}`, cn: `User ${i}`, sn: `${i}`, mail: `u${i}@big.test`, mailLocalAddress: `u${i}@big.test`, userPassword: 'Raw-Pass-1x',
          }),
        ),
      );
      const seen = new Set<string>();
      let page = await session.services.mailboxes.list('Big', 500);
      let pages = 1;
      page.items.forEach((m) => seen.add(m.login));
      while (page.nextCursor) {
        page = await session.services.mailboxes.list('Big', 500, page.nextCursor);
        page.items.forEach((m) => seen.add(m.login));
        pages += 1;
      }
      expect(seen.size).toBe(1200);
      expect(pages).toBe(3);
      expect((await session.services.tenants.get('Big')).mailboxCount).toBe(1200);
    });

    it('reports an expired cursor clearly', async () => {
      await expectFailure(session.services.mailboxes.list('Acme', 10, 'ffff'), 'invalid-input', /expired/);
    });
  });
});
