/**
 * A teardown's own record on disk, written before anything is removed and after every step: what the tenant held
 * (its DNs, domains, addresses, logins, mail-store keys — all of it is gone from the directory once the entries
 * are), which steps are done, and what was removed. A teardown cut off midway is run again from it. Replaced
 * atomically (write, fsync, rename), owner-only.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { DirectoryFlavor } from '../../shared/model/hosting';
import type { MailStoreFolder, TeardownStep } from '../../shared/model/tenant-lifecycle';
import { normalizeDn } from '../directory/dn';
import { sha256 } from './package-files';

export interface TeardownPlan {
  /** Every DN at and below the tenant entry (normalized), and the policy entries outside it. */
  entryDns: string[];
  outsideDns: string[];
  domains: string[];
  addresses: string[];
  logins: string[];
  /** Each entry's identity key (entryUUID, objectGUID): tombstones and logs name entries by it. */
  entryKeys: string[];
  mailStore: MailStoreFolder[];
}

export interface TeardownState {
  version: 1;
  tenant: string;
  tenantDn: string;
  suffix: string;
  flavor: DirectoryFlavor;
  actor: string;
  startedAt: string;
  runs: number;
  exitPackage: { folder: string; createdAt: string; contentDigest: string };
  plan: TeardownPlan;
  removed: {
    memberValues: { group: string; member: string }[];
    policyEntries: string[];
    /** Entries found below the tenant that the plan did not name (made after it), normalized. */
    unplanned: string[];
  };
  steps: TeardownStep[];
}

/** The folder of one tenant's teardown below `root` (the tenant's DN, hashed: names are not file-safe). */
export const teardownFolder = (root: string, tenantDn: string): string => join(root, sha256(normalizeDn(tenantDn)).slice(0, 24));

const stateFile = (folder: string) => join(folder, 'state.json');

/** The state of the tenant's teardown, or null when none was started. */
export async function readTeardownState(folder: string): Promise<TeardownState | null> {
  const text = await readFile(stateFile(folder), 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
  return text === null ? null : (JSON.parse(text) as TeardownState);
}

/** Replaces the state whole: a crash leaves the previous state or the new one, never half of one. */
export async function writeTeardownState(folder: string, state: TeardownState): Promise<void> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temporary = `${stateFile(folder)}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, stateFile(folder));
}

/** True once `step` is recorded. */
export const hasStep = (state: TeardownState, step: TeardownStep['step']): boolean => state.steps.some((done) => done.step === step);

/** Records `step` as done (now) with what it did. */
export function markStep(state: TeardownState, step: TeardownStep['step'], detail: string): void {
  state.steps = [...state.steps.filter((done) => done.step !== step), { step, at: new Date().toISOString(), detail }];
}
