/**
 * A real, private Dovecot per test file on a test directory (`startDovecotTestServer` in beforeAll, `stop` in
 * afterAll): the generated configuration in its own temp folder (config, run folder, state, log, mail), loopback
 * ports, no system service (main/mail/private-dovecot.ts). With an IMAP login check, LMTP delivery and doveadm. And
 * the generated Postfix tables, queried with `postmap -q` (no running Postfix needed).
 *
 * Every IMAP login comes from its own loopback address: Dovecot delays the next login from an address that failed
 * (2, 4, 8, 15 s, successes included), which would otherwise slow every later test.
 */
import { execFile } from 'node:child_process';
import { access, chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findDovecot, startPrivateDovecot, type RunningDovecot } from '../../main/mail/private-dovecot';
import { deliverLmtp, textMessage, type LmtpDelivery } from '../../main/mail/lmtp-client';
import type { DirectoryAccess } from '../../main/mail/mail-config-options';
import type { MailDirectory } from '../../main/mail/mail-directory';
import { writeMailConfig } from '../../main/mail/mail-config-writer';
import { generatePostfixConfig, postfixFiles } from '../../main/mail/postfix-config';

const run = promisify(execFile);

/** Why the mail tests cannot run here, or null when they can: root, Dovecot with LDAP/IMAP/LMTP, postmap with LDAP. */
export async function mailServersUnavailableReason(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'a private Dovecot needs root';
  try {
    await findDovecot();
  } catch (error) {
    return (error as Error).message;
  }
  const postmap = await access('/usr/sbin/postmap').then(() => true, () => false);
  const ldapMaps = await access('/usr/lib/postfix/postfix-ldap.so').then(() => true, () => false);
  if (!postmap || !ldapMaps) return `Postfix's postmap with LDAP tables is missing (${!postmap ? 'postfix' : 'postfix-ldap'}; npm run setup installs it)`;
  return null;
}

export interface ImapOutcome {
  ok: boolean;
  /** The tagged LOGIN reply, e.g. "OK [...] Logged in" or "NO [AUTHENTICATIONFAILED] ...". */
  reply: string;
  /** INBOX's message count, when the login worked. */
  messages: number | null;
}

export interface DovecotTestServer extends RunningDovecot {
  /** Logs in over IMAP (from a fresh loopback address) and reads INBOX's message count. */
  imapLogin(user: string, password: string): Promise<ImapOutcome>;
  /** One LMTP delivery of a text message of about `bytes` bytes. */
  deliver(to: readonly string[], bytes?: number, size?: number): Promise<LmtpDelivery>;
  /** `doveadm -c CONFIG …`, its stdout. */
  doveadm(args: readonly string[]): Promise<string>;
  log(): Promise<string>;
}

let sourceCounter = 0;
/** A loopback source address of its own (127.X.Y.Z, never 127.0.0.1). */
function nextSourceAddress(): string {
  sourceCounter += 1;
  const n = (process.pid % 200) * 50_000 + sourceCounter;
  return `127.${1 + (Math.floor(n / 62_500) % 250)}.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
}

/** Starts a private Dovecot for `directory`, bound as the service account `access` names. */
export async function startDovecotTestServer(directory: MailDirectory, directoryAccess: DirectoryAccess, options: { doveadmApiKey?: string } = {}): Promise<DovecotTestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'enclave-dovecot-'));
  // mkdtemp makes it 0700; the mail user (nobody) must pass through to its mail folder inside.
  await chmod(dataDir, 0o755);
  let running: RunningDovecot;
  try {
    running = await startPrivateDovecot({ directory, access: directoryAccess, dataDir, authFailureDelay: '0', ...(options.doveadmApiKey ? { doveadmApiKey: options.doveadmApiKey } : {}) });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...running,
    imapLogin: (user, password) => imapLogin(running.imapPort, user, password),
    deliver: (to, bytes = 2_000, size) => deliverLmtp('127.0.0.1', running.lmtpPort, { from: 'sender@example.org', to, content: textMessage('sender@example.org', to[0] ?? '', 'Test message', bytes), ...(size === undefined ? {} : { size }), localAddress: nextSourceAddress() }),
    doveadm: async (args) => (await run(running.binaries.doveadm, ['-c', running.configFile, ...args], { maxBuffer: 256 * 1024 * 1024 })).stdout,
    log: () => readFile(running.logFile, 'utf8').catch(() => ''),
    stop: async () => {
      await running.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const quote = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** LOGIN, then STATUS INBOX (MESSAGES), then LOGOUT, over plain IMAP. */
function imapLogin(port: number, user: string, password: string): Promise<ImapOutcome> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: nextSourceAddress() });
    socket.setEncoding('utf8');
    socket.setTimeout(20_000, () => socket.destroy(new Error('IMAP server did not answer in 20 s')));
    let buffer = '';
    let stage: 'greeting' | 'login' | 'status' | 'logout' = 'greeting';
    let outcome: ImapOutcome = { ok: false, reply: '', messages: null };
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (stage === 'greeting' && line.startsWith('* OK')) {
          stage = 'login';
          socket.write(`a1 LOGIN ${quote(user)} ${quote(password)}\r\n`);
        } else if (stage === 'login' && line.startsWith('a1 ')) {
          outcome = { ok: line.startsWith('a1 OK'), reply: line.slice(3), messages: null };
          if (outcome.ok) {
            stage = 'status';
            socket.write('a2 STATUS INBOX (MESSAGES)\r\n');
          } else {
            stage = 'logout';
            socket.write('a3 LOGOUT\r\n');
          }
        } else if (stage === 'status') {
          const count = /^\* STATUS .*\(MESSAGES (\d+)\)/.exec(line);
          if (count) outcome.messages = Number(count[1]);
          if (line.startsWith('a2 ')) {
            stage = 'logout';
            socket.write('a3 LOGOUT\r\n');
          }
        } else if (stage === 'logout' && line.startsWith('a3 ')) {
          socket.end();
        }
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(outcome));
  });
}

/** The generated Postfix tables in a temp folder, and `postmap -q` on them. */
export interface PostfixTestTables {
  dir: string;
  /** The value `key` maps to in the table, or null when it is not found. */
  query(table: keyof typeof postfixFiles, key: string): Promise<string | null>;
  /** The generated main.cf lines. */
  mainCf(): Promise<string>;
  stop(): Promise<void>;
}

export async function postfixTestTables(directory: MailDirectory, directoryAccess: DirectoryAccess): Promise<PostfixTestTables> {
  const dir = await mkdtemp(path.join(tmpdir(), 'enclave-postfix-'));
  const configDir = path.join(dir, 'enclave');
  await writeMailConfig(configDir, generatePostfixConfig(directory, directoryAccess, { configDir, lmtpHost: '127.0.0.1', lmtpPort: 24 }));
  // postmap -c needs a main.cf; the tables are read directly (ldap:), as proxymap would read them.
  await writeFile(path.join(dir, 'main.cf'), 'compatibility_level = 3.6\n');
  return {
    dir,
    query: async (table, key) => {
      try {
        const { stdout } = await run('/usr/sbin/postmap', ['-c', dir, '-q', key, `ldap:${path.join(configDir, postfixFiles[table])}`]);
        return stdout.trim();
      } catch (error) {
        // postmap exits 1 for "not found"; anything else (a bad table, no server) is a failure.
        if ((error as { code?: number }).code === 1 && !(error as { stderr?: string }).stderr) return null;
        throw error;
      }
    },
    mainCf: () => readFile(path.join(configDir, postfixFiles.main), 'utf8'),
    stop: () => rm(dir, { recursive: true, force: true }),
  };
}
