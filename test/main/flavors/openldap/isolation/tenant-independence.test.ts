/**
 * Issue 12's property, value for value: creating, changing and deleting a tenant writes nothing to cn=config, so no
 * other tenant's rules, constraints or limits can change (the policy is generated for the suffix alone).
 */
import { Client } from 'ldapts';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../../../main/app/directory-session';
import { applyAccessPolicy } from '../../../../../main/flavors/openldap/isolation/apply-isolation';
import { ldapiSocketPath } from '../../../../../main/flavors/openldap/config/config-connection';
import { openSession } from '../../../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../../../harness/test-directory';

let dir: TestDirectory;
let host: DirectorySession;

/** Every value of every entry of cn=config, server bookkeeping (timestamps, CSNs) left out. */
async function configSnapshot(): Promise<string[]> {
  const client = new Client({ url: 'ldap://localhost', createConnection: () => net.connect(ldapiSocketPath(dir.info.ldapiUrl)) });
  try {
    await client.bind('EXTERNAL');
    const { searchEntries } = await client.search('cn=config', { scope: 'sub', attributes: ['*'] });
    return searchEntries.flatMap((entry) =>
      Object.entries(entry)
        .filter(([name]) => name !== 'dn' && !/^(modifyTimestamp|modifiersName|entryCSN|createTimestamp|creatorsName)$/i.test(name))
        .flatMap(([name, value]) => [value].flat().map((v) => `${entry.dn} ${name}: ${String(v)}`)),
    ).sort();
  } finally {
    await client.unbind();
  }
}

beforeAll(async () => {
  dir = await startTestDirectory();
  host = await openSession(dir);
  for (const name of ['Acme', 'Globex']) await host.services.tenants.create({ name, settings: { mailDomains: [`${name.toLowerCase()}.test`], storagePoolBytes: 2 ** 30 } });
  await applyAccessPolicy({ ldapiUrl: dir.info.ldapiUrl }, dir.info.suffix);
}, 60_000);

afterAll(async () => {
  await host?.connection.dispose();
  await dir?.stop();
});

describe('tenant changes and cn=config', () => {
  it('leaves every value of cn=config as it was when a tenant is created, changed and deleted', async () => {
    const before = await configSnapshot();
    expect(before.some((line) => line.includes('olcAccess'))).toBe(true);
    await host.services.tenants.create({ name: 'Initech', settings: { mailDomains: ['initech.test'], storagePoolBytes: 2 ** 30, mailboxLimit: 5 } });
    expect(await configSnapshot()).toEqual(before);
    await host.services.tenants.update('Initech', { mailDomains: ['initech.test', 'initech.example'], storagePoolBytes: 2 ** 31 });
    expect(await configSnapshot()).toEqual(before);
    await host.services.tenants.delete('Initech', true);
    expect(await configSnapshot()).toEqual(before);
  });
});
