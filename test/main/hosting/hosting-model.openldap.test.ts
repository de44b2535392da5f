/** The shared hosting-model suite on OpenLDAP (a real slapd), plus what only OpenLDAP does. */
import { InvalidCredentialsError } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { expectFailure } from '../../harness/expect-failure';
import { openSession } from '../../harness/hosting-session';
import { boundClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { hostingModelSuite } from './hosting-model-suite';

let dir: TestDirectory;
let session: DirectorySession;

beforeAll(async () => {
  dir = await startTestDirectory();
  session = await openSession(dir);
});
afterAll(async () => {
  await session?.connection.dispose();
  await dir?.stop();
});

const canBind = async (dn: string, password: string) => {
  try {
    await (await boundClient(dir.info.url, dn, password)).unbind();
    return true;
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return false;
    throw error;
  }
};

describe('hosting model on OpenLDAP', () => {
  hostingModelSuite(() => ({
    flavor: 'openldap',
    session,
    canBind,
    addRawMailboxes: async (tenant, domain, count) => {
      const mailboxesDn = session.services.context.dialect.layout.mailboxesDn(tenant);
      await Promise.all(
        Array.from({ length: count }, (_, i) =>
          session.connection.add(`uid=u${i},${mailboxesDn}`, {
            objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'], enclaveMailboxQuotaBytes: '0',
            uid: `u${i}`, cn: `User ${i}`, sn: `${i}`, mail: `u${i}@${domain}`, mailLocalAddress: `u${i}@${domain}`, userPassword: 'Raw-Pass-1x',
          }),
        ),
      );
    },
  }));

  describe('OpenLDAP only', () => {
    it('the unique overlay refuses a duplicate address that bypasses the console', async () => {
      await session.services.tenants.create({ name: 'Raw', settings: { mailDomains: ['raw.test'] } });
      await session.services.mailboxes.create({ tenant: 'Raw', login: 'rawone', givenName: '', surname: 'r', displayName: '', primaryAddress: 'one@raw.test', aliases: [], hiddenFromAddressBook: false, password: 'Correct-Horse-9', enabled: true, groups: [] });
      await expectFailure(
        session.connection.add(`uid=raw,${session.services.context.dialect.layout.mailboxesDn('Raw')}`, {
          objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'], enclaveMailboxQuotaBytes: '0',
          uid: 'raw', cn: 'raw', sn: 'raw', mail: 'raw@raw.test', mailLocalAddress: ['raw@raw.test', 'one@raw.test'],
        }),
        'policy-violation',
      );
      expect(session.info.flavor).toBe('openldap');
    });
  });
});
