/** Opens the console's hosting services on a test DC over LDAPS, as the host admin or another identity. */
import { Client, InvalidCredentialsError } from 'ldapts';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../../main/app/directory-session';
import type { AuditJournal } from '../../main/audit/audit-journal';
import type { ConnectionSettings } from '../../main/directory/connection-settings';
import type { ConnectionProfile } from '../../shared/model/connection';
import type { SambaTestDc } from './samba-test-dc';

/** The LDAPS profile of a test DC (flavor from the rootDSE, as a user's profile would have it). */
export function adTestProfile(dc: SambaTestDc, bindDN = dc.credentials.bindDN): ConnectionProfile {
  return { id: 'ad-test', name: 'ad test', urls: [dc.ldapsUrl], bindDN, tlsMode: 'ldaps', caCertificatePem: dc.caPem, tlsServerName: dc.tlsServerName, baseDN: dc.suffix, flavor: 'auto' };
}

/** Connection settings for `bindDN` (default: the host admin). */
export const adTestSettings = (dc: SambaTestDc, bindDN = dc.credentials.bindDN, password = dc.credentials.password): ConnectionSettings =>
  settingsFromProfile(adTestProfile(dc, bindDN), password);

/** A session bound as `bindDN` (default: the host admin), journaled when `journal` is given; dispose its connection after use. */
export function openAdSession(dc: SambaTestDc, options: { bindDN?: string; password?: string; journal?: AuditJournal } = {}): Promise<DirectorySession> {
  const bindDN = options.bindDN ?? dc.credentials.bindDN;
  return openDirectorySession(adTestProfile(dc, bindDN), adTestSettings(dc, bindDN, options.password), false, () => {}, { journal: options.journal });
}

/** Whether `dn` (or a UPN) binds with `password` over LDAPS: wrong credentials answer false, anything else throws. */
export async function canBindToDc(dc: SambaTestDc, dn: string, password: string): Promise<boolean> {
  const client = new Client({ url: dc.ldapsUrl, tlsOptions: { ca: [dc.caPem], servername: dc.tlsServerName, minVersion: 'TLSv1.2' }, connectTimeout: 5_000, timeout: 30_000 });
  try {
    await client.bind(dn, password);
    return true;
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return false;
    throw error;
  } finally {
    await client.unbind().catch(() => {});
  }
}
