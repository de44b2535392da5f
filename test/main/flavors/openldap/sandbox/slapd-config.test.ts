import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attribute, Change, ConstraintViolationError, SizeLimitExceededError, type Client } from 'ldapts';
import { adminClient, boundClient, startTestDirectory, type TestDirectory } from '../../../../harness/test-directory';
import { slapdConfigLdif } from '../../../../../main/flavors/openldap/sandbox/slapd-config';

const mailbox = (uid: string, addresses: string[], extra: Record<string, string> = {}) => ({
  objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'], enclaveMailboxQuotaBytes: '0',
  uid,
  cn: uid,
  sn: uid,
  // Convention the unique overlay relies on: mailLocalAddress lists every address, the primary included.
  mail: addresses[0] ?? '',
  mailLocalAddress: addresses,
  ...extra,
});

describe('#slapdConfigLdif()', () => {
  it('orders databases config, accesslog, main and sets every mdb map size', () => {
    const ldif = slapdConfigLdif({
      suffix: 'dc=hosting,dc=test',
      mainDbDir: '/x/db/main',
      accessLogDbDir: '/x/db/accesslog',
      noSync: false,
      ownerUid: 1000,
      ownerGid: 1001,
    });
    const order = ['olcDatabase={0}config', 'olcDatabase={1}mdb', 'olcDatabase={2}mdb'].map((dn) => ldif.indexOf(`dn: ${dn}`));
    expect(order.every((position, index) => position > (order[index - 1] ?? -1))).toBe(true);
    expect(ldif.match(/olcDbMaxSize: 1073741824/g)).toHaveLength(2);
    expect(ldif).toContain('gidNumber=1001+uidNumber=1000,cn=peercred,cn=external,cn=auth');
    expect(ldif).toContain('olcDbNoSync: FALSE');
    expect(ldif).not.toContain('olcRootPW');
  });
});

describe('sandbox overlays (real slapd)', () => {
  let dir: TestDirectory;
  let admin: Client;
  let tenant: string;

  beforeAll(async () => {
    dir = await startTestDirectory();
    admin = await adminClient(dir.info);
    tenant = `ou=acme,ou=tenants,${dir.info.suffix}`;
    await admin.add(tenant, { objectClass: ['organizationalUnit', 'enclaveTenant'], ou: 'acme' });
    await admin.add(`ou=bolt,ou=tenants,${dir.info.suffix}`, { objectClass: 'organizationalUnit', ou: 'bolt' });
  });
  afterAll(async () => {
    await admin.unbind();
    await dir.stop();
  });

  it('accesslog records a write with who did it', async () => {
    await admin.add(`uid=logged,${tenant}`, mailbox('logged', ['logged@acme.test']));
    const { searchEntries } = await admin.search('cn=accesslog', {
      scope: 'one',
      filter: `(&(reqType=add)(reqDN=uid=logged,${tenant}))`,
      attributes: ['reqAuthzID', 'reqResult'],
    });
    expect(searchEntries).toHaveLength(1);
    expect(searchEntries[0]?.['reqAuthzID']).toBe(dir.info.bindDN);
    expect(searchEntries[0]?.['reqResult']).toBe('0');
  });

  it('ppolicy hashes a cleartext password, never logging the cleartext', async () => {
    const dn = `uid=hashed,${tenant}`;
    await admin.add(dn, mailbox('hashed', ['hashed@acme.test'], { userPassword: 'cleartext-secret' }));
    const { searchEntries } = await admin.search(dn, { attributes: ['userPassword'] });
    expect(String(searchEntries[0]?.['userPassword'])).toMatch(/^\{SSHA\}/);
    const log = await admin.search('cn=accesslog', { scope: 'one', filter: `(reqDN=${dn})`, attributes: ['reqMod'] });
    expect(JSON.stringify(log.searchEntries)).not.toContain('cleartext-secret');
  });

  it('ppolicy rejects a 3-character password with a clear server message, for users and host admins', async () => {
    const dn = `uid=shortpw,${tenant}`;
    await admin.add(dn, mailbox('shortpw', ['shortpw@acme.test'], { userPassword: 'long-enough-1' }));
    const change = new Change({ operation: 'replace', modification: new Attribute({ type: 'userPassword', values: ['abc'] }) });
    const self = await boundClient(dir.info.url, dn, 'long-enough-1');
    try {
      const error = await self.modify(dn, change).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConstraintViolationError);
      expect((error as Error).message).toContain('Password fails quality checking policy');
    } finally {
      await self.unbind();
    }
    await expect(admin.modify(dn, change)).rejects.toBeInstanceOf(ConstraintViolationError);
  });

  it('unique refuses a duplicate uid anywhere under ou=tenants', async () => {
    await admin.add(`uid=dup,${tenant}`, mailbox('dup', ['dup@acme.test']));
    const error = await admin
      .add(`uid=dup,ou=bolt,ou=tenants,${dir.info.suffix}`, mailbox('dup', ['dup@bolt.test']))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConstraintViolationError);
    expect((error as Error).message).toContain('non-unique attributes');
  });

  it('unique refuses an alias equal to another entry’s primary address, and the reverse', async () => {
    await admin.add(`uid=owner,${tenant}`, mailbox('owner', ['owner@acme.test', 'sales@acme.test']));
    await expect(
      admin.add(`uid=thief,${tenant}`, mailbox('thief', ['thief@acme.test', 'owner@acme.test'])),
    ).rejects.toBeInstanceOf(ConstraintViolationError);
    await expect(admin.add(`uid=thief,${tenant}`, mailbox('thief', ['sales@acme.test']))).rejects.toBeInstanceOf(
      ConstraintViolationError,
    );
    // A list (enclaveGroup) shares the same address space as mailboxes.
    await expect(
      admin.add(`cn=sales,${tenant}`, { objectClass: 'enclaveGroup', cn: 'sales', mail: 'sales@acme.test', mailLocalAddress: 'sales@acme.test' }),
    ).rejects.toBeInstanceOf(ConstraintViolationError);
  });

  it('constraint refuses a primary address missing from mailLocalAddress', async () => {
    const error = await admin
      .add(`uid=loose,${tenant}`, { ...mailbox('loose', ['loose-alias@acme.test']), mail: 'loose@acme.test' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConstraintViolationError);
    expect((error as Error).message).toContain('constraint on mail');
  });

  it('memberof shows the group on its member, and refint drops a deleted member from the group', async () => {
    const member = `uid=member,${tenant}`;
    const group = `cn=staff,${tenant}`;
    await admin.add(member, mailbox('member', ['member@acme.test']));
    await admin.add(group, { objectClass: 'enclaveGroup', cn: 'staff', enclaveGroupKind: 'security', member });
    const before = await admin.search(member, { attributes: ['memberOf'] });
    expect(before.searchEntries[0]?.['memberOf']).toBe(group);

    await admin.del(member);
    const after = await admin.search(group, { attributes: ['member'] });
    expect(after.searchEntries[0]?.['member'] ?? []).toEqual([]);
  });

  it('refuses unpaged searches past 1000 entries but pages through 10,000', async () => {
    const bulk = `ou=bulk,ou=tenants,${dir.info.suffix}`;
    await admin.add(bulk, { objectClass: 'organizationalUnit', ou: 'bulk' });
    const count = 10_000;
    const ldif = Array.from(
      { length: count },
      (_, i) => `dn: uid=bulk${i},${bulk}\nobjectClass: inetOrgPerson\nuid: bulk${i}\ncn: Bulk ${i}\nsn: Bulk\n\n`,
    ).join('');
    await ldapadd(dir, ldif);

    await expect(admin.search(bulk, { scope: 'one', filter: '(objectClass=inetOrgPerson)', attributes: ['uid'] })).rejects.toBeInstanceOf(
      SizeLimitExceededError,
    );
    let seen = 0;
    for await (const page of admin.searchPaginated(bulk, {
      scope: 'one',
      filter: '(objectClass=inetOrgPerson)',
      attributes: ['uid'],
      paged: { pageSize: 500 },
    })) {
      seen += page.searchEntries.length;
    }
    expect(seen).toBe(count);
  }, 60_000);
});

/** Bulk-load through the running server with ldapadd (one connection), as a fast online path. */
async function ldapadd(dir: TestDirectory, ldif: string): Promise<void> {
  // -y reads the password from a file, so it never shows in the process list.
  const passwordFile = join(dir.dataDir, 'bind-password');
  await writeFile(passwordFile, dir.info.password, { mode: 0o600 });
  await new Promise<void>((resolve, reject) => {
    const child = spawn('ldapadd', ['-x', '-H', dir.info.url, '-D', dir.info.bindDN, '-y', passwordFile], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`ldapadd exited ${code}: ${stderr}`))));
    child.stdin.end(ldif);
  });
}
