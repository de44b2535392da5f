/**
 * A TLS-terminating proxy in front of a test slapd, with a throw-away self-signed certificate made by
 * openssl: real LDAP over real TLS, so certificate verification can be tested both ways.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';

export interface TlsProxy {
  url: string;
  /** PEM of the self-signed certificate (its own CA). */
  caPem: string;
  serverName: string;
  close(): Promise<void>;
}

/** Starts the proxy on a free loopback port, forwarding to 127.0.0.1:`targetPort`. */
export async function startTlsProxy(targetPort: number, serverName = 'ldap.enclave.test'): Promise<TlsProxy> {
  const dir = await mkdtemp(path.join(tmpdir(), 'enclave-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${serverName}`, '-addext', `subjectAltName=DNS:${serverName}`]);
  const caPem = await readFile(cert, 'utf8');
  const server = tls.createServer({ key: await readFile(key), cert: caPem }, (socket) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    const end = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `ldaps://127.0.0.1:${port}`,
    caPem,
    serverName,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A relay to a TLS server whose certificate names a host we cannot reach by that name (a test DC's CN). */
export interface TlsRelay {
  url: string;
  /** The relay's own self-signed certificate (names 127.0.0.1), as a file: what an LDAP client is given as its CA. */
  caFile: string;
  close(): Promise<void>;
}

/**
 * Real TLS on both legs: clients reach `ldaps://127.0.0.1:PORT` with a certificate for 127.0.0.1, the relay reaches
 * `host:port` over TLS, verifying its certificate with `upstreamCa` for `upstreamServerName`. For clients that
 * verify host names strictly and take no other name than the URL's (libldap under Dovecot and Postfix).
 */
export async function startTlsRelay(host: string, port: number, upstreamCa: string, upstreamServerName: string): Promise<TlsRelay> {
  const dir = await mkdtemp(path.join(tmpdir(), 'enclave-tls-relay-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
  // Dovecot's auth process reads the CA file as user dovecot.
  await chmod(dir, 0o755);
  await chmod(cert, 0o644);
  const server = tls.createServer({ key: await readFile(key), cert: await readFile(cert) }, (socket) => {
    const upstream = tls.connect({ host, port, ca: upstreamCa, servername: upstreamServerName, checkServerIdentity: (_name, certificate) => tls.checkServerIdentity(upstreamServerName, certificate) });
    socket.pipe(upstream).pipe(socket);
    const end = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: relayPort } = server.address() as net.AddressInfo;
  return {
    url: `ldaps://127.0.0.1:${relayPort}`,
    caFile: cert,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
