/**
 * A tenant's mailboxes as CSV in the import columns, so that export → import in create-or-update mode
 * finds every row unchanged. Passwords cannot be exported (the directory keeps hashes): that column is empty.
 */
import { importColumns, type CsvFile, type ImportColumnKey } from '../../shared/model/bulk-import';
import { groupKinds, systemGroupNames } from '../../shared/model/hosting';
import { normalizeDn } from '../directory/dn';
import type { HostingServices } from '../hosting/hosting-services';
import { formatQuota, joinList } from './cell-values';
import { csvFile } from './csv-writing';

/** Every mailbox of `tenantName`, streamed from the server page by page, as one CSV file. */
export async function exportMailboxesCsv(services: HostingServices, tenantName: string): Promise<CsvFile> {
  const { connection, dialect } = services.context;
  const tenant = await services.tenants.require(tenantName);
  const groupsOf = new Map<string, string[]>();
  for (const kind of groupKinds) {
    const entries = await connection.search(dialect.layout.groupsDn(tenant.name, kind), { scope: 'one', filter: dialect.groupFilter(kind), attributes: dialect.groupAttributes() });
    for (const entry of entries) {
      const group = dialect.groupFromEntry(tenant.name, kind, entry);
      // all-users is implied by every import row, so it is not written.
      if (group.name === systemGroupNames.allUsers) continue;
      for (const member of group.memberDns) {
        const key = normalizeDn(member);
        groupsOf.set(key, [...(groupsOf.get(key) ?? []), group.name]);
      }
    }
  }
  const rows: string[][] = [];
  for await (const page of services.mailboxes.pages(tenant.name, 1000)) {
    for (const mailbox of page) {
      const cells: Record<ImportColumnKey, string> = {
        login: mailbox.login,
        givenName: mailbox.givenName,
        surname: mailbox.surname,
        displayName: mailbox.displayName,
        primaryAddress: mailbox.primaryAddress,
        aliases: joinList(mailbox.aliases),
        quota: formatQuota(mailbox.quotaBytes),
        password: '',
        groups: joinList((groupsOf.get(normalizeDn(mailbox.dn)) ?? []).sort((a, b) => a.localeCompare(b))),
        enabled: mailbox.enabled ? 'yes' : 'no',
      };
      rows.push(importColumns.map((column) => cells[column.key]));
    }
  }
  rows.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
  const safeName = tenant.name.replace(/[^\p{L}\p{N}._-]+/gu, '-');
  return { fileName: `${safeName}-mailboxes.csv`, csv: csvFile(importColumns.map((column) => column.header), rows) };
}
