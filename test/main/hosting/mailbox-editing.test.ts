/** What the console's mailbox editor relies on: revisions, conflicts, per-tenant search, unlock, pool usage, roles. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { tenantUsage } from '../../../main/hosting/tenant-usage';
import { replace } from '../../../main/directory/changes';
import type { CreateMailboxRequest } from '../../../shared/model/hosting';
import { expectFailure } from '../../harness/expect-failure';
import { openSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let session: DirectorySession;
const gib = 2 ** 30;

const request = (login: string, overrides: Partial<CreateMailboxRequest> = {}): CreateMailboxRequest => ({
  tenant: 'Initech',
  login,
  givenName: '',
  surname: login,
  displayName: '',
  primaryAddress: `${login}@initech.test`,
  aliases: [],
  hiddenFromAddressBook: false,
  password: 'Correct-Horse-9',
  enabled: true,
  groups: [],
  ...overrides,
});

beforeAll(async () => {
  dir = await startTestDirectory();
  session = await openSession(dir);
  await session.services.tenants.create({ name: 'Initech', settings: { mailDomains: ['initech.test'], storagePoolBytes: 10 * gib, defaultQuotaBytes: gib } });
  await session.services.mailboxes.create(request('peter', { surname: 'Gibbons', quotaBytes: 2 * gib }));
  await session.services.mailboxes.create(request('milton', { surname: 'Waddams' }));
  await session.services.groups.addMembers({ tenant: 'Initech', kind: 'security', name: 'tenant-admins' }, ['peter']);
});
afterAll(async () => {
  await session?.connection.dispose();
  await dir?.stop();
});

describe('MailboxService', () => {
  describe('#update() with expectedRevision', () => {
    it('reads a revision and changes it on every write', async () => {
      const before = await session.services.mailboxes.get('Initech', 'milton');
      expect(before.revision).not.toBe('');
      const after = await session.services.mailboxes.update('Initech', 'milton', { displayName: 'Milton W.' }, before.revision);
      expect(after.revision).not.toBe(before.revision);
    });

    it('refuses a stale revision as a conflict and writes nothing', async () => {
      const stale = await session.services.mailboxes.get('Initech', 'milton');
      await session.services.mailboxes.update('Initech', 'milton', { givenName: 'Milt' });
      await expectFailure(session.services.mailboxes.update('Initech', 'milton', { surname: 'Overwritten' }, stale.revision), 'conflict');
      expect((await session.services.mailboxes.get('Initech', 'milton')).surname).toBe('Waddams');
    });
  });

  describe('#list() with a query', () => {
    it('returns only the mailboxes matching on the server', async () => {
      const page = await session.services.mailboxes.list('Initech', 50, undefined, 'gibb');
      expect(page.items.map((m) => m.login)).toEqual(['peter']);
    });
  });

  describe('#unlock()', () => {
    it('lifts a lockout, and refuses a disabled mailbox', async () => {
      const mailbox = await session.services.mailboxes.get('Initech', 'milton');
      await session.connection.modify(mailbox.dn, [replace('pwdAccountLockedTime', '20240101000000Z')]);
      expect((await session.services.mailboxes.get('Initech', 'milton')).locked).toBe(true);
      expect((await session.services.mailboxes.unlock('Initech', 'milton')).locked).toBe(false);

      await session.services.mailboxes.setEnabled('Initech', 'milton', false);
      await expectFailure(session.services.mailboxes.unlock('Initech', 'milton'), 'invalid-input', /disabled/);
      await session.services.mailboxes.setEnabled('Initech', 'milton', true);
    });
  });
});

describe('tenantUsage()', () => {
  it('sums the quotas against the pool', async () => {
    expect(await tenantUsage(session.services, 'Initech')).toEqual({
      tenant: 'Initech',
      allocatedBytes: 3 * gib,
      storagePoolBytes: 10 * gib,
      remainingBytes: 7 * gib,
      allowOvercommit: false,
    });
  });
});

describe('detectBoundRole() through the session', () => {
  it('names host admins, helpdesk and tenant admins', async () => {
    expect(session.info.role).toEqual({ kind: 'host-admin' });
    const helpdesk = await openSession(dir, dir.helpdesk.bindDN, dir.helpdesk.password);
    const peter = await openSession(dir, (await session.services.mailboxes.get('Initech', 'peter')).dn, 'Correct-Horse-9');
    try {
      expect(helpdesk.info.role).toEqual({ kind: 'helpdesk' });
      expect(peter.info.role).toEqual({ kind: 'tenant-admin', tenants: ['Initech'] });
    } finally {
      await helpdesk.connection.dispose();
      await peter.connection.dispose();
    }
  });
});
