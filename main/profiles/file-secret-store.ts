/**
 * Saved passwords in a JSON map readable only by the owner (0600), for the browser host and the CLI.
 * The protection is the file mode alone, and the store says so (`protection: 'file-permissions'`).
 */
import { readFile, stat, chmod } from 'node:fs/promises';
import { failure } from '../../shared/errors';
import { connectionProfileSchema } from '../../shared/model/connection';
import type { SecretStore } from './profile-store';
import { SerialQueue, writeFileAtomic } from '../system/write-file-atomic';

const secretFileMode = 0o600;

/** A SecretStore backed by `path` (created on first set). */
export class FileSecretStore implements SecretStore {
  readonly protection = 'file-permissions' as const;
  private readonly queue = new SerialQueue();

  constructor(private readonly path: string) {}

  get(profileId: string): Promise<string | null> {
    return this.queue.run(async () => (await this.read()).get(profileId) ?? null);
  }

  async set(profileId: string, secret: string): Promise<void> {
    // Ids come from the profile schema; checking again keeps odd keys out of the file.
    const checked = connectionProfileSchema.shape.id.safeParse(profileId);
    if (!checked.success) {
      throw failure({ kind: 'invalid-input', message: 'Invalid profile id.', issues: [{ path: ['profileId'], message: 'Invalid profile id' }] });
    }
    const id = checked.data;
    return this.queue.run(async () => {
      const secrets = await this.read();
      secrets.set(id, secret);
      await this.write(secrets);
    });
  }

  delete(profileId: string): Promise<void> {
    return this.queue.run(async () => {
      const secrets = await this.read();
      if (secrets.delete(profileId)) await this.write(secrets);
    });
  }

  private async read(): Promise<Map<string, string>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw this.corrupt(`it cannot be read (${(error as Error).message})`);
    }
    await this.tightenMode();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw this.corrupt('it is not valid JSON');
    }
    const secrets = (parsed as { secrets?: unknown } | null)?.secrets;
    if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) {
      throw this.corrupt('it has no "secrets" map');
    }
    const map = new Map<string, string>();
    for (const [id, secret] of Object.entries(secrets)) {
      if (typeof secret !== 'string') throw this.corrupt(`the entry for "${id}" is not a string`);
      map.set(id, secret);
    }
    return map;
  }

  /** Someone (a backup restore, a copy) may have widened the mode; put it back before trusting it. */
  private async tightenMode(): Promise<void> {
    if (process.platform === 'win32') return;
    const info = await stat(this.path);
    if ((info.mode & 0o077) !== 0) await chmod(this.path, secretFileMode);
  }

  private write(secrets: Map<string, string>): Promise<void> {
    const file = { version: 1, secrets: Object.fromEntries(secrets) };
    return writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`, secretFileMode);
  }

  private corrupt(reason: string) {
    // Never quote the file's content: it holds passwords.
    return failure({
      kind: 'internal',
      message: `The saved-password file ${this.path} is damaged: ${reason}. Nothing was changed; repair the file or move it aside.`,
    });
  }
}
