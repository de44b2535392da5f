/**
 * The connection the console last opened, remembered in the data folder so the next start reconnects to it
 * (the sandbox, or a saved profile with a saved password) instead of opening on nothing.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../system/write-file-atomic';

const fileName = 'last-connection.json';

export class LastConnection {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, fileName);
  }

  /** The profile id last connected to, or null (never connected, or the file is unreadable). */
  async read(): Promise<string | null> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as { profileId?: unknown };
      return typeof parsed.profileId === 'string' && parsed.profileId !== '' ? parsed.profileId : null;
    } catch {
      return null;
    }
  }

  /** Remembers `profileId`; a failure to write only costs the reconnect, so it is reported, not thrown. */
  async remember(profileId: string): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify({ profileId })}\n`, 0o600).catch((error: unknown) => {
      console.error(`Could not remember the last connection in ${this.file}`, error);
    });
  }
}
