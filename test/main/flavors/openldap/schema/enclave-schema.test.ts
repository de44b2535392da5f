import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'ldapts';
import {
  ENCLAVE_ATTRIBUTE_TYPES,
  ENCLAVE_OBJECT_CLASSES,
  ENCLAVE_OID_ARC,
  objectClassDefinition,
} from '../../../../../main/flavors/openldap/schema/enclave-schema';
import { adminClient, startTestDirectory, type TestDirectory } from '../../../../harness/test-directory';

describe('enclave schema', () => {
  it('numbers attributes and classes uniquely under the arc', () => {
    expect(new Set(ENCLAVE_ATTRIBUTE_TYPES.map((a) => a.number)).size).toBe(ENCLAVE_ATTRIBUTE_TYPES.length);
    expect(new Set(ENCLAVE_OBJECT_CLASSES.map((c) => c.number)).size).toBe(ENCLAVE_OBJECT_CLASSES.length);
    expect(ENCLAVE_OID_ARC).toBe('2.25.202855613569919469376001476251271665182');
  });

  it('makes enclaveGroup structural so a group may be empty', () => {
    const group = ENCLAVE_OBJECT_CLASSES.find((c) => c.name === 'enclaveGroup');
    expect(group && objectClassDefinition(group)).toContain('SUP top STRUCTURAL MUST ( cn $ enclaveGroupKind )');
  });

  describe('loaded in slapd', () => {
    let dir: TestDirectory;
    let admin: Client;
    beforeAll(async () => {
      dir = await startTestDirectory();
      admin = await adminClient(dir.info);
    });
    afterAll(async () => {
      await admin.unbind();
      await dir.stop();
    });

    it('publishes every attribute and class in cn=subschema', async () => {
      const { searchEntries } = await admin.search('cn=subschema', {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: ['attributeTypes', 'objectClasses'],
      });
      const published = JSON.stringify(searchEntries[0]);
      for (const { name } of [...ENCLAVE_ATTRIBUTE_TYPES, ...ENCLAVE_OBJECT_CLASSES]) expect(published).toContain(`'${name}'`);
    });

    it('stores an empty group, tenant limits beyond 32 bits, and orders them numerically', async () => {
      const tenants = `ou=tenants,${dir.info.suffix}`;
      await admin.add(`cn=empty,${tenants}`, { objectClass: 'enclaveGroup', cn: 'empty', enclaveGroupKind: 'distribution' });
      await admin.add(`ou=big,${tenants}`, {
        objectClass: ['organizationalUnit', 'enclaveTenant'],
        ou: 'big',
        enclaveMailDomain: ['big.test', 'big.example'],
        enclaveStoragePoolBytes: String(5 * 1024 ** 4),
        enclaveAllowOvercommit: 'FALSE',
      });
      const { searchEntries } = await admin.search(tenants, {
        scope: 'one',
        filter: '(&(enclaveStoragePoolBytes>=1099511627776)(enclaveMailDomain=BIG.TEST))',
        attributes: ['ou'],
      });
      expect(searchEntries.map((e) => e.dn)).toEqual([`ou=big,${tenants}`]);
    });
  });
});
