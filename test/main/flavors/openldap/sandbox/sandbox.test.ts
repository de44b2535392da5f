import { mkdtemp, rm, stat, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, InvalidCredentialsError } from 'ldapts';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describeStoppedSandbox, startSandbox } from '../../../../../main/flavors/openldap/sandbox/sandbox';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { EnclaveFailure } from '../../../../../shared/errors';
import { adminClient } from '../../../../harness/test-directory';

describe('#startSandbox()', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'enclave-sandbox-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('starts a fresh directory that accepts a bind as the host admin', async () => {
    const sandbox = await startSandbox({ dataDir: join(root, 'first') });
    try {
      expect(sandbox.created).toBe(true);
      expect(sandbox.info.bindDN).toBe('uid=admin,ou=people,ou=host,dc=hosting,dc=test');
      expect(sandbox.info.url).toMatch(/^ldap:\/\/127\.0\.0\.1:\d+$/);
      const client = await adminClient(sandbox.info);
      const { searchEntries } = await client.search(sandbox.info.bindDN, { attributes: ['cn', 'memberOf'] });
      expect(searchEntries[0]?.['cn']).toBe('Host Administrator');
      expect(searchEntries[0]?.['memberOf']).toBe('cn=host-admins,ou=groups,ou=host,dc=hosting,dc=test');
      await client.unbind();
      const credentials = await stat(join(root, 'first', 'credentials.json'));
      expect(credentials.mode & 0o777).toBe(0o600);
      await stat(join(root, 'first', 'config.ldif'));
    } finally {
      await sandbox.stop();
    }
    expect((await sandbox.exited).signal ?? (await sandbox.exited).code).toBeDefined();
  });

  it('keeps data and password on restart, and wipes them with fresh', async () => {
    const dataDir = join(root, 'restart');
    const first = await startSandbox({ dataDir });
    try {
      const client = await adminClient(first.info);
      await client.add(`ou=acme,ou=tenants,${first.info.suffix}`, { objectClass: 'organizationalUnit', ou: 'acme' });
      await client.unbind();
    } finally {
      await first.stop();
    }

    const second = await startSandbox({ dataDir });
    try {
      expect(second.created).toBe(false);
      expect(second.info.password).toBe(first.info.password);
      const again = await adminClient(second.info);
      const { searchEntries } = await again.search(`ou=tenants,${second.info.suffix}`, { scope: 'one' });
      expect(searchEntries.map((entry) => entry.dn)).toEqual([`ou=acme,ou=tenants,${second.info.suffix}`]);
      await again.unbind();
    } finally {
      await second.stop();
    }

    const third = await startSandbox({ dataDir, fresh: true });
    try {
      expect(third.created).toBe(true);
      expect(third.info.password).not.toBe(first.info.password);
      const fresh = await adminClient(third.info);
      const { searchEntries } = await fresh.search(`ou=tenants,${third.info.suffix}`, { scope: 'one' });
      expect(searchEntries).toEqual([]);
      await fresh.unbind();
      const stale = new Client({ url: third.info.url });
      await expect(stale.bind(first.info.bindDN, first.info.password)).rejects.toBeInstanceOf(InvalidCredentialsError);
    } finally {
      await third.stop();
    }
  });

  it('comes back on the port of its last start, so a URL saved against it keeps working, and moves when that port is taken', async () => {
    const dataDir = join(root, 'same-port');
    const first = await startSandbox({ dataDir });
    await first.stop();
    expect(await describeStoppedSandbox(dataDir)).toMatchObject({ url: first.info.url, bindDN: first.info.bindDN });
    const second = await startSandbox({ dataDir });
    try {
      expect(second.info.url).toBe(first.info.url);
    } finally {
      await second.stop();
    }
    // Another program now holds that port: the sandbox starts elsewhere and remembers the new port.
    const port = Number(new URL(first.info.url).port);
    const squatter = createServer().listen(port, '127.0.0.1');
    await once(squatter, 'listening');
    try {
      const third = await startSandbox({ dataDir });
      try {
        expect(third.info.url).not.toBe(first.info.url);
        expect(await describeStoppedSandbox(dataDir)).toMatchObject({ url: third.info.url });
      } finally {
        await third.stop();
      }
    } finally {
      squatter.close();
    }
  });

  it('runs two sandboxes at once on different ports', async () => {
    const [one, two] = await Promise.all([
      startSandbox({ dataDir: join(root, 'one') }),
      startSandbox({ dataDir: join(root, 'two') }),
    ]);
    try {
      expect(one.info.url).not.toBe(two.info.url);
      for (const sandbox of [one, two]) {
        const client = await adminClient(sandbox.info);
        await client.unbind();
      }
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  });

  it('uses a custom suffix', async () => {
    const sandbox = await startSandbox({ dataDir: join(root, 'suffix'), suffix: 'dc=example,dc=org' });
    try {
      expect(sandbox.info.bindDN).toBe('uid=admin,ou=people,ou=host,dc=example,dc=org');
      const client = await adminClient(sandbox.info);
      await client.unbind();
    } finally {
      await sandbox.stop();
    }
  });

  it('refuses a suffix that is not dc= components', async () => {
    const error = await startSandbox({ dataDir: join(root, 'bad'), suffix: 'o=evil)(x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnclaveFailure);
    expect((error as EnclaveFailure).error.kind).toBe('invalid-input');
  });

  it('reports sandbox-unavailable when slapd cannot be found', async () => {
    const error = await startSandbox({ dataDir: join(root, 'none'), binarySearchPath: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnclaveFailure);
    const reported = (error as EnclaveFailure).error;
    expect(reported).toMatchObject({ kind: 'sandbox-unavailable', missingPackage: 'slapd' });
    expect(reported.message).toContain('"slapd"');
  });

  it('reports the port in use when an explicit port is taken, with slapd’s own words', async () => {
    const holder = await startSandbox({ dataDir: join(root, 'holder') });
    try {
      const port = Number(new URL(holder.info.url).port);
      const error = await startSandbox({ dataDir: join(root, 'clash'), port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EnclaveFailure);
      expect((error as EnclaveFailure).message).toMatch(/address in use/i);
    } finally {
      await holder.stop();
    }
  });

  it('reports slapd’s own PID, and slapd dies with a parent killed by a signal', async () => {
    const script = `import { startSandbox } from ${JSON.stringify(join(process.cwd(), 'main/flavors/openldap/sandbox/sandbox.ts'))};
const s = await startSandbox({ dataDir: ${JSON.stringify(join(root, 'orphan'))} });
console.log(s.pid);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `${script}\nsetInterval(() => {}, 1000);`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))));
    expect(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toBe('slapd');
    parent.kill('SIGKILL');
    const gone = async (): Promise<boolean> => {
      for (let i = 0; i < 200; i += 1) {
        if (!existsSync(`/proc/${pid}`)) return true;
        await new Promise((r) => setTimeout(r, 25));
      }
      return false;
    };
    expect(await gone()).toBe(true);
  });

  it('lets the process owner manage cn=config over ldapi with SASL EXTERNAL', async () => {
    const sandbox = await startSandbox({ dataDir: join(root, 'ldapi') });
    try {
      const out = execFileSync('ldapsearch', ['-Q', '-LLL', '-Y', 'EXTERNAL', '-H', sandbox.info.ldapiUrl, '-b', 'cn=config', '(olcSuffix=*)', 'olcSuffix'], {
        encoding: 'utf8',
      });
      expect(out).toContain('olcSuffix: cn=accesslog');
      expect(out).toContain('olcSuffix: dc=hosting,dc=test');
      const config = await readFile(join(root, 'ldapi', 'config.ldif'), 'utf8');
      expect(config).toContain('olcSizeLimit: size.soft=1000 size.hard=1000 size.prtotal=unlimited');
    } finally {
      await sandbox.stop();
    }
  });

  it('puts the ldapi socket in the temp folder when the data folder path is too long', async () => {
    const dataDir = join(root, 'a-very-long-folder-name-'.repeat(4), 'sandbox');
    const sandbox = await startSandbox({ dataDir });
    try {
      expect(decodeURIComponent(sandbox.info.ldapiUrl.slice('ldapi://'.length)).startsWith(tmpdir())).toBe(true);
      const out = execFileSync('ldapwhoami', ['-Q', '-Y', 'EXTERNAL', '-H', sandbox.info.ldapiUrl], { encoding: 'utf8' });
      expect(out).toMatch(/cn=peercred,cn=external,cn=auth/);
    } finally {
      await sandbox.stop();
    }
  });
});
