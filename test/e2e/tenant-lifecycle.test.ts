/**
 * A tenant's whole life in the console, in Chromium against the real sandbox: a host admin sets its password
 * policy, the new-mailbox form checks a password against it as it is typed, then the tenant leaves — its exit
 * package written (files on disk, hashed), its deletion refused until the name is typed, and the teardown report
 * shown before the tenant leaves the tree.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TenantExitPackage } from '../../shared/model/tenant-lifecycle';
import { contentPane, openTenantSection, readTenantNodes, waitForMailboxGrid } from './harness/console-page';
import { useConsoleSession } from './harness/console-session';

describe('a tenant’s password policy and its leaving, in the console', () => {
  const session = useConsoleSession({ viewport: { width: 1440, height: 1000 }, defaultTimeoutMs: 15_000, openConsole: true });

  it('changes the tenant’s password policy on its settings page', async () => {
    const { browser, page } = session();
    await openTenantSection(page, 'Acme', 'Settings');
    const policy = page.getByRole('form', { name: 'Password policy of Acme' });
    await policy.getByLabel('Minimum password length').fill('14');
    await policy.getByLabel('Passwords remembered').fill('3');
    await policy.getByRole('button', { name: 'Save password policy' }).click();
    await expect.poll(() => policy.getByText('Password policy saved.').count()).toBe(1);
    await policy.getByLabel('Minimum password length').fill('0');
    await expect.poll(() => policy.getByText('At least 1').count()).toBe(1);
    expect(await policy.getByRole('button', { name: 'Save password policy' }).isDisabled()).toBe(true);
    await policy.getByLabel('Minimum password length').fill('14');
    await browser.screenshot('password-policy');
  });

  it('checks a new mailbox’s password against that policy as it is typed', async () => {
    const { browser, page } = session();
    await openTenantSection(page, 'Acme', 'Mailboxes');
    await waitForMailboxGrid(page);
    await page.getByRole('button', { name: 'New mailbox' }).click();
    const dialog = page.getByRole('dialog', { name: 'New mailbox in Acme' });
    await dialog.getByLabel('Last name').fill('Leaver');
    await dialog.getByLabel('Login name').fill('leaver');
    await dialog.getByLabel('Primary address').fill('leaver@acme.test');
    const rules = dialog.getByRole('list', { name: 'Password rules of Acme' });
    const length = rules.locator('[data-rule="length"]');
    await expect.poll(() => length.innerText()).toMatch(/At least 14 characters/);
    await dialog.getByLabel('Password', { exact: true }).fill('Short-pass-1');
    await expect.poll(() => length.getAttribute('data-state')).toBe('unmet');
    expect(await rules.locator('[data-rule="history"]').getAttribute('data-state')).toBe('info');
    await browser.screenshot('password-rules-unmet');
    await dialog.getByLabel('Password', { exact: true }).fill('A-Much-Longer-Pass-1');
    await expect.poll(() => length.getAttribute('data-state')).toBe('met');
    await dialog.getByLabel('Repeat password').fill('A-Much-Longer-Pass-1');
    await dialog.getByRole('button', { name: 'Create mailbox' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('writes the exit package, then refuses the deletion until the name is typed, and shows the report', async () => {
    const { browser, page, server } = session();
    await openTenantSection(page, 'Acme', 'Settings');
    const leaving = page.getByRole('region', { name: 'Leaving' });
    await expect.poll(() => leaving.getByText(/No exit package yet/).count()).toBe(1);
    await leaving.getByRole('button', { name: 'Export exit package' }).click();
    const written = leaving.getByRole('status', { name: 'Exit package written' });
    await expect.poll(() => written.count(), { timeout: 30_000 }).toBe(1);
    const folder = (await written.locator('.path').innerText()).trim();
    expect(folder.startsWith(join(server.dataDir, 'tenant-exits'))).toBe(true);
    await browser.screenshot('exit-package');
    // The files are there, each as its manifest says.
    const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as TenantExitPackage;
    expect(manifest).toMatchObject({ tenant: 'Acme', counts: { mailboxes: 21 } });
    for (const file of manifest.files) expect(createHash('sha256').update(await readFile(join(folder, file.path))).digest('hex')).toBe(file.sha256);
    await expect.poll(() => leaving.getByText(/Last exit package:/).count()).toBe(1);

    await leaving.getByRole('button', { name: 'Delete tenant…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete tenant Acme?' });
    const remove = confirm.getByRole('button', { name: 'Delete tenant' });
    expect(await remove.isDisabled()).toBe(true);
    await confirm.getByLabel('Type the tenant’s name to confirm').fill('acme');
    expect(await remove.isDisabled()).toBe(true);
    await confirm.getByLabel('Type the tenant’s name to confirm').fill('Acme');
    await expect.poll(() => remove.isDisabled()).toBe(false);
    await browser.screenshot('teardown-confirm');
    await remove.click();

    const report = page.getByRole('dialog', { name: 'Teardown of Acme' });
    await expect.poll(() => report.count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => report.getByText('Nothing of the tenant is left in the directory.').count()).toBe(1);
    expect(await report.innerText()).toMatch(/21 mail-store folders \(named by entryUUID\) to purge/);
    await browser.screenshot('teardown-report');
    await report.getByRole('button', { name: 'Done' }).click();
    await report.waitFor({ state: 'detached' });
    await expect.poll(async () => (await readTenantNodes(page)).map((tenant) => tenant.name)).not.toContain('Acme');
    expect(await contentPane(page).getByText('Settings of Acme').count()).toBe(0);
  });

  it('raised no console errors, uncaught exceptions, CSP violations or failed requests', () => {
    expect(session().browser.problems).toEqual([]);
  });
});
