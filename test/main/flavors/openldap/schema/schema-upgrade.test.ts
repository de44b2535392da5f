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

/** A test directory per describe block, its data as the host's root DN, and cn=config (for making it look older). */
function useSandboxToUpgrade(): { dir: TestDirectory; data: DirectoryConnection; config: ConfigConnection } {
  const sandbox = {} as { dir: TestDirectory; data: DirectoryConnection; config: ConfigConnection };
  beforeAll(async () => {
    sandbox.dir = await startTestDirectory();
    sandbox.data = new DirectoryConnection({ urls: [sandbox.dir.info.url], bindDN: sandbox.dir.info.bindDN, password: sandbox.dir.info.password, tlsMode: 'none' });
    sandbox.config = await ConfigConnection.open({ ldapiUrl: sandbox.dir.info.ldapiUrl });
  });
  afterAll(async () => {
    await sandbox.config?.close();
    await sandbox.data?.dispose();
    await sandbox.dir?.stop();
  });
  return sandbox;
}

describe('upgradeEnclaveSchema()', () => {
  const sandbox = useSandboxToUpgrade();

  it('changes nothing on a current sandbox', async () => {
    expect(await upgradeEnclaveSchema(sandbox.config, sandbox.data, sandbox.dir.info.suffix)).toEqual({ objectClasses: [], added: [], mailboxesGivenQuota: 0, auditContainerCreated: false, mailboxesGivenPassword: 0, groupsGivenKind: 0, baseEntriesAdded: [] });
  });

  it('makes the quota and password mandatory in a sandbox made by an older version, giving quota-less mailboxes the explicit unlimited and password-less ones a random password', async () => {
    const schemaDn = await sandbox.config.findSchemaEntry('enclave');
    await sandbox.config.replaceOrderedValue(schemaDn, 'olcObjectClasses', mailboxIndex, objectClassDefinition(mailboxClass), olderMailboxClass);
    const tenant = childDn(childDn(sandbox.dir.info.suffix, 'ou', 'tenants'), 'ou', 'Old');
    await sandbox.data.add(tenant, { objectClass: ['organizationalUnit', 'enclaveTenant'], ou: 'Old', enclaveMailDomain: 'old.test' });
    await sandbox.data.add(childDn(tenant, 'ou', 'mailboxes'), { objectClass: 'organizationalUnit', ou: 'mailboxes' });
    const legacy = childDn(childDn(tenant, 'ou', 'mailboxes'), 'uid', 'legacy');
    await sandbox.data.add(legacy, { objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'], uid: 'legacy', cn: 'Legacy', sn: 'Legacy', mail: 'legacy@old.test', mailLocalAddress: 'legacy@old.test' });

    await applySandboxIsolation(sandbox.dir.info);

    expect((await sandbox.config.readOrdered(schemaDn, 'olcObjectClasses'))[mailboxIndex]).toBe(objectClassDefinition(mailboxClass));
    expect((await sandbox.data.read(legacy, ['enclaveMailboxQuotaBytes']))?.['enclaveMailboxQuotaBytes']).toBe('0');
    // Now nobody can take the quota away, not even a host admin.
    await expect(sandbox.data.modify(legacy, [replace('enclaveMailboxQuotaBytes', [])])).rejects.toThrow(/requires attribute 'enclaveMailboxQuotaBytes'/);
    // It had no password (it could not log in): it got a random one, and a password can no longer be removed.
    await expect(sandbox.data.modify(legacy, [replace('userPassword', [])])).rejects.toThrow(/requires attribute 'userPassword'/);
  });

  it('makes a group’s kind mandatory, giving kind-less groups the kind of the container they live in', async () => {
    const schemaDn = await sandbox.config.findSchemaEntry('enclave');
    await sandbox.config.replaceOrderedValue(schemaDn, 'olcObjectClasses', groupIndex, objectClassDefinition(groupClass), olderGroupClass);
    const tenant = childDn(childDn(sandbox.dir.info.suffix, 'ou', 'tenants'), 'ou', 'Kindless');
    await sandbox.data.add(tenant, { objectClass: ['organizationalUnit', 'enclaveTenant'], ou: 'Kindless', enclaveMailDomain: 'kindless.test' });
    for (const ou of ['groups', 'lists']) await sandbox.data.add(childDn(tenant, 'ou', ou), { objectClass: 'organizationalUnit', ou });
    const group = childDn(childDn(tenant, 'ou', 'groups'), 'cn', 'staff');
    const list = childDn(childDn(tenant, 'ou', 'lists'), 'cn', 'news');
    for (const dn of [group, list]) await sandbox.data.add(dn, { objectClass: 'enclaveGroup', cn: dn === group ? 'staff' : 'news' });

    await applySandboxIsolation(sandbox.dir.info);

    expect((await sandbox.config.readOrdered(schemaDn, 'olcObjectClasses'))[groupIndex]).toBe(objectClassDefinition(groupClass));
    expect((await sandbox.data.read(group, ['enclaveGroupKind']))?.['enclaveGroupKind']).toBe('security');
    expect((await sandbox.data.read(list, ['enclaveGroupKind']))?.['enclaveGroupKind']).toBe('distribution');
    await expect(sandbox.data.modify(list, [replace('enclaveGroupKind', [])])).rejects.toThrow(/requires attribute 'enclaveGroupKind'/);
  });
});

describe('upgradeEnclaveSchema() for the audit checkpoints', () => {
  const sandbox = useSandboxToUpgrade();

  it('gives a sandbox made before the checkpoints their attribute types, object class, container and rules', async () => {
    // As an older version left it: no checkpoint schema, no container, the rules of that time (host admins manage all).
    const schemaDn = await sandbox.config.findSchemaEntry('enclave');
    const { databaseDn } = await sandbox.config.locate(sandbox.dir.info.suffix);
    const rules = await sandbox.config.readOrdered(databaseDn, 'olcAccess');
    const checkpointRules = checkpointAccessRules(sandbox.dir.info.suffix);
    await sandbox.config.replaceOrdered(databaseDn, 'olcAccess', rules.filter((rule) => !checkpointRules.includes(rule)));
    await sandbox.data.delete(openLdapLayout(sandbox.dir.info.suffix).auditDn);
    await sandbox.config.deleteOrdered(schemaDn, 'olcObjectClasses', ENCLAVE_OBJECT_CLASSES.findIndex((c) => c.name === 'enclaveAuditCheckpoint'));
    const firstCheckpointType = ENCLAVE_ATTRIBUTE_TYPES.findIndex((t) => t.name === 'enclaveConsoleId');
    for (let index = ENCLAVE_ATTRIBUTE_TYPES.length - 1; index >= firstCheckpointType; index -= 1) await sandbox.config.deleteOrdered(schemaDn, 'olcAttributeTypes', index);
    expect(await sandbox.config.readOrdered(schemaDn, 'olcAttributeTypes')).toHaveLength(firstCheckpointType);

    await applySandboxIsolation(sandbox.dir.info);

    expect(await sandbox.config.readOrdered(schemaDn, 'olcAttributeTypes')).toEqual(ENCLAVE_ATTRIBUTE_TYPES.map(attributeTypeDefinition));
    expect(await sandbox.config.readOrdered(schemaDn, 'olcObjectClasses')).toEqual(ENCLAVE_OBJECT_CLASSES.map(objectClassDefinition));
    const after = await sandbox.config.readOrdered(databaseDn, 'olcAccess');
    expect(after.slice(after.indexOf(checkpointRules[0] ?? ''), after.indexOf(checkpointRules[0] ?? '') + checkpointRules.length)).toEqual(checkpointRules);
    // The container is back, and now even a host admin cannot remove it.
    expect(await sandbox.data.read(openLdapLayout(sandbox.dir.info.suffix).auditDn, ['ou'])).toMatchObject({ ou: 'audit' });
    await expect(sandbox.data.delete(openLdapLayout(sandbox.dir.info.suffix).auditDn)).rejects.toMatchObject({ error: { kind: 'insufficient-access' } });
  });
});

describe('upgradeEnclaveSchema() for the mail service settings', () => {
  const sandbox = useSandboxToUpgrade();

  it('gives a sandbox made before them their attribute types, and tenants and mailboxes the classes that hold them', async () => {
    const schemaDn = await sandbox.config.findSchemaEntry('enclave');
    // As the version before the mail service settings defined them: the classes without these and later
    // attributes, the types not there.
    const firstNew = ENCLAVE_ATTRIBUTE_TYPES.findIndex((t) => t.name === 'enclaveDeniedService');
    const newTypes = ENCLAVE_ATTRIBUTE_TYPES.slice(firstNew).map((t) => t.name);
    for (const name of ['enclaveTenant', 'enclaveMailbox', 'enclaveGroup']) {
      const index = ENCLAVE_OBJECT_CLASSES.findIndex((c) => c.name === name);
      const current = ENCLAVE_OBJECT_CLASSES[index]!;
      await sandbox.config.replaceOrderedValue(schemaDn, 'olcObjectClasses', index, objectClassDefinition(current), objectClassDefinition({ ...current, may: current.may.filter((a) => !newTypes.includes(a)) }));
    }
    for (let index = ENCLAVE_ATTRIBUTE_TYPES.length - 1; index >= firstNew; index -= 1) await sandbox.config.deleteOrdered(schemaDn, 'olcAttributeTypes', index);
    const tenant = childDn(childDn(sandbox.dir.info.suffix, 'ou', 'tenants'), 'ou', 'Before');
    await sandbox.data.add(tenant, { objectClass: ['organizationalUnit', 'enclaveTenant'], ou: 'Before', enclaveMailDomain: 'before.test' });
    await expect(sandbox.data.modify(tenant, [replace('enclaveDeniedService', 'imap')])).rejects.toThrow();

    const upgrade = await upgradeEnclaveSchema(sandbox.config, sandbox.data, sandbox.dir.info.suffix);

    expect(upgrade.added).toEqual(newTypes);
    expect(upgrade.objectClasses).toEqual(['enclaveTenant', 'enclaveMailbox', 'enclaveGroup']);
    expect(await sandbox.config.readOrdered(schemaDn, 'olcAttributeTypes')).toEqual(ENCLAVE_ATTRIBUTE_TYPES.map(attributeTypeDefinition));
    expect(await sandbox.config.readOrdered(schemaDn, 'olcObjectClasses')).toEqual(ENCLAVE_OBJECT_CLASSES.map(objectClassDefinition));
    await sandbox.data.modify(tenant, [replace('enclaveDeniedService', 'imap'), replace('enclaveMaxMessageBytes', '1048576')]);
    expect(await sandbox.data.read(tenant, ['enclaveDeniedService'])).toMatchObject({ enclaveDeniedService: 'imap' });
  });
});
