/**
 * The Active Directory sandbox: a private Samba DC in the app's data folder, listening on 127.0.0.1 (389, 636,
 * 3268, 3269: Samba's ports are fixed, so one per machine). Created and given the host layout on first use.
 */
import { readFile, rm } from 'node:fs/promises';
import { findSambaBinaries } from './samba-binaries';
import { ensureDomain } from './samba-domain';
import { sambaDomain, sambaPaths } from './samba-paths';
import { launchSamba, type SambaExit } from './samba-process';

export interface SambaSandboxOptions {
  /** Folder of the DC (wiped and provisioned when it holds no finished domain). */
  dataDir: string;
  /** Provision a new domain even when one exists. */
  fresh?: boolean;
}

/** What a client needs to reach the AD sandbox; the passwords stay in main. */
export interface SambaSandboxInfo {
  url: string;
  bindDN: string;
  password: string;
  suffix: string;
  caFile: string;
  caPem: string;
  tlsServerName: string;
  helpdeskDN: string;
  helpdeskPassword: string;
}

export interface RunningSambaSandbox {
  readonly info: SambaSandboxInfo;
  readonly pid: number;
  /** True when this start provisioned the domain: the caller seeds it. */
  readonly created: boolean;
  readonly exited: Promise<SambaExit>;
  stop(): Promise<void>;
}

const loopback = '127.0.0.1';

/** Starts (provisioning when needed) the AD sandbox and resolves once it answers over LDAP. */
export async function startSambaSandbox(options: SambaSandboxOptions): Promise<RunningSambaSandbox> {
  const binaries = await findSambaBinaries();
  const paths = sambaPaths(options.dataDir);
  if (options.fresh === true) await rm(paths.credentialsFile, { force: true });
  const start = async () => ({ process: await launchSamba({ samba: binaries.samba, smbConf: paths.smbConf, probeHost: loopback }), host: loopback });
  const { credentials, created, running } = await ensureDomain(binaries, paths.dir, start);
  const caPem = await readFile(paths.caFile, 'utf8');
  return {
    info: {
      url: `ldaps://${loopback}:636`,
      bindDN: credentials.bindDN,
      password: credentials.password,
      suffix: credentials.suffix,
      caFile: paths.caFile,
      caPem,
      tlsServerName: sambaDomain.tlsServerName,
      helpdeskDN: credentials.helpdeskDN,
      helpdeskPassword: credentials.helpdeskPassword,
    },
    pid: running.process.pid,
    created,
    exited: running.process.exited,
    stop: () => running.process.stop(),
  };
}
