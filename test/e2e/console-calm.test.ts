/**
 * Issue 17, tried as an administrator would, in Chromium at 1400×900 (and 1024×700 at the end) against the real
 * sandbox: the grid sorts from anywhere in a header and keeps logins whole beside the properties panel; the
 * keyboard closes panels and dialogs and gets focus back; quotas are refused as typed, in one size format;
 * errors read in words with their detail one click away and never push a button off its panel; tenant settings
 * ask before going over a limit and say Saved; the new-group dialog ends with Create and asks before throwing
 * members away; a failed connect leaves the header on the working session; columns can be hidden.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Mailbox, MailboxPage, Tenant } from '../../shared/model/hosting';
import { contentPane, openTenantSection, propertiesOf, readGridRows, readTenantNodes, waitForMailboxGrid } from './harness/console-page';
import { useConsoleSession } from './harness/console-session';
import { callInPageOk } from './harness/page-api';

const gib = 2 ** 30;

/** The few DOM members the in-page checks read (this file compiles without the DOM library). */
interface Sized {
  scrollWidth: number;
  clientWidth: number;
  contains(other: unknown): boolean;
}
interface PageGlobals {
  document: { activeElement: { tagName: string; textContent: string | null } | null; documentElement: Sized };
  innerWidth: number;
}
/** True when the element's text is cut short (its content is wider than its box). */
const cutShort = (cell: Locator) => cell.evaluate((element) => (element as unknown as Sized).scrollWidth > (element as unknown as Sized).clientWidth);
/** True when the element scrolls sideways (something in it is wider than it). */
const overflowsSideways = (element: Locator) => element.evaluate((found) => (found as unknown as Sized).scrollWidth > (found as unknown as Sized).clientWidth);

/** The element's box, which must exist. */
async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await locator.boundingBox();
  if (found === null) throw new Error(`${String(locator)} has no box (not visible)`);
  return found;
}

/** Whether `inner` lies within `outer` left to right (a button not pushed out of its panel). */
async function withinHorizontally(inner: Locator, outer: Locator): Promise<boolean> {
  const [a, b] = [await box(inner), await box(outer)];
  return a.x >= b.x - 0.5 && a.x + a.width <= b.x + b.width + 0.5;
}

const focusedText = (page: Page) =>
  page.evaluate(() => {
    const active = (globalThis as unknown as PageGlobals).document.activeElement;
    return `${active?.tagName ?? ''}:${(active?.textContent ?? '').trim()}`;
  });

describe('a calm console (issue 17)', () => {
  const session = useConsoleSession({ viewport: { width: 1400, height: 900 }, defaultTimeoutMs: 10_000, openConsole: true });
  /** Acme's mailboxes as main lists them. */
  let acme: Mailbox[] = [];

  it('sorts a column from anywhere in its header cell and keeps logins whole beside the properties panel', async () => {
    const { browser, page } = session();
    acme = (await callInPageOk<MailboxPage>(page, 'listMailboxes', { tenant: 'Acme', pageSize: 100 })).items;
    await openTenantSection(page, 'Acme', 'Mailboxes');
    const grid = await waitForMailboxGrid(page);

    // Click the Login header at its far right edge, well away from the label text.
    const header = grid.getByRole('columnheader', { name: /Login/ });
    const cell = await box(header);
    await page.mouse.click(cell.x + cell.width - 3, cell.y + cell.height / 2);
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    const logins = (await readGridRows(grid)).map((row) => row['Login'] ?? '');
    expect(logins).toEqual([...logins].sort((a, b) => a.localeCompare(b)));

    const longest = [...acme].sort((a, b) => b.login.length - a.login.length)[0];
    if (longest === undefined) throw new Error('Acme has no mailboxes');
    await grid.getByRole('row', { name: new RegExp(longest.login.replace(/\./g, '\\.')) }).click();
    await propertiesOf(page, longest.login).getByRole('tab', { name: 'General' }).waitFor();
    // The login cells: third, after the checkbox that picks a row for bulk actions and the display name.
    const loginCells = await grid.locator('[role="row"]:not([aria-rowindex="1"]) > [role="gridcell"]:nth-child(3)').all();
    expect(loginCells.length).toBeGreaterThan(0);
    for (const login of loginCells) expect(await cutShort(login), await login.innerText()).toBe(false);
    await browser.screenshot('calm-grid-properties-open');
  });

  it('closes the properties with Escape, tabs from the grid straight to the panel, and returns focus after a dialog', async () => {
    const { page } = session();
    const grid = await waitForMailboxGrid(page);
    const properties = page.getByRole('complementary', { name: /^Properties of / });

    // One Tab from the grid reaches the panel: the header cells are not tab stops.
    await grid.focus();
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('BUTTON:✕');
    expect(await properties.evaluate((panel) => (panel as unknown as Sized).contains((globalThis as unknown as PageGlobals).document.activeElement))).toBe(true);

    await page.keyboard.press('Escape');
    await expect.poll(() => properties.count()).toBe(0);

    // Open from the keyboard, then Escape in the grid closes it too.
    await grid.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => properties.count()).toBe(1);
    await grid.focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => properties.count()).toBe(0);

    // The header row is reachable from the keyboard and sorts with Enter.
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(() => grid.getByRole('columnheader', { name: /Display name/ }).getAttribute('aria-sort')).toBe('ascending');

    // A dialog closed with Escape gives focus back to the button that opened it, not to the page.
    const opener = page.getByRole('button', { name: 'New mailbox' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'New mailbox in Acme' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedText(page)).toBe('BUTTON:New mailbox');
  });

  it('refuses a quota of 0 and one the pool has no room for as it is typed, in one size format, and Discard undoes it', async () => {
    const { browser, page } = session();
    const grid = await waitForMailboxGrid(page);
    const target = acme[0];
    if (target === undefined) throw new Error('Acme has no mailboxes');
    await grid.getByRole('row', { name: new RegExp(target.login.replace(/\./g, '\\.')) }).click();
    const properties = propertiesOf(page, target.login);
    await properties.getByRole('tab', { name: 'Quota' }).click();
    const quota = properties.getByLabel('Mailbox quota', { exact: true });
    const save = properties.getByRole('button', { name: 'Save' });
    const discard = properties.getByRole('button', { name: 'Discard changes' });
    const pool = properties.getByLabel('Storage pool of the tenant');
    await expect.poll(() => pool.innerText()).toMatch(/Left in the pool\s*40 GiB/);

    await quota.fill('0');
    await expect.poll(() => properties.getByText(/A quota of 0 would mean unlimited/).count()).toBe(1);
    expect(await quota.getAttribute('aria-invalid')).toBe('true');
    expect(await pool.innerText()).not.toMatch(/after this change/);
    expect(await save.isDisabled()).toBe(true);
    expect(await discard.isDisabled()).toBe(false);
    await browser.screenshot('calm-quota-zero-refused');

    const room = 40 * gib + (target.quotaBytes ?? 0);
    await quota.fill('50');
    const issue = properties.getByText(/^At most /);
    await expect.poll(() => issue.innerText()).toBe(`At most ${room / gib} GiB fits: that is what is left for it in the tenant's storage pool of 100 GiB`);
    expect(await save.isDisabled()).toBe(true);
    // One size format in the whole tab: no raw byte counts, no "42.00 GiB".
    expect(await properties.innerText()).not.toMatch(/\d{5,} bytes|\d+\.\d\d GiB/);
    await browser.screenshot('calm-quota-over-pool');

    await discard.click();
    await expect.poll(() => quota.inputValue()).toBe(String((target.quotaBytes ?? 0) / gib));
    expect(await properties.getByText(/^At most /).count()).toBe(0);
  });

  it('says a refused change in words, keeps the DN one click away, drops the error once the field changes, and never pushes the panel\'s buttons out', async () => {
    const { browser, page } = session();
    const [target, other] = acme;
    if (target === undefined || other === undefined) throw new Error('Acme needs two mailboxes');
    const properties = propertiesOf(page, target.login);
    await properties.getByRole('tab', { name: 'Addresses' }).click();
    await properties.getByRole('button', { name: 'Add alias' }).click();
    const alias = properties.getByLabel(`Alias ${target.aliases.length + 1}`, { exact: true });
    await alias.fill(other.primaryAddress);
    await properties.getByRole('button', { name: 'Save' }).click();
    const alert = properties.getByRole('alert');
    await expect.poll(() => alert.innerText()).toMatch(new RegExp(`Could not save the mailbox\\s+The address ${other.primaryAddress.replace(/\./g, '\\.')} is already used in tenant "Acme"\\.`));
    expect(await alert.innerText()).not.toMatch(/uid=|ou=|LDAP result code|0x/);
    await alert.getByText('Technical detail').click();
    await expect.poll(() => alert.innerText()).toMatch(/uid=[^,]+,ou=mailboxes,ou=Acme,/);
    expect(await withinHorizontally(alert, properties)).toBe(true);
    expect(await overflowsSideways(properties)).toBe(false);
    await browser.screenshot('calm-error-technical-detail');

    await alias.fill(`x.${other.primaryAddress}`);
    await expect.poll(() => properties.getByRole('alert').count()).toBe(0);
    await properties.getByRole('button', { name: 'Discard changes' }).click();

    // A password the server refuses: words, no code; Set password and Delete stay inside the panel. The console
    // checks length as it is typed, so the server's own rule is history: the tenant remembers two passwords.
    await callInPageOk(page, 'updateTenantPasswordPolicy', { tenant: 'Acme', changes: { historyCount: 2 } });
    await properties.getByRole('tab', { name: 'Account' }).click();
    const setPassword = async (password: string) => {
      await properties.getByLabel('New password', { exact: true }).fill(password);
      await properties.getByLabel('Repeat new password').fill(password);
      await properties.getByRole('button', { name: 'Set password' }).click();
    };
    for (const password of ['Calm-Password-One-1', 'Calm-Password-Two-2']) {
      await setPassword(password);
      await properties.getByRole('status').filter({ hasText: /^Password changed for/ }).waitFor();
    }
    await setPassword('Calm-Password-One-1');
    const refused = properties.getByRole('alert');
    await expect.poll(() => refused.innerText()).toMatch(/The password was not changed\s+The directory's password policy refused this password/);
    expect(await refused.innerText()).not.toMatch(/LDAP result code|uid=|Code:/);
    await refused.getByText('Technical detail').click();
    await expect.poll(() => refused.innerText()).toMatch(/LDAP result code 19/);
    for (const name of ['Set password', 'Delete mailbox…']) expect(await withinHorizontally(properties.getByRole('button', { name }), properties), name).toBe(true);
    await browser.screenshot('calm-error-in-words');
    await properties.getByRole('button', { name: 'Close properties' }).click();
  });

  it('asks before saving tenant settings that leave the pool and the limit below what is there, and says Saved', async () => {
    const { browser, page } = session();
    await openTenantSection(page, 'Acme', 'Settings');
    const form = page.getByRole('form', { name: 'Settings of Acme' });
    await form.getByLabel('Storage pool', { exact: true }).fill('45');
    await form.getByLabel('Mailbox limit').fill('10');
    await form.getByRole('button', { name: 'Save settings' }).click();
    const confirm = page.getByRole('dialog', { name: 'Save the settings of Acme?' });
    const warnings = confirm.getByRole('list', { name: 'What the save leaves over its limits' });
    await expect.poll(() => warnings.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^The storage pool of 45 GiB is less than the 60 GiB its mailboxes already have \(133% of it\)\./),
      expect.stringMatching(/^The mailbox limit of 10 is below the 20 mailboxes the tenant has \(200% of it\)\./),
    ]);
    await browser.screenshot('calm-tenant-settings-confirm');

    // Cancel writes nothing.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await callInPageOk<Tenant>(page, 'getTenant', { tenant: 'Acme' })).toMatchObject({ storagePoolBytes: 100 * gib, mailboxLimit: 500 });

    await form.getByRole('button', { name: 'Save settings' }).click();
    await confirm.getByRole('button', { name: 'Save anyway' }).click();
    await expect.poll(() => form.getByRole('status').innerText()).toBe('Saved.');
    expect(await callInPageOk<Tenant>(page, 'getTenant', { tenant: 'Acme' })).toMatchObject({ storagePoolBytes: 45 * gib, mailboxLimit: 10 });
    await browser.screenshot('calm-tenant-settings-saved');

    // Back within limits: no question, and Saved again.
    await form.getByLabel('Storage pool', { exact: true }).fill('100');
    await form.getByLabel('Mailbox limit').fill('500');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => form.getByRole('status').innerText()).toBe('Saved.');
    expect(await confirm.count()).toBe(0);
    expect(await callInPageOk<Tenant>(page, 'getTenant', { tenant: 'Acme' })).toMatchObject({ storagePoolBytes: 100 * gib, mailboxLimit: 500 });
  });

  it('ends the new-group dialog with Create, and asks before Close throws picked members away', async () => {
    const { browser, page } = session();
    await openTenantSection(page, 'Acme', 'Groups');
    await page.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog', { name: 'New group in Acme' });
    await dialog.getByLabel('Name', { exact: true }).fill('Night shift');
    const member = acme[1];
    if (member === undefined) throw new Error('Acme needs two mailboxes');
    await dialog.getByLabel('Find a mailbox to add').fill(member.login);
    await dialog.getByRole('button', { name: 'Find' }).click();
    await dialog.getByRole('button', { name: `Add ${member.login}` }).click();
    await expect.poll(() => dialog.getByRole('list', { name: /^Members of/ }).innerText()).toContain(member.primaryAddress);

    // Create is the last action, below the members; Cancel sits before it.
    const create = dialog.getByRole('button', { name: 'Create group' });
    const members = dialog.getByRole('group', { name: /^Members/ });
    expect((await box(create)).y).toBeGreaterThan((await box(members)).y + (await box(members)).height);
    const actions = await dialog.locator('.dialog__actions').last().getByRole('button').allInnerTexts();
    expect(actions.at(-1)).toBe('Create group');
    await browser.screenshot('calm-new-group-dialog');

    await dialog.getByRole('button', { name: 'Close dialog' }).click();
    const discard = page.getByRole('dialog', { name: 'Discard the new group?' });
    await expect.poll(() => discard.innerText()).toMatch(/the 1 member picked are not saved either/);
    await browser.screenshot('calm-new-group-discard');
    await discard.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.getByRole('list', { name: /^Members of/ }).innerText()).toContain(member.primaryAddress);

    await create.click();
    const created = page.getByRole('dialog', { name: 'Group Night shift' });
    await created.waitFor();
    await created.getByRole('button', { name: 'Close', exact: true }).click();
    await created.waitFor({ state: 'detached' });
    expect(await page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.getByRole('grid', { name: 'Groups of Acme' }).getByRole('row', { name: /Night shift/ }).innerText()).toMatch(/Night shift\s+1/);
  });

  it('keeps the header on the working session after a failed Connect', async () => {
    const { browser, page } = session();
    const header = page.getByRole('banner');
    const sandboxUrl = (await page.locator('.header-bar__url').innerText()).trim();
    await page.getByRole('button', { name: 'Connections…' }).click();
    const manager = page.getByRole('dialog', { name: 'Connections' });
    await manager.getByRole('button', { name: 'Add connection…' }).click();
    const editor = page.getByRole('dialog', { name: 'Add connection' });
    await editor.getByLabel('Name', { exact: true }).fill('Nobody home');
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    await editor.getByLabel('Servers').fill('ldap://127.0.0.1:9');
    await editor.getByLabel('Sign in as').fill('cn=admin,dc=nowhere,dc=test');
    await editor.getByLabel('TLS mode').selectOption('none');
    await editor.getByLabel('Password', { exact: true }).fill('whatever');
    await editor.getByRole('button', { name: 'Save connection' }).click();
    const entry = manager.getByRole('listitem', { name: 'Nobody home' });
    await entry.getByRole('button', { name: 'Connect to Nobody home' }).click();
    await expect.poll(() => manager.getByRole('alert').innerText()).toMatch(/Could not connect\s+The directory server cannot be reached/);
    await manager.getByRole('button', { name: 'Close', exact: true }).click();
    await manager.waitFor({ state: 'detached' });

    await expect.poll(() => header.getByRole('status', { name: 'Connection state' }).innerText()).toBe('Connected');
    expect((await page.locator('.header-bar__url').innerText()).trim()).toBe(sandboxUrl);
    expect((await readTenantNodes(page)).map((tenant) => tenant.name)).toContain('Acme');
    await browser.screenshot('calm-connect-failed-header');
  });

  it('hides a column on request and remembers it for this user across a reload', async () => {
    const { browser, server, page } = session();
    await openTenantSection(page, 'Acme', 'Mailboxes');
    const grid = await waitForMailboxGrid(page);
    await contentPane(page).getByRole('button', { name: 'Columns…' }).click();
    const chooser = contentPane(page).getByRole('group', { name: 'Show columns' });
    await chooser.getByLabel('Primary address').uncheck();
    await browser.screenshot('calm-column-chooser');
    // The headers' names, without the sort arrow (the grid starts sorted by display name) and the nameless checkbox
    // column that picks rows for bulk actions.
    const headers = async (table: typeof grid) => (await table.getByRole('columnheader').allInnerTexts()).map((text) => text.replace(/[▲▼]/g, '').trim()).filter((text) => text !== '');
    await expect.poll(() => headers(grid)).toEqual(['Display name', 'Login', 'Quota', 'State']);

    // Loading the page again cuts the old page's event stream: that one aborted request is expected.
    const before = browser.problems.length;
    await page.goto(server.url);
    await readTenantNodes(page);
    const cut = browser.problems.splice(before).filter((problem) => !/^request failed: GET \S+\/api\/events \(net::ERR_ABORTED\)$/.test(problem));
    browser.problems.push(...cut);
    await openTenantSection(page, 'Acme', 'Mailboxes');
    const again = await waitForMailboxGrid(page);
    expect(await headers(again)).toEqual(['Display name', 'Login', 'Quota', 'State']);
    await contentPane(page).getByRole('button', { name: 'Columns…' }).click();
    await contentPane(page).getByRole('group', { name: 'Show columns' }).getByLabel('Primary address').check();
    await expect.poll(async () => (await headers(again)).length).toBe(5);
  });

  it('at 1024×700 keeps every grid column, the panel\'s actions and the header\'s buttons on screen', async () => {
    const { browser, page } = session();
    await page.setViewportSize({ width: 1024, height: 700 });
    await openTenantSection(page, 'Acme', 'Mailboxes');
    const grid = await waitForMailboxGrid(page);
    // The first row on screen (the grid starts sorted by display name).
    const firstLogin = (await readGridRows(grid))[0]?.['Login'];
    const target = acme.find((mailbox) => mailbox.login === firstLogin);
    if (target === undefined) throw new Error('Acme has no mailboxes');
    await grid.getByRole('row', { name: new RegExp(target.login.replace(/\./g, '\\.')) }).click();
    const properties = propertiesOf(page, target.login);
    await properties.getByRole('tab', { name: 'General' }).waitFor();
    await browser.screenshot('calm-1024x700');

    for (const name of ['Display name', 'Login', 'Primary address', 'Quota', 'State']) {
      expect(await withinHorizontally(grid.getByRole('columnheader', { name: new RegExp(name) }), grid), name).toBe(true);
    }
    for (const login of await grid.locator('[role="row"]:not([aria-rowindex="1"]) > [role="gridcell"]:nth-child(3)').all()) {
      expect(await cutShort(login), await login.innerText()).toBe(false);
    }
    const inWindow = async (locator: Locator) => {
      const found = await box(locator);
      return found.x >= 0 && found.y >= 0 && found.x + found.width <= 1024 && found.y + found.height <= 700;
    };
    for (const button of [page.getByRole('button', { name: 'Connections…' }), page.getByRole('button', { name: 'New mailbox' }), properties.getByRole('button', { name: 'Save' }), properties.getByRole('button', { name: 'Close properties' })]) {
      expect(await inWindow(button), String(button)).toBe(true);
    }
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth <= (globalThis as unknown as PageGlobals).innerWidth)).toBe(true);
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('raised no console errors, uncaught exceptions, CSP violations or failed requests', () => {
    expect(session().browser.problems).toEqual([]);
  });
});
