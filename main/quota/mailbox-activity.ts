/**
 * One mailbox as helpdesk reviews it (the mailbox editor): its quota, lock state with when and why (read from the
 * directory as the bound identity, so nobody learns more than they may read), and what the mail store says about it:
 * stored size, message count, last login.
 */
import { failure } from '../../shared/errors';
import type { MailboxActivity } from '../../shared/model/mailbox-activity';
import type { HostingContext } from '../hosting/hosting-context';
import type { MailboxUsageSource } from './mailbox-usage-source';

export async function readMailboxActivity(context: HostingContext, usage: MailboxUsageSource, tenant: string, login: string): Promise<MailboxActivity> {
  const { connection, dialect } = context;
  const [entry] = await connection.search(dialect.layout.mailboxesDn(tenant), {
    filter: dialect.loginFilter(login),
    attributes: [dialect.quotaAttribute, ...dialect.lockAttributes(), ...dialect.mailStoreKeyAttributes()],
    limit: 1,
  });
  if (!entry) throw failure({ kind: 'not-found', target: login, message: `Tenant "${tenant}" has no mailbox with login "${login}".` });
  const base = { tenant, login, quotaBytes: dialect.quotaFromEntry(entry), lock: dialect.lockState(entry) };
  if (usage.name === null) return { ...base, usage: { connected: false, source: null, usedBytes: null, messages: null, lastLogin: null } };
  try {
    const found = (await usage.usage([{ tenant, login, dn: entry.dn, storeKey: dialect.mailStoreKey(entry) }])).get(entry.dn);
    // Known to the directory but not (yet) to the store: nothing delivered, never logged in.
    return { ...base, usage: { connected: true, source: usage.name, usedBytes: found?.usedBytes ?? 0, messages: found?.messages ?? 0, lastLogin: found?.lastLogin ?? null } };
  } catch (error) {
    return { ...base, usage: { connected: false, source: usage.name, error: error instanceof Error ? error.message : String(error), usedBytes: null, messages: null, lastLogin: null } };
  }
}
