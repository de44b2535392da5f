/**
 * One profiles.json for every carrier: the Electron app writes it through electron-store (built on `conf`, used
 * here with the options ElectronProfileStore passes), the browser host and the CLI through FileProfileStore.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionProfile } from '../../../shared/model/connection';
import { FileProfileStore } from '../../../main/profiles/file-profile-store';
import { dataFiles, defaultDataDir, storeName } from '../../../main/system/data-dir';

let dataDir: string;
const profile = (id: string): ConnectionProfile => ({ id, name: `Profile ${id}`, urls: ['ldaps://ldap.example.test:636'], bindDN: 'cn=admin,dc=example,dc=test', tlsMode: 'ldaps', flavor: 'openldap' });
const appStore = () => new Conf<{ version: 1; profiles: unknown[] }>({ cwd: dataDir, configName: storeName(dataFiles.profiles), defaults: { version: 1, profiles: [] }, clearInvalidConfig: false, projectVersion: '1' });

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'enclave-shared-profiles-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

describe('the shared profiles file', () => {
  it('lets the CLI read what the desktop app saved, and the app read what the CLI saved', async () => {
    appStore().set('profiles', [profile('from-app')]);
    const files = new FileProfileStore(join(dataDir, dataFiles.profiles));
    expect(await files.list()).toEqual([profile('from-app')]);

    await files.save(profile('from-cli'));
    expect(appStore().get('profiles')).toEqual([profile('from-app'), profile('from-cli')]);
  });

  it('is found by every carrier in the same per-user folder', () => {
    expect(defaultDataDir({}, '/home/ada', 'linux')).toBe('/home/ada/.local/share/enclave');
    expect(defaultDataDir({ XDG_DATA_HOME: '/data' }, '/home/ada', 'linux')).toBe('/data/enclave');
    expect(defaultDataDir({}, '/Users/ada', 'darwin')).toBe('/Users/ada/Library/Application Support/Enclave');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada', 'win32')).toContain('Enclave');
    expect(defaultDataDir({ ENCLAVE_DATA_DIR: '/srv/enclave' }, '/home/ada', 'linux')).toBe('/srv/enclave');
  });
});
