import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccesslogReader } from '../../../../../main/flavors/openldap/server-log/accesslog-reader';
import type { DirectorySession } from '../../../../../main/app/directory-session';
import type { AuditRecord } from '../../../../../shared/model/audit';
import { openSession } from '../../../../harness/hosting-session';
import { adminClient, boundClient, startTestDirectory, type TestDirectory } from '../../../../harness/test-directory';

let dir: TestDirectory;
let session: DirectorySession;
let reader: AccesslogReader;

const tenantsDn = () => `ou=tenants,${dir.info.suffix}`;
const userDn = () => `uid=outsider,ou=mailboxes,ou=Outside,${tenantsDn()}`;

beforeAll(async () => {
  dir = await startTestDirectory();
  session = await openSession(dir);
  reader = new AccesslogReader(session.connection, session.services.context.dialect.layout);
  // Writes made with plain ldapts, outside Enclave: the server log sees them all.
  const client = await adminClient(dir.info);
  try {
    await client.add(`ou=Outside,${tenantsDn()}`, { objectClass: ['organizationalUnit', 'enclaveTenant'], ou: 'Outside', enclaveMailDomain: 'outside.test' });
    await client.add(`ou=mailboxes,ou=Outside,${tenantsDn()}`, { objectClass: ['organizationalUnit'], ou: 'mailboxes' });
    // Passwords exist only on mailboxes (docs/isolation.md): a mailbox as the console writes one.
    await client.add(userDn(), {
      objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'],
      uid: 'outsider', cn: 'Out Sider', sn: 'Sider', mail: 'outsider@outside.test', mailLocalAddress: 'outsider@outside.test', enclaveMailboxQuotaBytes: '0', userPassword: 'Initial-pass-1',
    });
    await client.modify(userDn(), [
      new Change({ operation: 'replace', modification: new Attribute({ type: 'sn', values: ['Insider'] }) }),
      new Change({ operation: 'replace', modification: new Attribute({ type: 'userPassword', values: ['Changed-pass-2'] }) }),
    ]);
  } finally {
    await client.unbind();
  }
  // The helpdesk may read but not write: its attempt is refused and still logged.
  const helpdesk = await boundClient(dir.info.url, dir.helpdesk.bindDN, dir.helpdesk.password);
  try {
    await helpdesk.modify(userDn(), [new Change({ operation: 'replace', modification: new Attribute({ type: 'sn', values: ['Hacked'] }) })]).catch(() => undefined);
  } finally {
    await helpdesk.unbind();
  }
});
afterAll(async () => {
  await session?.connection.dispose();
  await dir?.stop();
});

const all = async (filters = {}): Promise<AuditRecord[]> => (await reader.page(filters, null, 100)).hits.map((hit) => hit.record);

describe('AccesslogReader', () => {
  it('shows a write made outside Enclave, newest first, with before and after values', async () => {
    const records = await all({ tenant: 'Outside' });
    expect(records.map((r) => r.kind)).toEqual(['modify', 'modify', 'add', 'add', 'add']);
    const change = records.find((r) => r.result === 'ok' && r.kind === 'modify');
    expect(change).toMatchObject({ source: 'server', actor: dir.info.bindDN, tenant: 'Outside', target: userDn(), error: null });
    expect(change?.changes).toContainEqual({ attribute: 'sn', op: 'replace', before: ['Sider'], after: ['Insider'] });
  });

  it('shows a denied write with its result code', async () => {
    const denied = await all({ result: 'failed' });
    expect(denied).toEqual([expect.objectContaining({ actor: dir.helpdesk.bindDN, kind: 'modify', result: 'failed', error: expect.objectContaining({ ldapCode: 50 }) })]);
    expect(denied[0]?.changes).toContainEqual({ attribute: 'sn', op: 'replace', before: ['Insider'], after: ['Hacked'] });
  });

  it('never shows password values or hashes', async () => {
    const records = await all({ tenant: 'Outside' });
    const text = JSON.stringify(records);
    expect(text).not.toMatch(/\{SSHA\}|Initial-pass-1|Changed-pass-2/);
    const add = records.find((r) => r.kind === 'add' && r.target === userDn());
    expect(add?.changes).toContainEqual({ attribute: 'userPassword', op: 'add', before: null, after: ['(set)'] });
    const modify = records.find((r) => r.kind === 'modify' && r.result === 'ok');
    expect(modify?.changes).toContainEqual({ attribute: 'userPassword', op: 'replace', before: ['(set)'], after: ['(set)'] });
  });

  it('pages backwards with a cursor and filters by actor, operation and time', async () => {
    const first = await reader.page({ tenant: 'Outside' }, null, 2);
    expect(first.hits).toHaveLength(2);
    expect(first.done).toBe(false);
    const rest = await reader.page({ tenant: 'Outside' }, first.hits[1]?.after ?? null, 10);
    expect(rest.done).toBe(true);
    expect([...first.hits, ...rest.hits].map((h) => h.record.id)).toEqual((await all({ tenant: 'Outside' })).map((r) => r.id));
    expect(await all({ actor: 'helpdesk' })).toHaveLength(1);
    expect((await all({ operation: 'add', tenant: 'Outside' })).every((r) => r.kind === 'add')).toBe(true);
    expect(await all({ since: new Date(Date.now() + 3_600_000).toISOString() })).toEqual([]);
    expect(await all({ until: '2000-01-01T00:00:00Z' })).toEqual([]);
  });
});
