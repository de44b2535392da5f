/**
 * The audit trail on a real Samba AD DC: the console's journal records AD writes like any others (JournaledConnection
 * is flavor-agnostic); the server log does not exist over LDAP on AD, and listAuditRecords says so with a typed
 * notice instead of an error while still listing the journal.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timelineSources } from '../../../main/app/handlers/report-handlers';
import { auditScopeOf } from '../../../main/audit/audit-scope';
import { listTimeline } from '../../../main/audit/audit-timeline';
import { exportTimeline } from '../../../main/audit/audit-export';
import type { DirectorySession } from '../../../main/app/directory-session';
import { runInAuditContext } from '../../../main/audit/audit-context';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { secretPlaceholder, type AuditSourceChoice } from '../../../shared/model/audit';
import { openAdSession } from '../../harness/samba-session';
import { sambaUnavailableReason, startSambaTestDc, type SambaTestDc } from '../../harness/samba-test-dc';
import { skipWithoutServer } from '../../harness/required-server';

const skip = skipWithoutServer('the Active Directory audit tests', await sambaUnavailableReason());

let dc: SambaTestDc;
let session: DirectorySession;
let journalDir: string;
let journal: AuditJournal;

const list = (source: AuditSourceChoice) => listTimeline(timelineSources(journal.path, session, auditScopeOf({ role: session.info.role, bindDN: session.info.bindDN })), source, { tenant: 'Audited' }, undefined, 100);

describe.skipIf(skip)('the audit trail on Active Directory (Samba AD DC)', () => {
  beforeAll(async () => {
    dc = await startSambaTestDc();
    journalDir = await mkdtemp(path.join(tmpdir(), 'enclave-ad-journal-'));
    journal = new AuditJournal(path.join(journalDir, 'journal.jsonl'));
    session = await openAdSession(dc, { journal });
    await runInAuditContext({ operation: 'createTenant' }, () => session.services.tenants.create({ name: 'Audited', settings: { mailDomains: ['audited.test'], storagePoolBytes: 2 ** 32 } }));
    await runInAuditContext({ operation: 'createMailbox', tenant: 'Audited' }, () =>
      session.services.mailboxes.create({ tenant: 'Audited', login: 'ada', givenName: 'Ada', surname: 'Lovelace', displayName: '', primaryAddress: 'ada@audited.test', aliases: [], quotaBytes: 2 ** 30, hiddenFromAddressBook: false, password: 'Journal-pass-1', enabled: true, groups: [] }),
    );
    await runInAuditContext({ operation: 'updateMailbox', tenant: 'Audited' }, () => session.services.mailboxes.update('Audited', 'ada', { surname: 'King', quotaBytes: 2 ** 31 }));
    await runInAuditContext({ operation: 'deleteMailbox', tenant: 'Audited' }, () => session.services.mailboxes.delete('Audited', 'ada'));
  }, 240_000);
  afterAll(async () => {
    await session?.connection.dispose();
    await dc?.stop();
    if (journalDir) await rm(journalDir, { recursive: true, force: true });
  });

  it('journals a create, modify and delete on AD as console records, secrets as "(set)"', async () => {
    const page = await list('console');
    expect(page.notices).toEqual([]);
    const records = page.items;
    expect(records.every((r) => r.source === 'console' && r.tenant === 'Audited' && r.result === 'ok')).toBe(true);
    const ada = records.filter((r) => /^CN=ada,/i.test(r.target));
    expect(ada.map((r) => [r.operation, r.kind])).toEqual(expect.arrayContaining([['createMailbox', 'add'], ['updateMailbox', 'modify'], ['deleteMailbox', 'delete']]));
    const edit = ada.find((r) => r.operation === 'updateMailbox');
    expect(edit?.changes).toEqual(expect.arrayContaining([
      expect.objectContaining({ attribute: 'sn', before: ['Lovelace'], after: ['King'] }),
      expect.objectContaining({ attribute: 'msDS-cloudExtensionAttribute1', before: [String(2 ** 30)], after: [String(2 ** 31)] }),
    ]));
    const password = ada.flatMap((r) => r.changes).find((c) => c.attribute === 'unicodePwd');
    expect(password?.after).toEqual([secretPlaceholder]);
    expect(JSON.stringify(records)).not.toMatch(/Journal-pass-1/);
  });

  it('answers "server" and "both" with the journal plus a typed notice that AD has no server log over LDAP', async () => {
    for (const source of ['server', 'both'] as const) {
      const page = await list(source);
      expect(page.unavailable).toEqual([]);
      expect(page.notices).toEqual([{ source: 'server', kind: 'server-log-not-over-ldap', flavor: 'active-directory', message: expect.stringMatching(/Active Directory keeps no log of changes that can be read over LDAP/) }]);
      expect(page.items.every((r) => r.source === 'console')).toBe(true);
      expect(page.items.length).toBe(source === 'server' ? 0 : (await list('console')).items.length);
      expect(page.nextCursor).toBeNull();
    }
  });

  it('exports the trail of a tenant (source both) from the journal alone', async () => {
    const exported = await exportTimeline(timelineSources(journal.path, session, auditScopeOf({ role: session.info.role, bindDN: session.info.bindDN })), 'both', { tenant: 'Audited' }, 'json', 1000);
    expect(exported.recordCount).toBe((await list('console')).items.length);
  });
});
