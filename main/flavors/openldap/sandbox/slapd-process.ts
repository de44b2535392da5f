/** Starts slapd in the foreground and stops it, making sure no slapd outlives the Node process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { failure } from '../../../../shared/errors';
import { waitForTcpListener } from '../../../system/tcp-listener';

/** How slapd ended. */
export interface SlapdExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A slapd that printed "slapd starting" and was still alive afterwards. */
export interface SlapdProcess {
  pid: number;
  exited: Promise<SlapdExit>;
  stop(): Promise<void>;
}

/** Where slapd reads its config and which URLs it listens on. */
export interface SlapdLaunch {
  slapd: string;
  configDir: string;
  urls: readonly string[];
  /** The loopback TCP port among `urls`, probed before slapd counts as ready. */
  port: number;
  /** util-linux `setpriv`, when present: it asks the kernel to SIGTERM slapd if this process dies, then execs it. */
  setpriv?: string;
}

/** slapd died because its port was taken: the sandbox retries an auto-chosen port, else reports a failure. */
export class SlapdAddressInUse extends Error {
  constructor(readonly output: string) {
    super(`slapd could not listen: address already in use. slapd said: ${output}`);
    this.name = 'SlapdAddressInUse';
  }
}

const READY_LINE = 'slapd starting';
const STOP_GRACE_MS = 5_000;
const ADDRESS_IN_USE = /errno=98|Address already in use/i;
const MAX_KEPT_OUTPUT = 16_384;

/** Spawn slapd and resolve once it is serving; rejects with slapd's own output when it exits first. */
export function launchSlapd(launch: SlapdLaunch): Promise<SlapdProcess> {
  // -d none: stay in the foreground (so the PID is slapd's) and still print fatal errors and the ready line.
  const slapdArgs = [launch.slapd, '-d', 'none', '-F', launch.configDir, '-h', launch.urls.join(' ')];
  // setpriv execs slapd, so the PID stays slapd's; the death signal also covers a parent killed by a signal,
  // which the 'exit' handler below cannot.
  const [command, ...args] = launch.setpriv === undefined ? slapdArgs : [launch.setpriv, '--pdeathsig', 'SIGTERM', ...slapdArgs];
  const child = spawn(command ?? launch.slapd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnParentExit = (): void => {
    child.kill('SIGTERM');
  };
  process.on('exit', killOnParentExit);

  const exited = new Promise<SlapdExit>((resolve) => {
    child.once('exit', (code, signal) => {
      process.off('exit', killOnParentExit);
      resolve({ code, signal });
    });
  });

  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    let settled = false;
    const onOutput = (chunk: Buffer): void => {
      if (output.length < MAX_KEPT_OUTPUT) output += chunk.toString('utf8');
      if (!ready && output.includes(READY_LINE)) {
        ready = true;
        // slapd prints "slapd starting" just before its listener thread calls listen(): probe the port too,
        // and only while this child is alive (an older slapd on the same port must not count).
        const alive = (): boolean => child.exitCode === null && child.signalCode === null && !settled;
        void waitForTcpListener(launch.port, alive).then((listening) => {
          if (!alive() || child.pid === undefined) return;
          settled = true;
          if (!listening) {
            child.kill('SIGKILL');
            reject(failure({ kind: 'internal', message: `slapd never accepted connections on port ${launch.port}.` }));
            return;
          }
          resolve({ pid: child.pid, exited, stop: () => stopSlapd(child, exited) });
        });
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.once('error', (error) => {
      settled = true;
      reject(failure({ kind: 'internal', message: `Could not start ${launch.slapd}: ${error.message}` }));
    });
    void exited.then(({ code, signal }) => {
      if (settled) return;
      settled = true;
      const said = output.trim();
      if (ADDRESS_IN_USE.test(said)) return reject(new SlapdAddressInUse(said));
      reject(
        failure({
          kind: 'internal',
          message: `slapd exited during start-up (${signal ?? `exit ${code}`}): ${said || 'no output'}`,
        }),
      );
    });
  });
}

/** SIGTERM, then SIGKILL if slapd has not exited within the grace period; resolves once it is gone. */
async function stopSlapd(child: ChildProcess, exited: Promise<SlapdExit>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
