/**
 * The console with the sandbox's private Dovecot (ENCLAVE_SANDBOX_MAIL=1), in Chromium: the quota view shows real
 * usage (demo mail delivered over LMTP), host settings make and remove a mail host's service account (its password
 * shown once), a tenant's mail services are changed in its settings, a mailbox overrides one and shows its activity.
 * Skipped with a printed reason without root or Dovecot; under CI=true that fails.
 */
import { describe, expect, it } from 'vitest';
import { mailServersUnavailableReason } from '../../harness/dovecot-test-server';
import { skipWithoutServer } from '../../harness/required-server';
import { contentPane, openTenantSection, propertiesOf, readGridRows, readTableRows, waitForMailboxGrid, waitForRegion } from '../harness/console-page';
import { useConsoleSession } from '../harness/console-session';

const skip = skipWithoutServer('the console mail tests', await mailServersUnavailableReason());

describe.skipIf(skip)('the console with a real mail store', () => {
  const session = useConsoleSession({ viewport: { width: 1500, height: 1000 }, defaultTimeoutMs: 15_000, openConsole: true, env: { ENCLAVE_SANDBOX_MAIL: '1' } });
  const views = () => session().page.getByRole('navigation', { name: 'Views' });

  it('shows used against allocated from the sandbox’s Dovecot in the quota view', async () => {
    const { browser, page } = session();
    await views().getByRole('button', { name: 'Quotas' }).click();
    const region = page.getByRole('region', { name: 'Quotas' });
    await waitForRegion(region, ['ready']);
    await expect.poll(() => region.getByRole('note').innerText()).toMatch(/^Usage from Dovecot \(doveadm -c .*\): [\d.]+ MiB stored/);
    const rows = await readTableRows(region.getByRole('grid', { name: 'Tenant quotas' }));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row['Used']).toMatch(/^[\d.]+ MiB$/);
    await region.getByRole('figure', { name: 'Used against allocated' }).locator('.recharts-wrapper > svg').waitFor();
    await region.getByRole('figure', { name: 'Largest mailboxes by use (all tenants)' }).locator('.recharts-wrapper > svg').waitFor();
    await browser.screenshot('quota-view-with-usage');
  });

  it('makes a mail host’s service account in host settings, shows its password once, and removes it', async () => {
    const { browser, page } = session();
    await views().getByRole('button', { name: 'Host settings' }).click();
    const region = page.getByRole('region', { name: 'Host settings' });
    const table = region.getByRole('table', { name: 'Service accounts' });
    await expect.poll(() => table.locator('tr[data-account="sandbox-mail"]').count()).toBe(1);
    await region.getByLabel('Name', { exact: true }).fill('Mail 2');
    await expect.poll(() => region.getByText(/Service account name: 1–20 characters/).count()).toBe(1);
    await region.getByLabel('Name', { exact: true }).fill('mail2');
    await region.getByLabel('Description').fill('Second IMAP host');
    await region.getByRole('button', { name: 'Create service account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Service account mail2 created' });
    expect(await dialog.getByLabel('Generated password').innerText()).toMatch(/^[A-Za-z0-9_-]{35}$/);
    await browser.screenshot('service-account-created');
    await dialog.getByRole('button', { name: 'I have saved the password' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => table.locator('tr[data-account="mail2"]').innerText()).toMatch(/Yes.*Second IMAP host/s);
    await table.locator('tr[data-account="mail2"]').getByRole('button', { name: 'Remove…' }).click();
    await page.getByRole('dialog', { name: 'Remove service account mail2?' }).getByRole('button', { name: 'Remove service account' }).click();
    await expect.poll(() => table.locator('tr[data-account="mail2"]').count()).toBe(0);
  });

  it('changes a tenant’s mail services in its settings', async () => {
    const { browser, page } = session();
    await views().getByRole('button', { name: 'Directory' }).click();
    await openTenantSection(page, 'Acme', 'Settings');
    const form = contentPane(page).getByRole('form', { name: 'Mail services of Acme' });
    await form.getByLabel('IMAP allowed').uncheck();
    await form.getByLabel('Largest message (MiB)').fill('10');
    await form.getByRole('button', { name: 'Save mail services' }).click();
    await expect.poll(() => form.getByRole('status').innerText()).toBe('Mail services saved.');
    await browser.screenshot('tenant-mail-services');
  });

  it('overrides a service for one mailbox and shows its activity: used, messages, lock state', async () => {
    const { browser, page } = session();
    await openTenantSection(page, 'Acme', 'Mailboxes');
    const grid = await waitForMailboxGrid(page);
    // A disabled mailbox refused its demo mail: take an enabled one.
    const login = (await readGridRows(grid)).find((row) => row['State'] === 'Enabled')?.['Login'] ?? '';
    await grid.getByRole('gridcell', { name: login, exact: true }).click();
    const properties = propertiesOf(page, login);
    await properties.getByRole('tab', { name: 'Services' }).click();
    const imap = properties.getByLabel('IMAP', { exact: true });
    expect(await imap.locator('option:checked').innerText()).toBe('Its tenant’s setting (refused)');
    await imap.selectOption('allow');
    await properties.getByRole('button', { name: 'Save mail services' }).click();
    await expect.poll(() => properties.getByRole('region', { name: 'What applies' }).innerText()).toMatch(/IMAP: allowed \(its own setting\)[\s\S]*Largest message: 10 MiB \(its tenant’s setting\)/);
    await browser.screenshot('mailbox-services');

    await properties.getByRole('tab', { name: 'Activity' }).click();
    await expect.poll(() => properties.locator('[data-field="used"]').innerText()).toMatch(/^[\d.]+ (KiB|MiB) \([\d.]+% of \d+ GiB\)$/);
    expect(Number(await properties.locator('[data-field="messages"]').innerText())).toBeGreaterThan(0);
    expect(await properties.locator('[data-field="lock-state"]').innerText()).toBe('Not locked');
    expect(await properties.locator('[data-field="last-login"]').innerText()).toMatch(/^Never/);
    await browser.screenshot('mailbox-activity');
  });
});
