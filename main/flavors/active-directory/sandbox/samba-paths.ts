/** Where a private Samba domain controller keeps its files (samba-tool provision --targetdir=DIR). */
import { join, resolve } from 'node:path';

/** The domain every Enclave sandbox and test DC provisions. */
export const sambaDomain = {
  realm: 'HOSTING.TEST',
  netbiosDomain: 'HOSTING',
  hostName: 'dc1',
  suffix: 'DC=hosting,DC=test',
  /** CN of the self-signed certificate Samba makes on first start (no subjectAltName). */
  tlsServerName: 'DC1.hosting.test',
} as const;

/** Every path of one DC directory. */
export interface SambaPaths {
  dir: string;
  smbConf: string;
  emptyConf: string;
  caFile: string;
  ldapiSocket: string;
  credentialsFile: string;
}

/** The layout under `dir` (made absolute: samba's working directory is not ours). */
export function sambaPaths(dir: string): SambaPaths {
  const root = resolve(dir);
  return {
    dir: root,
    smbConf: join(root, 'etc', 'smb.conf'),
    emptyConf: join(root, 'empty.conf'),
    caFile: join(root, 'private', 'tls', 'ca.pem'),
    ldapiSocket: join(root, 'private', 'ldapi'),
    credentialsFile: join(root, 'enclave-credentials.json'),
  };
}
