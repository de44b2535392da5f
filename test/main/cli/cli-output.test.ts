/**
 * Output into pipes that close early (`| head`): the command ends quietly with exit 0, no EPIPE stack trace, and a
 * paged listing stops. Real shell pipelines (bash) around the bundle and the tsx entry, against a real slapd.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInAuditContext } from '../../../main/audit/audit-context';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { openDirectorySession, settingsFromProfile } from '../../../main/app/directory-session';
import { testProfile } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { buildCliBundle } from './run-enclave';

let dir: TestDirectory;
let folder: string;
let bundle: string;
const journalPath = () => path.join(folder, 'journal.jsonl');

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-cli-pipe-'));
  bundle = buildCliBundle(path.join(folder, 'cli'));
  dir = await startTestDirectory();
  await writeFile(path.join(folder, 'password'), dir.info.password);
  // Enough mailboxes and journal records that the output outgrows a pipe's buffer (64 KiB).
  const profile = testProfile(dir);
  const session = await openDirectorySession(profile, settingsFromProfile(profile, dir.info.password), true, () => {}, { journal: new AuditJournal(journalPath()) });
  try {
    await runInAuditContext({ operation: 'createTenant' }, () => session.services.tenants.create({ name: 'Piped', settings: { mailDomains: ['piped.test'] } }));
    for (let index = 0; index < 250; index++) {
      const login = `user${index}`;
      await runInAuditContext({ operation: 'createMailbox', tenant: 'Piped' }, () =>
        session.services.mailboxes.create({ tenant: 'Piped', login, givenName: 'Pipe', surname: `User ${index}`, displayName: '', primaryAddress: `${login}@piped.test`, aliases: [`${login}.alias@piped.test`], hiddenFromAddressBook: false, password: 'Piped-Pass-1', enabled: true, groups: [] }),
      );
    }
  } finally {
    await session.connection.dispose();
  }
}, 180_000);
afterAll(async () => {
  await dir?.stop();
  await rm(folder, { recursive: true, force: true });
});

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** Runs `enclave ARGS | READER` in bash; returns enclave's own exit status, its stderr and what the reader printed. */
function pipeline(enclave: string[], reader: string): Promise<{ status: number; stderr: string; stdout: string }> {
  const script = `${enclave.map(quote).join(' ')} 2>"$ERRFILE" | ${reader}; echo "status=\${PIPESTATUS[0]}" >&2`;
  const errFile = path.join(folder, `stderr-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { env: { ...process.env, ERRFILE: errFile, ENCLAVE_PASSWORD: dir.info.password } });
    let stdout = '';
    let status = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (status += chunk.toString()));
    child.on('close', async () => {
      resolve({ status: Number(/status=(\d+)/.exec(status)?.[1] ?? NaN), stderr: await readFile(errFile, 'utf8'), stdout });
    });
  });
}

/**
 * A plain TCP proxy in front of slapd that counts the search requests passing through (LDAP messages are BER:
 * SEQUENCE { messageID INTEGER, protocolOp [APPLICATION 3] for a search, … }).
 */
async function searchCountingProxy(target: URL): Promise<{ url: string; searches(): number; close(): Promise<void> }> {
  let searches = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    let pending = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (pending.length < 2) break;
        const first = pending[1] ?? 0;
        const lengthBytes = first & 0x80 ? first & 0x7f : 0;
        const header = 2 + lengthBytes;
        if (pending.length < header) break;
        const length = lengthBytes ? pending.subarray(2, header).reduce((sum, byte) => sum * 256 + byte, 0) : first;
        if (pending.length < header + length) break;
        const message = pending.subarray(header, header + length);
        if (message[2 + (message[1] ?? 0)] === 0x63) searches += 1;
        pending = pending.subarray(header + length);
      }
    });
    client.pipe(upstream).pipe(client);
    const drop = () => [client, upstream].forEach((socket) => socket.destroy());
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `ldap://127.0.0.1:${port}`,
    searches: () => searches,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const node = process.execPath;
const tsx = [node, path.resolve('node_modules/tsx/dist/cli.mjs'), path.resolve('main/cli/enclave.ts')];
const connection = () => ['--url', dir.info.url, '--bind-dn', dir.info.bindDN, '--password-file', path.join(folder, 'password'), '--data', folder];

describe('output into a pipe that closes early', () => {
  it('tenants --json | head -c 10: exit 0, no stack trace (bundle and tsx)', async () => {
    for (const command of [[node, bundle], tsx]) {
      const run = await pipeline([...command, 'tenants', '--json', ...connection()], 'head -c 10');
      expect(run).toEqual({ status: 0, stderr: '', stdout: '[{"name":"' });
    }
  }, 60_000);

  it('a reader that is gone before the first write (| true): exit 0, quiet', async () => {
    const run = await pipeline([node, bundle, 'tenants', '--json', ...connection()], 'true');
    expect(run).toEqual({ status: 0, stderr: '', stdout: '' });
  });

  it('mailboxes --json | head -c 10 stops asking the server for pages once the pipe closed: exit 0, quiet', async () => {
    const proxy = await searchCountingProxy(new URL(dir.info.url));
    try {
      const listing = (reader: string) => pipeline([node, bundle, 'mailboxes', '--tenant', 'Piped', '--page-size', '10', '--json', '--url', proxy.url, ...connection().slice(2)], reader);
      const whole = await listing('wc -c');
      const searchesForAll = proxy.searches();
      expect(whole.status).toBe(0);
      expect(Number(whole.stdout.trim())).toBeGreaterThan(64 * 1024);
      const early = await listing('head -c 10');
      expect(early).toEqual({ status: 0, stderr: '', stdout: '[\n{"tenant' });
      // 25 pages in all; a pipe holds 64 KiB (about 14 pages) before a write must wait for the reader that left.
      expect(proxy.searches() - searchesForAll).toBeLessThanOrEqual(searchesForAll - 10);
    } finally {
      await proxy.close();
    }
  });

  it('audit list | head -1: the header line, exit 0, quiet (bundle and tsx)', async () => {
    for (const command of [[node, bundle], tsx]) {
      // A listing is scoped to the bound identity, so it needs a connection (docs/audit.md).
      const run = await pipeline([...command, 'audit', 'list', '--journal', journalPath(), '--limit', '1000', '--url', dir.info.url, '--bind-dn', dir.info.bindDN], 'head -1');
      expect(run).toEqual({ status: 0, stderr: '', stdout: expect.stringMatching(/^TIME\s+SOURCE\s+WHO\s+TENANT\s+OPERATION\s+TARGET\s+RESULT\n$/) });
    }
  }, 60_000);
});
