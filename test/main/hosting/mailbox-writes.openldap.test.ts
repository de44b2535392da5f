/** The mailbox writer suite (mailbox-writes-suite.ts) on a private slapd. */
import { InvalidCredentialsError } from 'ldapts';
import { afterAll, beforeAll, describe } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { openSession } from '../../harness/hosting-session';
import { boundClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { mailboxWritesSuite } from './mailbox-writes-suite';

let dir: TestDirectory;
let session: DirectorySession;

describe('mailbox writes on OpenLDAP', () => {
  beforeAll(async () => {
    dir = await startTestDirectory();
    session = await openSession(dir);
  });
  afterAll(async () => {
    await session?.connection.dispose();
    await dir?.stop();
  });

  mailboxWritesSuite(() => ({
    session,
    canBind: async (dn, password) => {
      try {
        await (await boundClient(dir.info.url, dn, password)).unbind();
        return true;
      } catch (error) {
        if (error instanceof InvalidCredentialsError) return false;
        throw error;
      }
    },
    // Each entry's own: its id and when and by whom it was written.
    ownValues: ['entryuuid', 'entrycsn', 'createtimestamp', 'modifytimestamp', 'creatorsname', 'modifiersname', 'pwdchangedtime'],
  }));
});
