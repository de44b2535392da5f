import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnclaveFailure } from '../../../shared/errors';
import { FileSecretStore } from '../../../main/profiles/file-secret-store';

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'enclave-secrets-'));
  path = join(dir, 'secrets.json');
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('FileSecretStore', () => {
  it('says its protection is file permissions', () => {
    expect(new FileSecretStore(path).protection).toBe('file-permissions');
  });

  it('sets, reads back through a new instance, overwrites and deletes', async () => {
    const store = new FileSecretStore(path);
    expect(await store.get('a')).toBeNull();
    await store.set('a', 'first');
    await store.set('b', 'pässwörd "quoted"');
    await store.set('a', 'second');
    const reopened = new FileSecretStore(path);
    expect(await reopened.get('a')).toBe('second');
    expect(await reopened.get('b')).toBe('pässwörd "quoted"');
    await reopened.delete('a');
    await reopened.delete('missing');
    expect(await store.get('a')).toBeNull();
    expect(await store.get('b')).toBe('pässwörd "quoted"');
  });

  it('keeps the file at mode 0600 with no temp files left over', async () => {
    const store = new FileSecretStore(path);
    await store.set('a', 'secret');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['secrets.json']);
  });

  it('tightens a file whose mode was widened', async () => {
    const store = new FileSecretStore(path);
    await store.set('a', 'secret');
    await chmod(path, 0o644);
    expect(await store.get('a')).toBe('secret');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('keeps every one of many concurrent sets', async () => {
    const store = new FileSecretStore(path);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`p${i}`, `s${i}`)));
    for (let i = 0; i < 20; i += 1) expect(await store.get(`p${i}`)).toBe(`s${i}`);
  });

  it('refuses ids that are not profile ids', async () => {
    const store = new FileSecretStore(path);
    for (const id of ['__proto__', 'UPPER', '../x', '']) {
      await expect(store.set(id, 'x')).rejects.toBeInstanceOf(EnclaveFailure);
    }
  });

  it('reports a corrupt file without quoting it and never overwrites it', async () => {
    const content = '{"secrets": {"a": "hunter2"';
    await writeFile(path, content, { mode: 0o600 });
    const store = new FileSecretStore(path);
    const error = await store.get('a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnclaveFailure);
    expect((error as EnclaveFailure).message).toMatch(/damaged: it is not valid JSON/);
    expect((error as EnclaveFailure).message).not.toContain('hunter2');
    await expect(store.set('b', 'x')).rejects.toBeInstanceOf(EnclaveFailure);
    expect(await readFile(path, 'utf8')).toBe(content);
    await writeFile(path, JSON.stringify({ version: 1, secrets: { a: 42 } }));
    await expect(store.get('a')).rejects.toThrow(/entry for "a" is not a string/);
  });
});
