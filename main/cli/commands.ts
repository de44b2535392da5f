/** The `enclave` commands: each prints JSON (--json) or a table, and throws EnclaveFailure on error. */
import path from 'node:path';
import { failure } from '../../shared/errors';
import { tenantNameField } from '../../shared/model/fields';
import { defaultDataDir } from '../system/data-dir';
import { openDirectorySession, settingsFromProfile } from '../app/directory-session';
import { applySandboxIsolation } from '../flavors/openldap/sandbox/sandbox-isolation';
import { seedDemo } from '../hosting/demo-seed';
import { startSandbox } from '../flavors/openldap/sandbox/sandbox';
import { connectFromCli } from './cli-connection';
import { activeDirectorySandboxCommand } from './sandbox-ad-command';
import type { CliValues } from './cli-options';
import { formatBytes, renderTable } from './table';

export type Output = (text: string) => void;

/** `sandbox [--data DIR] [--fresh]`: run the sandbox until interrupted. */
export async function sandboxCommand(values: CliValues, out: Output): Promise<void> {
  if (values.flavor !== undefined && values.flavor !== 'openldap') return activeDirectorySandboxCommand(values, out);
  const dataDir = path.join(values.data ?? defaultDataDir(), 'sandbox');
  const running = await startSandbox({ dataDir, fresh: values.fresh });
  if (running.created) {
    const profile = { id: 'sandbox', name: 'sandbox', urls: [running.info.url], bindDN: running.info.bindDN, tlsMode: 'none' as const, baseDN: running.info.suffix, flavor: 'openldap' as const };
    const session = await openDirectorySession(profile, settingsFromProfile(profile, running.info.password), true, () => {});
    try {
      await seedDemo(session.services);
    } finally {
      await session.connection.dispose();
    }
  }
  // As the console does: every start applies the current schema and isolation rules for the sandbox's tenants.
  await applySandboxIsolation(running.info);
  const { url, bindDN, password, suffix } = running.info;
  out(JSON.stringify({ url, bindDN, password, suffix }));
  const stop = () => void running.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await running.exited;
}

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
