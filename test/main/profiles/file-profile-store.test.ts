import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnclaveFailure } from '../../../shared/errors';
import type { ConnectionProfile } from '../../../shared/model/connection';
import { FileProfileStore } from '../../../main/profiles/file-profile-store';

let dir: string;
let path: string;

const profile = (id: string, name = `Profile ${id}`): ConnectionProfile => ({
  id,
  name,
  urls: ['ldaps://ldap.example.test:636'],
  bindDN: 'cn=admin,dc=example,dc=test',
  tlsMode: 'ldaps',
  flavor: 'openldap',
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'enclave-profiles-'));
  path = join(dir, 'nested', 'profiles.json');
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('FileProfileStore', () => {
  it('starts empty when the file does not exist', async () => {
    const store = new FileProfileStore(path);
    expect(await store.list()).toEqual([]);
    expect(await store.get('a')).toBeNull();
  });

  it('saves, replaces, reads back through a new instance and deletes', async () => {
    const store = new FileProfileStore(path);
    await store.save(profile('a'));
    await store.save(profile('b'));
    await store.save(profile('a', 'Renamed'));
    const reopened = new FileProfileStore(path);
    expect((await reopened.list()).map((p) => [p.id, p.name])).toEqual([
      ['a', 'Renamed'],
      ['b', 'Profile b'],
    ]);
    expect(await reopened.get('b')).toEqual(profile('b'));
    await reopened.delete('a');
    await reopened.delete('missing');
    expect((await store.list()).map((p) => p.id)).toEqual(['b']);
  });

  it('writes owner-only and leaves no temp files behind', async () => {
    const store = new FileProfileStore(path);
    await store.save(profile('a'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'nested'))).toEqual(['profiles.json']);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ version: 1, profiles: [{ id: 'a' }] });
  });

  it('keeps every one of many concurrent saves', async () => {
    const store = new FileProfileStore(path);
    const ids = Array.from({ length: 20 }, (_, i) => `p${i}`);
    await Promise.all(ids.map((id) => store.save(profile(id))));
    expect((await store.list()).map((p) => p.id).sort()).toEqual([...ids].sort());
  });

  it('applies schema defaults on read', async () => {
    const { flavor: _flavor, ...withoutFlavor } = profile('a');
    await new FileProfileStore(path).save(profile('x'));
    await writeFile(path, JSON.stringify({ version: 1, profiles: [withoutFlavor] }));
    expect((await new FileProfileStore(path).get('a'))?.flavor).toBe('auto');
  });

  it('rejects an invalid profile on save as invalid-input', async () => {
    const store = new FileProfileStore(path);
    const bad = { ...profile('a'), urls: ['http://nope'] };
    const error = await store.save(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnclaveFailure);
    expect((error as EnclaveFailure).error.kind).toBe('invalid-input');
    expect(await store.list()).toEqual([]);
  });

  it.each([
    ['not JSON', '{"profiles": [', /not valid JSON/],
    ['no profiles list', '{"version":1}', /no "profiles" list/],
    ['an invalid profile', JSON.stringify({ version: 1, profiles: [{ id: 'BAD ID' }] }), /profile #1 is invalid/],
  ])('reports a corrupt file (%s) and never overwrites it', async (_case, content, reason) => {
    await new FileProfileStore(path).save(profile('seed'));
    await writeFile(path, content);
    const store = new FileProfileStore(path);
    const error = await store.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnclaveFailure);
    expect((error as EnclaveFailure).message).toMatch(reason);
    expect((error as EnclaveFailure).message).toContain(path);
    await expect(store.save(profile('a'))).rejects.toBeInstanceOf(EnclaveFailure);
    expect(await readFile(path, 'utf8')).toBe(content);
  });
});
