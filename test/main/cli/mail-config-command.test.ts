/**
 * `enclave mail-config` against a real slapd: the files it writes (modes, group, no password outside the secret
 * files), Dovecot's own parser accepting the result (doveconf), and nothing written when the service password
 * does not bind or the account is no mail service.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIsolatedSession } from '../../harness/hosting-session';
import { mailServersUnavailableReason } from '../../harness/dovecot-test-server';
import { skipWithoutServer } from '../../harness/required-server';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { runEnclave } from './run-enclave';

const skip = skipWithoutServer('the mail-config CLI tests', await mailServersUnavailableReason());
const run = promisify(execFile);

let dir: TestDirectory;
let folder: string;
let servicePassword: string;

const connection = () => ['--url', dir.info.url, '--bind-dn', dir.info.bindDN, '--password-file', path.join(folder, 'password'), '--journal', path.join(folder, 'journal.jsonl')];

describe.skipIf(skip)('enclave mail-config', () => {
  beforeAll(async () => {
    dir = await startTestDirectory();
    folder = await mkdtemp(path.join(tmpdir(), 'enclave-cli-mail-'));
    await writeFile(path.join(folder, 'password'), dir.info.password);
    const host = await openIsolatedSession(dir);
    try {
      servicePassword = (await host.services.serviceAccounts.create('mail1', '')).password;
    } finally {
      await host.connection.dispose();
    }
    await writeFile(path.join(folder, 'mail1.pw'), `${servicePassword}\n`, { mode: 0o600 });
    await writeFile(path.join(folder, 'wrong.pw'), 'Not-The-Password-0000000000000000');
  });
  afterAll(async () => {
    await dir?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('writes a Dovecot configuration Dovecot parses; the password only in the 0600 secret file', async () => {
    const out = path.join(folder, 'dovecot');
    const result = await runEnclave(['mail-config', '--server', 'dovecot', '--out', out, '--service-account', 'mail1', '--service-password-file', path.join(folder, 'mail1.pw'), '--listen', '127.0.0.1', '--run-dir', path.join(folder, 'run'), '--json', ...connection()]);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { files: { path: string; mode: number }[] };
    expect(report.files.map((f) => path.basename(f.path))).toContain('dovecot.conf');
    for (const name of await readdir(out)) {
      const text = await readFile(path.join(out, name), 'utf8');
      const mode = (await stat(path.join(out, name))).mode & 0o777;
      if (text.includes(servicePassword)) expect([name, mode]).toEqual(['dovecot-ldap-secret.conf.ext', 0o600]);
      else expect([name, mode]).toEqual([name, 0o644]);
    }
    const { stdout } = await run('doveconf', ['-c', path.join(out, 'dovecot.conf'), '-n']);
    expect(stdout).toMatch(/lmtp_rcpt_check_quota = yes/);
    expect(stdout).toMatch(/args = .*dovecot-ldap-login\.conf\.ext/);
  });

  it('writes the Postfix tables 0640 root:postfix and the main.cf lines', async () => {
    const out = path.join(folder, 'postfix');
    const result = await runEnclave(['mail-config', '--server', 'postfix', '--out', out, '--service-account', 'mail1', '--service-password-file', path.join(folder, 'mail1.pw'), ...connection()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/virtual-mailboxes\.cf \(0640 root:postfix\)/);
    const table = await stat(path.join(out, 'virtual-mailboxes.cf'));
    expect(table.mode & 0o777).toBe(0o640);
    const { stdout } = await run('getent', ['group', 'postfix']);
    expect(table.gid).toBe(Number(stdout.split(':')[2]));
    expect(await readFile(path.join(out, 'main.cf.enclave'), 'utf8')).not.toContain(servicePassword);
  });

  it('writes nothing when the password does not bind or the account is unknown', async () => {
    const out = path.join(folder, 'refused');
    const wrong = await runEnclave(['mail-config', '--server', 'dovecot', '--out', out, '--service-account', 'mail1', '--service-password-file', path.join(folder, 'wrong.pw'), ...connection()]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/does not bind as uid=mail1/);
    const unknown = await runEnclave(['mail-config', '--server', 'postfix', '--out', out, '--service-account', 'mail9', '--service-password-file', path.join(folder, 'mail1.pw'), ...connection()]);
    expect(unknown.stderr).toMatch(/no service account named "mail9"/);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    const usage = await runEnclave(['mail-config', '--server', 'exim', '--out', out, ...connection()]);
    expect(usage.code).toBe(2);
  });
});
