/**
 * The quota report: tenants from one one-level search, mailbox quotas from ONE subtree search below the
 * tenants container (only the quota attribute, streamed page by page, bucketed by tenant DN), never a
 * search per tenant. 100,000 mailboxes over 1,000 tenants aggregate in a few seconds (npm run bench:quota).
 */
import type { Entry } from 'ldapts';
import type { QuotaReport, TenantQuota } from '../../shared/model/quota';
import { childDn, leafValue, normalizeDn, parseDn } from '../directory/dn';
import type { HostingContext } from '../hosting/hosting-context';
import type { MailboxUsage, MailboxUsageSource, UsageQuery } from './mailbox-usage-source';
import { bucketIndex, emptyBuckets } from './quota-buckets';
import { LargestByUse, TopMailboxes } from './top-mailboxes';

export interface QuotaReportOptions {
  /** One tenant only. */
  tenant?: string;
  /** How many of the largest mailboxes to list. */
  top: number;
  usage: MailboxUsageSource;
}

const pageSize = 1000;

/** Builds the report for every visible tenant, or for `options.tenant`. */
export async function buildQuotaReport(context: HostingContext, options: QuotaReportOptions): Promise<QuotaReport> {
  const started = Date.now();
  const { connection, dialect } = context;
  // The dialect names it: enclaveMailboxQuotaBytes on OpenLDAP, msDS-cloudExtensionAttribute1 on AD.
  const quotaAttribute = dialect.quotaAttribute;
  const tenantEntries = options.tenant
    ? await connection.search(dialect.layout.tenantDn(options.tenant), { scope: 'base', filter: dialect.tenantFilter(), attributes: dialect.tenantAttributes() })
    : await connection.search(dialect.layout.tenantsDn, { scope: 'one', filter: dialect.tenantFilter(), attributes: dialect.tenantAttributes(), pageSize });

  const rows = new Map<string, TenantQuota>();
  for (const entry of tenantEntries) {
    const tenant = dialect.tenantFromEntry(entry);
    rows.set(normalizeDn(tenant.dn), {
      tenant: tenant.name,
      displayName: tenant.displayName,
      poolBytes: tenant.storagePoolBytes,
      allocatedBytes: 0,
      usedBytes: null,
      mailboxCount: 0,
      mailboxLimit: tenant.mailboxLimit,
      unlimitedMailboxes: 0,
      defaultQuotaBytes: tenant.defaultQuotaBytes,
      allowOvercommit: tenant.allowOvercommit,
      overcommitBytes: 0,
      poolRatio: null,
      mailboxRatio: null,
    });
  }

  const distribution = emptyBuckets();
  const top = new TopMailboxes(options.top);
  const byUse = new LargestByUse(options.top);
  let usageConnected = options.usage.name !== null;
  let usageError: string | undefined;
  const used = new Map<string, number>();
  const tenantDepth = parseDn(dialect.layout.tenantsDn).length + 1;
  // Tenant DN → row, cached by the raw DN tail the server sends (it spells one tenant the same way throughout).
  const rowByTail = new Map<string, TenantQuota | null>();
  const base = options.tenant ? dialect.layout.tenantDn(options.tenant) : dialect.layout.tenantsDn;

  if (rows.size > 0) {
    for await (const page of connection.searchPages(base, { filter: dialect.mailboxFilter(), attributes: [quotaAttribute], pageSize })) {
      const batch: { query: UsageQuery; row: TenantQuota; quota: number | null }[] = [];
      for (const entry of page) {
        const row = rowOf(entry, rowByTail, rows, tenantDepth);
        if (!row) continue;
        const quota = dialect.quotaFromEntry(entry);
        row.mailboxCount += 1;
        if (quota === null) row.unlimitedMailboxes += 1;
        else row.allocatedBytes += quota;
        const bucket = distribution[bucketIndex(quota)];
        if (bucket) bucket.mailboxes += 1;
        const login = leafValue(entry.dn);
        if (quota !== null) top.offer({ tenant: row.tenant, login, quotaBytes: quota, usedBytes: null });
        if (usageConnected) batch.push({ query: { tenant: row.tenant, login, dn: entry.dn }, row, quota });
      }
      if (usageConnected && batch.length > 0) {
        // A source that cannot be read leaves the report with allocations only, and says why.
        const usage = await options.usage.usage(batch.map((item) => item.query)).catch((error: unknown) => {
          usageConnected = false;
          usageError = error instanceof Error ? error.message : String(error);
          return new Map<string, MailboxUsage>();
        });
        for (const { query, row, quota } of batch) {
          const stored = usage.get(query.dn);
          if (stored === undefined) continue;
          used.set(`${query.tenant}\u0000${query.login}`, stored.usedBytes);
          row.usedBytes = (row.usedBytes ?? 0) + stored.usedBytes;
          byUse.offer({ tenant: query.tenant, login: query.login, usedBytes: stored.usedBytes, messages: stored.messages, quotaBytes: quota });
        }
      }
    }
  }

  const tenants = [...rows.values()].map((row) => ({
    ...row,
    usedBytes: usageConnected ? (row.usedBytes ?? 0) : null,
    overcommitBytes: row.poolBytes === null ? 0 : Math.max(0, row.allocatedBytes - row.poolBytes),
    poolRatio: row.poolBytes === null || row.poolBytes === 0 ? null : row.allocatedBytes / row.poolBytes,
    mailboxRatio: row.mailboxLimit === null || row.mailboxLimit === 0 ? null : row.mailboxCount / row.mailboxLimit,
  }));
  tenants.sort((a, b) => a.tenant.localeCompare(b.tenant));
  const sum = (pick: (t: TenantQuota) => number) => tenants.reduce((total, tenant) => total + pick(tenant), 0);
  return {
    generatedAt: new Date().toISOString(),
    elapsedMs: Date.now() - started,
    usage: { connected: usageConnected, source: options.usage.name, ...(usageError === undefined ? {} : { error: usageError }) },
    tenants,
    distribution,
    topMailboxes: top.list().map((item) => ({ ...item, usedBytes: usageConnected ? (used.get(`${item.tenant}\u0000${item.login}`) ?? null) : null })),
    largestByUse: usageConnected ? byUse.list() : [],
    totals: {
      poolBytes: sum((t) => t.poolBytes ?? 0),
      allocatedBytes: sum((t) => t.allocatedBytes),
      usedBytes: usageConnected ? sum((t) => t.usedBytes ?? 0) : null,
      mailboxes: sum((t) => t.mailboxCount),
      tenants: tenants.length,
      overcommitted: tenants.filter((t) => t.overcommitBytes > 0).length,
    },
  };
}

/** The tenant row a mailbox DN falls under (its RDNs from the tenant up); null outside every known tenant. */
function rowOf(entry: Entry, cache: Map<string, TenantQuota | null>, rows: Map<string, TenantQuota>, tenantDepth: number): TenantQuota | null {
  const rdns = parseDn(entry.dn);
  const tenantRdns = rdns.slice(rdns.length - tenantDepth);
  const key = JSON.stringify(tenantRdns);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const row = rows.get(normalizedOf(tenantRdns)) ?? null;
  cache.set(key, row);
  return row;
}

/** The same form normalizeDn gives, from RDNs already parsed. */
const normalizedOf = (rdns: ReturnType<typeof parseDn>): string =>
  rdns.map((rdn) => rdn.map((part) => childDn('', part.attribute.toLowerCase(), part.value.toLowerCase())).sort().join('+')).join(',');
