import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../../../main/app/directory-session';
import { addValues } from '../../../../../main/directory/changes';
import { childDn } from '../../../../../main/directory/dn';
import { createHostingServices } from '../../../../../main/hosting/hosting-services';
import { generateAccessRules } from '../../../../../main/flavors/openldap/isolation/access-rules';
import { ConfigConnection } from '../../../../../main/flavors/openldap/config/config-connection';
import { sandboxTenantsChanged } from '../../../../../main/flavors/openldap/sandbox/sandbox-isolation';
import { expectFailure } from '../../../../harness/expect-failure';
import { openIsolatedSession } from '../../../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../../../harness/test-directory';

let dir: TestDirectory;
let host: DirectorySession;

async function appliedRules(): Promise<{ access: string[]; constraints: string[] }> {
  const config = await ConfigConnection.open({ ldapiUrl: dir.info.ldapiUrl });
  try {
    const where = await config.locate(dir.info.suffix);
    return { access: await config.readOrdered(where.databaseDn, 'olcAccess'), constraints: await config.readOrdered(where.constraintDn ?? '', 'olcConstraintAttribute') };
  } finally {
    await config.close();
  }
}

beforeAll(async () => {
  dir = await startTestDirectory();
  host = await openIsolatedSession(dir);
});
afterAll(async () => {
  await host?.connection.dispose();
  await dir?.stop();
});

describe('tenant changes re-apply the rules', () => {
  it('a new sandbox starts with the generated rules', async () => {
    expect((await appliedRules()).access).toEqual(generateAccessRules(dir.info.suffix));
  });

  it('adds, changes and removes a tenant’s rules with the tenant', async () => {
    await host.services.tenants.create({ name: 'Hooked, Ltd.', settings: { mailDomains: ['hooked.test'], storagePoolBytes: 100 } });
    let rules = await appliedRules();
    expect(rules.constraints.filter((rule) => rule.includes('Hooked'))).toHaveLength(1);
    expect(rules.access.filter((rule) => rule.includes('Hooked'))).toHaveLength(2);

    // A domain added later is usable at once; before the update it is refused by the constraint overlay.
    const mailbox = childDn(host.services.context.dialect.layout.mailboxesDn('Hooked, Ltd.'), 'uid', 'hooked1');
    await host.services.mailboxes.create({ tenant: 'Hooked, Ltd.', login: 'hooked1', givenName: '', surname: 'H', displayName: '', primaryAddress: 'h@hooked.test', aliases: [], hiddenFromAddressBook: false, password: 'Correct-Horse-9', enabled: true, groups: [], quotaBytes: 10 });
    await expectFailure(host.connection.modify(mailbox, [addValues('mailLocalAddress', 'h@later.test')]), 'policy-violation');
    await host.services.tenants.update('Hooked, Ltd.', { mailDomains: ['hooked.test', 'later.test'] });
    await host.connection.modify(mailbox, [addValues('mailLocalAddress', 'h@later.test')]);
    rules = await appliedRules();
    expect(rules.constraints.find((rule) => rule.includes('Hooked'))).toContain('[lL][aA][tT][eE][rR]');

    await host.services.tenants.delete('Hooked, Ltd.', true);
    rules = await appliedRules();
    expect(rules.access.concat(rules.constraints).some((rule) => rule.includes('Hooked'))).toBe(false);
  });

  it('fails a tenant creation clearly and removes the tenant when the rules cannot be applied', async () => {
    const broken = createHostingServices(host.connection, host.services.context.dialect, {
      onTenantsChanged: sandboxTenantsChanged({ ...dir.info, ldapiUrl: 'ldapi://%2Fnonexistent%2Fenclave.sock' }, host.connection, host.services.context.dialect),
    });
    await expectFailure(broken.tenants.create({ name: 'Unruled', settings: { mailDomains: ['unruled.test'] } }), 'internal', /access rules could not be applied.*removed again/s);
    await expectFailure(host.services.tenants.require('Unruled'), 'not-found');
  });
});
