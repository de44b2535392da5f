/**
 * The audit viewer in Chromium against the sandbox: a change made through the console shows as one row, in
 * words, its console record and the server log's record of the same write tied together (both viewable, with
 * before/after), the seed's writes show from the server log, the live tail picks up a new change, the filtered
 * view exports, and the journal verifies against its checkpoints in the directory.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { MailboxPage } from '../../../shared/model/hosting';
import type { AuditRecord } from '../../../shared/model/audit';
import { waitForRegion } from '../harness/console-page';
import { readTableRows } from '../harness/report-page';
import { useConsoleSession } from '../harness/console-session';
import { callInPage, callInPageOk } from '../harness/page-api';

describe('audit view', () => {
  const session = useConsoleSession({ viewport: { width: 1400, height: 1000 } });
  let tenant = '';
  let login = '';
  const region = (page: Page) => page.getByRole('region', { name: 'Audit log' });

  it('shows a console change with who, tenant and before → after, next to the server log', async () => {
    const { server, browser, page } = session();
    await page.goto(server.launchUrl);
    const tenants = await callInPageOk<{ name: string }[]>(page, 'listTenants', {});
    tenant = tenants[0]?.name ?? '';
    login = (await callInPageOk<MailboxPage>(page, 'listMailboxes', { tenant, pageSize: 1 })).items[0]?.login ?? '';
    await callInPageOk(page, 'updateMailbox', { tenant, login, changes: { surname: 'Audited' } });

    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Audit log' }).click();
    await waitForRegion(region(page), ['ready']);
    const table = region(page).getByRole('table', { name: 'Audit records' });
    const rows = await readTableRows(table);
    // One row for the change: the console's record and the server's, tied; names and tenants instead of DNs.
    expect(rows[0]).toMatchObject({ Source: 'console + server', Who: 'admin (host)', Tenant: tenant, Operation: 'Mailbox edited', Target: `${login} (${tenant})`, Result: 'ok' });
    expect(await table.getByRole('row').nth(1).getByRole('cell').nth(5).getAttribute('title')).toMatch(new RegExp(`^uid=${login},ou=mailboxes,`));
    // The seed's writes came through the server's log (they predate the journal's first record).
    expect(rows.some((row) => row['Source'] === 'server' && row['Operation'] === 'Mailbox created')).toBe(true);

    await table.getByRole('row').nth(1).getByRole('button').click();
    const detail = page.getByRole('region', { name: 'Record detail' });
    const diff = detail.getByRole('table', { name: 'Changed attributes', exact: true });
    const sn = (await readTableRows(diff)).find((row) => row['Attribute'] === 'Surname');
    expect(sn?.['After']).toBe('Audited');
    expect(sn?.['Before']).not.toBe('Audited');
    // The server's record of the same write is there too, with its own before and after.
    const serverRecord = detail.getByRole('region', { name: 'Server log record' });
    const serverSn = (await readTableRows(serverRecord.getByRole('table', { name: 'Changed attributes (server log)' }))).find((row) => row['Attribute'] === 'Surname');
    expect(serverSn?.['After']).toBe('Audited');
    await browser.screenshot('audit-view');
  });

  it('filters by tenant and result, and shows a write the server refused', async () => {
    const { page } = session();
    // A password the server's policy refuses: ppolicy answers 19; the journal records intent and refusal. (One the
    // console can judge itself, a short one, is refused before it is sent: the server's own rule here is history.)
    await callInPageOk(page, 'updateTenantPasswordPolicy', { tenant, changes: { historyCount: 2 } });
    for (const password of ['Audited-Pass-One-1', 'Audited-Pass-Two-2']) await callInPageOk(page, 'resetMailboxPassword', { tenant, login, password });
    const refused = await callInPage<null>(page, 'resetMailboxPassword', { tenant, login, password: 'Audited-Pass-One-1' });
    expect(refused.ok).toBe(false);
    const form = page.getByRole('form', { name: 'Audit filters' });
    await form.getByLabel('Tenant').fill(tenant);
    await form.getByLabel('Result').selectOption('failed');
    await form.getByRole('button', { name: 'Apply' }).click();
    await waitForRegion(region(page), ['ready']);
    const rows = await readTableRows(region(page).getByRole('table', { name: 'Audit records' }));
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((row) => row['Tenant'] === tenant && (row['Result'] ?? '').startsWith('failed'))).toBe(true);
    // The refusal in words. ppolicy refuses before the accesslog overlay sees the write (measured), so the
    // console's journal is the only record of this one: no server record to tie.
    expect(rows[0]).toMatchObject({ Source: 'console', Operation: 'Password reset (refused: policy)', Result: 'failed (19)' });
    const text = await region(page).innerText();
    expect(text).not.toMatch(/Audited-Pass|\{SSHA\}/);
    await form.getByLabel('Result').selectOption('');
    await form.getByRole('button', { name: 'Apply' }).click();
    await waitForRegion(region(page), ['ready']);
  });

  it('picks up a new change in the live tail without reloading', async () => {
    const { browser, page } = session();
    await region(page).getByLabel('Live tail').check();
    await callInPageOk(page, 'updateMailbox', { tenant, login, changes: { givenName: 'Tailed' } });
    const table = region(page).getByRole('table', { name: 'Audit records' });
    await expect.poll(async () => (await readTableRows(table))[0]?.['Operation'], { timeout: 15_000 }).toBe('Mailbox edited');
    const newest = await callInPageOk<{ items: AuditRecord[] }>(page, 'listAuditRecords', { source: 'console', pageSize: 1 });
    expect(newest.items[0]?.changes).toContainEqual(expect.objectContaining({ attribute: 'givenName', after: ['Tailed'] }));
    await region(page).getByLabel('Live tail').uncheck();
    await browser.screenshot('audit-view-live');
  });

  it('exports the filtered view as CSV and the tenant trail as JSON, and verifies the journal', async () => {
    const { page } = session();
    const [csv] = await Promise.all([page.waitForEvent('download'), region(page).getByRole('button', { name: 'Export CSV' }).click()]);
    const text = await readFile((await csv.path()) ?? '', 'utf8');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('time,source,actor,workstation,tenant,operation,kind,target,newTarget,result,error,changes');
    expect(lines.length).toBeGreaterThan(2);
    expect(text).not.toMatch(/\{SSHA\}/);

    const [json] = await Promise.all([page.waitForEvent('download'), region(page).getByRole('button', { name: `Export full trail of ${tenant}` }).click()]);
    const trail = JSON.parse(await readFile((await json.path()) ?? '', 'utf8')) as AuditRecord[];
    expect(trail.length).toBeGreaterThan(20);
    expect(trail.every((record) => record.tenant === tenant)).toBe(true);

    await region(page).getByRole('button', { name: 'Verify journal' }).click();
    await expect.poll(() => region(page).getByText(/Journal intact/).count()).toBe(1);
    // Connected: compared with its checkpoints in the sandbox directory, and this console listed among those that anchored.
    expect(await region(page).getByText(/^Anchors: The journal agrees with its \d+ checkpoints? in the directory/).count()).toBe(1);
    expect(await region(page).getByRole('list', { name: 'Consoles that anchored' }).getByText(/\(this journal\)/).count()).toBe(1);
  });

  it('raised no console errors, CSP violations or failed requests', () => {
    expect(session().browser.problems).toEqual([]);
  });
});
