/** How tenants and mailboxes look in a terminal (with --json they are the calls' results as JSON). */
import type { Mailbox, TenantSummary } from '../../shared/model/hosting';
import { formatBytes, renderTable } from './table';

/** One line of a command's output (every command writes through it: see cli-output.ts). */
export type { Output } from './cli-output';

/** `tenants`: every tenant with its mailbox count. */
export function renderTenants(tenants: readonly TenantSummary[]): string {
  return renderTable(
    ['TENANT', 'DISPLAY NAME', 'DOMAINS', 'MAILBOXES', 'LIMIT', 'POOL'],
    tenants.map((t) => [t.name, t.displayName, t.mailDomains.join(', '), String(t.mailboxCount), t.mailboxLimit === null ? '-' : String(t.mailboxLimit), formatBytes(t.storagePoolBytes)]),
  );
}

export const mailboxHeaders = ['LOGIN', 'DISPLAY NAME', 'PRIMARY ADDRESS', 'ALIASES', 'QUOTA', 'STATE'];

/** A mailbox as a row under `mailboxHeaders`. */
export const mailboxRow = (m: Mailbox): string[] => [m.login, m.displayName, m.primaryAddress, m.aliases.join(', '), formatBytes(m.quotaBytes), m.enabled ? (m.locked ? 'locked' : 'enabled') : 'disabled'];
