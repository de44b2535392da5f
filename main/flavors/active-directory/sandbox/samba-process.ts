/**
 * Runs one Samba DC in the foreground (`samba -i -M single`) and stops it. Ready means: the child is alive and
 * answers a rootDSE read (Samba has no "ready" line, and ldapwhoami is not supported). In interactive mode
 * Samba exits when its stdin closes, so the pipe we hold ties its life to ours, even if we are killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Client } from 'ldapts';
import { failure } from '../../../../shared/errors';

export interface SambaExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A DC that answered its rootDSE. */
export interface SambaProcess {
  pid: number;
  exited: Promise<SambaExit>;
  stop(): Promise<void>;
}

export interface SambaLaunch {
  samba: string;
  smbConf: string;
  /** Address the readiness probe reads the rootDSE from (port 389). */
  probeHost: string;
  /** Command run in front of samba, e.g. `unshare --net --` for a network namespace of its own. */
  prefix?: string[];
  /** Runs with the child's pid before samba starts (e.g. wiring that namespace's network). */
  prepare?: (pid: number) => Promise<void>;
  readyTimeoutMs?: number;
}

const STOP_GRACE_MS = 10_000;
const MAX_KEPT_OUTPUT = 16_384;

/** Spawns samba and resolves once it serves LDAP; rejects with samba's own output when it dies first. */
export async function launchSamba(launch: SambaLaunch): Promise<SambaProcess> {
  const sambaArgs = [launch.samba, '-i', '-M', 'single', '-s', launch.smbConf];
  // With a prepare step, a shell holds samba back until the step is done, then execs it (same pid).
  const gated = launch.prepare ? ['sh', '-c', 'read _ && exec "$0" "$@"', ...sambaArgs] : sambaArgs;
  const [command, ...args] = [...(launch.prefix ?? []), ...gated];
  const child = spawn(command ?? launch.samba, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    if (output.length < MAX_KEPT_OUTPUT) output += chunk.toString('utf8');
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<SambaExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(failure({ kind: 'internal', message: `Could not start ${command}: ${error.message}` })));
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  try {
    await spawned;
    if (launch.prepare) {
      await launch.prepare(child.pid ?? 0);
      child.stdin.write('go\n');
    }
    await waitForRootDse(launch.probeHost, alive, launch.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }
  if (!alive()) {
    const { code, signal } = await exited;
    throw failure({ kind: 'internal', message: `samba exited during start-up (${signal ?? `exit ${code}`}): ${lastLines(output)}` });
  }
  return { pid: child.pid ?? 0, exited, stop: () => stopChild(child, exited) };

  async function waitForRootDse(host: string, isAlive: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (isAlive()) {
      if (await rootDseAnswers(host)) return;
      if (Date.now() > deadline) {
        throw failure({ kind: 'internal', message: `samba did not answer on ${host}:389 within ${timeoutMs / 1000} s: ${lastLines(output)}` });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { code, signal } = await exited;
    const said = lastLines(output);
    const inUse = /address already in use|NT_STATUS_ADDRESS_ALREADY_ASSOCIATED/i.test(said);
    throw failure({
      kind: 'internal',
      message: inUse
        ? `samba could not listen on ${host}:389/636: another directory (or DC) already uses those ports. ${said}`
        : `samba exited during start-up (${signal ?? `exit ${code}`}): ${said}`,
    });
  }
}

/** True when an anonymous rootDSE read on `host`:389 succeeds. */
async function rootDseAnswers(host: string): Promise<boolean> {
  const client = new Client({ url: `ldap://${host}:389`, connectTimeout: 1_000, timeout: 2_000 });
  try {
    const result = await client.search('', { scope: 'base', attributes: ['defaultNamingContext'] });
    return result.searchEntries.length === 1;
  } catch {
    return false;
  } finally {
    await client.unbind().catch(() => {});
  }
}

const lastLines = (text: string) => text.trim().split('\n').slice(-4).join(' | ') || 'no output';

/** SIGTERM (Samba needs 1–2 s), SIGKILL after the grace period; resolves once it is gone. */
async function stopChild(child: ChildProcess, exited: Promise<SambaExit>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
    child.stdin?.destroy();
  }
}
