import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInAuditContext } from '../../../main/audit/audit-context';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { listTimeline } from '../../../main/audit/audit-timeline';
import { exportTimeline } from '../../../main/audit/audit-export';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../../../main/app/directory-session';
import { timelineSources } from '../../../main/app/handlers/report-handlers';
import type { AuditRecord } from '../../../shared/model/audit';
import { auditScopeOf, type AuditScope } from '../../../main/audit/audit-scope';
import { testProfile } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let folder: string;
let journal: AuditJournal;
let session: DirectorySession;
const allRecords: AuditScope = { kind: 'everything' };

beforeAll(async () => {
  dir = await startTestDirectory();
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-timeline-'));
  journal = new AuditJournal(path.join(folder, 'journal.jsonl'));
  const profile = testProfile(dir);
  session = await openDirectorySession(profile, settingsFromProfile(profile, dir.info.password), true, () => {}, { journal });
  await runInAuditContext({ operation: 'createTenant' }, () => session.services.tenants.create({ name: 'Timeline', settings: { mailDomains: ['timeline.test'] } }));
  for (const n of [1, 2, 3]) await runInAuditContext({ operation: 'updateTenant', tenant: 'Timeline' }, () => session.services.tenants.update('Timeline', { displayName: `Name ${n}` }));
  // An intent whose outcome never came (the process died after sending): shown as "unknown".
  await journal.recordIntent({ actor: 'uid=x', workstation: 'ws', tenant: 'Timeline', operation: 'crashed', callId: null, kind: 'modify', target: 'ou=Timeline,ou=tenants,dc=hosting,dc=test', newTarget: null, changes: [] });
});
afterAll(async () => {
  await session?.connection.dispose();
  await dir?.stop();
  await rm(folder, { recursive: true, force: true });
});

async function everything(source: 'console' | 'server' | 'both', pageSize: number): Promise<AuditRecord[]> {
  const sources = timelineSources(journal.path, session, allRecords);
  const records: AuditRecord[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await listTimeline(sources, source, { tenant: 'Timeline' }, cursor, pageSize);
    expect(page.items.length).toBeLessThanOrEqual(pageSize);
    records.push(...page.items);
    if (page.nextCursor === null) return records;
    cursor = page.nextCursor;
  }
  throw new Error('the listing never ended');
}

describe('listTimeline', () => {
  it('pages through both sources, newest first, with nothing lost or repeated', async () => {
    const whole = await everything('both', 1000);
    // The tenant's 7 provisioning writes (its password policy among them), 3 updates, 1 intent left unknown.
    expect(whole.filter((r) => r.source === 'console')).toHaveLength(7 + 3 + 1);
    expect(whole.filter((r) => r.source === 'server')).toHaveLength(7 + 3);
    const times = whole.map((r) => Date.parse(r.time));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const pageSize of [1, 3, 4]) {
      const paged = await everything('both', pageSize);
      expect(paged.map((r) => r.id).sort()).toEqual(whole.map((r) => r.id).sort());
      expect(new Set(paged.map((r) => r.id)).size).toBe(paged.length);
    }
  });

  it('shows an intent without outcome once, as unknown', async () => {
    const records = await everything('console', 2);
    expect(records.filter((r) => r.result === 'unknown')).toEqual([expect.objectContaining({ operation: 'crashed' })]);
    expect(records.filter((r) => r.operation === 'updateTenant').map((r) => r.changes[0]?.after)).toEqual([['Name 3'], ['Name 2'], ['Name 1']]);
  });

  it('refuses a cursor it did not make', async () => {
    await expect(listTimeline(timelineSources(journal.path, null, allRecords), 'console', {}, 'bm90IGEgY3Vyc29y', 10)).rejects.toMatchObject({ error: { kind: 'invalid-input' } });
  });

  it('shows nothing without a bound identity to scope it, and says why', async () => {
    const page = await listTimeline(timelineSources(journal.path, null, auditScopeOf(null)), 'both', {}, undefined, 5);
    expect(page).toMatchObject({ items: [], nextCursor: null, unavailable: [{ source: 'console', message: expect.stringMatching(/^Not connected/) }, { source: 'server', message: expect.stringMatching(/^Not connected/) }] });
  });

  it('says so when the server log cannot be read, and still lists the journal', async () => {
    const page = await listTimeline(timelineSources(journal.path, null, allRecords), 'both', {}, undefined, 5);
    expect(page.unavailable).toEqual([{ source: 'server', message: expect.stringMatching(/Not connected/) }]);
    expect(page.notices).toEqual([]);
    expect(page.items).toHaveLength(5);
  });
});

describe('exportTimeline', () => {
  it("exports one tenant's trail as CSV and JSON", async () => {
    const sources = timelineSources(journal.path, session, allRecords);
    const csv = await exportTimeline(sources, 'both', { tenant: 'Timeline' }, 'csv', 1000);
    expect(csv).toMatchObject({ recordCount: 21, truncated: false, mimeType: 'text/csv' });
    expect(csv.fileName).toMatch(/^enclave-audit-Timeline-.*\.csv$/);
    expect(csv.content.split('\r\n')[0]).toBe('time,source,actor,workstation,tenant,operation,kind,target,newTarget,result,error,changes');
    const json = await exportTimeline(sources, 'both', { tenant: 'Timeline' }, 'json', 5);
    expect(json).toMatchObject({ recordCount: 5, truncated: true });
    expect((JSON.parse(json.content) as AuditRecord[]).every((r) => r.tenant === 'Timeline')).toBe(true);
  });
});
