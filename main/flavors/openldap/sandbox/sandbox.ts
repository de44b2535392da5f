/** Starts the embedded sandbox directory: creates it on first use, then runs a private slapd on loopback. */
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { failure } from '../../../../shared/errors';
import type { RunningSandbox, SandboxOptions } from './sandbox-types';
import { findSlapdBinaries, type SlapdBinaries } from './slapd-binaries';
import { findFreePort } from '../../../system/free-port';
import { sandboxPaths, ldapiUrl, type SandboxPaths } from './sandbox-paths';
import { readSandboxCredentials, writeSandboxCredentials, type SandboxCredentials } from './sandbox-credentials';
import { DEFAULT_SANDBOX_SUFFIX, sandboxDns } from './sandbox-dns';
import { slapdConfigLdif } from './slapd-config';
import { baseEntriesLdif } from './base-entries';
import { generatePassword } from './ssha-password';
import { runSlapadd } from './slapadd';
import { launchSlapd, SlapdAddressInUse, type SlapdProcess } from './slapd-process';

/** Start (creating when needed) the sandbox in `options.dataDir` and resolve once slapd serves requests. */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const paths = sandboxPaths(options.dataDir);
  const binaries = await findSlapdBinaries(options.binarySearchPath);
  if (options.fresh === true) await removeSandboxFiles(paths);

  let credentials = await existingSandbox(paths);
  const created = credentials === null;
  if (credentials === null) {
    // Whatever a crashed first start left behind is incomplete: rebuild from nothing.
    await removeSandboxFiles(paths);
    credentials = await createSandbox(paths, binaries, options);
  } else if (options.suffix !== undefined && sandboxDns(options.suffix).suffix !== credentials.suffix) {
    throw failure({
      kind: 'invalid-input',
      message: `The sandbox in ${paths.dataDir} uses ${credentials.suffix}; start it with fresh to change the suffix.`,
      issues: [{ path: ['suffix'], message: `Existing suffix is ${credentials.suffix}.` }],
    });
  }

  const { slapd, port } = await launchOnPort(binaries, paths, options.port, credentials.port);
  if (credentials.port !== port) await writeSandboxCredentials(paths.credentialsFile, { ...credentials, port });
  return {
    info: {
      url: `ldap://127.0.0.1:${port}`,
      bindDN: credentials.bindDN,
      password: credentials.password,
      suffix: credentials.suffix,
      ldapiUrl: ldapiUrl(paths.ldapiSocket),
    },
    dataDir: paths.dataDir,
    pid: slapd.pid,
    created,
    exited: slapd.exited,
    stop: () => slapd.stop(),
  };
}

/** The stored credentials when a complete sandbox exists (they are written last), else null. */
async function existingSandbox(paths: SandboxPaths): Promise<SandboxCredentials | null> {
  const credentials = await readSandboxCredentials(paths.credentialsFile);
  if (credentials === null) return null;
  const configPresent = await stat(paths.configDir).then(
    (info) => info.isDirectory(),
    () => false,
  );
  return configPresent ? credentials : null;
}

/** Build cn=config and the base entries offline with slapadd, then record the credentials. */
async function createSandbox(
  paths: SandboxPaths,
  binaries: SlapdBinaries,
  options: SandboxOptions,
): Promise<SandboxCredentials> {
  const dns = sandboxDns(options.suffix ?? DEFAULT_SANDBOX_SUFFIX);
  await mkdir(paths.dataDir, { recursive: true, mode: 0o700 });
  for (const dir of [paths.configDir, paths.mainDbDir, paths.accessLogDbDir]) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  }
  const configLdif = slapdConfigLdif({
    suffix: dns.suffix,
    mainDbDir: paths.mainDbDir,
    accessLogDbDir: paths.accessLogDbDir,
    noSync: options.noSync ?? true,
    // slapd runs as this process's user, so that identity (root in CI) manages cn=config over ldapi.
    ownerUid: process.getuid?.() ?? 0,
    ownerGid: process.getgid?.() ?? 0,
  });
  await writeFile(paths.configLdif, configLdif, { mode: 0o600 });
  await runSlapadd(binaries.slapadd, ['-n0', '-F', paths.configDir, '-l', paths.configLdif], '');

  const passwords = { admin: generatePassword(), helpdesk: generatePassword() };
  // -q skips consistency checks: the LDIF is ours and the database is empty, and it is several times faster.
  await runSlapadd(binaries.slapadd, ['-q', '-F', paths.configDir, '-b', dns.suffix], baseEntriesLdif(dns.suffix, passwords));

  const credentials: SandboxCredentials = {
    suffix: dns.suffix,
    bindDN: dns.admin,
    password: passwords.admin,
    helpdeskDN: dns.helpdesk,
    helpdeskPassword: passwords.helpdesk,
  };
  await writeSandboxCredentials(paths.credentialsFile, credentials);
  return credentials;
}

/**
 * Launch slapd on the requested port, else on the port of the last start (so its URL stays the same across
 * restarts), else on a free one; an auto-chosen port that another process grabbed in the meantime is retried.
 */
async function launchOnPort(
  binaries: SlapdBinaries,
  paths: SandboxPaths,
  requestedPort: number | undefined,
  previousPort: number | undefined,
): Promise<{ slapd: SlapdProcess; port: number }> {
  const attempts = requestedPort === undefined ? (previousPort === undefined ? 2 : 3) : 1;
  for (let attempt = 1; ; attempt += 1) {
    const port = requestedPort ?? (attempt === 1 && previousPort !== undefined ? previousPort : await findFreePort());
    try {
      const slapd = await launchSlapd({
        slapd: binaries.slapd,
        ...(binaries.setpriv === undefined ? {} : { setpriv: binaries.setpriv }),
        configDir: paths.configDir,
        port,
        urls: [`ldap://127.0.0.1:${port}/`, ldapiUrl(paths.ldapiSocket)],
      });
      return { slapd, port };
    } catch (error) {
      if (!(error instanceof SlapdAddressInUse)) throw error;
      if (attempt >= attempts) {
        throw failure({
          kind: 'internal',
          message:
            `The sandbox could not listen on 127.0.0.1:${port} or its ldapi socket ${paths.ldapiSocket}: ` +
            `address in use (is this sandbox already running?). ${error.output}`,
        });
      }
    }
  }
}

/** Delete the sandbox's own files only: dataDir may hold other things of the app's. */
async function removeSandboxFiles(paths: SandboxPaths): Promise<void> {
  for (const target of [paths.configDir, join(paths.dataDir, 'db'), paths.credentialsFile, paths.configLdif]) {
    await rm(target, { recursive: true, force: true });
  }
}

/** How the sandbox in `dataDir` is reached when it runs, read without starting it (null before its first start). */
export async function describeStoppedSandbox(dataDir: string): Promise<{ url: string; bindDN: string; suffix: string } | null> {
  const paths = sandboxPaths(dataDir);
  const credentials = await existingSandbox(paths).catch(() => null);
  if (credentials === null) return null;
  return { url: credentials.port === undefined ? 'ldap://127.0.0.1' : `ldap://127.0.0.1:${credentials.port}`, bindDN: credentials.bindDN, suffix: credentials.suffix };
}
