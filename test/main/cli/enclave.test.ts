import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoMailboxesPerTenant, demoTenants } from '../../../main/hosting/demo-seed';

const tsxCli = path.resolve('node_modules/tsx/dist/cli.mjs');
const entry = path.resolve('main/cli/enclave.ts');

interface SandboxLine {
  url: string;
  bindDN: string;
  password: string;
  suffix: string;
}

let dataDir: string;
let sandboxProcess: ChildProcess;
let sandbox: SandboxLine;

/** Runs one CLI command to completion. */
function enclave(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsxCli, entry, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const connection = () => ['--url', sandbox.url, '--bind-dn', sandbox.bindDN];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'enclave-cli-'));
  sandboxProcess = spawn(process.execPath, [tsxCli, entry, 'sandbox', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  sandboxProcess.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: sandboxProcess.stdout! });
    lines.once('line', resolve);
    sandboxProcess.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${stderr}`)));
  });
  sandbox = JSON.parse(firstLine) as SandboxLine;
}, 60_000);

afterAll(async () => {
  if (sandboxProcess && sandboxProcess.exitCode === null) {
    const exited = new Promise((resolve) => sandboxProcess.once('exit', resolve));
    sandboxProcess.kill('SIGTERM');
    await exited;
  }
  await rm(dataDir, { recursive: true, force: true });
});

describe('enclave CLI', () => {
  describe('sandbox', () => {
    it('prints one JSON line with what a client needs, once the sandbox accepts binds', () => {
      expect(sandbox).toMatchObject({ url: expect.stringMatching(/^ldap:\/\/127\.0\.0\.1:\d+$/), bindDN: 'uid=admin,ou=people,ou=host,dc=hosting,dc=test', suffix: 'dc=hosting,dc=test' });
      expect(sandbox.password.length).toBeGreaterThanOrEqual(16);
    });
  });

  describe('tenants', () => {
    it('lists the demo tenants with their mailbox counts as JSON (password from a file)', async () => {
      const passwordFile = path.join(dataDir, 'pw');
      await writeFile(passwordFile, `${sandbox.password}\n`, { mode: 0o600 });
      const { code, stdout } = await enclave(['tenants', ...connection(), '--password-file', passwordFile, '--json']);
      expect(code).toBe(0);
      const tenants = JSON.parse(stdout) as { name: string; mailboxCount: number }[];
      expect(tenants.map((t) => t.name).sort()).toEqual(demoTenants.map((t) => t.name).sort());
      expect(tenants.every((t) => t.mailboxCount === demoMailboxesPerTenant)).toBe(true);
    });

    it('prints a readable table by default (password from the environment)', async () => {
      const { code, stdout } = await enclave(['tenants', ...connection()], { ENCLAVE_PASSWORD: sandbox.password });
      expect(code).toBe(0);
      expect(stdout.split('\n')[0]).toMatch(/^TENANT\s+DISPLAY NAME\s+DOMAINS\s+MAILBOXES/);
      expect(stdout).toContain('Globex, Inc.');
    });
  });

  describe('mailboxes', () => {
    it('streams a tenant\'s mailboxes page by page as one JSON array', async () => {
      const { code, stdout } = await enclave(['mailboxes', '--tenant', 'Müller & Söhne', '--page-size', '7', ...connection(), '--json'], { ENCLAVE_PASSWORD: sandbox.password });
      expect(code).toBe(0);
      const mailboxes = JSON.parse(stdout) as { primaryAddress: string }[];
      expect(mailboxes).toHaveLength(demoMailboxesPerTenant);
      expect(mailboxes.every((m) => m.primaryAddress.endsWith('@mueller-soehne.test'))).toBe(true);
    });
  });

  describe('errors', () => {
    it('exits non-zero with a specific message on stderr', async () => {
      const wrong = await enclave(['tenants', ...connection()], { ENCLAVE_PASSWORD: 'wrong' });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('rejected the bind DN or password');
      const unknown = await enclave(['mailboxes', '--tenant', 'Nope', ...connection(), '--json'], { ENCLAVE_PASSWORD: sandbox.password });
      expect(unknown.code).toBe(1);
      expect(JSON.parse(unknown.stderr.trim().split('\n').pop() ?? '{}')).toMatchObject({ error: { kind: 'not-found' } });
      const missing = await enclave(['tenants']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('--url and --bind-dn');
      const badOption = await enclave(['tenants', '--bogus']);
      expect(badOption.code).toBe(2);
    });
  });
});
