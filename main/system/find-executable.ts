/** Looks a program up in a list of directories. */
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';

/** The first executable `name` in `searchPath`, or null. */
export async function findExecutable(name: string, searchPath: readonly string[]): Promise<string | null> {
  for (const dir of searchPath) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory: keep looking.
    }
  }
  return null;
}
