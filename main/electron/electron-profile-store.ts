/**
 * Connection profiles in electron-store, in the data folder every carrier shares (main/system/data-dir.ts): the
 * same profiles.json the browser host and the CLI read and write (FileProfileStore), validated on every read.
 */
import Store from 'electron-store';
import { failure } from '../../shared/errors';
import { connectionProfileSchema, type ConnectionProfile } from '../../shared/model/connection';
import type { ProfileStore } from '../profiles/profile-store';
import { dataFiles, storeName } from '../system/data-dir';

interface ProfileData {
  version: 1;
  profiles: unknown[];
}

/** A ProfileStore inside Electron; a damaged file is reported, never cleared. */
export class ElectronProfileStore implements ProfileStore {
  private store: Store<ProfileData> | null = null;

  constructor(private readonly dataDir: string) {}

  async list(): Promise<ConnectionProfile[]> {
    const raw = this.open().get('profiles');
    if (!Array.isArray(raw)) throw this.corrupt('it has no "profiles" list');
    return raw.map((entry: unknown, index) => {
      const checked = connectionProfileSchema.safeParse(entry);
      if (!checked.success) throw this.corrupt(`profile #${index + 1} is invalid (${checked.error.issues[0]?.message ?? 'unknown'})`);
      return checked.data;
    });
  }

  async get(id: string): Promise<ConnectionProfile | null> {
    return (await this.list()).find((profile) => profile.id === id) ?? null;
  }

  async save(profile: ConnectionProfile): Promise<void> {
    const valid = connectionProfileSchema.parse(profile);
    const profiles = await this.list();
    const index = profiles.findIndex((existing) => existing.id === valid.id);
    if (index < 0) profiles.push(valid);
    else profiles[index] = valid;
    this.open().set('profiles', profiles);
  }

  async delete(id: string): Promise<void> {
    const profiles = await this.list();
    this.open().set(
      'profiles',
      profiles.filter((profile) => profile.id !== id),
    );
  }

  /** Opened on first use so a damaged file becomes a reported error, not a crash at startup. */
  private open(): Store<ProfileData> {
    if (this.store) return this.store;
    try {
      this.store = new Store<ProfileData>({
        cwd: this.dataDir,
        name: storeName(dataFiles.profiles),
        defaults: { version: 1, profiles: [] },
        clearInvalidConfig: false,
        configFileMode: 0o600,
      });
    } catch (error) {
      throw this.corrupt(error instanceof Error ? error.message : String(error));
    }
    return this.store;
  }

  private corrupt(reason: string) {
    return failure({
      kind: 'internal',
      message: `The saved connections file is damaged: ${reason}. Nothing was changed; repair or move aside ${dataFiles.profiles} in ${this.dataDir}.`,
    });
  }
}
