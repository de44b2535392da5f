/**
 * What an administrator does all day, through the UI in Chromium against the real sandbox: create a tenant
 * and a mailbox with aliases, be refused a foreign alias, change a quota, add to a distribution list, reset
 * a password, see a concurrent change reported, search every tenant, and the helpdesk's read-only view.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentPane, openTenantSection, propertiesOf, readGridRows, readTableRows, readTenantNodes, tenantTree, waitForMailboxGrid } from './harness/console-page';
import { useConsoleSession } from './harness/console-session';

describe('administering tenants in the console', () => {
  const session = useConsoleSession({ viewport: { width: 1440, height: 900 }, defaultTimeoutMs: 10_000, openConsole: true });

  it('creates a tenant', async () => {
    const { browser, page } = session();
    await page.getByRole('button', { name: 'New tenant' }).click();
    const dialog = page.getByRole('dialog', { name: 'New tenant' });
    await dialog.getByLabel('Tenant name').fill('Initech');
    await dialog.getByLabel('Display name', { exact: true }).fill('Initech Corporation');
    await dialog.getByLabel('Mail domains').fill('initech.test');
    await dialog.getByLabel('Storage pool', { exact: true }).fill('10');
    await dialog.getByLabel('Storage pool unit').selectOption('GiB');
    await dialog.getByLabel('Default mailbox quota', { exact: true }).fill('1');
    await browser.screenshot('create-tenant');
    await dialog.getByRole('button', { name: 'Create tenant' }).click();
    await dialog.waitFor({ state: 'detached' });

    expect((await readTenantNodes(page)).map((t) => t.name)).toContain('Initech');
    await expect.poll(() => contentPane(page).getByText('This tenant has no mailboxes yet.').count()).toBe(1);
  });

  it('creates a mailbox with two aliases', async () => {
    const { browser, page } = session();
    await page.getByRole('button', { name: 'New mailbox' }).click();
    const dialog = page.getByRole('dialog', { name: 'New mailbox in Initech' });
    await dialog.getByLabel('First name').fill('Peter');
    await dialog.getByLabel('Last name').fill('Gibbons');
    await dialog.getByLabel('Login name').fill('peter');
    await dialog.getByLabel('Primary address').fill('peter@initech.test');
    await dialog.getByRole('button', { name: 'Add alias' }).click();
    await dialog.getByLabel('Alias 1', { exact: true }).fill('pg@initech.test');
    await dialog.getByRole('button', { name: 'Add alias' }).click();
    await dialog.getByLabel('Alias 2', { exact: true }).fill('peter.gibbons@initech.test');
    await dialog.getByLabel('Password', { exact: true }).fill('Correct-Horse-9');
    await dialog.getByLabel('Repeat password').fill('Correct-Horse-9');
    await browser.screenshot('create-mailbox');
    await dialog.getByRole('button', { name: 'Create mailbox' }).click();
    await dialog.waitFor({ state: 'detached' });

    const grid = await waitForMailboxGrid(page);
    expect((await readGridRows(grid)).map((row) => row['Primary address'])).toEqual(['peter@initech.test']);
    const properties = propertiesOf(page, 'peter');
    await properties.getByRole('tab', { name: 'Addresses' }).click();
    await expect.poll(() => properties.getByLabel('Alias 1', { exact: true }).inputValue()).toBe('pg@initech.test');
    expect(await properties.getByLabel('Alias 2', { exact: true }).inputValue()).toBe('peter.gibbons@initech.test');
    await browser.screenshot('mailbox-addresses');
  });

  it('refuses an alias in another tenant\'s domain, as it is typed', async () => {
    const { browser, page } = session();
    const properties = propertiesOf(page, 'peter');
    await properties.getByRole('button', { name: 'Add alias' }).click();
    const alias = properties.getByLabel('Alias 3', { exact: true });
    await alias.fill('peter@acme.test');
    await expect.poll(() => properties.getByText(/acme\.test is not a domain of this tenant/).count()).toBe(1);
    expect(await alias.getAttribute('aria-invalid')).toBe('true');
    expect(await properties.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await browser.screenshot('mailbox-foreign-alias');
    await properties.getByRole('button', { name: 'Discard changes' }).click();
    expect(await properties.getByLabel('Alias 3', { exact: true }).count()).toBe(0);
  });

  it('changes the quota, showing the tenant\'s pool', async () => {
    const { browser, page } = session();
    const properties = propertiesOf(page, 'peter');
    await properties.getByRole('tab', { name: 'Quota' }).click();
    const pool = properties.getByRole('definition').filter({ hasText: /GiB/ });
    await expect.poll(() => properties.getByLabel('Storage pool of the tenant').innerText()).toMatch(/Left in the pool\s*9 GiB/);
    await properties.getByLabel('Mailbox quota', { exact: true }).fill('3');
    await expect.poll(() => properties.getByLabel('Storage pool of the tenant').innerText()).toMatch(/7 GiB after this change/);
    expect(await pool.count()).toBeGreaterThan(0);
    await browser.screenshot('mailbox-quota');
    await properties.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => properties.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
    const grid = await waitForMailboxGrid(page);
    await expect.poll(async () => (await readGridRows(grid))[0]?.['Quota']).toBe('3 GiB');
  });

  it('reports a change made elsewhere instead of overwriting it', async () => {
    const { page } = session();
    const properties = propertiesOf(page, 'peter');
    await properties.getByRole('tab', { name: 'General' }).click();
    // Someone else renames the mailbox through the same API while our editor holds the old revision.
    const changed = await page.evaluate(async () => {
      const response = await fetch('/api/call/updateMailbox', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ tenant: 'Initech', login: 'peter', changes: { displayName: 'Peter G. (HR)' } }) });
      return ((await response.json()) as { ok: boolean }).ok;
    });
    expect(changed).toBe(true);
    await properties.getByLabel('Display name', { exact: true }).fill('Pete Gibbons');
    await properties.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => properties.getByRole('alert').innerText()).toMatch(/Changed elsewhere — not saved[\s\S]*changed by someone else/);
    await properties.getByRole('button', { name: 'Reload (discard my edits)' }).click();
    await expect.poll(() => properties.getByLabel('Display name', { exact: true }).inputValue()).toBe('Peter G. (HR)');
  });

  it('adds the mailbox to a distribution list through the list editor', async () => {
    const { browser, page } = session();
    await openTenantSection(page, 'Initech', 'Distribution lists');
    await page.getByRole('button', { name: 'New distribution list' }).click();
    const dialog = page.getByRole('dialog', { name: 'New distribution list in Initech' });
    await dialog.getByLabel('Name', { exact: true }).fill('Sales');
    await dialog.getByLabel('Address', { exact: true }).fill('sales@initech.test');
    await dialog.getByLabel('Find a mailbox to add').fill('peter');
    await dialog.getByRole('button', { name: 'Find' }).click();
    await dialog.getByRole('button', { name: 'Add peter' }).click();
    await expect.poll(() => dialog.getByRole('list', { name: /^Members of/ }).innerText()).toMatch(/peter@initech\.test/);
    await dialog.getByRole('button', { name: 'Create distribution list' }).click();
    await expect.poll(() => page.getByRole('dialog', { name: 'Distribution list Sales' }).count()).toBe(1);
    await browser.screenshot('distribution-list-editor');
    await page.getByRole('dialog', { name: 'Distribution list Sales' }).getByRole('button', { name: 'Close', exact: true }).click();
    const table = page.getByRole('grid', { name: 'Distribution lists of Initech' });
    await expect.poll(() => table.getByRole('row', { name: /Sales/ }).innerText()).toMatch(/sales@initech\.test\s+1/);

    // The mailbox's own Member of tab agrees.
    await openTenantSection(page, 'Initech', 'Mailboxes');
    const grid = await waitForMailboxGrid(page);
    await grid.getByRole('row').nth(1).click();
    const properties = propertiesOf(page, 'peter');
    await properties.getByRole('tab', { name: 'Member of' }).click();
    await expect.poll(() => properties.getByRole('list', { name: /belongs to/ }).innerText()).toMatch(/Sales[\s\S]*Distribution list/);
  });

  it('resets the password, checking it against the tenant\'s password policy as it is typed', async () => {
    const { browser, page } = session();
    const properties = propertiesOf(page, 'peter');
    await properties.getByRole('tab', { name: 'Account' }).click();
    await properties.getByLabel('New password', { exact: true }).fill('abc');
    await properties.getByLabel('Repeat new password').fill('abc');
    // The tenant's rules are shown under the field; one broken keeps the password from being sent at all.
    await expect.poll(() => properties.getByText('Does not meet the password policy: at least 8 characters').count()).toBe(1);
    expect(await properties.getByRole('button', { name: 'Set password' }).isDisabled()).toBe(true);
    await browser.screenshot('mailbox-password-refused');
    await properties.getByLabel('New password', { exact: true }).fill('Correct-Horse-10');
    await properties.getByLabel('Repeat new password').fill('Correct-Horse-10');
    await properties.getByRole('button', { name: 'Set password' }).click();
    await properties.getByRole('status').filter({ hasText: 'Password changed for peter.' }).or(properties.getByRole('alert')).first().waitFor();
    expect(await properties.getByRole('alert').allInnerTexts()).toEqual([]);
    await expect.poll(() => properties.getByRole('status').filter({ hasText: 'Password changed for peter.' }).count()).toBe(1);
  });

  it('searches across tenants', async () => {
    const { browser, page } = session();
    await page.getByLabel('Search all tenants').fill('sales');
    await page.getByLabel('Search all tenants').press('Enter');
    const results = page.getByRole('grid', { name: 'Search results' });
    await results.getByRole('row').nth(1).waitFor();
    const tenants = new Set((await readTableRows(results)).map((row) => row['Tenant']));
    expect(tenants.size).toBeGreaterThanOrEqual(2);
    expect(tenants).toContain('Initech');
    await browser.screenshot('search-results');
    await page.getByRole('button', { name: 'Close search' }).click();
  });

  it('the helpdesk view is read-only except password reset and unlock', async () => {
    const { server, browser, page } = session();
    const credentials = JSON.parse(await readFile(join(server.dataDir, 'sandbox', 'credentials.json'), 'utf8')) as { helpdeskDN: string; helpdeskPassword: string };
    const sandboxUrl = (await page.locator('.header-bar__url').innerText()).trim();

    await page.getByRole('button', { name: 'Connections…' }).click();
    const manager = page.getByRole('dialog', { name: 'Connections' });
    await manager.getByRole('button', { name: 'Add connection…' }).click();
    const editor = page.getByRole('dialog', { name: 'Add connection' });
    await editor.getByLabel('Name', { exact: true }).fill('Sandbox as helpdesk');
    await editor.getByLabel('Servers').fill(sandboxUrl);
    await editor.getByLabel('Sign in as').fill(credentials.helpdeskDN);
    await editor.getByLabel('TLS mode').selectOption('none');
    await editor.getByLabel('Password', { exact: true }).fill(credentials.helpdeskPassword);
    await editor.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => editor.getByRole('status').innerText()).toMatch(/^Connected to ldap:\/\/.* as uid=helpdesk/);
    await browser.screenshot('connection-editor');
    await editor.getByRole('button', { name: 'Save connection' }).click();
    const entry = page.getByRole('dialog', { name: 'Connections' }).getByRole('listitem', { name: 'Sandbox as helpdesk' });
    await expect.poll(() => entry.innerText()).toMatch(/password saved/);
    await browser.screenshot('connections');
    await entry.getByRole('button', { name: 'Connect to Sandbox as helpdesk' }).click();
    await page.getByRole('dialog', { name: 'Connections' }).waitFor({ state: 'detached' });

    await expect.poll(() => page.getByLabel('Signed in as').innerText()).toBe('Helpdesk (read-only)');
    await readTenantNodes(page);
    expect(await page.getByRole('button', { name: 'New tenant' }).count()).toBe(0);
    await openTenantSection(page, 'Initech', 'Mailboxes');
    const grid = await waitForMailboxGrid(page);
    expect(await page.getByRole('button', { name: 'New mailbox' }).count()).toBe(0);
    await grid.getByRole('row').nth(1).click();
    const properties = propertiesOf(page, 'peter');
    await expect.poll(() => properties.getByText('Read-only').count()).toBe(1);
    expect(await properties.getByLabel('Display name', { exact: true }).getAttribute('readonly')).not.toBeNull();
    expect(await properties.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await properties.getByRole('tab', { name: 'Account' }).click();
    expect(await properties.getByRole('button', { name: /Disable mailbox|Delete mailbox/ }).count()).toBe(0);
    expect(await properties.getByRole('form', { name: 'Reset password' }).count()).toBe(1);
    await properties.getByRole('tab', { name: 'Member of' }).click();
    expect(await properties.getByRole('button', { name: /^Remove from/ }).count()).toBe(0);
    await openTenantSection(page, 'Initech', 'Settings');
    expect(await page.getByRole('button', { name: /Save settings|Delete tenant/ }).count()).toBe(0);
    await openTenantSection(page, 'Initech', 'Mailboxes');
    await waitForMailboxGrid(page);
    await browser.screenshot('helpdesk-read-only');
    expect(await tenantTree(page).count()).toBe(1);
  });

  it('raised no console errors, uncaught exceptions, CSP violations or failed requests', () => {
    expect(session().browser.problems).toEqual([]);
  });
});
