/** Opens the console's hosting services on a test directory, as the host admin or another identity. */
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../../main/app/directory-session';
import { sandboxTenantsChanged } from '../../main/flavors/openldap/sandbox/sandbox-isolation';
import type { ConnectionProfile } from '../../shared/model/connection';
import type { TestDirectory } from './test-directory';
import { ConfigConnection } from '../../main/flavors/openldap/config/config-connection';
import { generatePassword, hashSsha } from '../../main/flavors/openldap/sandbox/ssha-password';
import { sandboxDns } from '../../main/flavors/openldap/sandbox/sandbox-dns';

/** The connection profile of a test directory. */
export function testProfile(dir: TestDirectory, bindDN = dir.info.bindDN): ConnectionProfile {
  return { id: 'test', name: 'test', urls: [dir.info.url], bindDN, tlsMode: 'none', baseDN: dir.info.suffix, flavor: 'openldap' };
}

/** A session bound as `bindDN` (default: the host admin); dispose its connection after use. */
export function openSession(dir: TestDirectory, bindDN = dir.info.bindDN, password = dir.info.password): Promise<DirectorySession> {
  const profile = testProfile(dir, bindDN);
  return openDirectorySession(profile, settingsFromProfile(profile, password), true, () => {});
}

/** A host admin's session wired as the console's sandbox is: every tenant change re-applies the access rules through cn=config. */
export function openIsolatedSession(dir: TestDirectory): Promise<DirectorySession> {
  const profile = testProfile(dir);
  return openDirectorySession(profile, settingsFromProfile(profile, dir.info.password), true, () => {}, {
    services: (connection, _flavor, dialect) => ({ onTenantsChanged: sandboxTenantsChanged(dir.info, connection, dialect) }),
  });
}

/**
 * A session as the database's rootDN, which no access rule binds (it reads password hashes and writes anything):
 * the test gives the rootDN a password through cn=config first. Only for tests and for what an operator with
 * root access would see.
 */
export async function openRootSession(dir: TestDirectory): Promise<DirectorySession> {
  const password = generatePassword();
  const config = await ConfigConnection.open({ ldapiUrl: dir.info.ldapiUrl });
  try {
    const { databaseDn } = await config.locate(dir.info.suffix);
    await config.replaceValues(databaseDn, 'olcRootPW', [hashSsha(password)]);
  } finally {
    await config.close();
  }
  return openSession(dir, sandboxDns(dir.info.suffix).rootDn, password);
}
