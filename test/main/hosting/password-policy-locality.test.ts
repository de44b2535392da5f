/**
 * Changing one tenant's password policy writes nothing outside that tenant: the whole directory is exported with
 * slapcat before and after (a real slapd, every entry with its operational attributes), and the two exports differ
 * in that tenant's policy entry only, every other entry byte for byte the same.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { normalizeDn } from '../../../main/directory/dn';
import { openLdapLayout } from '../../../main/flavors/openldap/openldap-layout';
import { defaultBinarySearchPath } from '../../../main/flavors/openldap/sandbox/slapd-binaries';
import { sandboxPaths } from '../../../main/flavors/openldap/sandbox/sandbox-paths';
import { findExecutable } from '../../../main/system/find-executable';
import { openIsolatedSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';

const run = promisify(execFile);
let dir: TestDirectory;
let host: DirectorySession;

/** The main database as slapcat writes it, entry by entry (keyed by normalized DN). */
async function exportDirectory(): Promise<Map<string, string>> {
  const slapcat = await findExecutable('slapcat', defaultBinarySearchPath());
  if (slapcat === null) throw new Error('slapcat is missing (Debian package slapd)');
  const { stdout } = await run(slapcat, ['-F', sandboxPaths(dir.dataDir).configDir, '-b', dir.info.suffix, '-o', 'ldif-wrap=no'], { maxBuffer: 64 * 1024 * 1024 });
  const entries = new Map<string, string>();
  for (const block of stdout.split(/\n\n+/).filter((text) => text.trim() !== '')) {
    const dnLine = block.split('\n').find((line) => line.startsWith('dn:')) ?? '';
    const dn = dnLine.startsWith('dn:: ') ? Buffer.from(dnLine.slice(5), 'base64').toString('utf8') : dnLine.slice(4);
    entries.set(normalizeDn(dn), block);
  }
  return entries;
}

beforeAll(async () => {
  dir = await startTestDirectory();
  host = await openIsolatedSession(dir);
  for (const [name, domain] of [['Acme', 'acme.test'], ['Globex, Inc.', 'globex.test'], ['Müller & Söhne', 'mueller.test']] as const) {
    await host.services.tenants.create({ name, settings: { mailDomains: [domain] } });
    for (const login of ['one', 'two']) {
      await host.services.mailboxes.create({ tenant: name, login: `${domain.slice(0, 3)}${login}`, surname: login, givenName: '', displayName: '', primaryAddress: `${login}@${domain}`, aliases: [], hiddenFromAddressBook: false, password: 'Correct-Horse-9', enabled: true, groups: [], quotaBytes: 1000 });
    }
  }
}, 60_000);

afterAll(async () => {
  await host?.connection.dispose();
  await dir?.stop();
});

describe('changing one tenant’s password policy', () => {
  it('changes that tenant’s policy entry and nothing else in the directory, byte for byte', async () => {
    const before = await exportDirectory();
    await host.services.passwordPolicies.update('Globex, Inc.', { minLength: 16, historyCount: 5, maxFailures: 10, lockoutMinutes: 30, maxAgeDays: 90 });
    const after = await exportDirectory();

    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const changed = [...after.keys()].filter((dn) => after.get(dn) !== before.get(dn));
    expect(changed).toEqual([normalizeDn(openLdapLayout(dir.info.suffix).tenantPolicyDn('Globex, Inc.'))]);
    // In that entry: the settings, and the server's own stamps of the change (the time only when a second passed).
    const lines = (text: string | undefined) => new Set((text ?? '').split('\n'));
    const [dn] = changed as [string];
    const differing = new Set([...lines(before.get(dn))].filter((line) => !lines(after.get(dn)).has(line)).map((line) => line.split(':')[0]));
    const settings = ['pwdMinLength', 'pwdInHistory', 'pwdMaxFailure', 'pwdLockoutDuration', 'pwdFailureCountInterval', 'pwdMaxAge'];
    for (const name of settings) expect(differing).toContain(name);
    expect([...differing].filter((name) => !settings.includes(name ?? '') && !['entryCSN', 'modifyTimestamp', 'modifiersName'].includes(name ?? ''))).toEqual([]);
  });
});
