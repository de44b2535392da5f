/** A fresh real slapd per integration suite: `beforeAll(startTestDirectory)`, `afterAll(dir.stop)`. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { startSandbox } from '../../main/flavors/openldap/sandbox/sandbox';
import { readSandboxCredentials } from '../../main/flavors/openldap/sandbox/sandbox-credentials';
import { sandboxPaths } from '../../main/flavors/openldap/sandbox/sandbox-paths';
import { runSlapadd } from '../../main/flavors/openldap/sandbox/slapadd';
import { findSlapdBinaries } from '../../main/flavors/openldap/sandbox/slapd-binaries';
import { ConfigConnection } from '../../main/flavors/openldap/config/config-connection';
import { generatePassword, hashSsha } from '../../main/flavors/openldap/sandbox/ssha-password';
import { sandboxDns } from '../../main/flavors/openldap/sandbox/sandbox-dns';
import type { RunningSandbox, SandboxConnectionInfo } from '../../main/flavors/openldap/sandbox/sandbox-types';

/** A running sandbox in its own temp folder. */
export interface TestDirectory {
  info: SandboxConnectionInfo;
  dataDir: string;
  sandbox: RunningSandbox;
  /** The helpdesk demo account (read-only on the directory). */
  helpdesk: { bindDN: string; password: string };
  /** Stop slapd and delete the temp folder. */
  stop(): Promise<void>;
  /**
   * Loads `ldif` offline with slapadd (no access rules, overlays or schema checks: how data arrives from another
   * tool or an old version), restarting slapd on the same URL. For planting what the server would refuse.
   */
  loadOffline(ldif: string): Promise<void>;
  /** Starts slapd again on the same URL and data, after it stopped or died. */
  restart(): Promise<void>;
}

/** Start a fresh sandbox (noSync) in a new temp folder. */
export async function startTestDirectory(): Promise<TestDirectory> {
  const dataDir = await mkdtemp(join(tmpdir(), 'enclave-test-'));
  try {
    const sandbox = await startSandbox({ dataDir, fresh: true, noSync: true });
    const credentials = await readSandboxCredentials(sandboxPaths(dataDir).credentialsFile);
    if (credentials === null) throw new Error(`sandbox in ${dataDir} wrote no credentials`);
    const dir: TestDirectory = {
      info: sandbox.info,
      dataDir,
      sandbox,
      helpdesk: { bindDN: credentials.helpdeskDN, password: credentials.helpdeskPassword },
      stop: async () => {
        await dir.sandbox.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
      restart: async () => {
        await dir.sandbox.stop().catch(() => undefined);
        dir.sandbox = await startSandbox({ dataDir, noSync: true, port: Number(new URL(sandbox.info.url).port) });
      },
      loadOffline: async (ldif) => {
        await dir.sandbox.stop();
        const binaries = await findSlapdBinaries();
        await runSlapadd(binaries.slapadd, ['-q', '-s', '-F', sandboxPaths(dataDir).configDir, '-b', sandbox.info.suffix], ldif);
        dir.sandbox = await startSandbox({ dataDir, noSync: true, port: Number(new URL(sandbox.info.url).port) });
      },
    };
    return dir;
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** An ldapts client bound as `bindDN`; the caller unbinds it. */
export async function boundClient(url: string, bindDN: string, password: string): Promise<Client> {
  const client = new Client({ url, connectTimeout: 5_000, timeout: 30_000 });
  try {
    await client.bind(bindDN, password);
  } catch (error) {
    await client.unbind().catch(() => undefined);
    throw error;
  }
  return client;
}

/** An ldapts client bound as the sandbox's host admin; the caller unbinds it. */
export function adminClient(info: SandboxConnectionInfo): Promise<Client> {
  return boundClient(info.url, info.bindDN, info.password);
}

/**
 * An ldapts client bound as the database's rootDN, which no access rule binds: it reads password hashes and writes
 * anything. The rootDN gets a password through cn=config first. Only for tests (what an operator with root sees).
 */
export async function rootClient(dir: TestDirectory): Promise<Client> {
  const root = await rootCredentials(dir);
  return boundClient(dir.info.url, root.bindDN, root.password);
}

/** Gives the database's rootDN a fresh password through cn=config and answers both (tests only). */
export async function rootCredentials(dir: TestDirectory): Promise<{ bindDN: string; password: string }> {
  const password = generatePassword();
  const config = await ConfigConnection.open({ ldapiUrl: dir.info.ldapiUrl });
  try {
    const { databaseDn } = await config.locate(dir.info.suffix);
    await config.replaceValues(databaseDn, 'olcRootPW', [hashSsha(password)]);
  } finally {
    await config.close();
  }
  return { bindDN: sandboxDns(dir.info.suffix).rootDn, password };
}
