/**
 * A private Dovecot on an Enclave directory: the generated configuration (dovecot-config.ts) with its own instance
 * name, run folder, state, log and mail folder inside one data folder, listening on loopback ports, started in the
 * foreground (`dovecot -F -c FILE`) as a child of this process. No system service, nothing under /etc, /run or
 * /var/lib. Used by `enclave sandbox --with-mail` and the integration tests (docs/mail-servers.md).
 *
 * Dovecot needs root to start (it drops to the mail user per mailbox and to its own users per service).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { access, chmod, chown, mkdir, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { createHash, randomInt, randomBytes } from 'node:crypto';
import { failure } from '../../shared/errors';
import { findExecutable } from '../system/find-executable';
import { waitForTcpListener } from '../system/tcp-listener';
import { dovecotFiles, generateDovecotConfig } from './dovecot-config';
import type { DirectoryAccess } from './mail-config-options';
import type { MailDirectory } from './mail-directory';
import { writeMailConfig } from './mail-config-writer';

const searchPath = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin'];

/** The programs a private Dovecot needs. */
export interface DovecotBinaries {
  dovecot: string;
  doveadm: string;
}

/** The Debian packages behind the programs and modules, named in errors. */
export const dovecotPackages = ['dovecot-core', 'dovecot-ldap', 'dovecot-imapd', 'dovecot-lmtpd'] as const;

/** Finds dovecot and doveadm and checks the LDAP, IMAP and LMTP parts are installed; a clear error naming the packages otherwise. */
export async function findDovecot(): Promise<DovecotBinaries> {
  const dovecot = await findExecutable('dovecot', searchPath);
  const doveadm = await findExecutable('doveadm', searchPath);
  const missing: string[] = [];
  if (dovecot === null || doveadm === null) missing.push('dovecot-core');
  if (!(await exists('/usr/lib/dovecot/modules/auth/libauthdb_ldap.so'))) missing.push('dovecot-ldap');
  if (!(await exists('/usr/lib/dovecot/imap'))) missing.push('dovecot-imapd');
  if (!(await exists('/usr/lib/dovecot/lmtp'))) missing.push('dovecot-lmtpd');
  if (missing.length > 0 || dovecot === null || doveadm === null) {
    throw failure({ kind: 'sandbox-unavailable', message: `Dovecot is not fully installed: ${missing.join(', ')} missing (npm run setup installs them).`, missingPackage: missing.join(' ') });
  }
  return { dovecot, doveadm };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** Where a private Dovecot keeps everything, below one folder. */
export function privateDovecotPaths(dataDir: string) {
  return {
    configDir: path.join(dataDir, 'etc'),
    configFile: path.join(dataDir, 'etc', dovecotFiles.main),
    runDir: path.join(dataDir, 'run'),
    stateDir: path.join(dataDir, 'state'),
    mailRoot: path.join(dataDir, 'mail'),
    logFile: path.join(dataDir, 'dovecot.log'),
  };
}

/** True when every folder from the root down to `dir` lets others through (the mail user is not its owner). */
async function traversable(dir: string): Promise<boolean> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const mode = await stat(current).then((s) => s.mode, () => null);
    if (mode !== null && (mode & 0o001) === 0) return false;
    if (path.dirname(current) === current) return true;
  }
}

/**
 * Where the instance lives: the data folder when Dovecot's own users (mail, dict, login) can reach it; else (a data
 * folder under /root, or any 0700 parent) a folder of its own under /var/lib/enclave, named after the data folder.
 */
export async function privateDovecotHome(dataDir: string): Promise<string> {
  if (await traversable(dataDir)) return dataDir;
  const name = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  await mkdir('/var/lib/enclave', { recursive: true, mode: 0o755 });
  return path.join('/var/lib/enclave', `dovecot-${name}`);
}

export interface PrivateDovecotOptions {
  directory: MailDirectory;
  access: DirectoryAccess;
  /**
   * Holds the configuration, run folder, state, log and mail; kept between starts (the mail stays). When Dovecot's
   * users cannot pass through its parents, /var/lib/enclave/dovecot-<hash of it> instead (privateDovecotHome).
   */
  dataDir: string;
  /** Delay after a failed login: 0 in tests (each failure otherwise costs its client seconds). */
  authFailureDelay?: string;
  /** Also serve doveadm's HTTP API on loopback with this key. */
  doveadmApiKey?: string;
}

export interface RunningDovecot {
  readonly configFile: string;
  readonly dataDir: string;
  readonly mailRoot: string;
  readonly logFile: string;
  readonly imapPort: number;
  readonly lmtpPort: number;
  readonly doveadmPort: number | null;
  readonly binaries: DovecotBinaries;
  /** Resolves when the master process exits for any reason. */
  readonly exited: Promise<unknown>;
  stop(): Promise<void>;
}

/** The system user and group that own the mail of a private instance (never root: Dovecot refuses root for mail). */
const mailOwner = { user: 'nobody', group: 'nogroup', uid: 65534, gid: 65534 };

/**
 * A port below the kernel's ephemeral range (32768+), where an outgoing connection could take it between the choice
 * and Dovecot's start (measured: "Address already in use", Dovecot exits); checked free by binding it.
 */
async function quietPort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = randomInt(20_000, 32_000);
    if (taken.has(port)) continue;
    if (await bindable(port)) {
      taken.add(port);
      return port;
    }
  }
  throw failure({ kind: 'internal', message: 'No free loopback port between 20000 and 32000 for Dovecot.' });
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Generates the configuration into `dataDir` and starts Dovecot; resolves once IMAP and LMTP accept connections. */
export async function startPrivateDovecot(options: PrivateDovecotOptions): Promise<RunningDovecot> {
  const binaries = await findDovecot();
  if (process.getuid?.() !== 0) throw failure({ kind: 'sandbox-unavailable', message: 'A private Dovecot must be started as root (it drops to the mail user per mailbox).' });
  const home = await privateDovecotHome(options.dataDir);
  const paths = privateDovecotPaths(home);
  await mkdir(home, { recursive: true, mode: 0o755 });
  await chmod(home, 0o755);
  for (const dir of [paths.configDir, paths.runDir, paths.stateDir, paths.mailRoot]) await mkdir(dir, { recursive: true, mode: 0o755 });
  await chown(paths.mailRoot, mailOwner.uid, mailOwner.gid);
  // The dict service (Dovecot's internal user) writes the last-login records here.
  const internal = await userIds('dovecot');
  if (internal) await chown(paths.stateDir, internal.uid, internal.gid);

  for (let attempt = 0; ; attempt++) {
    const taken = new Set<number>();
    const [imapPort, lmtpPort] = [await quietPort(taken), await quietPort(taken)];
    const doveadmPort = options.doveadmApiKey ? await quietPort(taken) : null;
    const files = generateDovecotConfig(options.directory, options.access, {
      configDir: paths.configDir,
      mailRoot: paths.mailRoot,
      vmailUser: mailOwner.user,
      vmailGroup: mailOwner.group,
      listen: '127.0.0.1',
      imapPort,
      pop3: false,
      pop3Port: 110,
      lmtpPort,
      authFailureDelay: options.authFailureDelay ?? '2 secs',
      tls: null,
      stateDir: paths.stateDir,
      private: { instanceName: `enclave-${randomBytes(4).toString('hex')}`, baseDir: paths.runDir, logFile: paths.logFile },
      doveadmHttp: options.doveadmApiKey && doveadmPort !== null ? { address: '127.0.0.1', port: doveadmPort, apiKey: options.doveadmApiKey } : null,
    });
    await writeMailConfig(paths.configDir, files);
    const started = await launch(binaries, paths, imapPort, lmtpPort, doveadmPort);
    if (started) return { ...started, configFile: paths.configFile, dataDir: home, mailRoot: paths.mailRoot, logFile: paths.logFile, imapPort, lmtpPort, doveadmPort, binaries };
    // A port taken in the meantime makes Dovecot exit at start: choose others (a few times).
    if (attempt >= 2) {
      const log = await readFile(paths.logFile, 'utf8').catch(() => '');
      throw failure({ kind: 'sandbox-unavailable', message: `Dovecot did not start: ${log.trim().split('\n').slice(-3).join(' | ') || 'no log'}` });
    }
  }
}

async function launch(binaries: DovecotBinaries, paths: ReturnType<typeof privateDovecotPaths>, imapPort: number, lmtpPort: number, doveadmPort: number | null): Promise<{ exited: Promise<unknown>; stop(): Promise<void> } | null> {
  const child: ChildProcess = spawn(binaries.dovecot, ['-F', '-c', paths.configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let running = true;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => {
    running = false;
    resolve({ code, signal, stderr });
  }));
  child.once('error', () => (running = false));
  const ports = [imapPort, lmtpPort, ...(doveadmPort === null ? [] : [doveadmPort])];
  for (const port of ports) {
    if (!(await waitForTcpListener(port, () => running, 15_000))) {
      if (running) child.kill('SIGKILL');
      await exited;
      return null;
    }
  }
  return {
    exited,
    stop: async () => {
      if (!running) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A system user's ids from /etc/passwd, or null. */
async function userIds(name: string): Promise<{ uid: number; gid: number } | null> {
  const line = (await readFile('/etc/passwd', 'utf8').catch(() => '')).split('\n').find((candidate) => candidate.split(':')[0] === name);
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
