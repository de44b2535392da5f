/**
 * Connection profiles in one JSON file, for the browser host and the CLI. A file that cannot be read as
 * profiles is reported, never silently replaced: it may hold an administrator's only copy.
 */
import { readFile } from 'node:fs/promises';
import { failure } from '../../shared/errors';
import { connectionProfileSchema, type ConnectionProfile } from '../../shared/model/connection';
import type { ProfileStore } from './profile-store';
import { SerialQueue, writeFileAtomic } from '../system/write-file-atomic';

interface ProfileFile {
  version: 1;
  profiles: ConnectionProfile[];
}

/** A ProfileStore backed by `path` (created on first save). */
export class FileProfileStore implements ProfileStore {
  private readonly queue = new SerialQueue();

  constructor(private readonly path: string) {}

  list(): Promise<ConnectionProfile[]> {
    return this.queue.run(() => this.read());
  }

  async get(id: string): Promise<ConnectionProfile | null> {
    return (await this.list()).find((profile) => profile.id === id) ?? null;
  }

  async save(profile: ConnectionProfile): Promise<void> {
    const checked = connectionProfileSchema.safeParse(profile);
    if (!checked.success) {
      throw failure({
        kind: 'invalid-input',
        message: 'The connection profile is invalid.',
        issues: checked.error.issues.map((issue) => ({
          path: issue.path.filter((key): key is string | number => typeof key !== 'symbol'),
          message: issue.message,
        })),
      });
    }
    const valid = checked.data;
    return this.queue.run(async () => {
      const profiles = await this.read();
      const index = profiles.findIndex((existing) => existing.id === valid.id);
      if (index < 0) profiles.push(valid);
      else profiles[index] = valid;
      await this.write(profiles);
    });
  }

  delete(id: string): Promise<void> {
    return this.queue.run(async () => {
      const profiles = await this.read();
      const kept = profiles.filter((profile) => profile.id !== id);
      if (kept.length !== profiles.length) await this.write(kept);
    });
  }

  private async read(): Promise<ConnectionProfile[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw this.corrupt(`it cannot be read (${(error as Error).message})`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw this.corrupt('it is not valid JSON');
    }
    const rawProfiles = (parsed as Partial<ProfileFile> | null)?.profiles;
    if (!Array.isArray(rawProfiles)) throw this.corrupt('it has no "profiles" list');
    return rawProfiles.map((raw: unknown, index) => {
      const checked = connectionProfileSchema.safeParse(raw);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        const where = issue ? `${issue.path.join('.') || 'profile'}: ${issue.message}` : 'invalid';
        throw this.corrupt(`profile #${index + 1} is invalid (${where})`);
      }
      return checked.data;
    });
  }

  private write(profiles: ConnectionProfile[]): Promise<void> {
    const file: ProfileFile = { version: 1, profiles };
    return writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`, 0o600);
  }

  private corrupt(reason: string) {
    return failure({
      kind: 'internal',
      message: `The connection profile file ${this.path} is damaged: ${reason}. Nothing was changed; repair the file or move it aside.`,
    });
  }
}
