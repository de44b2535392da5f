/** The tenant's storage pool: the sum of mailbox quotas may not exceed it unless overcommit is allowed. */
import { failure } from '../../shared/errors';
import type { Mailbox, Tenant } from '../../shared/model/hosting';
import type { HostingContext } from './hosting-context';

/** Sum of the quotas of every mailbox of the tenant (streamed page by page). */
export async function allocatedQuotaBytes(context: HostingContext, tenant: string): Promise<number> {
  const { connection, dialect } = context;
  let total = 0;
  for await (const page of connection.searchPages(dialect.layout.mailboxesDn(tenant), {
    filter: dialect.mailboxFilter(),
    attributes: dialect.mailboxAttributes(),
    pageSize: 1000,
  })) {
    for (const entry of page) total += dialect.mailboxFromEntry(tenant, entry).quotaBytes ?? 0;
  }
  return total;
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

/** Refuses a quota that would push the tenant's allocation past its pool (`current` is the mailbox being changed). */
export async function assertQuotaFits(context: HostingContext, tenant: Tenant, quotaBytes: number | null, current: Mailbox | null): Promise<void> {
  if (tenant.storagePoolBytes === null || tenant.allowOvercommit || quotaBytes === null) return;
  const allocated = (await allocatedQuotaBytes(context, tenant.name)) - (current?.quotaBytes ?? 0);
  if (allocated + quotaBytes > tenant.storagePoolBytes) {
    const remaining = Math.max(tenant.storagePoolBytes - allocated, 0);
    throw failure({
      kind: 'invalid-input',
      message: `A quota of ${gib(quotaBytes)} exceeds what is left in the storage pool of "${tenant.name}": ${gib(remaining)} of ${gib(tenant.storagePoolBytes)}.`,
      issues: [{ path: ['quotaBytes'], message: `at most ${remaining} bytes are left in the tenant's pool` }],
    });
  }
}
