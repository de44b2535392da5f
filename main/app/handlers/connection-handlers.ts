/** Connection profiles and connecting: the connection manager's calls. */
import { failure } from '../../../shared/errors';
import type { ConnectionProfile, SavedConnection } from '../../../shared/model/connection';
import type { ProfileStore, SecretStore } from '../../profiles/profile-store';
import type { CallHandlers } from '../dispatcher';
import { settingsFromProfile, testConnection } from '../directory-session';
import { sandboxProfileId, type SandboxController } from '../sandbox-controller';
import type { SessionManager } from '../session-manager';
import type { LastConnection } from '../last-connection';

type ConnectionCalls = 'getSession' | 'listConnections' | 'saveConnection' | 'deleteConnection' | 'testConnection' | 'connect';

export interface ConnectionDependencies {
  profiles: ProfileStore;
  secrets: SecretStore;
  sessions: SessionManager;
  sandbox: SandboxController;
  lastConnection: LastConnection;
}

export function createConnectionHandlers({ profiles, secrets, sessions, sandbox, lastConnection }: ConnectionDependencies): Pick<CallHandlers, ConnectionCalls> {
  async function savedConnections(): Promise<SavedConnection[]> {
    const saved = await Promise.all(
      (await profiles.list()).map(async (profile) => ({ ...profile, hasSavedPassword: (await secrets.get(profile.id)) !== null, isSandbox: false })),
    );
    // The sandbox is always listed, running or not: connecting to it starts it.
    return [{ ...(await sandbox.listedProfile()), hasSavedPassword: true, isSandbox: true }, ...saved];
  }

  return {
    getSession: async () => sessions.info(),
    listConnections: () => savedConnections(),
    saveConnection: async ({ profile, password }) => {
      if (profile.id === sandboxProfileId) throw failure({ kind: 'invalid-input', message: 'The sandbox connection cannot be edited.', issues: [{ path: ['profile', 'id'], message: 'reserved' }] });
      assertTlsModeMatchesUrls(profile);
      await profiles.save(profile);
      if (password === '') await secrets.delete(profile.id);
      else if (password !== undefined) await secrets.set(profile.id, password);
      return { ...profile, hasSavedPassword: (await secrets.get(profile.id)) !== null, isSandbox: false };
    },
    deleteConnection: async ({ profileId }) => {
      await profiles.delete(profileId);
      await secrets.delete(profileId);
      return null;
    },
    testConnection: async ({ profile, password }) => {
      assertTlsModeMatchesUrls(profile);
      const secret = password ?? (await secrets.get(profile.id));
      if (secret === null) throw failure({ kind: 'invalid-input', message: 'Enter the password to test this connection.', issues: [{ path: ['password'], message: 'required' }] });
      return testConnection(settingsFromProfile(profile, secret), profile.baseDN);
    },
    connect: async ({ profileId, password }) => {
      if (profileId === sandboxProfileId) {
        const running = await sandbox.ensure();
        const profile = sandbox.profile();
        if (!profile) throw failure({ kind: 'not-connected', message: 'The sandbox directory stopped before the console could connect to it.' });
        const info = await sessions.connect(profile, running.password, true);
        await lastConnection.remember(sandboxProfileId);
        return info;
      }
      const profile = await profiles.get(profileId);
      if (!profile) throw failure({ kind: 'not-found', target: profileId, message: 'That connection profile no longer exists.' });
      const secret = password ?? (await secrets.get(profileId));
      if (secret === null) throw failure({ kind: 'invalid-input', message: `Enter the password for ${profile.bindDN}.`, issues: [{ path: ['password'], message: 'required' }] });
      const info = await sessions.connect(profile, secret, false);
      await lastConnection.remember(profileId);
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
