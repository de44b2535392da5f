import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replace } from '../../../../../main/directory/changes';
import { DirectoryConnection } from '../../../../../main/directory/directory-connection';
import { childDn } from '../../../../../main/directory/dn';
import { ConfigConnection } from '../../../../../main/flavors/openldap/config/config-connection';
import { applySandboxIsolation } from '../../../../../main/flavors/openldap/sandbox/sandbox-isolation';
import { ENCLAVE_OBJECT_CLASSES, objectClassDefinition } from '../../../../../main/flavors/openldap/schema/enclave-schema';
import { upgradeEnclaveSchema } from '../../../../../main/flavors/openldap/schema/schema-upgrade';
import { startTestDirectory, type TestDirectory } from '../../../../harness/test-directory';

// The mailbox class as versions before the mandatory quota defined it.
const mailboxIndex = ENCLAVE_OBJECT_CLASSES.findIndex((objectClass) => objectClass.name === 'enclaveMailbox');
const mailboxClass = ENCLAVE_OBJECT_CLASSES[mailboxIndex]!;
const olderMailboxClass = objectClassDefinition({ ...mailboxClass, must: [], may: ['enclaveMailboxQuotaBytes', ...mailboxClass.may] });

describe('upgradeEnclaveSchema()', () => {
  let dir: TestDirectory;
  let data: DirectoryConnection;
  let config: ConfigConnection;
  beforeAll(async () => {
    dir = await startTestDirectory();
    data = new DirectoryConnection({ urls: [dir.info.url], bindDN: dir.info.bindDN, password: dir.info.password, tlsMode: 'none' });
    config = await ConfigConnection.open({ ldapiUrl: dir.info.ldapiUrl });
  });
  afterAll(async () => {
    await config?.close();
    await data?.dispose();
    await dir?.stop();
  });

  it('changes nothing on a current sandbox', async () => {
    expect(await upgradeEnclaveSchema(config, data, dir.info.suffix)).toEqual({ objectClasses: [], mailboxesGivenQuota: 0 });
  });

  it('makes the quota mandatory in a sandbox made by an older version, giving quota-less mailboxes the explicit unlimited', async () => {
    const schemaDn = await config.findSchemaEntry('enclave');
    await config.replaceOrderedValue(schemaDn, 'olcObjectClasses', mailboxIndex, objectClassDefinition(mailboxClass), olderMailboxClass);
    const tenant = childDn(childDn(dir.info.suffix, 'ou', 'tenants'), 'ou', 'Old');
    await data.add(tenant, { objectClass: ['organizationalUnit', 'enclaveTenant'], ou: 'Old', enclaveMailDomain: 'old.test' });
    await data.add(childDn(tenant, 'ou', 'mailboxes'), { objectClass: 'organizationalUnit', ou: 'mailboxes' });
    const legacy = childDn(childDn(tenant, 'ou', 'mailboxes'), 'uid', 'legacy');
    await data.add(legacy, { objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'], uid: 'legacy', cn: 'Legacy', sn: 'Legacy', mail: 'legacy@old.test', mailLocalAddress: 'legacy@old.test' });

    await applySandboxIsolation(dir.info);

    expect((await config.readOrdered(schemaDn, 'olcObjectClasses'))[mailboxIndex]).toBe(objectClassDefinition(mailboxClass));
    expect((await data.read(legacy, ['enclaveMailboxQuotaBytes']))?.['enclaveMailboxQuotaBytes']).toBe('0');
    // Now nobody can take the quota away, not even a host admin.
    await expect(data.modify(legacy, [replace('enclaveMailboxQuotaBytes', [])])).rejects.toThrow(/requires attribute 'enclaveMailboxQuotaBytes'/);
  });
});
