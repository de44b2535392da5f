/**
 * Where connection profiles and their passwords live. Two implementations each: electron-store +
 * safeStorage inside Electron (main/electron/), and plain files for the browser host and the CLI.
 */
import type { ConnectionProfile } from '../../shared/model/connection';

export interface ProfileStore {
  list(): Promise<ConnectionProfile[]>;
  get(id: string): Promise<ConnectionProfile | null>;
  save(profile: ConnectionProfile): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface SecretStore {
  /** How secrets are protected at rest, shown to the administrator. */
  readonly protection: 'os-encryption' | 'file-permissions' | 'memory-only';
  get(profileId: string): Promise<string | null>;
  set(profileId: string, secret: string): Promise<void>;
  delete(profileId: string): Promise<void>;
}
