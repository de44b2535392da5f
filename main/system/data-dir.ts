/** Where the console keeps its data when Electron's userData folder is not available. */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** `$ENCLAVE_DATA_DIR`, else `$XDG_DATA_HOME/enclave`, else `~/.local/share/enclave`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const explicit = env['ENCLAVE_DATA_DIR'];
  if (explicit) return explicit;
  const xdgDataHome = env['XDG_DATA_HOME'];
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  if (xdgDataHome && isAbsolute(xdgDataHome)) return join(xdgDataHome, 'enclave');
  return join(home, '.local', 'share', 'enclave');
}

/** File names inside a data folder, shared by every carrier that uses file stores. */
export const dataFiles = {
  profiles: 'profiles.json',
  secrets: 'secrets.json',
} as const;
