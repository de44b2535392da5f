import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionSettings } from '../../../main/directory/connection-settings';
import { DirectoryConnection } from '../../../main/directory/directory-connection';
import { startSandbox } from '../../../main/flavors/openldap/sandbox/sandbox';
import { expectFailure } from '../../harness/expect-failure';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { startTlsProxy, type TlsProxy } from '../../harness/tls-proxy';
import { ldapOps, startLdapCutProxy } from '../../harness/ldap-cut-proxy';
import { startSilentServer } from '../../harness/silent-server';
import { deliveryOf } from '../../../main/directory/write-delivery';
import { replace } from '../../../main/directory/changes';

let dir: TestDirectory;
let proxy: TlsProxy;

beforeAll(async () => {
  dir = await startTestDirectory();
  proxy = await startTlsProxy(Number(new URL(dir.info.url).port));
});
afterAll(async () => {
  await proxy?.close();
  await dir?.stop();
});

const settings = (overrides: Partial<ConnectionSettings> = {}): ConnectionSettings => ({
  urls: [dir.info.url],
  bindDN: dir.info.bindDN,
  password: dir.info.password,
  tlsMode: 'none',
  connectTimeoutMs: 2_000,
  ...overrides,
});

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('DirectoryConnection', () => {
  describe('#open()', () => {
    it('tries the servers in order and stays on the first that answers', async () => {
      const dead = `ldap://127.0.0.1:${await closedPort()}`;
      const states: string[] = [];
      const connection = new DirectoryConnection(settings({ urls: [dead, dir.info.url] }), (state) => states.push(state));
      await connection.open();
      expect(connection.url).toBe(dir.info.url);
      expect(states).toEqual(['connected']);
      await connection.dispose();
    });

    it('tells a wrong password, an unreachable server and an untrusted certificate apart', async () => {
      await expectFailure(new DirectoryConnection(settings({ password: 'wrong' })).open(), 'invalid-credentials', /bind DN or password/);
      const dead = `ldap://127.0.0.1:${await closedPort()}`;
      await expectFailure(new DirectoryConnection(settings({ urls: [dead] })).open(), 'server-unreachable', /Cannot reach ldap:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
      const untrusted = await expectFailure(
        new DirectoryConnection(settings({ urls: [proxy.url], tlsMode: 'ldaps', tlsServerName: proxy.serverName })).open(),
        'tls-verification-failed',
        /could not be verified .*CA certificate/,
      );
      expect(untrusted.kind === 'tls-verification-failed' && untrusted.reason).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    });

    it('says in words that a plain server offers no StartTLS, naming what to do', async () => {
      const refused = await expectFailure(new DirectoryConnection(settings({ tlsMode: 'starttls' })).open(), 'tls-unavailable', /does not offer StartTLS \(it answered: .*unsupported extended operation.*\)\. Use ldaps:\/\//i);
      expect(refused).toMatchObject({ url: dir.info.url });
    });

    it('verifies the certificate name as well as its signer', async () => {
      const wrongName = await expectFailure(
        new DirectoryConnection(settings({ urls: [proxy.url], tlsMode: 'ldaps', caCertificatePem: proxy.caPem, tlsServerName: 'other.enclave.test' })).open(),
        'tls-verification-failed',
      );
      expect(wrongName.kind === 'tls-verification-failed' && wrongName.reason).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    });

    it('works over LDAPS when given the CA certificate', async () => {
      const connection = new DirectoryConnection(settings({ urls: [proxy.url], tlsMode: 'ldaps', caCertificatePem: proxy.caPem, tlsServerName: proxy.serverName }));
      expect(await connection.read(dir.info.bindDN, ['uid'])).toMatchObject({ uid: 'admin' });
      await connection.dispose();
    });
  });

  describe('reconnection', () => {
    it('re-establishes a dropped connection on next use after the server restarts', async () => {
      const own = await startTestDirectory();
      const port = Number(new URL(own.info.url).port);
      const states: string[] = [];
      const connection = new DirectoryConnection(
        { urls: [own.info.url], bindDN: own.info.bindDN, password: own.info.password, tlsMode: 'none' },
        (state) => states.push(state),
      );
      try {
        expect(await connection.read(own.info.bindDN, ['uid'])).not.toBeNull();
        await own.sandbox.stop();
        const restarted = await startSandbox({ dataDir: own.dataDir, port });
        try {
          expect(await connection.read(own.info.bindDN, ['uid'])).toMatchObject({ uid: 'admin' });
          expect(states.filter((s) => s === 'connected')).toHaveLength(2);
        } finally {
          await restarted.stop();
        }
      } finally {
        await connection.dispose();
        await own.stop();
      }
    });
  });

  describe('silent servers', () => {
    it('reports a server that accepts the connection but never answers as unreachable, naming it, within the response timeout', async () => {
      const silent = await startSilentServer();
      try {
        const started = Date.now();
        const error = await expectFailure(new DirectoryConnection(settings({ urls: [silent.url], responseTimeoutMs: 1_000 })).open(), 'server-unreachable', /did not answer the bind within 1 s/);
        expect(error.kind === 'server-unreachable' && error.url).toBe(silent.url);
        expect(silent.accepted()).toBe(1);
        // Measured, not asserted: the suite's 30 s test timeout bounds it (the operation timeout is 60 s).
        console.info(`silent server reported after ${Date.now() - started} ms (response timeout 1 s)`);
      } finally {
        await silent.close();
      }
    });

    it('fails over from a silent first URL to the real server behind it', async () => {
      const silent = await startSilentServer();
      const states: string[] = [];
      const connection = new DirectoryConnection(settings({ urls: [silent.url, dir.info.url], responseTimeoutMs: 1_000 }), (state) => states.push(state));
      try {
        const started = Date.now();
        expect(await connection.read(dir.info.bindDN, ['uid'])).toMatchObject({ uid: 'admin' });
        console.info(`failover past a silent server took ${Date.now() - started} ms (response timeout 1 s)`);
        expect(connection.url).toBe(dir.info.url);
        expect(states).toEqual(['connected']);
      } finally {
        await connection.dispose();
        await silent.close();
      }
    });

    it('notices a held connection whose server falls silent: a read fails over, a write in flight fails as "unknown" delivery', async () => {
      const proxy = await startLdapCutProxy({ host: '127.0.0.1', port: Number(new URL(dir.info.url).port) });
      const connection = new DirectoryConnection(settings({ urls: [proxy.url], responseTimeoutMs: 1_000 }));
      try {
        await connection.add(`ou=silence,${dir.info.suffix}`, { objectClass: ['organizationalUnit'], ou: 'silence' });
        // The modify reaches slapd and is applied; then nothing more comes back on that connection.
        const cut = proxy.cutAt({ matches: (request) => request.op === ldapOps.modify, lose: 'silence' });
        const failed = await connection.modify(`ou=silence,${dir.info.suffix}`, [replace('description', 'applied in silence')]).then(
          () => null,
          (error: unknown) => error,
        );
        await cut;
        expect(failed).toMatchObject({ error: { kind: 'server-unreachable', url: proxy.url, message: expect.stringMatching(/did not answer a liveness check within 1 s/) } });
        expect(deliveryOf(failed)).toBe('unknown');
        // The next use reconnects (the proxy forwards new connections normally) and sees the applied change.
        expect(await connection.read(`ou=silence,${dir.info.suffix}`, ['description'])).toMatchObject({ description: 'applied in silence' });
      } finally {
        await connection.dispose();
        await proxy.close();
      }
    });

    it('marks a write refused by the server as answered and one that found no server as not sent', async () => {
      const connection = new DirectoryConnection(settings());
      const refused = await connection.add(`ou=nowhere,ou=missing,${dir.info.suffix}`, { objectClass: ['organizationalUnit'], ou: 'nowhere' }).catch((error: unknown) => error);
      expect(deliveryOf(refused)).toBe('answered');
      await connection.dispose();
      const dead = new DirectoryConnection(settings({ urls: [`ldap://127.0.0.1:${await closedPort()}`] }));
      const unsent = await dead.add(`ou=x,${dir.info.suffix}`, { objectClass: ['organizationalUnit'], ou: 'x' }).catch((error: unknown) => error);
      expect(deliveryOf(unsent)).toBe('not-sent');
    });
  });

  describe('pipelined writes', () => {
    /** Counts the socket writes (each one system call) made while `run` runs: Node's _write for one buffer, _writev for several. */
    async function socketWrites(run: () => Promise<void>): Promise<number> {
      const prototype = net.Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
      const { _write: write, _writev: writev } = prototype;
      let writes = 0;
      prototype._write = function (this: unknown, ...args: unknown[]) {
        writes += 1;
        return write.apply(this, args);
      };
      prototype._writev = function (this: unknown, ...args: unknown[]) {
        writes += 1;
        return writev.apply(this, args);
      };
      try {
        await run();
      } finally {
        Object.assign(prototype, { _write: write, _writev: writev });
      }
      return writes;
    }

    it('sends the requests of one turn in one socket write, and every one is applied', async () => {
      const connection = new DirectoryConnection(settings());
      try {
        await connection.add(`ou=batch,${dir.info.suffix}`, { objectClass: ['organizationalUnit'], ou: 'batch' });
        const names = Array.from({ length: 40 }, (_, index) => `b${index}`);
        const writes = await socketWrites(async () => {
          await Promise.all(names.map((name) => connection.add(`ou=${name},ou=batch,${dir.info.suffix}`, { objectClass: ['organizationalUnit'], ou: name })));
        });
        // One write per request would be 40.
        expect(writes).toBe(1);
        const found = await connection.search(`ou=batch,${dir.info.suffix}`, { scope: 'one', attributes: ['ou'] });
        expect(found.map((entry) => entry['ou']).sort()).toEqual([...names].sort());
      } finally {
        await connection.dispose();
      }
    });
  });

  describe('#searchPages()', () => {
    it('pages past the server size limit of 1,000 and honours a total limit', async () => {
      const connection = new DirectoryConnection(settings());
      const all = await connection.search(dir.info.suffix, { attributes: ['1.1'], pageSize: 2 });
      expect(all.length).toBeGreaterThan(5);
      expect(await connection.search(dir.info.suffix, { attributes: ['1.1'], pageSize: 2, limit: 3 })).toHaveLength(3);
      await connection.dispose();
    });
  });
});

describe('concurrent paged searches', () => {
  it('keeps two interleaved paged searches on one connection intact (slapd holds one paging state per connection)', async () => {
    const connection = new DirectoryConnection(settings());
    const base = `ou=paging,${dir.info.suffix}`;
    await connection.add(base, { objectClass: ['organizationalUnit'], ou: 'paging' });
    await Promise.all(Array.from({ length: 30 }, (_, i) => connection.add(`ou=p${i},${base}`, { objectClass: ['organizationalUnit'], ou: `p${i}` })));
    const first = connection.searchPages(base, { scope: 'one', attributes: ['ou'], pageSize: 5 });
    const second = connection.searchPages(base, { scope: 'one', attributes: ['ou'], pageSize: 7 });
    const seen = { first: 0, second: 0 };
    // Alternate pages of the two searches, as a held mailbox listing and a tenant count would.
    for (;;) {
      const [a, b] = await Promise.all([first.next(), second.next()]);
      if (!a.done) seen.first += a.value.length;
      if (!b.done) seen.second += b.value.length;
      if (a.done && b.done) break;
    }
    expect(seen).toEqual({ first: 30, second: 30 });
    await connection.dispose();
  });
});
