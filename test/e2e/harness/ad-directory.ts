/**
 * The Active Directory an AD e2e file points the console at: a test DC of its own (test/harness/samba-test-dc.ts)
 * seeded with the demo tenants through the same services the console uses, and the saved LDAPS connection to it.
 */
import { seedDemo } from '../../../main/hosting/demo-seed';
import type { ConnectionProfile } from '../../../shared/model/connection';
import { adTestProfile, openAdSession } from '../../harness/samba-session';
import { startSambaTestDc, type SambaTestDc } from '../../harness/samba-test-dc';
import type { SavedConnection } from './console-server';

export interface AdDirectory {
  dc: SambaTestDc;
  /** The host admin's LDAPS profile (CA and TLS server name included) with its password, to save in the console. */
  connection: SavedConnection;
  stop(): Promise<void>;
}

/** The name the console shows for the DC's connection. */
export const adConnectionName = 'Samba AD DC';

/** Starts a DC and seeds the demo tenants (60 mailboxes with passwords, groups and lists; a few seconds). */
export async function startAdDirectory(): Promise<AdDirectory> {
  const dc = await startSambaTestDc();
  try {
    const seeding = await openAdSession(dc);
    try {
      await seedDemo(seeding.services);
    } finally {
      await seeding.connection.dispose();
    }
  } catch (error) {
    await dc.stop();
    throw error;
  }
  const profile: ConnectionProfile = { ...adTestProfile(dc), name: adConnectionName };
  return { dc, connection: { profile, password: dc.credentials.password }, stop: () => dc.stop() };
}
