/**
 * A Samba DC in a network namespace of its own: Samba's ports are fixed (389, 636, 3268, 3269), so two DCs — two
 * test files, two test runs, or a test run next to the AD sandbox — would collide on one loopback. `unshare --net`
 * gives each DC a private namespace, and a veth pair with a random /30 in 10.200–254.x.x makes it reachable from
 * ours over real TCP and TLS. The namespace is anonymous: it (and the veth pair) vanish when samba exits, and
 * samba exits when our stdin pipe closes, so a killed test run leaves nothing behind.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { readlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { launchSamba, type SambaProcess } from '../../main/flavors/active-directory/sandbox/samba-process';

const run = promisify(execFile);

/** The addresses of one namespace's veth pair. */
export interface NetnsAddresses {
  /** Samba's side, inside the namespace: the address clients use. */
  inside: string;
  outside: string;
  hostDevice: string;
  nsDevice: string;
}

/** Picks a /30 no interface of ours uses yet. */
export async function pickAddresses(): Promise<NetnsAddresses> {
  const { stdout } = await run('ip', ['-o', '-4', 'addr', 'show']);
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = `10.${randomInt(200, 255)}.${randomInt(0, 256)}`;
    const last = randomInt(0, 64) * 4;
    if (stdout.includes(` ${base}.${last + 1}/`) || stdout.includes(` ${base}.${last + 2}/`)) continue;
    const tag = randomBytes(3).toString('hex');
    return { outside: `${base}.${last + 1}`, inside: `${base}.${last + 2}`, hostDevice: `encl${tag}h`, nsDevice: `encl${tag}n` };
  }
  throw new Error('No free address range for a test DC namespace');
}

/** Starts samba (config already listing `addresses.inside`) in a fresh namespace wired to ours. */
export async function launchSambaInNetns(samba: string, unshare: string, smbConf: string, addresses: NetnsAddresses): Promise<SambaProcess> {
  return launchSamba({
    samba,
    smbConf,
    probeHost: addresses.inside,
    prefix: [unshare, '--net', '--'],
    prepare: async (pid) => {
      const { hostDevice, nsDevice, inside, outside } = addresses;
      const inNamespace = (...args: string[]) => run('nsenter', ['-t', String(pid), '-n', 'ip', ...args]);
      try {
        await untilOwnNamespace(pid);
        await run('ip', ['link', 'add', hostDevice, 'type', 'veth', 'peer', 'name', nsDevice]);
        await run('ip', ['link', 'set', nsDevice, 'netns', String(pid)]);
        await run('ip', ['addr', 'add', `${outside}/30`, 'dev', hostDevice]);
        await run('ip', ['link', 'set', hostDevice, 'up']);
        await inNamespace('addr', 'add', `${inside}/30`, 'dev', nsDevice);
        await inNamespace('link', 'set', nsDevice, 'up');
        await inNamespace('link', 'set', 'lo', 'up');
      } catch (error) {
        await run('ip', ['link', 'del', hostDevice]).catch(() => {});
        throw error;
      }
    },
  });
}

/**
 * Waits until `pid` (unshare, just spawned) is in a network namespace of its own. Moving the veth end into it
 * before then puts the device in our namespace, which unshare then leaves: "Cannot find device" (seen in a
 * full run with suites in parallel).
 */
async function untilOwnNamespace(pid: number, timeoutMs = 10_000): Promise<void> {
  const ours = await readlink('/proc/self/ns/net');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const theirs = await readlink(`/proc/${pid}/ns/net`).catch(() => ours);
    if (theirs !== ours) return;
    await sleep(5);
  }
  throw new Error(`Process ${pid} did not enter a network namespace of its own within ${timeoutMs} ms`);
}
