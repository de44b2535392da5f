/** The mailbox writer suite (mailbox-writes-suite.ts) on a real Samba AD DC over LDAPS (test/harness/samba-test-dc.ts). */
import { afterAll, beforeAll, describe } from 'vitest';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../../../main/app/directory-session';
import type { ConnectionProfile } from '../../../shared/model/connection';
import { skipWithoutServer } from '../../harness/required-server';
import { canBindToDc } from '../../harness/samba-session';
import { sambaUnavailableReason, startSambaTestDc, type SambaTestDc } from '../../harness/samba-test-dc';
import { mailboxWritesSuite } from './mailbox-writes-suite';

const skip = skipWithoutServer('the Active Directory mailbox writes suite', await sambaUnavailableReason());

let dc: SambaTestDc;
let session: DirectorySession;

describe.skipIf(skip)('mailbox writes on Active Directory (Samba AD DC)', () => {
  beforeAll(async () => {
    dc = await startSambaTestDc();
    const profile: ConnectionProfile = {
      id: 'ad-writes', name: 'ad writes', urls: [dc.ldapsUrl], bindDN: dc.credentials.bindDN, tlsMode: 'ldaps',
      caCertificatePem: dc.caPem, tlsServerName: dc.tlsServerName, baseDN: dc.suffix, flavor: 'auto',
    };
    session = await openDirectorySession(profile, settingsFromProfile(profile, dc.credentials.password), false, () => {});
  }, 240_000);
  afterAll(async () => {
    await session?.connection.dispose();
    await dc?.stop();
  });

  mailboxWritesSuite(() => ({
    session,
    canBind: (dn, password) => canBindToDc(dc, dn, password),
    // Each entry's own: its ids, when it was written and its password set, its replication sequence numbers.
    ownValues: ['objectguid', 'objectsid', 'whencreated', 'whenchanged', 'usncreated', 'usnchanged', 'pwdlastset', 'dscorepropagationdata'],
  }));
});
