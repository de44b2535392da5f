/** Opens the console's hosting services on a test directory, as the host admin or another identity. */
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../../main/app/directory-session';
import { applySandboxIsolation } from '../../main/flavors/openldap/sandbox/sandbox-isolation';
import type { ConnectionProfile } from '../../shared/model/connection';
import { rootCredentials, type TestDirectory } from './test-directory';

/** The connection profile of a test directory. */
export function testProfile(dir: TestDirectory, bindDN = dir.info.bindDN): ConnectionProfile {
  return { id: 'test', name: 'test', urls: [dir.info.url], bindDN, tlsMode: 'none', baseDN: dir.info.suffix, flavor: 'openldap' };
}

/** A session bound as `bindDN` (default: the host admin); dispose its connection after use. */
export function openSession(dir: TestDirectory, bindDN = dir.info.bindDN, password = dir.info.password): Promise<DirectorySession> {
  const profile = testProfile(dir, bindDN);
  return openDirectorySession(profile, settingsFromProfile(profile, password), true, () => {});
}

/**
 * A host admin's session on a directory whose access policy is in force. The policy's rules are the same for
 * any tenants, so applying them once (as the sandbox does on every start) isolates tenants created later too.
 */
export async function openIsolatedSession(dir: TestDirectory): Promise<DirectorySession> {
  await applySandboxIsolation(dir.info);
  return openSession(dir);
}

/**
 * A session as the database's rootDN, which no access rule binds (it reads password hashes and writes anything):
 * the test gives the rootDN a password through cn=config first. Only for tests and for what an operator with
 * root access would see.
 */
export async function openRootSession(dir: TestDirectory): Promise<DirectorySession> {
  const root = await rootCredentials(dir);
  return openSession(dir, root.bindDN, root.password);
}
