/**
 * Saved passwords encrypted with the OS keychain (Electron safeStorage), stored as base64 in electron-store in
 * the shared data folder (only Electron can decrypt them; the CLI says so and asks for --password-file). Refuses to store anything when the OS offers no real encryption.
 */
import { safeStorage } from 'electron';
import Store from 'electron-store';
import { failure } from '../../shared/errors';
import { connectionProfileSchema } from '../../shared/model/connection';
import type { SecretStore } from '../profiles/profile-store';
import { dataFiles, storeName } from '../system/data-dir';

interface SecretData {
  secrets: Record<string, string>;
}

/** Why OS encryption cannot be used right now, or null when it can. */
function encryptionUnavailableReason(): string | null {
  if (!safeStorage.isEncryptionAvailable()) return 'this system offers no OS encryption for saved passwords';
  // On Linux without a keyring Electron falls back to a hard-coded key: that is obfuscation, not protection.
  if (process.platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') return 'no keyring (GNOME Keyring or KWallet) is available';
  }
  return null;
}

/** A SecretStore inside Electron. */
export class SafeStorageSecretStore implements SecretStore {
  readonly protection = 'os-encryption' as const;
  private store: Store<SecretData> | null = null;

  constructor(private readonly dataDir: string) {}

  async get(profileId: string): Promise<string | null> {
    const encoded = this.secrets()[profileId];
    if (encoded === undefined) return null;
    const reason = encryptionUnavailableReason();
    if (reason) throw failure({ kind: 'internal', message: `A saved password exists but cannot be decrypted: ${reason}.` });
    try {
      return safeStorage.decryptString(Buffer.from(encoded, 'base64'));
    } catch {
      throw failure({ kind: 'internal', message: 'A saved password could not be decrypted (the OS keyring changed?). Save it again.' });
    }
  }

  async set(profileId: string, secret: string): Promise<void> {
    const id = connectionProfileSchema.shape.id.parse(profileId);
    const reason = encryptionUnavailableReason();
    if (reason) {
      throw failure({
        kind: 'internal',
        message: `The password was not saved: ${reason}. Enter it each time you connect instead.`,
      });
    }
    const encoded = safeStorage.encryptString(secret).toString('base64');
    this.open().set('secrets', { ...this.secrets(), [id]: encoded });
  }

  async delete(profileId: string): Promise<void> {
    const { [profileId]: _removed, ...rest } = this.secrets();
    this.open().set('secrets', rest);
  }

  private secrets(): Record<string, string> {
    const secrets: unknown = this.open().get('secrets');
    if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) {
      throw failure({ kind: 'internal', message: 'The saved-password file is damaged; move aside secrets.json in the app data folder.' });
    }
    return secrets as Record<string, string>;
  }

  private open(): Store<SecretData> {
    if (this.store) return this.store;
    try {
      this.store = new Store<SecretData>({ cwd: this.dataDir, name: storeName(dataFiles.osEncryptedSecrets), defaults: { secrets: {} }, clearInvalidConfig: false, configFileMode: 0o600 });
    } catch (error) {
      throw failure({
        kind: 'internal',
        message: `The saved-password file is damaged (${error instanceof Error ? error.message : String(error)}); move aside ${dataFiles.osEncryptedSecrets} in ${this.dataDir}.`,
      });
    }
    return this.store;
  }
}
