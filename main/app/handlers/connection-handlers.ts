/** Connection profiles and connecting: the connection manager's calls. */
import { failure } from '../../../shared/errors';
import type { ConnectionProfile, SavedConnection } from '../../../shared/model/connection';
import type { ProfileStore, SecretStore } from '../../profiles/profile-store';
import type { CallHandlers } from '../dispatcher';
import { settingsFromProfile, testConnection } from '../directory-session';
import { resolveSignInName } from '../sign-in-name';
import { sandboxProfileId, type SandboxController } from '../sandbox-controller';
import type { SessionManager } from '../session-manager';
import type { LastConnection } from '../last-connection';

type ConnectionCalls = 'getSession' | 'listConnections' | 'saveConnection' | 'deleteConnection' | 'testConnection' | 'connect';

export interface ConnectionDependencies {
  profiles: ProfileStore;
  secrets: SecretStore;
  sessions: SessionManager;
  /** The embedded sandbox; null where there is none (the command line). */
  sandbox: SandboxController | null;
  /** Where the last connection is remembered; null where nothing reconnects (the command line). */
  lastConnection: LastConnection | null;
}

/** Where a profile's lookup account password is kept: beside its own, under a key of the same alphabet. */
export const lookupSecretKey = (profileId: string): string => `lookup-${profileId}`;

/** The profile with its sign-in name turned into the DN to bind as (main/app/sign-in-name.ts). */
async function withBindDn(profile: ConnectionProfile, password: string, lookupPassword: string | null): Promise<ConnectionProfile> {
  const bindDN = await resolveSignInName({ profile, password, lookupPassword }, (dn, secret) => settingsFromProfile({ ...profile, bindDN: dn }, secret));
  return bindDN === profile.bindDN ? profile : { ...profile, bindDN };
}

export function createConnectionHandlers({ profiles, secrets, sessions, sandbox, lastConnection }: ConnectionDependencies): Pick<CallHandlers, ConnectionCalls> {
  async function savedConnections(): Promise<SavedConnection[]> {
    const saved = await Promise.all(
      (await profiles.list()).map(async (profile) => ({
        ...profile,
        hasSavedPassword: (await secrets.get(profile.id)) !== null,
        ...(profile.lookupBindDN ? { hasSavedLookupPassword: (await secrets.get(lookupSecretKey(profile.id))) !== null } : {}),
        isSandbox: false,
      })),
    );
    // The sandbox is always listed where there is one, running or not: connecting to it starts it.
    return [...(sandbox ? [{ ...(await sandbox.listedProfile()), hasSavedPassword: true, isSandbox: true }] : []), ...saved];
  }

  return {
    getSession: async () => sessions.info(),
    listConnections: () => savedConnections(),
    saveConnection: async ({ profile, password, lookupPassword }) => {
      if (profile.id === sandboxProfileId) throw failure({ kind: 'invalid-input', message: 'The sandbox connection cannot be edited.', issues: [{ path: ['profile', 'id'], message: 'reserved' }] });
      assertTlsModeMatchesUrls(profile);
      if (lookupPassword && lookupSecretKey(profile.id).length > 64) {
        throw failure({ kind: 'invalid-input', message: 'This connection’s id is too long to keep a lookup password beside it: save it under a shorter name.', issues: [{ path: ['profile', 'id'], message: 'too long for a lookup password' }] });
      }
      await profiles.save(profile);
      if (password === '') await secrets.delete(profile.id);
      else if (password !== undefined) await secrets.set(profile.id, password);
      if (lookupPassword === '' || !profile.lookupBindDN) await secrets.delete(lookupSecretKey(profile.id));
      else if (lookupPassword !== undefined) await secrets.set(lookupSecretKey(profile.id), lookupPassword);
      return {
        ...profile,
        hasSavedPassword: (await secrets.get(profile.id)) !== null,
        ...(profile.lookupBindDN ? { hasSavedLookupPassword: (await secrets.get(lookupSecretKey(profile.id))) !== null } : {}),
        isSandbox: false,
      };
    },
    deleteConnection: async ({ profileId }) => {
      await profiles.delete(profileId);
      await secrets.delete(profileId);
      await secrets.delete(lookupSecretKey(profileId));
      return null;
    },
    testConnection: async ({ profile, password, lookupPassword }) => {
      assertTlsModeMatchesUrls(profile);
      const secret = password ?? (await secrets.get(profile.id));
      if (secret === null) throw failure({ kind: 'invalid-input', message: 'Enter the password to test this connection.', issues: [{ path: ['password'], message: 'required' }] });
      const lookup = lookupPassword ?? (await secrets.get(lookupSecretKey(profile.id)));
      const resolved = await withBindDn(profile, secret, lookup);
      return testConnection(settingsFromProfile(resolved, secret), resolved.baseDN);
    },
    connect: async ({ profileId, password }) => {
      if (profileId === sandboxProfileId) {
        if (!sandbox) throw failure({ kind: 'not-connected', message: 'There is no embedded sandbox here: start one with "enclave sandbox" and connect with its --url and --bind-dn.' });
        const running = await sandbox.ensure();
        const profile = sandbox.profile();
        if (!profile) throw failure({ kind: 'not-connected', message: 'The sandbox directory stopped before the console could connect to it.' });
        const info = await sessions.connect(profile, running.password, true);
        await lastConnection?.remember(sandboxProfileId);
        return info;
      }
      const profile = await profiles.get(profileId);
      if (!profile) throw failure({ kind: 'not-found', target: profileId, message: 'That connection profile no longer exists.' });
      const secret = password ?? (await secrets.get(profileId));
      if (secret === null) throw failure({ kind: 'invalid-input', message: `Enter the password for ${profile.bindDN}.`, issues: [{ path: ['password'], message: 'required' }] });
      const info = await sessions.connect(await withBindDn(profile, secret, await secrets.get(lookupSecretKey(profileId))), secret, false);
      await lastConnection?.remember(profileId);
      return info;
    },
  };
}

/** ldaps:// URLs go with TLS mode "ldaps", ldap:// with "starttls" or "none": a mismatch is a mistake. */
function assertTlsModeMatchesUrls(profile: ConnectionProfile): void {
  profile.urls.forEach((url, index) => {
    const secure = url.toLowerCase().startsWith('ldaps:');
    if (secure !== (profile.tlsMode === 'ldaps')) {
      throw failure({
        kind: 'invalid-input',
        message: secure ? `${url} is an LDAPS URL: choose TLS mode "ldaps".` : `${url} is a plain LDAP URL: use ldaps://, or choose "starttls" (or "none").`,
        issues: [{ path: ['profile', 'urls', index], message: 'does not match the TLS mode' }],
      });
    }
  });
}
