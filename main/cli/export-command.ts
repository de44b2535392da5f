/** `export --tenant T FILE.csv`: the tenant's mailboxes in the import columns (import it back with --mode upsert). */
import { writeFile } from 'node:fs/promises';
import { failure } from '../../shared/errors';
import { tenantNameField } from '../../shared/model/fields';
import { exportMailboxesCsv } from '../bulk/mailbox-export';
import { connectFromCli } from './cli-connection';
import type { CliValues } from './cli-options';
import type { Output } from './commands';

/** Writes the export to FILE, or to stdout when FILE is "-". */
export async function exportCommand(values: CliValues, out: Output, args: string[]): Promise<void> {
  const tenant = tenantNameField.safeParse(values.tenant ?? '');
  const file = args[0];
  if (!tenant.success || !file) throw failure({ kind: 'invalid-input', message: 'Usage: export --tenant NAME FILE.csv (FILE "-" for stdout)', issues: [] });
  const session = await connectFromCli(values);
  try {
    const exported = await exportMailboxesCsv(session.services, tenant.data);
    if (file === '-') return void process.stdout.write(exported.csv);
    await writeFile(file, exported.csv, 'utf8');
    const rows = exported.csv.split('\r\n').length - 2;
    out(values.json ? JSON.stringify({ tenant: tenant.data, file, mailboxes: rows }) : `Exported ${rows} mailboxes of "${tenant.data}" to ${file}.`);
  } finally {
    await session.connection.dispose();
  }
}
