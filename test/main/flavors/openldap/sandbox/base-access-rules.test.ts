import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attribute, Change, Client, InsufficientAccessError, InvalidCredentialsError, NoSuchObjectError } from 'ldapts';
import { adminClient, boundClient, startTestDirectory, type TestDirectory } from '../../../../harness/test-directory';
import { baseAccessRules } from '../../../../../main/flavors/openldap/sandbox/base-access-rules';

const replace = (type: string, values: string[]): Change =>
  new Change({ operation: 'replace', modification: new Attribute({ type, values }) });

describe('#baseAccessRules()', () => {
  let dir: TestDirectory;
  let admin: Client;
  let tenant: string;
  let user: string;

  beforeAll(async () => {
    dir = await startTestDirectory();
    admin = await adminClient(dir.info);
    tenant = `ou=acme,ou=tenants,${dir.info.suffix}`;
    user = `uid=ann,${tenant}`;
    await admin.add(tenant, { objectClass: ['organizationalUnit', 'enclaveTenant'], ou: 'acme', enclaveMailDomain: 'acme.test' });
    await admin.add(user, {
      objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'], enclaveMailboxQuotaBytes: '0',
      uid: 'ann',
      cn: 'Ann',
      sn: 'Example',
      mail: 'ann@acme.test',
      mailLocalAddress: 'ann@acme.test',
      userPassword: 'first-password',
    });
  });
  afterAll(async () => {
    await admin.unbind();
    await dir.stop();
  });

  it('writes lower-case DNs so they match normalized ones', () => {
    const rules = baseAccessRules('DC=Hosting,DC=Test');
    expect(rules.join('\n')).toContain('cn=host-admins,ou=groups,ou=host,dc=hosting,dc=test');
  });

  it('lets a host admin (not the rootDN) add entries under ou=tenants', async () => {
    const { searchEntries } = await admin.search(user, { attributes: ['uid', 'entryUUID'] });
    expect(searchEntries[0]?.['uid']).toBe('ann');
  });

  it('lets helpdesk read but not write, and hides userPassword from it', async () => {
    const helpdesk = await boundClient(dir.info.url, dir.helpdesk.bindDN, dir.helpdesk.password);
    try {
      const { searchEntries } = await helpdesk.search(user, { attributes: ['mail', 'userPassword'] });
      expect(searchEntries[0]?.['mail']).toBe('ann@acme.test');
      expect(searchEntries[0]?.['userPassword'] ?? []).toEqual([]);
      await expect(helpdesk.modify(user, replace('sn', ['Changed']))).rejects.toBeInstanceOf(InsufficientAccessError);
      await expect(
        helpdesk.add(`uid=eve,${tenant}`, { objectClass: 'inetOrgPerson', uid: 'eve', cn: 'Eve', sn: 'Eve' }),
      ).rejects.toBeInstanceOf(InsufficientAccessError);
    } finally {
      await helpdesk.unbind();
    }
  });

  it('shows anonymous clients nothing of the tree, not even that the suffix exists', async () => {
    const anonymous = new Client({ url: dir.info.url });
    try {
      await expect(anonymous.search(dir.info.suffix, { scope: 'sub', filter: '(objectClass=*)' })).rejects.toBeInstanceOf(
        NoSuchObjectError,
      );
      await expect(anonymous.search(user, { attributes: ['mail'] })).rejects.toBeInstanceOf(NoSuchObjectError);
    } finally {
      await anonymous.unbind();
    }
  });

  it('lets a user change its own password but not its other attributes', async () => {
    const ann = await boundClient(dir.info.url, user, 'first-password');
    try {
      await ann.modify(user, replace('userPassword', ['second-password']));
      await expect(ann.modify(user, replace('sn', ['Boss']))).rejects.toBeInstanceOf(InsufficientAccessError);
    } finally {
      await ann.unbind();
    }
    const again = await boundClient(dir.info.url, user, 'second-password');
    await again.unbind();
  });

  it('lets a host admin lock (pwdAccountLockedTime) and unlock an account without the relax control', async () => {
    await admin.modify(user, replace('pwdAccountLockedTime', ['000001010000Z']));
    await expect(boundClient(dir.info.url, user, 'second-password')).rejects.toBeInstanceOf(InvalidCredentialsError);
    await admin.modify(user, new Change({ operation: 'delete', modification: new Attribute({ type: 'pwdAccountLockedTime', values: [] }) }));
    const unlocked = await boundClient(dir.info.url, user, 'second-password');
    await unlocked.unbind();
  });

  it('keeps everyone but host admins out of the accesslog', async () => {
    const helpdesk = await boundClient(dir.info.url, dir.helpdesk.bindDN, dir.helpdesk.password);
    try {
      await expect(helpdesk.search('cn=accesslog', { scope: 'sub', filter: '(objectClass=*)' })).rejects.toBeInstanceOf(
        NoSuchObjectError,
      );
    } finally {
      await helpdesk.unbind();
    }
    const { searchEntries } = await admin.search('cn=accesslog', { scope: 'one', filter: '(reqType=add)' });
    expect(searchEntries.length).toBeGreaterThan(0);
  });
});
