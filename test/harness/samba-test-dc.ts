/**
 * A real Samba AD DC per test file: `beforeAll(startSambaTestDc)`, `afterAll(dc.stop)`.
 *
 * Provisioning takes 6–10 s, so it happens once per machine into a cached template (provisioned, TLS certificate
 * made, host layout added), keyed by the Samba version and the code that builds it, and guarded by a lock so
 * parallel workers build it once. Each file then copies the template (≈30 MB, well under a second) and starts its
 * own DC in its own network namespace (samba-netns.ts): files run in parallel, fully isolated, in ~1 s each.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, lstat, mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findSambaBinaries, type SambaBinaries } from '../../main/flavors/active-directory/sandbox/samba-binaries';
import { readSambaCredentials, type SambaCredentials } from '../../main/flavors/active-directory/sandbox/samba-credentials';
import { ensureDomain } from '../../main/flavors/active-directory/sandbox/samba-domain';
import { sambaDomain, sambaPaths } from '../../main/flavors/active-directory/sandbox/samba-paths';
import { relocateDomain } from '../../main/flavors/active-directory/sandbox/samba-provision';
import { launchSambaInNetns, pickAddresses } from './samba-netns';

const run = promisify(execFile);

/** A running test DC. */
export interface SambaTestDc {
  host: string;
  ldapsUrl: string;
  ldapUrl: string;
  caPem: string;
  tlsServerName: string;
  suffix: string;
  credentials: SambaCredentials;
  dir: string;
  stop(): Promise<void>;
}

/** Why AD tests cannot run here, or null when they can (root and Samba present). */
export async function sambaUnavailableReason(): Promise<string | null> {
  try {
    const binaries = await findSambaBinaries();
    return binaries.unshare ? null : 'util-linux unshare is missing';
  } catch (error) {
    return (error as Error).message;
  }
}

/** Copies the template and starts a DC from it in a namespace of its own. */
export async function startSambaTestDc(): Promise<SambaTestDc> {
  const binaries = await findSambaBinaries();
  const template = await ensureTemplate(binaries);
  const dir = await mkdtemp(join(tmpdir(), 'enclave-ad-'));
  try {
    // Samba's sockets (ldapi, ncalrpc) are recreated at start and cannot be copied.
    await cp(template, dir, { recursive: true, filter: async (source) => !(await lstat(source)).isSocket() });
    const addresses = await pickAddresses();
    await relocateDomain(dir, template, dir, `lo ${addresses.inside}`);
    const process = await launchSambaInNetns(binaries.samba, binaries.unshare ?? 'unshare', sambaPaths(dir).smbConf, addresses);
    const credentials = await readSambaCredentials(sambaPaths(dir).credentialsFile);
    if (!credentials) throw new Error(`The DC template ${template} has no credentials`);
    return {
      host: addresses.inside,
      ldapsUrl: `ldaps://${addresses.inside}:636`,
      ldapUrl: `ldap://${addresses.inside}:389`,
      caPem: await readFile(sambaPaths(dir).caFile, 'utf8'),
      tlsServerName: sambaDomain.tlsServerName,
      suffix: credentials.suffix,
      credentials,
      dir,
      stop: async () => {
        await process.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The cached template folder, built under a lock when missing. */
async function ensureTemplate(binaries: SambaBinaries): Promise<string> {
  const template = join(tmpdir(), `enclave-samba-template-${await templateKey(binaries)}`);
  const lock = `${template}.lock`;
  for (const started = Date.now(); Date.now() - started < 240_000; ) {
    if (await exists(join(template, 'enclave-credentials.json'))) return template;
    try {
      await mkdir(lock);
    } catch {
      // Someone else builds it; a lock left by a killed run is taken over after 3 minutes.
      const age = Date.now() - ((await stat(lock).catch(() => null))?.mtimeMs ?? Date.now());
      if (age > 180_000) await rm(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      if (!(await exists(join(template, 'enclave-credentials.json')))) await buildTemplate(binaries, template);
      return template;
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
  throw new Error(`Timed out waiting for the Samba template ${template}`);
}

async function buildTemplate(binaries: SambaBinaries, template: string): Promise<void> {
  const build = `${template}.build-${process.pid}`;
  await rm(build, { recursive: true, force: true });
  await rm(template, { recursive: true, force: true });
  const addresses = await pickAddresses();
  const started = await ensureDomain(binaries, build, async () => {
    await relocateDomain(build, build, build, `lo ${addresses.inside}`);
    return { process: await launchSambaInNetns(binaries.samba, binaries.unshare ?? 'unshare', sambaPaths(build).smbConf, addresses), host: addresses.inside };
  });
  await started.running.process.stop();
  await relocateDomain(build, build, template, 'lo');
  await rename(build, template);
}

/** Samba's version plus the code that shapes the template: a change to either builds a new one. */
async function templateKey(binaries: SambaBinaries): Promise<string> {
  const { stdout } = await run(binaries.samba, ['--version']);
  const hash = createHash('sha256').update(stdout);
  const sources = ['samba-provision.ts', 'samba-host-layout.ts', 'samba-domain.ts'].map((file) => new URL(`../../main/flavors/active-directory/sandbox/${file}`, import.meta.url));
  for (const source of sources) hash.update(await readFile(source));
  return hash.digest('hex').slice(0, 16);
}

const exists = (path: string) => stat(path).then(() => true, () => false);
