/**
 * Runs `main/host/serve-console.ts` as the user would (its own process, fresh data folder: the real sandbox
 * slapd, or a directory saved as a connection beforehand) and reads the one JSON line it prints. `stop()`
 * sends SIGTERM and proves nothing survives.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataFiles } from '../../../main/system/data-dir';
import { FileProfileStore } from '../../../main/profiles/file-profile-store';
import { FileSecretStore } from '../../../main/profiles/file-secret-store';
import type { ConnectionProfile } from '../../../shared/model/connection';
import { processesMentioning, type ProcessInfo } from './processes';
import { repoRoot } from './repo-paths';

export interface ConsoleServer {
  url: string;
  launchUrl: string;
  /** The private data folder; every process the server started names it in its arguments. */
  dataDir: string;
  pid: number;
  /** Everything the server (and the slapd it runs) wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, wait for exit, then report processes still naming the data folder (should be none). Idempotent. */
  stop(): Promise<{ exit: ExitStatus; leftovers: ProcessInfo[] }>;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A connection profile and its password, as an administrator saves them in the Connections dialog. */
export interface SavedConnection {
  profile: ConnectionProfile;
  password: string;
}

export interface StartOptions {
  staticDir: string;
  /**
   * Saved in the data folder before the start, with the console's own file stores. With any saved, the console
   * opens on no directory (the sandbox is not started) until one is chosen in Connections.
   */
  connections?: SavedConnection[];
  /** How long the server may take to print its URL (slapd start and seeding included). */
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
  /** Extra environment for the server, e.g. ENCLAVE_SANDBOX_MAIL=1 (the sandbox's private Dovecot). */
  env?: Record<string, string>;
}

// tsx's CLI run by this Node directly: same as `npx tsx`, minus npm's wrapper process between us and it.
const tsxCli = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const serveConsole = join(repoRoot, 'main/host/serve-console.ts');

export async function startConsoleServer(options: StartOptions): Promise<ConsoleServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'enclave-e2e-'));
  // A private Dovecot keeps its files in the data folder only when its own users can pass through it (else
  // /var/lib/enclave): here, so that everything it starts names the folder and is caught by the leftover check.
  if (options.env?.['ENCLAVE_SANDBOX_MAIL'] === '1') await chmod(dataDir, 0o755);
  await saveConnections(dataDir, options.connections ?? []).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const child = spawn(process.execPath, [tsxCli, serveConsole, '--data', dataDir, '--static', options.staticDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
    // Own process group, so a server that ignores SIGTERM can still be ended as a whole.
    detached: true,
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<ExitStatus>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  let announced: { url: string; launchUrl: string };
  try {
    announced = await readAnnouncement(child, exited, options.startTimeoutMs ?? 90_000, () => stderr);
  } catch (error) {
    await forceStop(child, exited);
    // A slapd started in its own process group outlives the group kill; it names our folder.
    for (const leftover of await processesMentioning(dataDir)) killQuietly(leftover.pid, 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  let stopping: Promise<{ exit: ExitStatus; leftovers: ProcessInfo[] }> | null = null;
  const stop = async () => {
    const timeout = options.stopTimeoutMs ?? 20_000;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const exit = await Promise.race([exited, delay(timeout).then(() => null)]);
    if (exit === null) {
      await forceStop(child, exited);
      throw new Error(`serve-console did not exit within ${timeout} ms of SIGTERM.\nstderr:\n${stderr}`);
    }
    // The server awaits its sandbox before exiting, so anything still naming our folder is a leak.
    const leftovers = await processesMentioning(dataDir);
    for (const leftover of leftovers) killQuietly(leftover.pid, 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    return { exit, leftovers };
  };

  return {
    ...announced,
    dataDir,
    pid: child.pid ?? -1,
    stderr: () => stderr,
    stop: () => (stopping ??= stop()),
  };
}

async function saveConnections(dataDir: string, connections: SavedConnection[]): Promise<void> {
  const profiles = new FileProfileStore(join(dataDir, dataFiles.profiles));
  const secrets = new FileSecretStore(join(dataDir, dataFiles.secrets));
  for (const { profile, password } of connections) {
    await profiles.save(profile);
    await secrets.set(profile.id, password);
  }
}

function readAnnouncement(
  child: ChildProcess,
  exited: Promise<ExitStatus>,
  timeoutMs: number,
  stderr: () => string,
): Promise<{ url: string; launchUrl: string }> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => reject(new Error(`serve-console printed no URL within ${timeoutMs} ms.\nstdout:\n${stdout}\nstderr:\n${stderr()}`)),
      timeoutMs,
    );
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`serve-console exited (code ${code}, signal ${signal}) before printing its URL.\nstdout:\n${stdout}\nstderr:\n${stderr()}`));
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      const line = stdout.slice(0, newline);
      try {
        const parsed = JSON.parse(line) as { url?: unknown; launchUrl?: unknown };
        if (typeof parsed.url !== 'string' || typeof parsed.launchUrl !== 'string') throw new Error('url or launchUrl missing');
        resolve({ url: parsed.url, launchUrl: parsed.launchUrl });
      } catch (error) {
        reject(new Error(`serve-console's first stdout line is not the expected JSON (${String(error)}): ${line}\nstderr:\n${stderr()}`));
      }
    });
  });
}

async function forceStop(child: ChildProcess, exited: Promise<ExitStatus>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  killQuietly(-child.pid, 'SIGKILL');
  await exited;
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
