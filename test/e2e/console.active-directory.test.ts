/**
 * The console in Chromium against a real Samba AD DC (test/harness/samba-test-dc.ts) over LDAPS, seeded with the
 * demo tenants: the tree and a page of mailboxes, a new mailbox with an alias and a password (its primary group
 * checked on the server), its quota, disable/enable, a distribution list, the member picker's tenant boundary, a
 * small bulk import, the quota view, and the audit viewer with its journal and its word on AD's server log.
 * One DC for the file: the tests build on each other in order, as an administrator's session would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../main/app/directory-session';
import { readObjectSid } from '../../main/flavors/active-directory/directory/object-sid';
import { ridOf, wellKnownRids } from '../../main/flavors/active-directory/directory/security-descriptor';
import { bulkImportOperation } from '../../main/bulk/chunk-audit';
import { DirectoryConnection } from '../../main/directory/directory-connection';
import { domainFactsReader } from '../../main/flavors/active-directory/ad-domain';
import { demoMailboxesPerTenant, demoTenants } from '../../main/hosting/demo-seed';
import { secretPlaceholder, type AuditRecord } from '../../shared/model/audit';
import { operationLabel } from '../../shared/model/audit-labels';
import { domainOf } from '../../shared/model/fields';
import { adTestSettings, openAdSession } from '../harness/samba-session';
import { sambaUnavailableReason, type SambaTestDc } from '../harness/samba-test-dc';
import { skipWithoutServer } from '../harness/required-server';
import { adConnectionName } from './harness/ad-directory';
import { openTenantSection, propertiesOf, readGridRows, readSelectedTenantDomains, readTableRows, readTenantNodes, waitForMailboxGrid, waitForRegion } from './harness/console-page';
import { readTableRows as readReportRows } from './harness/report-page';
import { useConsoleSession } from './harness/console-session';
import { callInPage } from './harness/page-api';
import { closeAndFindImported, previewImport, waitForImportCompleted } from './harness/import-page';

const skip = skipWithoutServer('the console\'s Active Directory e2e suite', await sambaUnavailableReason());

const [acme, globex] = demoTenants;
if (acme === undefined || globex === undefined) throw new Error('The demo seed has fewer than two tenants');
const gib = 2 ** 30;
const password = 'Correct-Horse-9';

describe.skipIf(skip)('console in a browser against Active Directory (Samba AD DC)', () => {
  const session = useConsoleSession({ flavor: 'active-directory', viewport: { width: 1440, height: 900 }, defaultTimeoutMs: 15_000, openConsole: true });
  /** The host admin's own connection, for looking at what the console wrote. */
  let admin: DirectorySession;
  const dc = (): SambaTestDc => {
    const running = session().dc;
    if (running === null) throw new Error('The session has no DC');
    return running;
  };

  beforeAll(async () => {
    admin = await openAdSession(dc());
  });
  afterAll(async () => {
    await admin?.connection.dispose();
  });

  /** The user entry's primary group and the RIDs it should and should not be. */
  async function primaryGroupOf(tenant: string, login: string) {
    const { dn } = await admin.services.mailboxes.get(tenant, login);
    const allUsersDn = admin.services.context.dialect.groupDn(tenant, 'security', 'all-users');
    const user = await admin.connection.read(dn, ['primaryGroupID', 'memberOf']);
    const { domainUsersDn } = await domainFactsReader(dc().suffix)(admin.connection);
    const domainUsers = await admin.connection.read(domainUsersDn, ['member']);
    return {
      primaryGroupId: Number(user?.['primaryGroupID']),
      allUsersRid: ridOf((await readObjectSid(admin.connection, allUsersDn)) ?? ''),
      inDomainUsersMember: [domainUsers?.['member'] ?? []].flat().some((member) => String(member).toLowerCase() === dn.toLowerCase()),
    };
  }

  it('connects over LDAPS and shows the demo tenants with their mailbox counts', async () => {
    const { page, browser } = session();
    const header = page.getByRole('banner');
    await expect.poll(() => header.getByRole('status', { name: 'Connection state' }).innerText()).toBe('Connected');
    expect(await header.locator('.header-bar__url').innerText()).toBe(dc().ldapsUrl);
    expect(await header.innerText()).toContain(adConnectionName);
    expect(await header.getByLabel('Signed in as').innerText()).toBe('Host administrator');

    const tenants = await readTenantNodes(page);
    expect(tenants.map((tenant) => [tenant.name, tenant.mailboxCount]).sort()).toEqual(demoTenants.map((tenant) => [tenant.name, demoMailboxesPerTenant]).sort());
    await browser.screenshot('ad-console');
  });

  it('shows a page of a tenant\'s mailboxes, each in its domain, with enabled and disabled accounts', async () => {
    const { page } = session();
    await openTenantSection(page, globex.name, 'Mailboxes');
    const grid = await waitForMailboxGrid(page);
    expect(await grid.getAttribute('aria-label')).toBe(`Mailboxes of ${globex.name}`);
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(demoMailboxesPerTenant + 1));
    expect(await readSelectedTenantDomains(page)).toEqual([globex.domain]);
    const rows = await readGridRows(grid);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((row) => domainOf(row['Primary address'] ?? '') !== globex.domain)).toEqual([]);
    // userAccountControl 512/514 as the State column; the seed disables every ninth mailbox.
    expect(new Set(rows.map((row) => row['State']))).toEqual(new Set(['Enabled', 'Disabled']));
  });

  it('creates a mailbox with an alias and a password; on the server its primary group is all-users, not Domain Users', async () => {
    const { browser, page } = session();
    await openTenantSection(page, acme.name, 'Mailboxes');
    await waitForMailboxGrid(page);
    await page.getByRole('button', { name: 'New mailbox' }).click();
    const dialog = page.getByRole('dialog', { name: `New mailbox in ${acme.name}` });
    await dialog.getByLabel('First name').fill('Peter');
    await dialog.getByLabel('Last name').fill('Gibbons');
    await dialog.getByLabel('Login name').fill('peter');
    await dialog.getByLabel('Primary address').fill(`peter@${acme.domain}`);
    await dialog.getByRole('button', { name: 'Add alias' }).click();
    await dialog.getByLabel('Alias 1', { exact: true }).fill(`pg@${acme.domain}`);
    await dialog.getByLabel('Password', { exact: true }).fill(password);
    await dialog.getByLabel('Repeat password').fill(password);
    await dialog.getByRole('button', { name: 'Create mailbox' }).click();
    await dialog.waitFor({ state: 'detached' });

    const properties = propertiesOf(page, 'peter');
    await properties.getByRole('tab', { name: 'Addresses' }).click();
    await expect.poll(() => properties.getByLabel('Alias 1', { exact: true }).inputValue()).toBe(`pg@${acme.domain}`);
    await browser.screenshot('ad-mailbox-addresses');

    const raw = await admin.connection.read((await admin.services.mailboxes.get(acme.name, 'peter')).dn, ['userAccountControl', 'proxyAddresses', 'userPrincipalName']);
    expect(raw).toMatchObject({ userAccountControl: '512', userPrincipalName: `peter@${acme.domain}` });
    expect([raw?.['proxyAddresses']].flat().sort()).toEqual([`SMTP:peter@${acme.domain}`, `smtp:pg@${acme.domain}`]);
    const group = await primaryGroupOf(acme.name, 'peter');
    expect(group.primaryGroupId).toBe(group.allUsersRid);
    expect(group.primaryGroupId).not.toBe(wellKnownRids.domainUsers);
    expect(group.inDomainUsersMember).toBe(false);
  });

  it('changes the quota against the tenant\'s pool after the user signed in (no false "changed elsewhere")', async () => {
    const { browser, page } = session();
    const properties = propertiesOf(page, 'peter');
    // The user signs in with the password set over LDAPS while the editor is open: AD writes lastLogonTimestamp
    // (and uSNChanged moves), which is no change to anything the editor shows.
    const asPeter = new DirectoryConnection(adTestSettings(dc(), `peter@${acme.domain}`, password));
    try {
      await asPeter.open();
    } finally {
      await asPeter.dispose();
    }
    await properties.getByRole('tab', { name: 'Quota' }).click();
    const pool = properties.getByLabel('Storage pool of the tenant');
    await expect.poll(() => pool.innerText()).toMatch(/Left in the pool\s*\d+ GiB/);
    const left = Number(/Left in the pool\s*(\d+) GiB/.exec(await pool.innerText())?.[1]);
    await properties.getByLabel('Mailbox quota', { exact: true }).fill('3');
    // The new mailbox took the tenant's default quota (2 GiB): one more GiB comes out of the pool.
    await expect.poll(() => pool.innerText()).toContain(`${left - 1} GiB after this change`);
    await properties.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => properties.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
    await browser.screenshot('ad-mailbox-quota');
    const grid = await waitForMailboxGrid(page);
    await expect.poll(async () => (await readGridRows(grid)).find((row) => row['Login'] === 'peter')?.['Quota']).toBe('3 GiB');
    const raw = await admin.connection.read((await admin.services.mailboxes.get(acme.name, 'peter')).dn, ['msDS-cloudExtensionAttribute1']);
    expect(raw?.['msDS-cloudExtensionAttribute1']).toBe(String(3 * gib));
  });

  it('disables and enables the mailbox', async () => {
    const { page } = session();
    const properties = propertiesOf(page, 'peter');
    await properties.getByRole('tab', { name: 'Account' }).click();
    const state = properties.getByRole('region', { name: 'Account state' });
    const userAccountControl = async () => (await admin.connection.read((await admin.services.mailboxes.get(acme.name, 'peter')).dn, ['userAccountControl']))?.['userAccountControl'];

    await state.getByRole('button', { name: 'Disable mailbox' }).click();
    await expect.poll(() => state.innerText()).toMatch(/State:\s*Disabled/);
    expect(await userAccountControl()).toBe('514');
    const grid = await waitForMailboxGrid(page);
    await expect.poll(async () => (await readGridRows(grid)).find((row) => row['Login'] === 'peter')?.['State']).toBe('Disabled');

    await state.getByRole('button', { name: 'Enable mailbox' }).click();
    await expect.poll(() => state.innerText()).toMatch(/State:\s*Enabled/);
    expect(await userAccountControl()).toBe('512');
    await expect.poll(async () => (await readGridRows(grid)).find((row) => row['Login'] === 'peter')?.['State']).toBe('Enabled');
  });

  it('adds the mailbox to a distribution list', async () => {
    const { browser, page } = session();
    await openTenantSection(page, acme.name, 'Distribution lists');
    const table = page.getByRole('grid', { name: `Distribution lists of ${acme.name}` });
    const before = await readTableRows(table);
    const sales = before.find((row) => row['Name'] === 'Sales');
    if (sales === undefined) throw new Error(`${acme.name} has no Sales list: ${JSON.stringify(before)}`);
    await table.getByRole('gridcell', { name: 'Sales', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Distribution list Sales' });
    await dialog.getByLabel('Find a mailbox to add').fill('peter');
    await dialog.getByRole('button', { name: 'Find' }).click();
    await dialog.getByRole('button', { name: 'Add peter' }).click();
    await expect.poll(() => dialog.getByRole('list', { name: 'Members of Sales' }).innerText()).toContain(`peter@${acme.domain}`);
    await browser.screenshot('ad-distribution-list');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect.poll(async () => (await readTableRows(table)).find((row) => row['Name'] === 'Sales')?.['Members']).toBe(String(Number(sales['Members']) + 1));

    const list = await admin.services.groups.get({ tenant: acme.name, kind: 'distribution', name: 'Sales' });
    expect(list.members.map((member) => member.login)).toContain('peter');
  });

  it('offers only the tenant\'s own mailboxes in a group\'s member picker, and the host refuses another tenant\'s user', async () => {
    const { browser, page } = session();
    const foreign = (await admin.services.mailboxes.list(globex.name, 1)).items[0];
    if (foreign === undefined) throw new Error(`${globex.name} has no mailbox`);
    await openTenantSection(page, acme.name, 'Groups');
    await page.getByRole('grid', { name: `Groups of ${acme.name}` }).getByRole('gridcell', { name: 'Staff', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Group Staff' });
    const members = dialog.getByRole('list', { name: 'Members of Staff' });
    const memberCount = await members.getByRole('listitem').count();

    for (const query of [foreign.primaryAddress, globex.domain]) {
      await dialog.getByLabel('Find a mailbox to add').fill(query);
      await dialog.getByRole('button', { name: 'Find' }).click();
      await expect.poll(() => dialog.getByRole('list', { name: 'Mailboxes found' }).innerText()).toBe(`No mailbox of ${acme.name} matches.`);
    }
    // Same given name, both tenants: only Acme's mailboxes are offered.
    await dialog.getByLabel('Find a mailbox to add').fill(foreign.givenName);
    await dialog.getByRole('button', { name: 'Find' }).click();
    const found = dialog.getByRole('list', { name: 'Mailboxes found' });
    await expect.poll(() => found.getByRole('listitem').count()).toBeGreaterThan(0);
    expect((await found.innerText()).includes(`@${globex.domain}`)).toBe(false);
    expect(await found.getByRole('button', { name: `Add ${foreign.login}` }).count()).toBe(0);
    await browser.screenshot('ad-member-picker');

    // A page that asks anyway (another window, a script) is refused by main before anything is sent.
    const refused = await callInPage(page, 'addGroupMembers', { tenant: acme.name, kind: 'security', name: 'Staff', logins: [foreign.login] });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(new RegExp(`${foreign.login}.*${acme.name}|${acme.name}.*${foreign.login}`));
    const staff = await admin.services.groups.get({ tenant: acme.name, kind: 'security', name: 'Staff' });
    expect(staff.members.map((member) => member.login)).not.toContain(foreign.login);
    expect(await members.getByRole('listitem').count()).toBe(memberCount);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('imports a small CSV through the import dialog, refusing another tenant\'s domain', async () => {
    const { browser, page } = session();
    const csv = [
      'login,given name,surname,primary address,password',
      `imp.ada,Ada,Lovelace,imp.ada@${acme.domain},Import-Pass-1`,
      `imp.grace,Grace,Hopper,imp.grace@${globex.domain},Import-Pass-2`,
      `imp.alan,Alan,Turing,imp.alan@${acme.domain},Import-Pass-3`,
    ].join('\r\n');
    await openTenantSection(page, acme.name, 'Mailboxes');
    await waitForMailboxGrid(page);
    const dialog = await previewImport(page, acme.name, 'acme-ad.csv', csv);
    expect(await readTableRows(dialog.getByRole('table', { name: 'Preview counts' }))).toEqual([{ Rows: '3', Create: '2', Update: '0', Unchanged: '0', Rejected: '1' }]);
    expect(await readTableRows(dialog.getByRole('table', { name: 'Rejected rows' }))).toMatchObject([{ Row: '3', Login: 'imp.grace', Reason: expect.stringContaining(`imp.grace@${globex.domain} is not in a domain of tenant "${acme.name}"`) }]);
    await dialog.getByLabel(/Import only the valid rows/).check();
    await dialog.getByRole('button', { name: /^Start import/ }).click();
    expect(await waitForImportCompleted(dialog, 60_000)).toEqual([{ Rows: '3', Valid: '2', Rejected: '1', Created: '2', Updated: '0', Unchanged: '0', Failed: '0' }]);
    await browser.screenshot('ad-import-dialog');
    expect(await closeAndFindImported(page, dialog, 'imp.')).toEqual(['imp.ada', 'imp.alan']);
    // The import's batched path gives the same primary group as a single create.
    const group = await primaryGroupOf(acme.name, 'imp.ada');
    expect(group.primaryGroupId).toBe(group.allUsersRid);
    expect(group.inDomainUsersMember).toBe(false);
  }, 120_000);

  it('shows every tenant\'s pool, allocation and mailbox count in the quota view', async () => {
    const { browser, page } = session();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Quotas' }).click();
    const region = page.getByRole('region', { name: 'Quotas' });
    await waitForRegion(region, ['ready']);
    const rows = await readReportRows(region.getByRole('grid', { name: 'Tenant quotas' }));
    const byTenant = Object.fromEntries(rows.map((row) => [row['Tenant'], row]));
    expect(Object.keys(byTenant).sort()).toEqual(demoTenants.map((tenant) => tenant.name).sort());
    // The seed: 100 GiB pools, 20 mailboxes of 1–5 GiB (60 GiB), limit 500. Acme: + peter (3 GiB) + two imported at its 2 GiB default.
    expect(byTenant[globex.name]).toMatchObject({ Pool: '100 GiB', Allocated: '60 GiB', Mailboxes: '20', Limit: '500' });
    expect(byTenant[acme.name]).toMatchObject({ Pool: '100 GiB', Allocated: '67 GiB', 'Of pool': '67%', Mailboxes: '23', Limit: '500' });
    await region.getByRole('figure', { name: 'Tenants nearest their limits' }).locator('.recharts-wrapper > svg').waitFor();
    await browser.screenshot('ad-quota-view');
  });

  it('shows the console\'s journal in the audit viewer and says AD has no server log over LDAP', async () => {
    const { browser, page } = session();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Audit log' }).click();
    const region = page.getByRole('region', { name: 'Audit log' });
    await waitForRegion(region, ['ready']);
    await expect.poll(() => region.getByRole('note').innerText()).toMatch(/Active Directory keeps no log of changes that can be read over LDAP/);

    const form = page.getByRole('form', { name: 'Audit filters' });
    await form.getByLabel('Tenant').fill(acme.name);
    await form.getByRole('button', { name: 'Apply' }).click();
    await waitForRegion(region, ['ready']);
    const table = region.getByRole('table', { name: 'Audit records' });
    const rows = await readReportRows(table);
    expect(rows.every((row) => row['Source'] === 'console' && row['Tenant'] === acme.name)).toBe(true);
    // Operations in words (shared/model/audit-labels.ts), as the viewer shows them.
    const operations = new Set(rows.map((row) => row['Operation']));
    const expected = ['createMailbox', 'updateMailbox', 'addGroupMembers', bulkImportOperation].map((operation) => operationLabel({ operation } as AuditRecord));
    for (const operation of [...expected, 'Mailbox disabled', 'Mailbox enabled']) expect(operations).toContain(operation);
    // The refused cross-tenant member was refused before any write: nothing journaled as sent.
    expect(rows.filter((row) => row['Operation'] === 'Members added' && row['Result'] !== 'ok')).toEqual([]);

    // The new mailbox's records: its password only as "(set)", and the primary-group step from Domain Users to all-users.
    const changes: Record<string, string>[] = [];
    for (const [index, row] of rows.entries()) {
      if (row['Operation'] !== 'Mailbox created' || row['Target'] !== `peter (${acme.name})`) continue;
      const cells = table.getByRole('row').nth(index + 1).getByRole('cell');
      expect(await cells.nth(5).getAttribute('title')).toMatch(/^CN=peter,/i);
      await table.getByRole('row').nth(index + 1).getByRole('button').click();
      changes.push(...(await readReportRows(page.getByRole('region', { name: 'Record detail' }).getByRole('table', { name: 'Changed attributes' }))));
    }
    expect(changes).toContainEqual(expect.objectContaining({ Attribute: 'Password', After: secretPlaceholder }));
    const { allUsersRid } = await primaryGroupOf(acme.name, 'peter');
    expect(changes).toContainEqual(expect.objectContaining({ Attribute: 'Primary group', Before: String(wellKnownRids.domainUsers), After: String(allUsersRid) }));
    expect(JSON.stringify(changes)).not.toContain(password);
    await browser.screenshot('ad-audit-view');
  });

  it('raised no console errors, uncaught exceptions, CSP violations or failed requests', () => {
    expect(session().browser.problems).toEqual([]);
  });
});
