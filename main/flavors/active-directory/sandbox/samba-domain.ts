/**
 * A complete Enclave domain in a folder: provisioned, first started (Samba makes its TLS certificate then),
 * given the host layout, credentials written last. Used by the AD sandbox and, as a template, by the tests.
 */
import { readFile } from 'node:fs/promises';
import { DirectoryConnection } from '../../../directory/directory-connection';
import type { SambaBinaries } from './samba-binaries';
import { readSambaCredentials, writeSambaCredentials, type SambaCredentials } from './samba-credentials';
import { sambaDomain, sambaPaths } from './samba-paths';
import type { SambaProcess } from './samba-process';
import { createHostLayout, complexPassword } from './samba-host-layout';
import { provisionDomain } from './samba-provision';

/** How to reach a running DC of this folder. */
export interface SambaEndpoint {
  host: string;
  caPem: string;
}

/** The LDAPS connection settings for `bindDN` on a DC of the folder. */
export function ldapsSettings(endpoint: SambaEndpoint, bindDN: string, password: string) {
  return { urls: [`ldaps://${endpoint.host}:636`], bindDN, password, tlsMode: 'ldaps' as const, caCertificatePem: endpoint.caPem, tlsServerName: sambaDomain.tlsServerName };
}

/**
 * Provisions `dir` when it holds no finished domain, starting it with `start` (which must wait until it answers)
 * to add the host layout; returns the credentials and the started DC.
 */
export async function ensureDomain(
  binaries: SambaBinaries,
  dir: string,
  start: () => Promise<{ process: SambaProcess; host: string }>,
): Promise<{ credentials: SambaCredentials; created: boolean; running: { process: SambaProcess; host: string } }> {
  const paths = sambaPaths(dir);
  const existing = await readSambaCredentials(paths.credentialsFile);
  if (existing) return { credentials: existing, created: false, running: await start() };
  const administratorPassword = complexPassword();
  await provisionDomain({ sambaTool: binaries.sambaTool, dir, adminPassword: administratorPassword, noSync: true });
  const running = await start();
  try {
    const caPem = await readFile(paths.caFile, 'utf8');
    const connection = new DirectoryConnection(ldapsSettings({ host: running.host, caPem }, `Administrator@${sambaDomain.realm.toLowerCase()}`, administratorPassword));
    try {
      const staff = await createHostLayout(connection, sambaDomain.suffix);
      const credentials: SambaCredentials = { suffix: sambaDomain.suffix, administratorPassword, ...staff };
      await writeSambaCredentials(paths.credentialsFile, credentials);
      return { credentials, created: true, running };
    } finally {
      await connection.dispose();
    }
  } catch (error) {
    await running.process.stop();
    throw error;
  }
}
