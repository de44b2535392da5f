/** Where a sandbox keeps its files inside its data folder. */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Every path of one sandbox. */
export interface SandboxPaths {
  dataDir: string;
  configDir: string;
  mainDbDir: string;
  accessLogDbDir: string;
  credentialsFile: string;
  /** The generated cn=config LDIF, kept for inspection only: slapd reads configDir. */
  configLdif: string;
  ldapiSocket: string;
}

// sockaddr_un holds 108 bytes; stay well under it.
const MAX_SOCKET_PATH_BYTES = 100;

/** The layout under `dataDir` (made absolute, since slapd's own cwd is not ours). */
export function sandboxPaths(dataDir: string): SandboxPaths {
  const root = resolve(dataDir);
  return {
    dataDir: root,
    configDir: join(root, 'slapd.d'),
    mainDbDir: join(root, 'db', 'main'),
    accessLogDbDir: join(root, 'db', 'accesslog'),
    credentialsFile: join(root, 'credentials.json'),
    configLdif: join(root, 'config.ldif'),
    ldapiSocket: ldapiSocketPath(root),
  };
}

/** `dataDir/ldapi`, or a short path in the temp folder derived from `dataDir` when that would be too long. */
export function ldapiSocketPath(dataDir: string): string {
  const inside = join(dataDir, 'ldapi');
  if (Buffer.byteLength(inside) < MAX_SOCKET_PATH_BYTES) return inside;
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  return join(tmpdir(), `enclave-${digest}.ldapi`);
}

/** `ldapi://` URL of a socket: the path goes in the host part, so its slashes are %2F-encoded. */
export function ldapiUrl(socketPath: string): string {
  return `ldapi://${encodeURIComponent(socketPath)}`;
}
