/**
 * Usage from Dovecot (docs/mail-servers.md, "Usage back in Enclave"): every mailbox's stored bytes and message count
 * in one pass (`doveadm -f json mailbox status -A -t 'messages vsize' '*'`: exact bytes, the ones the quota counts,
 * one row per mailbox; `quota get` would give KiB rounded up, two rows each), and every last login in one more
 * (`doveadm dict iter` over the last_login plugin's records, keyed by each mailbox's store key). Through the local
 * doveadm (`-c CONFIG`) or doveadm's HTTP API. One pass serves every page of a report: it is kept for a short while.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { failure } from '../../shared/errors';
import type { MailUsageConfig } from '../../shared/model/connection';
import type { MailboxUsage, MailboxUsageSource, UsageQuery } from './mailbox-usage-source';

const run = promisify(execFile);

/** The last_login plugin's dict and key prefix, as the generated configuration sets them (main/mail/dovecot-config.ts). */
const lastLoginDict = 'proxy::lastlogin';
const lastLoginPrefix = 'shared/last-login/';

/** One pass over the store. */
export interface UsageSnapshot {
  /** By Dovecot user name (the login), lower case. */
  mailboxes: Map<string, { usedBytes: number; messages: number }>;
  /** Unix seconds by store key. */
  lastLogins: Map<string, number>;
  /** Why the last logins could not be read (usage still came), or null. */
  lastLoginError: string | null;
  elapsedMs: number;
}

/** How a snapshot is fetched: the local doveadm or its HTTP API. */
interface DoveadmTransport {
  describe: string;
  mailboxStatus(): Promise<unknown>;
  lastLogins(): Promise<unknown>;
}

export interface DovecotUsageOptions {
  /** How long one pass answers for (default 30 s): a report's pages, the editor opened right after. */
  maxAgeMs?: number;
  /** doveadm's path (default: found on PATH by execFile). */
  doveadm?: string;
}

export class DovecotUsageSource implements MailboxUsageSource {
  readonly name: string;
  private snapshot: { at: number; value: Promise<UsageSnapshot> } | null = null;
  private readonly transport: DoveadmTransport;
  private readonly maxAgeMs: number;

  constructor(config: MailUsageConfig, options: DovecotUsageOptions = {}) {
    this.transport = config.kind === 'doveadm' ? localDoveadm(config.configFile, options.doveadm ?? 'doveadm') : httpDoveadm(config.url, config.apiKeyFile);
    this.name = `Dovecot (${this.transport.describe})`;
    this.maxAgeMs = options.maxAgeMs ?? 30_000;
  }

  async usage(batch: UsageQuery[]): Promise<Map<string, MailboxUsage>> {
    const snapshot = await this.fetch();
    const out = new Map<string, MailboxUsage>();
    for (const query of batch) {
      const stored = snapshot.mailboxes.get(query.login.toLowerCase());
      if (!stored) continue;
      const seconds = query.storeKey ? snapshot.lastLogins.get(query.storeKey) : undefined;
      out.set(query.dn, { ...stored, lastLogin: seconds === undefined ? null : new Date(seconds * 1000).toISOString() });
    }
    return out;
  }

  /** The current pass, fetched again once it is older than maxAgeMs (concurrent callers share one fetch). */
  fetch(): Promise<UsageSnapshot> {
    if (this.snapshot && Date.now() - this.snapshot.at < this.maxAgeMs) return this.snapshot.value;
    const value = this.fetchNow();
    this.snapshot = { at: Date.now(), value };
    // A failed pass is not kept: the next call tries again.
    value.catch(() => {
      if (this.snapshot?.value === value) this.snapshot = null;
    });
    return value;
  }

  private async fetchNow(): Promise<UsageSnapshot> {
    const started = Date.now();
    // Without last logins (no last_login plugin, a dict the console cannot reach) usage is still worth showing.
    const [status, logins] = await Promise.all([this.transport.mailboxStatus(), this.transport.lastLogins().catch((error: unknown) => error)]);
    const lastLoginError = logins instanceof Error ? logins.message : null;
    return { mailboxes: parseMailboxStatus(status), lastLogins: lastLoginError === null ? parseLastLogins(logins) : new Map(), lastLoginError, elapsedMs: Date.now() - started };
  }
}

const number = (value: unknown): number => {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(parsed) ? parsed : 0;
};

/** doveadm's rows ({username, messages, vsize} with numbers as strings) by user name. */
export function parseMailboxStatus(rows: unknown): UsageSnapshot['mailboxes'] {
  const out = new Map<string, { usedBytes: number; messages: number }>();
  if (!Array.isArray(rows)) throw failure({ kind: 'internal', message: 'doveadm mailbox status did not answer with a list.' });
  for (const row of rows as Record<string, unknown>[]) {
    if (typeof row['username'] !== 'string') continue;
    out.set(row['username'].toLowerCase(), { usedBytes: number(row['vsize']), messages: number(row['messages']) });
  }
  return out;
}

/** The dict's {key: "shared/last-login/<store key>", value: unix seconds} rows by store key. */
export function parseLastLogins(rows: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (!Array.isArray(rows)) return out;
  for (const row of rows as Record<string, unknown>[]) {
    const key = typeof row['key'] === 'string' ? row['key'] : '';
    if (key.startsWith(lastLoginPrefix)) out.set(key.slice(lastLoginPrefix.length), number(row['value']));
  }
  return out;
}

function localDoveadm(configFile: string, doveadm: string): DoveadmTransport {
  const json = async (args: string[]) => {
    try {
      const { stdout } = await run(doveadm, ['-c', configFile, '-f', 'json', ...args], { maxBuffer: 512 * 1024 * 1024 });
      return JSON.parse(stdout || '[]') as unknown;
    } catch (error) {
      const detail = (error as { stderr?: string }).stderr?.trim().split('\n').at(-1) ?? (error as Error).message;
      throw failure({ kind: 'internal', message: `Usage from Dovecot failed: doveadm -c ${configFile} ${args[0] ?? ''} ${args[1] ?? ''}: ${detail}` });
    }
  };
  return {
    describe: `doveadm -c ${configFile}`,
    mailboxStatus: () => json(['mailbox', 'status', '-A', '-t', 'messages vsize', '*']),
    // Shared keys belong to nobody: any user name does (the prefix must end with "/").
    lastLogins: () => json(['dict', 'iter', '-u', 'enclave', lastLoginDict, lastLoginPrefix]),
  };
}

function httpDoveadm(url: string, apiKeyFile: string): DoveadmTransport {
  const endpoint = new URL('/doveadm/v1', url).toString();
  const call = async (command: string, parameters: Record<string, unknown>) => {
    const key = (await readFile(apiKeyFile, 'utf8')).trim();
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `X-Dovecot-API ${Buffer.from(key).toString('base64')}` },
      body: JSON.stringify([[command, parameters, 'enclave']]),
    }).catch((error: unknown) => {
      throw failure({ kind: 'internal', message: `Usage from Dovecot failed: ${endpoint} did not answer (${(error as Error).message}).` });
    });
    if (!response.ok) throw failure({ kind: 'internal', message: `Usage from Dovecot failed: ${endpoint} answered ${response.status}${response.status === 401 ? ' (wrong API key)' : ''}.` });
    const answer = (await response.json()) as unknown[][];
    const [kind, payload] = answer[0] ?? [];
    if (kind !== 'doveadmResponse') throw failure({ kind: 'internal', message: `Usage from Dovecot failed: ${command} answered ${JSON.stringify(payload)}.` });
    return payload;
  };
  return {
    describe: endpoint,
    mailboxStatus: () => call('mailboxStatus', { allUsers: true, field: ['messages', 'vsize'], mailboxMask: ['*'], totalSum: true }),
    lastLogins: () => call('dictIter', { dictUri: lastLoginDict, prefix: lastLoginPrefix, user: 'enclave' }),
  };
}

/** The usage source a connection's settings name. */
export function usageSourceFor(config: MailUsageConfig | undefined): MailboxUsageSource | null {
  return config ? new DovecotUsageSource(config) : null;
}
