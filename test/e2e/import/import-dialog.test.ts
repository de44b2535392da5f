/**
 * Bulk import through the console, in Chromium against the real sandbox: a 5-row file for Acme whose fourth
 * row (spreadsheet row 4) uses Globex's domain is previewed as 4 creates and 1 rejected row with its reason,
 * imported with "only valid rows" to 4/4, and the new mailboxes appear in Acme's list. Then a 2,000-row file
 * whose rows 3 and 2001 the server refuses: the live error list shows each with its row and the server's
 * reason while the job runs, after the dialog is closed and reopened, and once after the resume.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { ldapOps, startLdapCutProxy } from '../../harness/ldap-cut-proxy';
import { boundClient } from '../../harness/test-directory';
import { connectThroughManager, openTenantSection, readTableRows, waitForMailboxGrid } from '../harness/console-page';
import { useConsoleSession } from '../harness/console-session';
import { closeAndFindImported, previewImport, waitForImportCompleted } from '../harness/import-page';
import { callInPageOk } from '../harness/page-api';

const csv = [
  'login,given name,surname,primary address,password',
  'imp.ada,Ada,Lovelace,imp.ada@acme.test,Import-Pass-1',
  'imp.alan,Alan,Turing,imp.alan@acme.test,Import-Pass-2',
  'imp.grace,Grace,Hopper,imp.grace@globex.test,Import-Pass-3',
  'imp.edsger,Edsger,Dijkstra,imp.edsger@acme.test,Import-Pass-4',
  'imp.barbara,Barbara,Liskov,imp.barbara@acme.test,Import-Pass-5',
].join('\r\n');

/** 2,000 rows, spreadsheet rows 2–2001, each login naming its row: live.0002 … live.2001. */
const liveRows = 2000;
const liveLogin = (row: number) => `live.${String(row).padStart(4, '0')}`;
const liveCsv = [
  'login,surname,primary address,quota,password',
  ...Array.from({ length: liveRows }, (_, i) => `${liveLogin(i + 2)},Row ${i + 2},${liveLogin(i + 2)}@acme.test,1 MiB,Live-Pass-${i + 2}`),
].join('\r\n');

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What another tool may keep in a tenant's OU: an entry that is neither a mailbox nor a list, holding `address`.
 * The console's validation reads mailboxes and lists; the server's unique overlay covers every entry.
 */
async function addressHolder(admin: Client, suffix: string, name: string, address: string): Promise<void> {
  await admin.add(`cn=${name},ou=Acme,ou=tenants,${suffix}`, { objectClass: ['inetOrgPerson', 'inetLocalMailRecipient'], cn: name, sn: name, mail: address, mailLocalAddress: address });
}

describe('importing mailboxes from a CSV file', () => {
  const session = useConsoleSession({ viewport: { width: 1440, height: 900 }, defaultTimeoutMs: 10_000, openConsole: true });

  it('previews, rejects the foreign domain row, imports the valid rows and lists them', async () => {
    const { browser, page } = session();
    await openTenantSection(page, 'Acme', 'Mailboxes');
    await waitForMailboxGrid(page);

    const dialog = await previewImport(page, 'Acme', 'acme-new.csv', csv);
    const counts = dialog.getByRole('table', { name: 'Preview counts' });
    expect(await readTableRows(counts)).toEqual([{ Rows: '5', Create: '4', Update: '0', Unchanged: '0', Rejected: '1' }]);
    const rejected = await readTableRows(dialog.getByRole('table', { name: 'Rejected rows' }));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ Row: '4', Login: 'imp.grace' });
    expect(rejected[0]?.['Reason']).toContain('imp.grace@globex.test is not in a domain of tenant "Acme"');
    const planned = await readTableRows(dialog.getByRole('table', { name: 'Planned rows' }));
    expect(planned.filter((row) => row['Action'] === 'Create').map((row) => row['Login'])).toEqual(['imp.ada', 'imp.alan', 'imp.edsger', 'imp.barbara']);

    // All or nothing is the default: the start is refused until "only valid rows" is chosen.
    const start = dialog.getByRole('button', { name: /^Start import/ });
    expect(await start.isDisabled()).toBe(true);
    await dialog.getByLabel(/Import only the valid rows/).check();
    await browser.screenshot('import-dialog-preview');
    await start.click();

    const bar = dialog.getByRole('progressbar', { name: 'Import progress' });
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 30_000 }).toBe('4');
    expect(await bar.getAttribute('aria-valuemax')).toBe('4');
    // The same counts as the CLI's summary: the file's rows, the valid ones, the rejected ones, then what became of them.
    expect(await waitForImportCompleted(dialog)).toEqual([{ Rows: '5', Valid: '4', Rejected: '1', Created: '4', Updated: '0', Unchanged: '0', Failed: '0' }]);
    expect(await dialog.getByLabel('Rows done').innerText()).toContain('4 / 4 rows');
    const report = dialog.getByRole('link', { name: 'Download report' });
    await report.waitFor();
    expect(await report.getAttribute('href')).toMatch(/^blob:/);
    await browser.screenshot('import-dialog');

    expect(await closeAndFindImported(page, dialog, 'imp.')).toEqual(['imp.ada', 'imp.alan', 'imp.barbara', 'imp.edsger']);
    expect(browser.problems).toEqual([]);
  }, 120_000);

  it('lists the rows the server refuses as the job runs, after closing and reopening the dialog, and once after a resume', async () => {
    const { server, browser, page } = session();
    const credentials = JSON.parse(await readFile(join(server.dataDir, 'sandbox', 'credentials.json'), 'utf8')) as { suffix: string; bindDN: string; password: string };
    const sandboxUrl = new URL((await page.locator('.header-bar__url').innerText()).trim());
    const admin = await boundClient(sandboxUrl.href.replace(/\/$/, ''), credentials.bindDN, credentials.password);
    // The console works through a proxy that can hold one request back: the job is stopped at a row of its third
    // chunk for as long as the dialog is closed and reopened (a 2,000-row job takes about a second on a quiet
    // machine; with the browser slowed by load it ended before the reopened dialog could pause it).
    const proxy = await startLdapCutProxy({ host: sandboxUrl.hostname, port: Number(sandboxUrl.port) });
    try {
      const profile = { id: 'sandbox-proxied', name: 'Sandbox (proxied)', urls: [proxy.url], bindDN: credentials.bindDN, tlsMode: 'none', flavor: 'openldap' };
      await callInPageOk(page, 'saveConnection', { profile, password: credentials.password });
      await connectThroughManager(page, profile.name);
      await openTenantSection(page, 'Acme', 'Mailboxes');
      await waitForMailboxGrid(page);
      await callInPageOk(page, 'updateTenant', { tenant: 'Acme', changes: { mailboxLimit: 5000 } });
      await addressHolder(admin, credentials.suffix, 'Front desk', `${liveLogin(3)}@acme.test`);
      const dialog = await previewImport(page, 'Acme', 'acme-live.csv', liveCsv);
      expect(await readTableRows(dialog.getByRole('table', { name: 'Preview counts' }))).toEqual([{ Rows: '2,000', Create: '2,000', Update: '0', Unchanged: '0', Rejected: '0' }]);
      const heldRow = 1200;
      const hold = proxy.holdAt((request) => request.op === ldapOps.add && request.dn.startsWith(`uid=${liveLogin(heldRow)},`));
      await dialog.getByRole('button', { name: /^Start import/ }).click();
      await hold.held;

      // Closed and opened again while the job runs (it runs in main), then paused from the reopened dialog.
      const reopen = async () => {
        await dialog.getByRole('button', { name: 'Close (the import goes on)' }).click();
        await dialog.waitFor({ state: 'detached' });
        await page.getByRole('button', { name: 'Import mailboxes…' }).click();
      };
      await reopen();
      const state = dialog.getByRole('status', { name: 'Import state' });
      expect(await state.innerText()).toBe('Running');
      const errors = dialog.getByRole('list', { name: 'Import errors' });
      const refused = (row: number) =>
        expect.stringMatching(new RegExp(`^${escaped(`Row ${row} (${liveLogin(row)}): The directory's policy refused this `)}.*${escaped(`non-unique attributes found with (|(mail=${liveLogin(row)}@acme.test))`)}`));
      // Row 3 failed in the first chunk: listed while the job runs.
      await expect.poll(() => errors.getByRole('listitem').allInnerTexts()).toEqual([refused(3)]);
      await dialog.getByRole('button', { name: 'Pause' }).click();
      // The pause takes effect after the chunk in flight, which ends once the held row goes on.
      hold.release();
      await state.filter({ hasText: /^Paused$/ }).waitFor({ timeout: 30_000 });
      await expect.poll(() => errors.getByRole('listitem').allInnerTexts()).toEqual([refused(3)]);
      await browser.screenshot('import-dialog-live-errors');

      // Closed and opened again while paused: the rows failed so far come from the job's journal.
      await reopen();
      await state.filter({ hasText: /^Paused$/ }).waitFor();
      await expect.poll(() => errors.getByRole('listitem').allInnerTexts()).toEqual([refused(3)]);

      // Meanwhile the last row's address is taken too; the resume retries row 3 and the server refuses both.
      await addressHolder(admin, credentials.suffix, 'Reception', `${liveLogin(liveRows + 1)}@acme.test`);
      await dialog.getByRole('button', { name: 'Resume' }).click();
      const n = (count: number) => count.toLocaleString('en-US');
      expect(await waitForImportCompleted(dialog, 90_000)).toEqual([{ Rows: n(liveRows), Valid: n(liveRows), Rejected: '0', Created: n(liveRows - 2), Updated: '0', Unchanged: '0', Failed: '2' }]);
      expect(await errors.getByRole('listitem').allInnerTexts()).toEqual([refused(3), refused(liveRows + 1)]);
      expect(browser.problems).toEqual([]);
    } finally {
      await admin.unbind();
      await proxy.close();
    }
  }, 180_000);
});
