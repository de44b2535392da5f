/** The tenants and mailboxes the quota tests of both directory flavors share. */
import type { HostingServices } from '../../../main/hosting/hosting-services';
import type { CreateMailboxRequest } from '../../../shared/model/hosting';

export const gib = 2 ** 30;

/** A mailbox request with the given quota (null = none); the password suits both flavors' policies. */
export const quotaMailbox = (tenant: string, login: string, domain: string, quotaBytes: number | null): CreateMailboxRequest => ({
  tenant, login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@${domain}`, aliases: [], quotaBytes,
  hiddenFromAddressBook: false, password: 'Quota-pass-1x', enabled: true, groups: [],
});

/**
 * "Pooled" (10 GiB pool, limit 4, default 2 GiB: 4 + 3 + default), "Over, Inc." (2 GiB pool, overcommit allowed:
 * 2 GiB + 512 MiB + none) and "Empty".
 */
export async function seedQuotaTenants({ tenants, mailboxes }: HostingServices): Promise<void> {
  await tenants.create({ name: 'Pooled', settings: { mailDomains: ['pooled.test'], storagePoolBytes: 10 * gib, mailboxLimit: 4, defaultQuotaBytes: 2 * gib } });
  await tenants.create({ name: 'Over, Inc.', settings: { mailDomains: ['over.test'], storagePoolBytes: 2 * gib, mailboxLimit: null, allowOvercommit: true } });
  await tenants.create({ name: 'Empty', settings: { mailDomains: ['empty.test'] } });
  await mailboxes.create(quotaMailbox('Pooled', 'p1', 'pooled.test', 4 * gib));
  await mailboxes.create(quotaMailbox('Pooled', 'p2', 'pooled.test', 3 * gib));
  await mailboxes.create({ ...quotaMailbox('Pooled', 'p3', 'pooled.test', null), quotaBytes: undefined });
  await mailboxes.create(quotaMailbox('Over, Inc.', 'o1', 'over.test', 2 * gib));
  await mailboxes.create(quotaMailbox('Over, Inc.', 'o2', 'over.test', 512 * 2 ** 20));
  await mailboxes.create(quotaMailbox('Over, Inc.', 'o3', 'over.test', null));
}
