/**
 * The checkpoint container's rules on a real slapd, tried as every role with plain LDAP clients (as ldapmodify
 * would): host admins, helpdesk and tenant admins may add checkpoints; nobody may modify, extend, rename or delete
 * one, or touch the container; host staff read every checkpoint, a tenant admin only its own, others none.
 */
import { Attribute, Change, type Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../../../main/app/directory-session';
import { openLdapLayout } from '../../../../../main/flavors/openldap/openldap-layout';
import { checkpointDn, checkpointEntry } from '../../../../../main/audit/checkpoint-store';
import { childDn } from '../../../../../main/directory/dn';
import { openIsolatedSession } from '../../../../harness/hosting-session';
import { boundClient, startTestDirectory, type TestDirectory } from '../../../../harness/test-directory';

let dir: TestDirectory;
let host: DirectorySession;
const password = 'Correct-Horse-9';
const clients: Client[] = [];
let container: string;
let who: Record<'hostAdmin' | 'helpdesk' | 'tenantAdmin' | 'tenantUser', Client>;

const facts = (consoleId: string, seq: number) => ({ consoleId, seq, hash: 'ab'.repeat(32), time: new Date().toISOString(), workstation: 'ws-1' });
const add = (client: Client, consoleId: string, seq: number) => client.add(checkpointDn(container, consoleId, seq), checkpointEntry(facts(consoleId, seq)));
const refused = (promise: Promise<unknown>) => promise.then(() => 'allowed', (error: { code?: number }) => `refused ${error.code ?? '?'}`);
const change = (operation: 'add' | 'replace' | 'delete', type: string, values: string[]) => new Change({ operation, modification: new Attribute({ type, values }) });

async function bind(dn: string, secret: string): Promise<Client> {
  const client = await boundClient(dir.info.url, dn, secret);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  dir = await startTestDirectory();
  container = openLdapLayout(dir.info.suffix).auditDn;
  host = await openIsolatedSession(dir);
  await host.services.tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test'] } });
  for (const login of ['boss', 'worker']) {
    await host.services.mailboxes.create({ tenant: 'Acme', login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@acme.test`, aliases: [], hiddenFromAddressBook: false, password, enabled: true, groups: [], quotaBytes: 1000 });
  }
  await host.services.groups.addMembers({ tenant: 'Acme', kind: 'security', name: 'tenant-admins' }, ['boss']);
  const mailbox = (login: string) => childDn(host.services.context.dialect.layout.mailboxesDn('Acme'), 'uid', login);
  who = {
    hostAdmin: await bind(dir.info.bindDN, dir.info.password),
    helpdesk: await bind(dir.helpdesk.bindDN, dir.helpdesk.password),
    tenantAdmin: await bind(mailbox('boss'), password),
    tenantUser: await bind(mailbox('worker'), password),
  };
}, 60_000);
afterAll(async () => {
  for (const client of clients) await client.unbind().catch(() => undefined);
  await host?.connection.dispose();
  await dir?.stop();
});

describe('the checkpoint container (server-enforced)', () => {
  it('lets host admins, helpdesk and tenant admins add checkpoints, and nobody else', async () => {
    expect(await refused(add(who.hostAdmin, 'a'.repeat(32), 1))).toBe('allowed');
    expect(await refused(add(who.helpdesk, 'b'.repeat(32), 1))).toBe('allowed');
    expect(await refused(add(who.tenantAdmin, 'c'.repeat(32), 1))).toBe('allowed');
    expect(await refused(add(who.tenantUser, 'd'.repeat(32), 1))).toBe('refused 50');
  });

  it('lets nobody modify, extend, rename or delete a checkpoint — host admins and its own author included', async () => {
    const dn = checkpointDn(container, 'a'.repeat(32), 1);
    const own = checkpointDn(container, 'c'.repeat(32), 1);
    for (const [role, client] of Object.entries(who)) {
      for (const target of [dn, own]) {
        // Each attempt is judged as it is made, so no refusal goes unhandled while another is awaited.
        const attempts = {
          replaceHash: refused(client.modify(target, [change('replace', 'enclaveCheckpointHash', ['00'.repeat(32)])])),
          deleteSeq: refused(client.modify(target, [change('delete', 'enclaveCheckpointSeq', [])])),
          addValue: refused(client.modify(target, [change('add', 'enclaveCheckpointHash', ['11'.repeat(32)])])),
          addClass: refused(client.modify(target, [change('add', 'objectClass', ['extensibleObject']), change('add', 'description', ['rewritten'])])),
          rename: refused(client.modifyDN(target, checkpointDn(container, 'e'.repeat(32), 9))),
          delete: refused(client.del(target)),
        };
        for (const [what, attempt] of Object.entries(attempts)) expect(await attempt, `${role}: ${what} on ${target}`).toMatch(/^refused/);
      }
    }
    // Still there, unchanged.
    const [entry] = (await who.hostAdmin.search(dn, { scope: 'base', attributes: ['enclaveCheckpointHash', 'objectClass'] })).searchEntries;
    expect(entry).toMatchObject({ enclaveCheckpointHash: 'ab'.repeat(32), objectClass: 'enclaveAuditCheckpoint' });
  });

  it('lets nobody change, rename or delete the container itself', async () => {
    for (const [role, client] of Object.entries(who)) {
      expect(await refused(client.del(container)), `${role} delete`).toMatch(/^refused/);
      expect(await refused(client.modify(container, [change('replace', 'description', ['gone'])])), `${role} modify`).toMatch(/^refused/);
      expect(await refused(client.modifyDN(container, childDn(childDn(dir.info.suffix, 'ou', 'host'), 'ou', 'elsewhere'))), `${role} rename`).toMatch(/^refused/);
    }
  });

  it('shows host staff every checkpoint, a tenant admin only the ones it added, a tenant user none', async () => {
    const seen = async (client: Client) =>
      (await client.search(container, { scope: 'one', filter: '(objectClass=enclaveAuditCheckpoint)', attributes: ['enclaveConsoleId'] }).catch(() => ({ searchEntries: [] }))).searchEntries.map((entry) => String(entry['enclaveConsoleId'])[0]).sort();
    expect(await seen(who.hostAdmin)).toEqual(['a', 'b', 'c']);
    expect(await seen(who.helpdesk)).toEqual(['a', 'b', 'c']);
    expect(await seen(who.tenantAdmin)).toEqual(['c']);
    expect(await seen(who.tenantUser)).toEqual([]);
  });
});
