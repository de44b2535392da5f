import { request } from 'node:http';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../../main/host/browser-host';
import { maxRequestBodyBytes } from '../../../main/host/api-call-route';
import { contentSecurityPolicy } from '../../../main/app/security-headers';
import { createAppCoreDouble, type AppCoreDouble } from './app-core-double';
import { rawRequest, type RawRequest } from './raw-request';

let workDir: string;
let staticDir: string;
let core: AppCoreDouble;
let host: BrowserHost;
let cookie: string;

const tokenOf = (launchUrl: string): string => new URL(launchUrl).searchParams.get('token') ?? '';

/** A request that passes every check unless the test overrides a header. */
const authed = (options: Omit<RawRequest, 'port'>) =>
  rawRequest({ ...options, port: host.port, headers: { Cookie: cookie, ...options.headers } });

const call = (name: string, payload: unknown, headers: Record<string, string> = {}) =>
  authed({
    method: 'POST',
    path: `/api/call/${name}`,
    headers: { 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${host.port}`, ...headers },
    body: JSON.stringify(payload),
  });

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'enclave-host-'));
  staticDir = join(workDir, 'renderer');
  await mkdir(join(staticDir, 'assets'), { recursive: true });
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Enclave</title>');
  await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log("hi");');
  await writeFile(join(staticDir, '.env'), 'SECRET=1');
  await writeFile(join(workDir, 'package.json'), '{"secret":true}');
  core = createAppCoreDouble();
  host = await startBrowserHost(core, { staticDir, heartbeatMs: 50 });
  cookie = `enclave_session=${tokenOf(host.launchUrl)}`;
});

afterEach(async () => {
  await host.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('startBrowserHost()', () => {
  it('listens on 127.0.0.1 with a high-entropy launch token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
    expect(tokenOf(host.launchUrl)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('turns the launch URL into an HttpOnly SameSite=Strict cookie and a 303 to /', async () => {
    const token = tokenOf(host.launchUrl);
    const res = await rawRequest({ port: host.port, path: `/?token=${token}` });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const setCookie = res.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toBe(`enclave_session=${token}; HttpOnly; SameSite=Strict; Path=/`);
  });

  it('refuses a launch URL with the wrong token, without echoing anything', async () => {
    const res = await rawRequest({ port: host.port, path: '/?token=guess' });
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).not.toContain(tokenOf(host.launchUrl));
  });

  it('refuses static files, calls and events without the cookie', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/api/events']) {
      expect((await rawRequest({ port: host.port, path })).status).toBe(403);
    }
    const noCookie = await rawRequest({
      port: host.port,
      method: 'POST',
      path: '/api/call/getSession',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(noCookie.status).toBe(403);
    expect((await authed({ path: '/', headers: { Cookie: 'enclave_session=nope' } })).status).toBe(403);
    expect(core.calls).toEqual([]);
  });

  it('refuses a Host header other than 127.0.0.1:PORT (DNS rebinding)', async () => {
    for (const hostName of ['localhost:' + host.port, 'evil.example:' + host.port, '127.0.0.1', '127.0.0.1:1']) {
      const res = await authed({ path: '/', headers: { Host: hostName } });
      expect(res.status, hostName).toBe(403);
    }
    const launch = await rawRequest({ port: host.port, path: `/?token=${tokenOf(host.launchUrl)}`, headers: { Host: 'evil.example' } });
    expect(launch.status).toBe(403);
  });

  it('refuses a foreign Origin, even with a valid cookie', async () => {
    const res = await call('getSession', {}, { Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body).toBe('Forbidden\n');
    expect(core.calls).toEqual([]);
    expect((await call('getSession', {}, { Origin: 'null' })).status).toBe(403);
  });

  it('never sends CORS headers', async () => {
    const responses = [
      await call('getSession', {}),
      await call('getSession', {}, { Origin: 'http://evil.example' }),
      await authed({ path: '/', headers: { Origin: 'http://evil.example' } }),
      await authed({ method: 'OPTIONS', path: '/api/call/getSession' }),
      await authed({ path: '/' }),
    ];
    for (const res of responses) {
      expect(Object.keys(res.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('round-trips a call to dispatch and returns its Result', async () => {
    const payload = { profileId: 'sandbox', password: 'pw' };
    const res = await call('connect', payload);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { echoed: 'connect', payload } });
    expect(core.calls).toEqual([{ name: 'connect', payload }]);
  });

  it('passes failed Results through as 200 data', async () => {
    core.answer = () => ({ ok: false, error: { kind: 'not-connected', message: 'Connect first.' } });
    const res = await call('listTenants', {});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: false, error: { kind: 'not-connected', message: 'Connect first.' } });
  });

  it('answers an unknown call with a 404 error Result and never dispatches it', async () => {
    for (const name of ['dropDatabase', 'constructor', '__proto__', 'getSession%2F..']) {
      const res = await call(name, {});
      expect(res.status, name).toBe(404);
      const body = JSON.parse(res.body) as { ok: boolean; error: { kind: string } };
      expect(body.ok).toBe(false);
      expect(body.error.kind).toBe('not-found');
    }
    expect(core.calls).toEqual([]);
  });

  it('requires POST with application/json and a bounded, valid JSON body', async () => {
    expect((await authed({ path: '/api/call/getSession' })).status).toBe(405);
    const textPlain = await call('getSession', {}, { 'Content-Type': 'text/plain' });
    expect(textPlain.status).toBe(415);
    expect(JSON.parse(textPlain.body).error.kind).toBe('invalid-input');
    const badJson = await authed({
      method: 'POST',
      path: '/api/call/getSession',
      headers: { 'Content-Type': 'application/json' },
      body: '{nope',
    });
    expect(badJson.status).toBe(400);
    const huge = await call('searchDirectory', { query: 'x'.repeat(maxRequestBodyBytes + 10) });
    expect(huge.status).toBe(413);
    expect(core.calls).toEqual([]);
  });

  it('turns a dispatch that throws into an internal error Result', async () => {
    core.answer = () => {
      throw new Error('boom');
    };
    const res = await call('getSession', {});
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { kind: 'internal' } });
  });

  it('streams pushed events as SSE and unsubscribes when the client leaves', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/api/events',
          headers: { Host: `127.0.0.1:${host.port}`, Cookie: cookie, Accept: 'text/event-stream' },
          agent: false,
        },
        (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
            if (text.includes(': connected')) {
              if (!text.includes('data:')) core.emit('sandboxState', { state: 'running' });
            }
            if (text.includes('data:') && text.includes(': heartbeat')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    const dataLine = received.split('\n').find((line) => line.startsWith('data: ')) ?? '';
    expect(JSON.parse(dataLine.slice('data: '.length))).toEqual({ event: 'sandboxState', payload: { state: 'running' } });
    await expect.poll(() => core.listenerCount()).toBe(0);
  });

  it('serves index.html for / with the strict CSP and hardening headers', async () => {
    const res = await authed({ path: '/' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Enclave</title>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(contentSecurityPolicy);
    expect(contentSecurityPolicy).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('announces a page load to main (which warms the first screen) for the page, not for its assets', async () => {
    const before = core.windowLoads;
    await authed({ path: '/' });
    await authed({ path: '/assets/app.js' });
    await authed({ method: 'HEAD', path: '/' });
    expect(core.windowLoads - before).toBe(1);
  });

  it('serves assets with their content type, and HEAD without a body', async () => {
    const js = await authed({ path: '/assets/app.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const head = await authed({ method: 'HEAD', path: '/assets/app.js' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String('console.log("hi");'.length));
    expect(head.body).toBe('');
    expect((await authed({ path: '/missing.js' })).status).toBe(404);
  });

  it('makes path traversal impossible, encoded or not', async () => {
    const attempts = [
      '/../package.json',
      '/assets/../../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E%2Fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/..%2fpackage.json',
      '/%252e%252e%252fpackage.json',
      '/..%5cpackage.json',
      '/assets%00/app.js',
      '/%c0%ae%c0%ae/package.json',
      '/.env',
      '/%2eenv',
    ];
    for (const path of attempts) {
      const res = await authed({ path });
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('secret');
      expect(res.body, path).not.toContain('SECRET');
    }
  });

  it('does not follow a symlink out of the build folder', async () => {
    await symlink(join(workDir, 'package.json'), join(staticDir, 'linked.json'));
    const res = await authed({ path: '/linked.json' });
    expect(res.status).toBe(404);
  });

  it('closes while an event stream is open', async () => {
    await new Promise<void>((resolve) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: '/api/events', headers: { Host: `127.0.0.1:${host.port}`, Cookie: cookie }, agent: false },
        (res) => res.once('data', () => resolve()),
      );
      req.on('error', () => undefined);
      req.end();
    });
    expect(core.listenerCount()).toBe(1);
    await host.close();
    expect(core.listenerCount()).toBe(0);
    host = await startBrowserHost(core, { staticDir });
  });
});
