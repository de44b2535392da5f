/**
 * Issue 17, second pass: a full working day in Chromium against the real sandbox. The grid in name order with new
 * mailboxes in their place; search without accents and refused control characters; the password policy shown while
 * typing, a generated password, "must change at the next sign-in" and an end date; sign-in by login and address
 * (with the TLS mode the URL calls for, and StartTLS refused in words); and the rest of the day in the later tests
 * of this file. Screenshots of every changed view land in test-artifacts/e2e/.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { MailboxPage } from '../../shared/model/hosting';
import { addValues } from '../../main/directory/changes';
import { openLdapLayout } from '../../main/flavors/openldap/openldap-layout';
import { boundClient } from '../harness/test-directory';
import { connectThroughManager, contentPane, openTenantSection, propertiesOf, readGridRows, readTableRows, readTenantNodes, searchMailboxes, waitForMailboxGrid } from './harness/console-page';
import { useConsoleSession } from './harness/console-session';
import { callInPageOk } from './harness/page-api';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const sortedByName = (names: string[]) => [...names].sort((a, b) => collator.compare(a, b));

interface SandboxCredentials {
  url: string;
  suffix: string;
  bindDN: string;
  password: string;
  helpdeskDN: string;
  helpdeskPassword: string;
}

async function credentialsOf(page: Page, dataDir: string): Promise<SandboxCredentials> {
  const stored = JSON.parse(await readFile(join(dataDir, 'sandbox', 'credentials.json'), 'utf8')) as Omit<SandboxCredentials, 'url'>;
  return { ...stored, url: (await page.locator('.header-bar__url').innerText()).trim() };
}

describe('a full working day (issue 17, second pass)', () => {
  const session = useConsoleSession({ viewport: { width: 1400, height: 900 }, defaultTimeoutMs: 10_000, openConsole: true });

  it('lists mailboxes by display name, and puts a new one in its place rather than at the end', async () => {
    const { browser, page } = session();
    await openTenantSection(page, 'Acme', 'Mailboxes');
    const grid = await waitForMailboxGrid(page);
    await expect.poll(() => contentPane(page).getAttribute('data-complete')).toBe('true');
    expect(await grid.getByRole('columnheader', { name: /Display name/ }).getAttribute('aria-sort')).toBe('ascending');
    const names = (await readGridRows(grid)).map((row) => row['Display name'] ?? '');
    expect(names).toEqual(sortedByName(names));

    await page.getByRole('button', { name: 'New mailbox' }).click();
    const dialog = page.getByRole('dialog', { name: 'New mailbox in Acme' });
    await dialog.getByLabel('First name').fill('Aaron');
    await dialog.getByLabel('Last name').fill('Aardvark');
    await dialog.getByLabel('Login name').fill('aaron.aardvark');
    await dialog.getByLabel('Primary address').fill('aaron.aardvark@acme.test');

    // The policy as it is typed: too short, then long enough.
    const rules = dialog.getByRole('list', { name: 'Password rules' });
    // As a screen reader says them: the mark, the rule, and whether it is met (text only screen readers get).
    const ruleTexts = async () => (await rules.getByRole('listitem').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
    await dialog.getByLabel('Password', { exact: true }).fill('abc');
    await expect.poll(async () => (await ruleTexts())[0]).toBe('✗ At least 8 characters (not met)');
    await dialog.getByLabel('Password', { exact: true }).fill('Long-Enough-1');
    await expect.poll(async () => (await ruleTexts())[0]).toBe('✓ At least 8 characters (met)');
    // The tenant's own policy (docs/tenant-lifecycle.md), named with its tenant.
    expect(await dialog.getByRole('list', { name: 'Password rules of Acme' }).count()).toBe(1);

    // Generated: shown in clear, long, every kind of character; must change at the first sign-in; an end date.
    await dialog.getByRole('button', { name: 'Generate' }).click();
    const generated = await dialog.getByLabel('Password', { exact: true }).inputValue();
    expect(await dialog.getByLabel('Password', { exact: true }).getAttribute('type')).toBe('text');
    expect(generated).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])(?=.*[^A-Za-z0-9]).{16,}$/);
    await dialog.getByLabel('Must change the password at the first sign-in').check();
    await dialog.getByLabel('Account works until').fill('2031-01-31');
    await browser.screenshot('workday-new-mailbox-password');
    await dialog.getByRole('button', { name: 'Create mailbox' }).click();
    await dialog.waitFor({ state: 'detached' });

    // In name order: first, not appended after the 20 loaded before.
    await expect.poll(async () => (await readGridRows(grid))[0]?.['Display name']).toBe('Aaron Aardvark');
    const created = (await callInPageOk<MailboxPage>(page, 'listMailboxes', { tenant: 'Acme', query: 'aaron.aardvark' })).items[0];
    expect(created).toMatchObject({ login: 'aaron.aardvark', mustChangePassword: true, expiresAt: '2031-02-01T00:00:00Z' });
    await browser.screenshot('workday-grid-name-order');
  });

  it('shows must change and the end date in the Account tab, and an end date in the past as Expired', async () => {
    const { browser, page } = session();
    const grid = await waitForMailboxGrid(page);
    await grid.getByRole('row', { name: /aaron\.aardvark/ }).click();
    const properties = propertiesOf(page, 'aaron.aardvark');
    await properties.getByRole('tab', { name: 'Account' }).click();
    await expect.poll(() => properties.getByText('The user must choose a new password at the next sign-in.').count()).toBe(1);
    expect(await properties.getByText('Works until 2031-01-31 (UTC).').count()).toBe(1);
    await properties.getByLabel('Works until').fill('2020-06-30');
    await properties.getByRole('button', { name: 'Set the end date' }).click();
    await expect.poll(() => properties.getByText('Expired: it worked until 2020-06-30.').count()).toBe(1);
    await expect.poll(async () => (await readGridRows(grid)).find((row) => row['Login'] === 'aaron.aardvark')?.['State']).toBe('Expired');
    await browser.screenshot('workday-account-tab');
    await properties.getByLabel('Works until').fill('');
    await properties.getByRole('button', { name: 'Remove the end date' }).click();
    await expect.poll(async () => (await readGridRows(grid)).find((row) => row['Login'] === 'aaron.aardvark')?.['State']).toBe('Enabled');
    await page.keyboard.press('Escape');
  });

  it('finds Müller & Söhne by "muller" and Østergaard by "ostergaard", and refuses a control character in words', async () => {
    const { browser, page } = session();
    const search = page.getByRole('searchbox', { name: 'Search all tenants' });
    await search.fill('muller');
    await search.press('Enter');
    const results = page.getByRole('grid', { name: 'Search results' });
    await expect.poll(async () => (await readTableRows(results)).some((row) => row['Type'] === 'Tenant' && row['Name'] === 'Müller & Söhne GmbH')).toBe(true);
    await browser.screenshot('workday-search-folded');
    await search.fill('ostergaard');
    await search.press('Enter');
    await expect.poll(async () => (await readTableRows(results)).filter((row) => row['Type'] === 'Mailbox' && /Østergaard/.test(row['Name'] ?? '')).length).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Close search' }).click();

    await search.fill('a\u0000b');
    await search.press('Enter');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: /control characters/ }).innerText()).toMatch(/^Search text cannot contain control characters/);
    expect(await search.getAttribute('aria-invalid')).toBe('true');
    await browser.screenshot('workday-search-control-character');
    await search.fill('');

    await openTenantSection(page, 'Müller & Söhne', 'Mailboxes');
    const rows = await searchMailboxes(page, 'soren');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => /Søren/.test(row['Display name'] ?? ''))).toBe(true);
  });

  it('offers the TLS mode the URL calls for, says in words that the sandbox has no StartTLS, and signs the helpdesk in by login', async () => {
    const { browser, page, server } = session();
    const credentials = await credentialsOf(page, server.dataDir);
    await page.getByRole('button', { name: 'Connections…' }).click();
    const manager = page.getByRole('dialog', { name: 'Connections' });
    await manager.getByRole('button', { name: 'Add connection…' }).click();
    const editor = page.getByRole('dialog', { name: 'Add connection' });
    await editor.getByLabel('Name', { exact: true }).fill('Helpdesk by login');
    await editor.getByLabel('Servers').fill('ldap://ldap.example.com');
    expect(await editor.getByLabel('TLS mode').inputValue()).toBe('starttls');
    await editor.getByLabel('Servers').fill(credentials.url);
    expect(await editor.getByLabel('TLS mode').inputValue()).toBe('none');
    await editor.getByLabel('Sign in as').fill('helpdesk');
    await editor.getByLabel('Password', { exact: true }).fill(credentials.helpdeskPassword);

    await editor.getByLabel('TLS mode').selectOption('starttls');
    await editor.getByRole('button', { name: 'Test connection' }).click();
    const failed = editor.getByRole('alert').filter({ hasText: 'Test failed' });
    await expect.poll(() => failed.innerText()).toMatch(/This server does not offer encryption \(StartTLS\)\. Connect with ldaps:\/\/ if it has that/);
    await browser.screenshot('workday-starttls-refused');

    await editor.getByLabel('TLS mode').selectOption('none');
    await editor.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => editor.getByRole('status').innerText()).toMatch(new RegExp(`as ${credentials.helpdeskDN.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} in`));
    await editor.getByRole('button', { name: 'Save connection' }).click();
    await manager.getByRole('listitem', { name: 'Helpdesk by login' }).waitFor();
    await manager.getByRole('button', { name: 'Close', exact: true }).click();
    await manager.waitFor({ state: 'detached' });
  });

  it('signs a tenant admin in by mail address through a lookup account, then goes back to the sandbox', async () => {
    const { browser, page, server } = session();
    const credentials = await credentialsOf(page, server.dataDir);
    // The mail service's read-only account (issue 15 makes one with `service-account create`), and Acme's admin.
    const layout = openLdapLayout(credentials.suffix);
    const lookupDn = `uid=mail-lookup,${layout.servicesDn}`;
    const admin = await boundClient(credentials.url, credentials.bindDN, credentials.password);
    try {
      await admin.add(lookupDn, { objectClass: ['account', 'simpleSecurityObject'], uid: 'mail-lookup', userPassword: 'Lookup-Account-Password-1' });
      await admin.modify(layout.mailServicesGroupDn, [addValues('member', lookupDn)]);
    } finally {
      await admin.unbind();
    }
    const acmeAdmin = (await callInPageOk<{ members: { login: string; primaryAddress: string }[] }>(page, 'getGroup', { tenant: 'Acme', kind: 'security', name: 'tenant-admins' })).members[0];
    if (acmeAdmin === undefined) throw new Error('Acme has no tenant admin');
    await callInPageOk(page, 'resetMailboxPassword', { tenant: 'Acme', login: acmeAdmin.login, password: 'Acme-Admin-Pass-1' });

    await page.getByRole('button', { name: 'Connections…' }).click();
    const manager = page.getByRole('dialog', { name: 'Connections' });
    await manager.getByRole('button', { name: 'Add connection…' }).click();
    const editor = page.getByRole('dialog', { name: 'Add connection' });
    await editor.getByLabel('Name', { exact: true }).fill('Acme admin by address');
    await editor.getByLabel('Servers').fill(credentials.url);
    await editor.getByLabel('Sign in as').fill(acmeAdmin.primaryAddress);
    await editor.getByLabel('Password', { exact: true }).fill('Acme-Admin-Pass-1');
    await editor.getByLabel('Lookup account (DN)').fill(lookupDn);
    await editor.getByLabel('Lookup account password').fill('Lookup-Account-Password-1');
    await browser.screenshot('workday-sign-in-by-address');
    await editor.getByRole('button', { name: 'Save connection' }).click();
    await manager.getByRole('button', { name: 'Connect to Acme admin by address' }).click();
    await manager.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByLabel('Signed in as').innerText()).toBe('Tenant administrator (Acme)');
    expect(await page.getByLabel('Signed in as').getAttribute('title')).toMatch(new RegExp(`^uid=${acmeAdmin.login},ou=mailboxes,ou=Acme,ou=tenants,`));
    expect((await readTenantNodes(page)).map((node) => node.name)).toEqual(['Acme']);
    await browser.screenshot('workday-signed-in-as-tenant-admin');

    await connectThroughManager(page, 'Sandbox directory');
    await expect.poll(async () => (await readTenantNodes(page)).length).toBe(3);
  });

  it('deletes into Deleted items, restores with the groups, and purges for good', async () => {
    const { browser, page } = session();
    await openTenantSection(page, 'Acme', 'Mailboxes');
    const grid = await waitForMailboxGrid(page);
    await callInPageOk(page, 'addGroupMembers', { tenant: 'Acme', kind: 'distribution', name: 'Sales', logins: ['aaron.aardvark'] });
    await grid.getByRole('row', { name: /aaron\.aardvark/ }).click();
    const properties = propertiesOf(page, 'aaron.aardvark');
    await properties.getByRole('tab', { name: 'Account' }).click();
    await properties.getByRole('button', { name: 'Delete mailbox…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete mailbox aaron.aardvark?' });
    expect(await confirm.innerText()).toMatch(/waits there for a host admin to restore or purge it/);
    await confirm.getByRole('button', { name: 'Delete mailbox' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(async () => (await readGridRows(grid)).some((row) => row['Login'] === 'aaron.aardvark')).toBe(false);

    await openTenantSection(page, 'Acme', 'Deleted items');
    const deleted = page.getByRole('table', { name: 'Deleted items of Acme' });
    await deleted.waitFor();
    const rows = await readTableRows(deleted);
    expect(rows).toEqual([expect.objectContaining({ 'Display name': 'Aaron Aardvark', Login: 'aaron.aardvark', 'Primary address': 'aaron.aardvark@acme.test', By: 'admin (host)' })]);
    expect(await contentPane(page).getByText(/^Deleted mailboxes are kept 30 days/).count()).toBe(1);
    await browser.screenshot('workday-deleted-items');

    await deleted.getByRole('button', { name: 'Restore aaron.aardvark' }).click();
    await expect.poll(() => contentPane(page).getByRole('status').filter({ hasText: 'aaron.aardvark is back, with its groups.' }).count()).toBe(1);
    await expect.poll(() => contentPane(page).getByText('Nothing deleted in Acme.').count()).toBe(1);
    const sales = await callInPageOk<{ members: { login: string }[] }>(page, 'getGroup', { tenant: 'Acme', kind: 'distribution', name: 'Sales' });
    expect(sales.members.map((m) => m.login)).toContain('aaron.aardvark');

    await callInPageOk(page, 'deleteMailbox', { tenant: 'Acme', login: 'aaron.aardvark' });
    await contentPane(page).getByRole('button', { name: 'Reload' }).click();
    await deleted.getByRole('button', { name: 'Purge aaron.aardvark' }).click();
    const purge = page.getByRole('dialog', { name: 'Purge aaron.aardvark for good?' });
    await browser.screenshot('workday-purge-confirm');
    await purge.getByRole('button', { name: 'Purge mailbox' }).click();
    await purge.waitFor({ state: 'detached' });
    await expect.poll(() => contentPane(page).getByText('Nothing deleted in Acme.').count()).toBe(1);
    expect((await callInPageOk<MailboxPage>(page, 'listMailboxes', { tenant: 'Acme', query: 'aaron' })).items).toEqual([]);
  });

  it('acts on many selected mailboxes: disable and enable, a quota (refused as a whole over the pool), a list, delete with the typed confirmation', async () => {
    const { browser, page } = session();
    await openTenantSection(page, 'Globex, Inc.', 'Mailboxes');
    const grid = await waitForMailboxGrid(page);
    await expect.poll(() => contentPane(page).getAttribute('data-complete')).toBe('true');
    const logins = (await readGridRows(grid)).map((row) => row['Login'] ?? '').slice(0, 5);
    // A click picks one row; Shift+click the range to the fifth.
    await grid.getByRole('checkbox', { name: `Select ${logins[0]}` }).click();
    await grid.getByRole('checkbox', { name: `Select ${logins[4]}` }).click({ modifiers: ['Shift'] });
    const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
    expect(await bar.getByRole('status', { name: 'Selected mailboxes' }).innerText()).toBe('5 mailboxes selected');
    // Picking did not open anything.
    expect(await page.getByRole('complementary').count()).toBe(0);
    await browser.screenshot('workday-bulk-selection');

    const runBulk = async (button: string, title: string, prepare?: (dialog: Locator) => Promise<void>) => {
      await bar.getByRole('button', { name: button }).click();
      const dialog = page.getByRole('dialog', { name: title });
      await prepare?.(dialog);
      await dialog.getByRole('button', { name: title }).click();
      await dialog.getByRole('status', { name: 'Bulk result' }).waitFor();
      return dialog;
    };
    let dialog = await runBulk('Disable', 'Disable 5 mailboxes');
    expect(await dialog.getByRole('status', { name: 'Bulk result' }).innerText()).toMatch(/^5 mailboxes done in \d+\.\d s\.$/);
    await browser.screenshot('workday-bulk-result');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    // The button that opened it left with the spent selection: focus goes back to the grid, not the page body.
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(name: string): string | null } | null } }).document.activeElement?.getAttribute('role'))).toBe('grid');
    const states = async () => (await readGridRows(grid)).filter((row) => logins.includes(row['Login'] ?? '')).map((row) => row['State']);
    expect(await states()).toEqual(['Disabled', 'Disabled', 'Disabled', 'Disabled', 'Disabled']);
    // The selection is spent once the action ran: pick them again for the next one.
    expect(await bar.count()).toBe(0);
    const pickAgain = async () => {
      await grid.getByRole('checkbox', { name: `Select ${logins[0]}` }).click();
      await grid.getByRole('checkbox', { name: `Select ${logins[4]}` }).click({ modifiers: ['Shift'] });
    };
    await pickAgain();
    dialog = await runBulk('Enable', 'Enable 5 mailboxes');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    expect(await states()).toEqual(['Enabled', 'Enabled', 'Enabled', 'Enabled', 'Enabled']);

    await pickAgain();
    await bar.getByRole('button', { name: 'Set quota…' }).click();
    const quota = page.getByRole('dialog', { name: 'Set the quota of 5 mailboxes' });
    await quota.getByLabel('New quota', { exact: true }).fill('50');
    await quota.getByRole('button', { name: 'Set the quota of 5 mailboxes' }).click();
    await expect.poll(() => quota.getByRole('alert').innerText()).toMatch(/Nothing was done/);
    await quota.getByLabel('New quota', { exact: true }).fill('3');
    await quota.getByRole('button', { name: 'Set the quota of 5 mailboxes' }).click();
    await quota.getByRole('status', { name: 'Bulk result' }).waitFor();
    await quota.getByRole('button', { name: 'Close', exact: true }).click();
    expect((await readGridRows(grid)).filter((row) => logins.includes(row['Login'] ?? '')).map((row) => row['Quota'])).toEqual(['3 GiB', '3 GiB', '3 GiB', '3 GiB', '3 GiB']);

    await pickAgain();
    dialog = await runBulk('Add to group…', 'Add to a group or list: 5 mailboxes', async (d) => {
      await d.getByLabel('Group or list').selectOption({ label: 'Sales (distribution list)' });
    });
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    const sales = await callInPageOk<{ members: { login: string }[] }>(page, 'getGroup', { tenant: 'Globex, Inc.', kind: 'distribution', name: 'Sales' });
    expect(logins.every((login) => sales.members.some((m) => m.login === login))).toBe(true);

    await grid.getByRole('checkbox', { name: `Select ${logins[0]}` }).click();
    await grid.getByRole('checkbox', { name: `Select ${logins[1]}` }).click();
    await bar.getByRole('button', { name: 'Delete…' }).click();
    const remove = page.getByRole('dialog', { name: 'Delete 2 mailboxes' });
    const go = remove.getByRole('button', { name: 'Delete 2 mailboxes' });
    await remove.getByLabel('Type “delete 2” to confirm').fill('delete');
    expect(await go.isDisabled()).toBe(true);
    await remove.getByLabel('Type “delete 2” to confirm').fill('delete 2');
    await browser.screenshot('workday-bulk-delete-confirm');
    await go.click();
    await remove.getByRole('status', { name: 'Bulk result' }).waitFor();
    await remove.getByRole('button', { name: 'Close', exact: true }).click();
    await expect.poll(async () => (await readGridRows(grid)).filter((row) => logins.slice(0, 2).includes(row['Login'] ?? '')).length).toBe(0);
    const deleted = await callInPageOk<{ items: { login: string }[] }>(page, 'listDeletedMailboxes', { tenant: 'Globex, Inc.' });
    expect(deleted.items.map((item) => item.login).sort()).toEqual(logins.slice(0, 2).sort());
  });

  it('makes a new mailbox from a copy of another: its groups, quota and domain', async () => {
    const { browser, page } = session();
    await openTenantSection(page, 'Acme', 'Mailboxes');
    const grid = await waitForMailboxGrid(page);
    const staff = await callInPageOk<{ members: { login: string }[] }>(page, 'getGroup', { tenant: 'Acme', kind: 'security', name: 'Staff' });
    const source = staff.members[1]?.login ?? '';
    await callInPageOk(page, 'updateMailbox', { tenant: 'Acme', login: source, changes: { quotaBytes: 4 * 2 ** 30 } });
    await page.keyboard.press('F5');
    await grid.getByRole('row', { name: new RegExp(source.replace(/\./g, '\\.')) }).click();
    await propertiesOf(page, source).getByRole('button', { name: 'Copy…' }).click();
    const dialog = page.getByRole('dialog', { name: `New mailbox like ${source}` });
    expect(await dialog.getByLabel('Quota', { exact: true }).inputValue()).toBe('4');
    await expect.poll(() => dialog.getByLabel(/^Staff/).isChecked()).toBe(true);
    await dialog.getByLabel('First name').fill('Copy');
    await dialog.getByLabel('Last name').fill('Cat');
    await dialog.getByLabel('Login name').fill('copy.cat');
    expect(await dialog.getByLabel('Primary address').inputValue()).toBe('copy.cat@acme.test');
    await dialog.getByRole('button', { name: 'Generate' }).click();
    await browser.screenshot('workday-copy-mailbox');
    await dialog.getByRole('button', { name: 'Create mailbox' }).click();
    await dialog.waitFor({ state: 'detached' });
    const created = (await callInPageOk<MailboxPage>(page, 'listMailboxes', { tenant: 'Acme', query: 'copy.cat' })).items[0];
    expect(created).toMatchObject({ login: 'copy.cat', primaryAddress: 'copy.cat@acme.test', quotaBytes: 4 * 2 ** 30 });
    const staffNow = await callInPageOk<{ members: { login: string }[] }>(page, 'getGroup', { tenant: 'Acme', kind: 'security', name: 'Staff' });
    expect(staffNow.members.map((m) => m.login)).toContain('copy.cat');
    await page.keyboard.press('Escape');
  });

  it('saves a view (search, order, columns) for this user and brings it back after a reload; Escape closes the panel', async () => {
    const { browser, page, server } = session();
    await openTenantSection(page, 'Acme', 'Mailboxes');
    let grid = await waitForMailboxGrid(page);
    await searchMailboxes(page, 'acme.test');
    await grid.getByRole('columnheader', { name: /Quota/ }).click();
    await grid.getByRole('columnheader', { name: /Quota/ }).click();
    await expect.poll(() => grid.getByRole('columnheader', { name: /Quota/ }).getAttribute('aria-sort')).toBe('descending');
    await contentPane(page).getByRole('button', { name: 'Columns…' }).click();
    await contentPane(page).getByRole('group', { name: 'Show columns' }).getByLabel('Primary address').uncheck();
    await contentPane(page).getByRole('button', { name: 'Save view…' }).click();
    await contentPane(page).getByLabel('View name').fill('Largest first');
    await browser.screenshot('workday-save-view');
    await contentPane(page).getByRole('button', { name: 'Save view', exact: true }).click();

    // Another day: the page is loaded again, the grid starts as it always does, the view is one choice away.
    const before = browser.problems.length;
    await page.goto(server.url);
    await readTenantNodes(page);
    const cut = browser.problems.splice(before).filter((problem) => !/^request failed: GET \S+\/api\/events \(net::ERR_ABORTED\)$/.test(problem));
    browser.problems.push(...cut);
    await openTenantSection(page, 'Acme', 'Mailboxes');
    grid = await waitForMailboxGrid(page);
    expect(await grid.getByRole('columnheader', { name: /Display name/ }).getAttribute('aria-sort')).toBe('ascending');
    await contentPane(page).getByLabel('Saved views').selectOption('Largest first');
    await contentPane(page).getByRole('status', { name: 'Listing progress' }).filter({ hasText: /matching “acme\.test”$/ }).waitFor();
    await expect.poll(() => grid.getByRole('columnheader', { name: /Quota/ }).getAttribute('aria-sort')).toBe('descending');
    const headers = (await grid.getByRole('columnheader').allInnerTexts()).map((text) => text.replace(/[▲▼]/g, '').trim()).filter((text) => text !== '');
    expect(headers).toEqual(['Display name', 'Login', 'Quota', 'State']);
    const quotas = (await readGridRows(grid)).map((row) => Number.parseFloat(row['Quota'] ?? '0'));
    expect(quotas).toEqual([...quotas].sort((a, b) => b - a));
    await browser.screenshot('workday-saved-view');

    // Escape in the panel closes it.
    await grid.getByRole('row').nth(1).click();
    const panel = page.getByRole('complementary', { name: /^Properties of / });
    await panel.waitFor();
    await panel.getByRole('tab', { name: 'General' }).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    await contentPane(page).getByRole('button', { name: 'Columns…' }).click();
    await contentPane(page).getByRole('group', { name: 'Show columns' }).getByLabel('Primary address').check();
  });

  it('raised no console errors, uncaught exceptions, CSP violations or failed requests', () => {
    expect(session().browser.problems).toEqual([]);
  });
});
