import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replace } from '../../../../../main/directory/changes';
import { DirectoryConnection } from '../../../../../main/directory/directory-connection';
import { childDn } from '../../../../../main/directory/dn';
import { ConfigConnection } from '../../../../../main/flavors/openldap/config/config-connection';
import { applySandboxIsolation } from '../../../../../main/flavors/openldap/sandbox/sandbox-isolation';
import { attributeTypeDefinition, ENCLAVE_ATTRIBUTE_TYPES, ENCLAVE_OBJECT_CLASSES, objectClassDefinition } from '../../../../../main/flavors/openldap/schema/enclave-schema';
import { checkpointAccessRules } from '../../../../../main/flavors/openldap/isolation/checkpoint-rules';
import { openLdapLayout } from '../../../../../main/flavors/openldap/openldap-layout';
import { upgradeEnclaveSchema } from '../../../../../main/flavors/openldap/schema/schema-upgrade';
import { startTestDirectory, type TestDirectory } from '../../../../harness/test-directory';

// The mailbox class as versions before the mandatory quota defined it.
const mailboxIndex = ENCLAVE_OBJECT_CLASSES.findIndex((objectClass) => objectClass.name === 'enclaveMailbox');
const mailboxClass = ENCLAVE_OBJECT_CLASSES[mailboxIndex]!;
const olderMailboxClass = objectClassDefinition({ ...mailboxClass, must: [], may: ['enclaveMailboxQuotaBytes', ...mailboxClass.may] });
// The group class as versions before the mandatory kind defined it.
const groupIndex = ENCLAVE_OBJECT_CLASSES.findIndex((objectClass) => objectClass.name === 'enclaveGroup');
const groupClass = ENCLAVE_OBJECT_CLASSES[groupIndex]!;
const olderGroupClass = objectClassDefinition({ ...groupClass, must: ['cn'], may: [...groupClass.may, 'enclaveGroupKind'] });

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
    expect(await upgradeEnclaveSchema(config, data, dir.info.suffix)).toEqual({ objectClasses: [], added: [], mailboxesGivenQuota: 0, auditContainerCreated: false, mailboxesGivenPassword: 0, groupsGivenKind: 0, baseEntriesAdded: [] });
  });

  it('makes the quota and password mandatory in a sandbox made by an older version, giving quota-less mailboxes the explicit unlimited and password-less ones a random password', async () => {
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
    // It had no password (it could not log in): it got a random one, and a password can no longer be removed.
    await expect(data.modify(legacy, [replace('userPassword', [])])).rejects.toThrow(/requires attribute 'userPassword'/);
  });

  it('makes a group’s kind mandatory, giving kind-less groups the kind of the container they live in', async () => {
    const schemaDn = await config.findSchemaEntry('enclave');
    await config.replaceOrderedValue(schemaDn, 'olcObjectClasses', groupIndex, objectClassDefinition(groupClass), olderGroupClass);
    const tenant = childDn(childDn(dir.info.suffix, 'ou', 'tenants'), 'ou', 'Kindless');
    await data.add(tenant, { objectClass: ['organizationalUnit', 'enclaveTenant'], ou: 'Kindless', enclaveMailDomain: 'kindless.test' });
    for (const ou of ['groups', 'lists']) await data.add(childDn(tenant, 'ou', ou), { objectClass: 'organizationalUnit', ou });
    const group = childDn(childDn(tenant, 'ou', 'groups'), 'cn', 'staff');
    const list = childDn(childDn(tenant, 'ou', 'lists'), 'cn', 'news');
    for (const dn of [group, list]) await data.add(dn, { objectClass: 'enclaveGroup', cn: dn === group ? 'staff' : 'news' });

    await applySandboxIsolation(dir.info);

    expect((await config.readOrdered(schemaDn, 'olcObjectClasses'))[groupIndex]).toBe(objectClassDefinition(groupClass));
    expect((await data.read(group, ['enclaveGroupKind']))?.['enclaveGroupKind']).toBe('security');
    expect((await data.read(list, ['enclaveGroupKind']))?.['enclaveGroupKind']).toBe('distribution');
    await expect(data.modify(list, [replace('enclaveGroupKind', [])])).rejects.toThrow(/requires attribute 'enclaveGroupKind'/);
  });
});

describe('upgradeEnclaveSchema() for the audit checkpoints', () => {
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

  it('gives a sandbox made before the checkpoints their attribute types, object class, container and rules', async () => {
    // As an older version left it: no checkpoint schema, no container, the rules of that time (host admins manage all).
    const schemaDn = await config.findSchemaEntry('enclave');
    const { databaseDn } = await config.locate(dir.info.suffix);
    const rules = await config.readOrdered(databaseDn, 'olcAccess');
    const checkpointRules = checkpointAccessRules(dir.info.suffix);
    await config.replaceOrdered(databaseDn, 'olcAccess', rules.filter((rule) => !checkpointRules.includes(rule)));
    await data.delete(openLdapLayout(dir.info.suffix).auditDn);
    await config.deleteOrdered(schemaDn, 'olcObjectClasses', ENCLAVE_OBJECT_CLASSES.findIndex((c) => c.name === 'enclaveAuditCheckpoint'));
    const firstCheckpointType = ENCLAVE_ATTRIBUTE_TYPES.findIndex((t) => t.name === 'enclaveConsoleId');
    for (let index = ENCLAVE_ATTRIBUTE_TYPES.length - 1; index >= firstCheckpointType; index -= 1) await config.deleteOrdered(schemaDn, 'olcAttributeTypes', index);
    expect(await config.readOrdered(schemaDn, 'olcAttributeTypes')).toHaveLength(firstCheckpointType);

    await applySandboxIsolation(dir.info);

    expect(await config.readOrdered(schemaDn, 'olcAttributeTypes')).toEqual(ENCLAVE_ATTRIBUTE_TYPES.map(attributeTypeDefinition));
    expect(await config.readOrdered(schemaDn, 'olcObjectClasses')).toEqual(ENCLAVE_OBJECT_CLASSES.map(objectClassDefinition));
    const after = await config.readOrdered(databaseDn, 'olcAccess');
    expect(after.slice(after.indexOf(checkpointRules[0] ?? ''), after.indexOf(checkpointRules[0] ?? '') + checkpointRules.length)).toEqual(checkpointRules);
    // The container is back, and now even a host admin cannot remove it.
    expect(await data.read(openLdapLayout(dir.info.suffix).auditDn, ['ou'])).toMatchObject({ ou: 'audit' });
    await expect(data.delete(openLdapLayout(dir.info.suffix).auditDn)).rejects.toMatchObject({ error: { kind: 'insufficient-access' } });
  });
});

describe('upgradeEnclaveSchema() for the mail service settings', () => {
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

  it('gives a sandbox made before them their attribute types, and tenants and mailboxes the classes that hold them', async () => {
    const schemaDn = await config.findSchemaEntry('enclave');
    // As the version before the mail service settings defined them: the classes without these and later
    // attributes, the types not there.
    const firstNew = ENCLAVE_ATTRIBUTE_TYPES.findIndex((t) => t.name === 'enclaveDeniedService');
    const newTypes = ENCLAVE_ATTRIBUTE_TYPES.slice(firstNew).map((t) => t.name);
    for (const name of ['enclaveTenant', 'enclaveMailbox', 'enclaveGroup']) {
      const index = ENCLAVE_OBJECT_CLASSES.findIndex((c) => c.name === name);
      const current = ENCLAVE_OBJECT_CLASSES[index]!;
      await config.replaceOrderedValue(schemaDn, 'olcObjectClasses', index, objectClassDefinition(current), objectClassDefinition({ ...current, may: current.may.filter((a) => !newTypes.includes(a)) }));
    }
    for (let index = ENCLAVE_ATTRIBUTE_TYPES.length - 1; index >= firstNew; index -= 1) await config.deleteOrdered(schemaDn, 'olcAttributeTypes', index);
    const tenant = childDn(childDn(dir.info.suffix, 'ou', 'tenants'), 'ou', 'Before');
    await data.add(tenant, { objectClass: ['organizationalUnit', 'enclaveTenant'], ou: 'Before', enclaveMailDomain: 'before.test' });
    await expect(data.modify(tenant, [replace('enclaveDeniedService', 'imap')])).rejects.toThrow();

    const upgrade = await upgradeEnclaveSchema(config, data, dir.info.suffix);

    expect(upgrade.added).toEqual(newTypes);
    expect(upgrade.objectClasses).toEqual(['enclaveTenant', 'enclaveMailbox', 'enclaveGroup']);
    expect(await config.readOrdered(schemaDn, 'olcAttributeTypes')).toEqual(ENCLAVE_ATTRIBUTE_TYPES.map(attributeTypeDefinition));
    expect(await config.readOrdered(schemaDn, 'olcObjectClasses')).toEqual(ENCLAVE_OBJECT_CLASSES.map(objectClassDefinition));
    await data.modify(tenant, [replace('enclaveDeniedService', 'imap'), replace('enclaveMaxMessageBytes', '1048576')]);
    expect(await data.read(tenant, ['enclaveDeniedService'])).toMatchObject({ enclaveDeniedService: 'imap' });
  });
});
