/**
 * The one data folder every carrier uses — the Electron app, the browser host and the CLI — so a connection
 * saved in one is seen by the others, and they share the sandbox and the audit journal.
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * `$ENCLAVE_DATA_DIR`, else the platform's per-user application data folder: on Linux `$XDG_DATA_HOME/enclave`
 * (else `~/.local/share/enclave`); on macOS `~/Library/Application Support/Enclave` and on Windows
 * `%APPDATA%\Enclave`, which is where Electron's userData folder for the product "Enclave" lives too.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir(), platform: NodeJS.Platform = process.platform): string {
  const explicit = env['ENCLAVE_DATA_DIR'];
  if (explicit) return explicit;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Enclave');
  if (platform === 'win32') return join(env['APPDATA'] || join(home, 'AppData', 'Roaming'), 'Enclave');
  const xdgDataHome = env['XDG_DATA_HOME'];
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  if (xdgDataHome && isAbsolute(xdgDataHome)) return join(xdgDataHome, 'enclave');
  return join(home, '.local', 'share', 'enclave');
}

/** File names inside a data folder, shared by every carrier. */
export const dataFiles = {
  /** Connection profiles: written by the file store and by electron-store alike (`{ "version": 1, "profiles": [...] }`). */
  profiles: 'profiles.json',
  /** Passwords saved by the browser host and the CLI: a 0600 file. */
  secrets: 'secrets.json',
  /** Passwords saved by the Electron app, encrypted with the OS keyring (safeStorage); only Electron can read them. */
  osEncryptedSecrets: 'secrets-os-encrypted.json',
} as const;

/** The electron-store `name` (file name without .json) of a data file. */
export const storeName = (file: string): string => file.replace(/\.json$/, '');
