/** Finds the OpenLDAP programs the sandbox needs, or explains which Debian package to install. */
import { delimiter } from 'node:path';
import { failure } from '../../../../shared/errors';
import { findExecutable } from '../../../system/find-executable';

/** Absolute paths of the OpenLDAP programs the sandbox runs. */
export interface SlapdBinaries {
  slapd: string;
  slapadd: string;
  /** util-linux setpriv, used to tie slapd's life to ours; optional. */
  setpriv?: string;
}

/** Debian keeps slapd in /usr/sbin, which an ordinary user's PATH often lacks. */
const SYSTEM_DIRECTORIES = ['/usr/sbin', '/usr/local/sbin', '/usr/bin', '/usr/local/bin'];

/** The directories searched by default: PATH first, then the usual system folders. */
export function defaultBinarySearchPath(): string[] {
  const fromEnv = (process.env['PATH'] ?? '').split(delimiter).filter((dir) => dir.length > 0);
  return [...new Set([...fromEnv, ...SYSTEM_DIRECTORIES])];
}

/** Locate slapd and slapadd in `searchPath`; throws `sandbox-unavailable` when either is missing. */
export async function findSlapdBinaries(searchPath: readonly string[] = defaultBinarySearchPath()): Promise<SlapdBinaries> {
  const slapd = await findExecutable('slapd', searchPath);
  const slapadd = await findExecutable('slapadd', searchPath);
  if (slapd === null || slapadd === null) {
    const missing = [slapd === null ? 'slapd' : null, slapadd === null ? 'slapadd' : null].filter(Boolean).join(' and ');
    throw failure({
      kind: 'sandbox-unavailable',
      message:
        `OpenLDAP slapd is not installed (${missing} not found): install the Debian package "slapd" ` +
        `(and "ldap-utils"), e.g. \`sudo apt-get install slapd ldap-utils\`, then start Enclave again.`,
      missingPackage: 'slapd',
    });
  }
  const setpriv = await findExecutable('setpriv', searchPath);
  return setpriv === null ? { slapd, slapadd } : { slapd, slapadd, setpriv };
}
