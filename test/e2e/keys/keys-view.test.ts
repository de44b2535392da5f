/**
 * Keys and certificates in Chromium against the seeded sandbox: certificates planted straight into the sandbox
 * slapd (an expired one, one key in two tenants, a CA serving two tenants — what another tool might write), the
 * per-tenant findings view, then the mailbox editor importing a PEM (checked first; an expired one refused; one
 * for other addresses written only once the warning is confirmed) and removing a certificate.
 */
import { join } from 'node:path';
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSandboxCredentials } from '../../../main/flavors/openldap/sandbox/sandbox-credentials';
import type { MailboxPage } from '../../../shared/model/hosting';
import { TestCertificates, type TestCa, type TestCertificate } from '../../harness/test-certificates';
import { openTenantSection, propertiesOf, readTableRows, waitForMailboxGrid, waitForRegion } from '../harness/console-page';
import { useConsoleSession } from '../harness/console-session';
import { callInPageOk } from '../harness/page-api';

describe('keys and certificates', () => {
  const session = useConsoleSession({ viewport: { width: 1500, height: 1000 }, openConsole: true });
  let certs: TestCertificates;
  let acmeCa: TestCa;
  let sharedCa: TestCa;
  /** Acme's first four mailboxes, as the sandbox seeded them. */
  const acme: { login: string; address: string }[] = [];
  let fresh: TestCertificate;

  beforeAll(async () => {
    const { server, page } = session();
    certs = await TestCertificates.create();
    acmeCa = await certs.ca('Acme');
    sharedCa = await certs.ca('Hosted Keys');
    const first = async (tenant: string, count: number) =>
      (await callInPageOk<MailboxPage>(page, 'listMailboxes', { tenant, pageSize: count })).items.map((m) => ({ login: m.login, address: m.primaryAddress, dn: m.dn }));
    const acmeBoxes = await first('Acme', 4);
    const [globexBox] = await first('Globex, Inc.', 1);
    if (!globexBox || acmeBoxes.length < 4) throw new Error('the sandbox has not the demo mailboxes');
    acme.push(...acmeBoxes);

    // Planted as another tool would: past the console's checks, straight into the sandbox directory.
    const shared = await certs.key();
    const planted = [
      { dn: acmeBoxes[0]?.dn, cert: await certs.issue(acmeCa, { subject: `/CN=${acmeBoxes[0]?.login}`, emails: [acmeBoxes[0]?.address ?? ''], keyFile: shared }) },
      { dn: acmeBoxes[1]?.dn, cert: await certs.issue(acmeCa, { subject: `/CN=${acmeBoxes[1]?.login}`, emails: [acmeBoxes[1]?.address ?? ''], notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') }) },
      { dn: acmeBoxes[2]?.dn, cert: await certs.issue(sharedCa, { subject: `/CN=${acmeBoxes[2]?.login}`, emails: [acmeBoxes[2]?.address ?? ''] }) },
      { dn: globexBox.dn, cert: await certs.issue(sharedCa, { subject: `/CN=${globexBox.login}`, emails: [globexBox.address], keyFile: shared }) },
    ];
    const credentials = await readSandboxCredentials(join(server.dataDir, 'sandbox', 'credentials.json'));
    if (!credentials?.port) throw new Error('no sandbox credentials');
    const client = new Client({ url: `ldap://127.0.0.1:${credentials.port}` });
    try {
      await client.bind(credentials.bindDN, credentials.password);
      for (const { dn, cert } of planted) {
        await client.modify(dn ?? '', [new Change({ operation: 'add', modification: new Attribute({ type: 'userCertificate;binary', values: [cert.der] }) })]);
      }
    } finally {
      await client.unbind();
    }
    fresh = await certs.issue(acmeCa, { subject: `/CN=${acmeBoxes[3]?.login}/O=Acme`, emails: [acmeBoxes[3]?.address ?? ''] });
  }, 120_000);
  afterAll(() => certs?.dispose());

  it('shows a tenant\'s certificates, its issuing CAs and what is wrong with them', async () => {
    const { browser, page } = session();
    await openTenantSection(page, 'Acme', 'Keys and certificates');
    const pane = page.getByRole('region', { name: 'Keys and certificates of Acme' });
    await waitForRegion(pane, ['ready']);
    const findings = await readTableRows(pane.getByRole('grid', { name: 'Findings of Acme' }));
    expect(findings.map((f) => [f['Severity'], f['Mailbox'], f['Finding']])).toEqual([
      ['Error', acme[1]?.login, 'Expired'],
      ['Error', acme[0]?.login, 'Key in another tenant'],
      ['Warning', '(tenant)', 'CA serving other tenants'],
    ]);
    expect(findings[1]?.['What']).toMatch(/also in a certificate of tenant "Globex, Inc\."/);
    const issuers = await readTableRows(pane.getByRole('table', { name: 'Issuing CAs of Acme' }));
    expect(issuers.map((i) => [i['Issuing CA'], i['Certificates'], i['Also serves']])).toEqual([
      ['O=Acme, CN=Acme Mail CA', '2', '–'],
      ['O=Hosted Keys, CN=Hosted Keys Mail CA', '1', 'Globex, Inc.'],
    ]);
    const certificates = await readTableRows(pane.getByRole('grid', { name: 'Certificates of Acme' }));
    expect(certificates.map((c) => c['Mailbox']).sort()).toEqual([acme[0]?.login, acme[1]?.login, acme[2]?.login].sort());
    await expect.poll(() => pane.getByText(/3 mailboxes publish 3 certificates from 2 issuing CAs; 3 findings/).count()).toBe(1);
    await browser.screenshot('keys-view');
  });

  it('imports a PEM in the mailbox editor after checking it, and refuses an expired one', async () => {
    const { browser, page } = session();
    const login = acme[3]?.login ?? '';
    await openTenantSection(page, 'Acme', 'Mailboxes');
    await (await waitForMailboxGrid(page)).getByRole('gridcell', { name: login, exact: true }).click();
    const editor = propertiesOf(page, login);
    await editor.getByRole('tab', { name: 'Certificates' }).click();
    await expect.poll(() => editor.getByText('No certificate published.').count()).toBe(1);

    const upload = editor.getByLabel('Certificate file');
    await upload.setInputFiles({ name: 'expired.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from((await certs.issue(acmeCa, { subject: '/CN=Old', emails: [acme[3]?.address ?? ''], notBefore: new Date('2019-01-01T00:00:00Z'), notAfter: new Date('2020-01-01T00:00:00Z') })).pem) });
    const checked = editor.getByLabel('Checked certificate');
    await checked.waitFor();
    expect(await checked.getAttribute('data-verdict')).toBe('refused');
    expect(await checked.getByRole('alert').innerText()).toBe('This certificate cannot be imported.');
    expect(await checked.locator('[data-kind="expired"]').innerText()).toMatch(/Error: Expired\. The certificate "CN=Old" .* expired on 2020-01-01/);
    expect(await checked.getByRole('button', { name: 'Import certificate' }).count()).toBe(0);

    await upload.setInputFiles({ name: 'fresh.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(fresh.pem) });
    await expect.poll(() => checked.getAttribute('data-verdict')).toBe('clean');
    await browser.screenshot('keys-editor-checked');
    await checked.getByRole('button', { name: 'Import certificate' }).click();
    await editor.getByRole('status').filter({ hasText: `Imported CN=${login}, O=Acme.` }).waitFor();
    await editor.getByRole('listitem', { name: `Certificate CN=${login}, O=Acme` }).waitFor();
    await browser.screenshot('keys-editor-imported');
  });

  it('writes a certificate for other addresses only once the warning is confirmed, and removes it again', async () => {
    const { page } = session();
    const login = acme[3]?.login ?? '';
    const editor = propertiesOf(page, login);
    const other = await certs.issue(acmeCa, { subject: '/CN=Elsewhere', emails: ['someone@elsewhere.test'] });
    await editor.getByLabel('Certificate file').setInputFiles({ name: 'other.der', mimeType: 'application/pkix-cert', buffer: other.der });
    const checked = editor.getByLabel('Checked certificate');
    await expect.poll(() => checked.getAttribute('data-verdict')).toBe('warnings');
    expect(await checked.locator('[data-kind="address-mismatch"]').innerText()).toMatch(/someone@elsewhere\.test, which is not an address of this mailbox/);
    const importButton = checked.getByRole('button', { name: 'Import certificate' });
    expect(await importButton.isDisabled()).toBe(true);
    await checked.getByLabel(/Import despite the warning/).check();
    await importButton.click();
    const card = editor.getByRole('listitem', { name: 'Certificate CN=Elsewhere' });
    await card.waitFor();
    expect(await card.locator('[data-kind="address-mismatch"]').count()).toBe(1);

    await card.getByRole('button', { name: 'Remove…' }).click();
    const dialog = page.getByRole('dialog', { name: `Remove a certificate of ${login}?` });
    await dialog.getByRole('button', { name: 'Remove certificate' }).click();
    await card.waitFor({ state: 'detached' });
    await editor.getByRole('listitem', { name: `Certificate CN=${login}, O=Acme` }).waitFor();
  });

  it('shows the imported certificate in the tenant\'s view after a reload', async () => {
    const { page } = session();
    await openTenantSection(page, 'Acme', 'Keys and certificates');
    const pane = page.getByRole('region', { name: 'Keys and certificates of Acme' });
    await waitForRegion(pane, ['ready']);
    const certificates = await readTableRows(pane.getByRole('grid', { name: 'Certificates of Acme' }));
    expect(certificates.map((c) => c['Mailbox'])).toContain(acme[3]?.login);
  });
});
