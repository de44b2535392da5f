import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callNames } from '../../../shared/ipc/call-names';
import { startBrowserHost, type BrowserHost } from '../../../main/host/browser-host';
import { createHttpClient, type FetchLike } from '../../../renderer/api/http-client';
import type { EventSourceLike } from '../../../renderer/api/server-events';
import { createAppCoreDouble, type AppCoreDouble } from '../../main/host/app-core-double';

let dir: string;
let core: AppCoreDouble;
let host: BrowserHost;

/** Node's fetch plus what a browser would add by itself: the session cookie and our Origin. */
const browserLikeFetch =
  (cookie: string): FetchLike =>
  async (url, init) =>
    fetch(url, { method: init.method, body: init.body, headers: { ...init.headers, Cookie: cookie, Origin: host.url.slice(0, -1) } });

const noEvents = (): EventSourceLike => ({ addEventListener: () => undefined, close: () => undefined });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'enclave-client-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html>');
  core = createAppCoreDouble();
  host = await startBrowserHost(core, { staticDir: dir });
});
afterEach(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

describe('createHttpClient()', () => {
  const tokenCookie = () => `enclave_session=${new URL(host.launchUrl).searchParams.get('token')}`;

  it('has exactly one function per call name plus on(), and nothing generic', () => {
    const api = createHttpClient({ fetch: browserLikeFetch(''), openEventSource: noEvents });
    expect(Object.keys(api).sort()).toEqual([...callNames, 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('round-trips a call through the real host and returns the Result', async () => {
    const api = createHttpClient({ baseUrl: host.url.slice(0, -1), fetch: browserLikeFetch(tokenCookie()), openEventSource: noEvents });
    const result = await api.connect({ profileId: 'sandbox', password: 'pw' });
    expect(result).toEqual({ ok: true, value: { echoed: 'connect', payload: { profileId: 'sandbox', password: 'pw' } } });
    core.answer = () => ({ ok: false, error: { kind: 'not-connected', message: 'Connect first.' } });
    expect(await api.listTenants({})).toEqual({ ok: false, error: { kind: 'not-connected', message: 'Connect first.' } });
  });

  it('reports a refused session as connection-lost', async () => {
    const api = createHttpClient({ baseUrl: host.url.slice(0, -1), fetch: browserLikeFetch('enclave_session=stale'), openEventSource: noEvents });
    const result = await api.getSession({});
    expect(result).toMatchObject({ ok: false, error: { kind: 'connection-lost', message: expect.stringContaining('launch link') } });
  });

  it('reports a host that is gone as connection-lost', async () => {
    const baseUrl = host.url.slice(0, -1);
    await host.close();
    const api = createHttpClient({ baseUrl, fetch: browserLikeFetch(tokenCookie()), openEventSource: noEvents });
    expect(await api.getSession({})).toMatchObject({ ok: false, error: { kind: 'connection-lost' } });
    host = await startBrowserHost(core, { staticDir: dir });
  });

  it('reports a reply that is not a Result as connection-lost', async () => {
    const api = createHttpClient({
      fetch: async () => ({ status: 502, json: async () => ({ message: 'Bad gateway' }) }),
      openEventSource: noEvents,
    });
    expect(await api.getSession({})).toMatchObject({ ok: false, error: { kind: 'connection-lost', message: expect.stringContaining('502') } });
    const notJson = createHttpClient({
      fetch: async () => ({ status: 200, json: async () => JSON.parse('<html>') as unknown }),
      openEventSource: noEvents,
    });
    expect(await notJson.getSession({})).toMatchObject({ ok: false, error: { kind: 'connection-lost' } });
  });

  it('posts JSON to /api/call/<name> with same-origin credentials', async () => {
    const seen: Parameters<FetchLike>[] = [];
    const api = createHttpClient({
      fetch: async (...args) => {
        seen.push(args);
        return { status: 200, json: async () => ({ ok: true, value: null }) };
      },
      openEventSource: noEvents,
    });
    await api.deleteConnection({ profileId: 'a' });
    expect(seen).toEqual([
      [
        '/api/call/deleteConnection',
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"profileId":"a"}', credentials: 'same-origin' },
      ],
    ]);
  });
});
