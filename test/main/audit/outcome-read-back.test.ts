/**
 * True outcomes on a real slapd behind a proxy that loses a write's response after forwarding the request (the
 * server applies it; the console never hears so), stays silent, or loses the request itself: the journal records
 * what the directory holds — applied or not applied — and `unknown` only when the target cannot be read back,
 * settled on the next connection.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../../../main/app/directory-session';
import { runInAuditContext } from '../../../main/audit/audit-context';
import { AuditJournal } from '../../../main/audit/audit-journal';
import type { JournaledConnection } from '../../../main/audit/journaled-connection';
import type { JournalLine } from '../../../main/audit/journal-line';
import { readJournalPage } from '../../../main/audit/journal-reader';
import { verifyJournal } from '../../../main/audit/journal-verify';
import { replace } from '../../../main/directory/changes';
import type { ConnectionProfile } from '../../../shared/model/connection';
import { expectFailure } from '../../harness/expect-failure';
import { ldapOps, startLdapCutProxy, type LdapCutProxy, type LdapRequest } from '../../harness/ldap-cut-proxy';
import { boundClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let proxy: LdapCutProxy;
let folder: string;

beforeAll(async () => {
  dir = await startTestDirectory();
  proxy = await startLdapCutProxy({ host: '127.0.0.1', port: Number(new URL(dir.info.url).port) });
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-outcomes-'));
});
afterAll(async () => {
  await proxy?.close();
  await dir?.stop();
  await rm(folder, { recursive: true, force: true });
});

const profileVia = (url: string): ConnectionProfile => ({ id: 'proxy', name: 'proxy', urls: [url], bindDN: dir.info.bindDN, tlsMode: 'none', baseDN: dir.info.suffix, flavor: 'openldap', responseTimeoutSeconds: 1 });

async function sessionVia(journal: AuditJournal): Promise<DirectorySession> {
  const profile = profileVia(proxy.url);
  return openDirectorySession(profile, settingsFromProfile(profile, dir.info.password), false, () => {}, { journal: journal });
}

const lines = async (journal: AuditJournal): Promise<JournalLine[]> => (await readFile(journal.path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as JournalLine);
const lastOutcome = async (journal: AuditJournal) => (await lines(journal)).filter((line) => line.phase !== 'intent').pop();
const modifyOf = (dn: string) => (request: LdapRequest) => request.op === ldapOps.modify && request.dn.toLowerCase() === dn.toLowerCase();

/** Reads `dn`'s attributes straight from slapd (not through the proxy). */
async function direct(dn: string, attributes: string[]) {
  const client = await boundClient(dir.info.url, dir.info.bindDN, dir.info.password);
  try {
    return (await client.search(dn, { scope: 'base', attributes })).searchEntries[0] ?? null;
  } catch {
    return null;
  } finally {
    await client.unbind();
  }
}

describe('true outcomes when the response is lost', () => {
  let journal: AuditJournal;
  let session: DirectorySession;
  const tenantDn = () => session.services.context.dialect.layout.tenantDn('Outcomes');

  beforeAll(async () => {
    journal = new AuditJournal(path.join(folder, 'a', 'journal.jsonl'));
    session = await sessionVia(journal);
    await runInAuditContext({ operation: 'createTenant' }, () => session.services.tenants.create({ name: 'Outcomes', settings: { mailDomains: ['outcomes.test'] } }));
  });
  afterAll(() => session?.connection.dispose());

  it('records "applied" (never failed) for a modify the server applied before the connection was cut, and the call succeeds', async () => {
    const cut = proxy.cutAt({ matches: modifyOf(tenantDn()), lose: 'answer' });
    await runInAuditContext({ operation: 'updateTenant', tenant: 'Outcomes' }, () => session.services.tenants.update('Outcomes', { displayName: 'Cut after applying' }));
    await cut;
    expect(await direct(tenantDn(), ['displayName'])).toMatchObject({ displayName: 'Cut after applying' });
    expect(await lastOutcome(journal)).toMatchObject({
      phase: 'outcome',
      result: 'ok',
      error: null,
      confirmation: { how: 'read-back', finding: 'applied', detail: expect.stringMatching(/response was lost .*holds the change \(displayName\)/s) },
    });
  });

  it('records "applied" for a modify whose response never comes (the server falls silent)', async () => {
    const cut = proxy.cutAt({ matches: modifyOf(tenantDn()), lose: 'silence' });
    await runInAuditContext({ operation: 'updateTenant', tenant: 'Outcomes' }, () => session.services.tenants.update('Outcomes', { displayName: 'Applied in silence' }));
    await cut;
    expect(await direct(tenantDn(), ['displayName'])).toMatchObject({ displayName: 'Applied in silence' });
    expect(await lastOutcome(journal)).toMatchObject({ result: 'ok', confirmation: { how: 'read-back', finding: 'applied', detail: expect.stringMatching(/did not answer a liveness check/) } });
  });

  it('records "not applied" when the request itself was lost, and the call fails', async () => {
    proxy.cutAt({ matches: modifyOf(tenantDn()), lose: 'request' });
    await expectFailure(
      runInAuditContext({ operation: 'updateTenant', tenant: 'Outcomes' }, () => session.services.tenants.update('Outcomes', { displayName: 'Never arrived' })),
      'connection-lost',
    );
    expect(await direct(tenantDn(), ['displayName'])).toMatchObject({ displayName: 'Applied in silence' });
    expect(await lastOutcome(journal)).toMatchObject({ result: 'failed', error: { message: expect.stringMatching(/^Not applied/) }, confirmation: { finding: 'not-applied' } });
  });

  it('reads back an add, a password reset, a (refused) rename and a delete whose answers were lost', async () => {
    const mailboxes = session.services.context.dialect.layout.mailboxesDn('Outcomes');
    const addCut = proxy.cutAt({ matches: (request) => request.op === ldapOps.add, lose: 'answer' });
    await runInAuditContext({ operation: 'createMailbox', tenant: 'Outcomes' }, () =>
      session.services.mailboxes.create({ tenant: 'Outcomes', login: 'lost', givenName: 'Lost', surname: 'Answer', displayName: '', primaryAddress: 'lost@outcomes.test', aliases: [], quotaBytes: 2 ** 30, hiddenFromAddressBook: false, password: 'Initial-pass-1', enabled: true, groups: [] }),
    );
    expect((await addCut).dn).toMatch(/^uid=lost,/);
    const added = (await lines(journal)).find((line) => line.phase === 'outcome' && line.kind === 'add' && line.target.startsWith('uid=lost,'));
    expect(added).toMatchObject({ result: 'ok', confirmation: { finding: 'applied', detail: expect.stringMatching(/exists with every value written/) } });

    // A password reset: ppolicy moves pwdChangedTime (whole seconds: the reset comes a second after the create), which
    // the read-back compares with what it read before the write.
    const resetTarget = `uid=lost,${mailboxes}`;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    proxy.cutAt({ matches: modifyOf(resetTarget), lose: 'answer' });
    await runInAuditContext({ operation: 'resetMailboxPassword', tenant: 'Outcomes' }, () => session.connection.modify(resetTarget, [replace('userPassword', 'Changed-pass-2')]));
    expect(await direct(resetTarget, ['pwdChangedTime'])).toHaveProperty('pwdChangedTime');
    expect(await lastOutcome(journal)).toMatchObject({ operation: 'resetMailboxPassword', result: 'ok', changes: [{ attribute: 'userPassword', after: ['(set)'] }], confirmation: { finding: 'applied', detail: expect.stringMatching(/userPassword/) } });
    expect(JSON.stringify(await lines(journal))).not.toMatch(/Changed-pass-2|Initial-pass-1/);

    // The directory refuses renames (olcRestrict, docs/isolation.md): a rename whose answer was lost is read back as
    // not applied, the entry still under its old name.
    const userDn = `uid=lost,${mailboxes}`;
    const renamed = `uid=found,${mailboxes}`;
    proxy.cutAt({ matches: (request) => request.op === ldapOps.modifyDn, lose: 'answer' });
    await runInAuditContext({ operation: 'raw rename' }, () => session.connection.rename(userDn, renamed)).catch(() => undefined);
    expect(await lastOutcome(journal)).toMatchObject({ kind: 'rename', result: 'failed', confirmation: { finding: 'not-applied' } });

    proxy.cutAt({ matches: (request) => request.op === ldapOps.delete, lose: 'answer' });
    await runInAuditContext({ operation: 'raw delete' }, () => session.connection.delete(userDn));
    expect(await direct(userDn, ['1.1'])).toBeNull();
    expect(await lastOutcome(journal)).toMatchObject({ kind: 'delete', result: 'ok', confirmation: { finding: 'applied', detail: expect.stringMatching(/no longer exists/) } });
    expect(await verifyJournal(journal.path)).toMatchObject({ intact: true, unresolvedCount: 0 });
  });
});

describe('unknown outcomes, reconciled on the next connection', () => {
  it('records "unknown" when the target cannot be read back either, shows it so, and settles it on the next connection of the same identity', async () => {
    const journal = new AuditJournal(path.join(folder, 'b', 'journal.jsonl'));
    const first = await sessionVia(journal);
    const tenantDn = first.services.context.dialect.layout.tenantDn('Unknowns');
    try {
      await runInAuditContext({ operation: 'createTenant' }, () => first.services.tenants.create({ name: 'Unknowns', settings: { mailDomains: ['unknowns.test'] } }));
      // Applied, the answer lost, and then no new connection gets through: the read-back cannot happen.
      const cut = proxy.cutAt({ matches: modifyOf(tenantDn), lose: 'answer', thenRefuse: true });
      await expectFailure(runInAuditContext({ operation: 'updateTenant', tenant: 'Unknowns' }, () => first.services.tenants.update('Unknowns', { displayName: 'Held, unconfirmed' })), 'connection-lost');
      await cut;
    } finally {
      proxy.acceptAgain();
      await first.connection.dispose();
    }
    expect(await direct(tenantDn, ['displayName'])).toMatchObject({ displayName: 'Held, unconfirmed' });
    const unknown = (await readJournalPage(journal.path, { tenant: 'Unknowns', operation: 'updateTenant' }, null, 10)).hits[0]?.record;
    expect(unknown).toMatchObject({ result: 'unknown', confirmation: { how: 'read-back', finding: 'unknown', detail: expect.stringMatching(/could not be read back/) } });
    expect(await verifyJournal(journal.path)).toMatchObject({ unresolvedCount: 1, unresolved: [expect.objectContaining({ state: 'unknown', operation: 'updateTenant' })] });

    // The next session of the same identity reads it back and appends a reconciliation naming the intent.
    const second = await sessionVia(journal);
    await (second.connection as JournaledConnection).settled();
    await second.connection.dispose();
    const all = await lines(journal);
    const lost = all.find((line) => line.phase === 'outcome' && line.result === 'unknown');
    expect(all.filter((line) => line.phase === 'reconciliation')).toEqual([
      expect.objectContaining({ intentSeq: lost?.intentSeq, result: 'ok', confirmation: expect.objectContaining({ how: 'reconciliation', finding: 'applied', detail: expect.stringMatching(/^The outcome was unknown\. Read back on a later connection/) }) }),
    ]);
    // One row for the change, now "ok"; the chain holds; nothing is left open.
    const rows = (await readJournalPage(journal.path, { tenant: 'Unknowns', operation: 'updateTenant' }, null, 10)).hits.map((hit) => hit.record);
    expect(rows).toEqual([expect.objectContaining({ result: 'ok', confirmation: expect.objectContaining({ how: 'reconciliation' }) })]);
    expect(await verifyJournal(journal.path)).toMatchObject({ intact: true, unresolvedCount: 0 });
  });
});
