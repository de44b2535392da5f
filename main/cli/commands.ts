/** The `enclave` commands: each prints JSON (--json) or a table, and throws EnclaveFailure on error. */
import { failure } from '../../shared/errors';
import { tenantNameField } from '../../shared/model/fields';
import { connectFromCli } from './cli-connection';
import type { CliValues } from './cli-options';
import { formatBytes, renderTable } from './table';

export type Output = (text: string) => void;

/** `tenants`: every tenant with its mailbox count. */
export async function tenantsCommand(values: CliValues, out: Output): Promise<void> {
  const session = await connectFromCli(values);
  try {
    const tenants = await session.services.tenants.list();
    if (values.json) return out(JSON.stringify(tenants));
    out(
      renderTable(
        ['TENANT', 'DISPLAY NAME', 'DOMAINS', 'MAILBOXES', 'LIMIT', 'POOL'],
        tenants.map((t) => [t.name, t.displayName, t.mailDomains.join(', '), String(t.mailboxCount), t.mailboxLimit === null ? '-' : String(t.mailboxLimit), formatBytes(t.storagePoolBytes)]),
      ),
    );
  } finally {
    await session.connection.dispose();
  }
}

/** `mailboxes --tenant T`: the tenant's mailboxes, streamed page by page from the server. */
export async function mailboxesCommand(values: CliValues, out: Output): Promise<void> {
  const parsedTenant = tenantNameField.safeParse(values.tenant ?? '');
  if (!parsedTenant.success) throw failure({ kind: 'invalid-input', message: 'Give the tenant: --tenant NAME.', issues: [{ path: ['tenant'], message: 'required' }] });
  const pageSize = Number(values['page-size'] ?? 500);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw failure({ kind: 'invalid-input', message: '--page-size must be a whole number from 1 to 1000.', issues: [{ path: ['page-size'], message: 'out of range' }] });
  }
  const session = await connectFromCli(values);
  try {
    await session.services.tenants.require(parsedTenant.data);
    const rows: string[][] = [];
    let first = true;
    if (values.json) out('[');
    for await (const page of session.services.mailboxes.pages(parsedTenant.data, pageSize)) {
      for (const m of page) {
        if (values.json) {
          out(`${first ? '' : ','}${JSON.stringify(m)}`);
          first = false;
        } else {
          rows.push([m.login, m.displayName, m.primaryAddress, m.aliases.join(', '), formatBytes(m.quotaBytes), m.enabled ? (m.locked ? 'locked' : 'enabled') : 'disabled']);
        }
      }
    }
    if (values.json) out(']');
    else out(renderTable(['LOGIN', 'DISPLAY NAME', 'PRIMARY ADDRESS', 'ALIASES', 'QUOTA', 'STATE'], rows));
  } finally {
    await session.connection.dispose();
  }
}
