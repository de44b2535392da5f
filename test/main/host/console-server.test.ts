import { mkdtemp, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppCoreOptions } from '../../../main/app/app-core-options';
import { launchConsoleServer } from '../../../main/host/console-server';
import { createAppCoreDouble } from './app-core-double';
import { rawRequest } from './raw-request';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'enclave-console-'));
  await mkdir(join(dir, 'static'));
  await writeFile(join(dir, 'static', 'index.html'), '<!doctype html><title>x</title>');
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('launchConsoleServer()', () => {
  it('creates the data folder, hands file stores to the core, serves it, and stops in order', async () => {
    const core = createAppCoreDouble();
    let received: AppCoreOptions | undefined;
    const dataDir = join(dir, 'data', 'enclave');
    const server = await launchConsoleServer({ dataDir, staticDir: join(dir, 'static') }, async (options) => {
      received = options;
      return core;
    });
    expect((await stat(dataDir)).isDirectory()).toBe(true);
    expect(received?.dataDir).toBe(dataDir);
    expect(received?.secrets.protection).toBe('file-permissions');
    expect(received?.useSandbox).toBe(true);

    await received?.profiles.save({
      id: 'a',
      name: 'A',
      urls: ['ldap://127.0.0.1:389'],
      bindDN: 'cn=admin',
      tlsMode: 'none',
      flavor: 'auto',
    });
    expect((await stat(join(dataDir, 'profiles.json'))).isFile()).toBe(true);

    const launch = await rawRequest({ port: server.host.port, path: new URL(server.host.launchUrl).pathname + new URL(server.host.launchUrl).search });
    expect(launch.status).toBe(303);

    await server.stop();
    await server.stop();
    expect(core.disposed).toBe(true);
    await expect(rawRequest({ port: server.host.port, path: '/' })).rejects.toThrow();
  });

  it('disposes the core when the host cannot start', async () => {
    const core = createAppCoreDouble();
    const first = await launchConsoleServer({ dataDir: join(dir, 'd1'), staticDir: dir }, async () => createAppCoreDouble());
    await expect(
      launchConsoleServer({ dataDir: join(dir, 'd2'), staticDir: dir, port: first.host.port }, async () => core),
    ).rejects.toThrow(/EADDRINUSE/);
    expect(core.disposed).toBe(true);
    await first.stop();
  });
});
