/**
 * The recharts charts of the quota view; every axis and tooltip speaks bytes in binary units, with ticks on
 * round sizes (format/byte-ticks.ts), counts as whole numbers and shares as whole percents.
 */
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { QuotaBucket, TenantQuota, TopMailbox, UsedMailbox } from '../../shared/model/quota';
import { byteTicks } from '../format/byte-ticks';
import { formatBytes } from '../format/format-bytes';
import { formatCount } from '../format/format-number';

export const chartColors = { allocated: '#2f5d9f', pool: '#9aa9c0', used: '#2e8b57', mailboxes: '#8a5cc2', limit: '#c0a6de', over: '#c0392b' } as const;

const bytesTick = (value: number) => (value === 0 ? '0' : formatBytes(value));
const percentTick = (value: number) => `${Math.round(value)}%`;
const bytesTooltip = (value: unknown) => (typeof value === 'number' ? formatBytes(value) : String(value));
const countTick = (value: number) => formatCount(value);

/** A size axis from 0 to a round size past the largest value, ticked on round sizes. */
function bytesAxis(values: readonly (number | null)[]) {
  const ticks = byteTicks(Math.max(0, ...values.map((value) => value ?? 0)));
  return { type: 'number' as const, ticks, domain: [0, ticks.at(-1) ?? 0], tickFormatter: bytesTick, interval: 0 as const };
}

/** The tenants nearest their limits: use of pool and of mailbox limit, in percent, 100% marked. */
export function PressureChart({ tenants }: { tenants: TenantQuota[] }) {
  const data = tenants.map((t) => ({ name: t.tenant, pool: t.poolRatio === null ? 0 : t.poolRatio * 100, limit: t.mailboxRatio === null ? 0 : t.mailboxRatio * 100 }));
  return (
    <ResponsiveContainer width="100%" height={Math.max(160, 26 * data.length + 60)}>
      <BarChart data={data} layout="vertical" margin={{ left: 8, right: 32, top: 8, bottom: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" tickFormatter={percentTick} domain={[0, (max: number) => Math.max(100, Math.ceil(max / 10) * 10)]} />
        <YAxis type="category" dataKey="name" width={140} interval={0} />
        <Tooltip formatter={(value) => percentTick(Number(value))} />
        <Legend />
        <ReferenceLine x={100} stroke={chartColors.over} strokeDasharray="4 2" />
        <Bar dataKey="pool" name="Storage pool allocated" fill={chartColors.allocated} isAnimationActive={false} />
        <Bar dataKey="limit" name="Mailbox limit used" fill={chartColors.mailboxes} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** One tenant: allocated (and used) against its pool. */
export function AllocationChart({ tenant }: { tenant: TenantQuota }) {
  const data = [
    { name: 'Allocated', bytes: tenant.allocatedBytes },
    ...(tenant.usedBytes !== null ? [{ name: 'Used', bytes: tenant.usedBytes }] : []),
    ...(tenant.poolBytes !== null ? [{ name: 'Pool', bytes: tenant.poolBytes }] : []),
  ];
  return (
    <ResponsiveContainer width="100%" height={180}>
      <BarChart data={data} layout="vertical" margin={{ left: 8, right: 32, top: 8, bottom: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis {...bytesAxis(data.map((d) => d.bytes))} />
        <YAxis type="category" dataKey="name" width={80} />
        <Tooltip formatter={bytesTooltip} />
        {tenant.poolBytes !== null && <ReferenceLine x={tenant.poolBytes} stroke={chartColors.over} strokeDasharray="4 2" />}
        <Bar dataKey="bytes" name="Bytes" fill={chartColors.allocated} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** One tenant: mailbox count against its limit. */
export function MailboxCountChart({ tenant }: { tenant: TenantQuota }) {
  const data = [{ name: 'Mailboxes', count: tenant.mailboxCount }, ...(tenant.mailboxLimit !== null ? [{ name: 'Limit', count: tenant.mailboxLimit }] : [])];
  return (
    <ResponsiveContainer width="100%" height={140}>
      <BarChart data={data} layout="vertical" margin={{ left: 8, right: 32, top: 8, bottom: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} tickFormatter={countTick} />
        <YAxis type="category" dataKey="name" width={80} />
        <Tooltip formatter={(value) => formatCount(Number(value))} />
        <Bar dataKey="count" name="Mailboxes" fill={chartColors.mailboxes} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** How many mailboxes have a quota in each size range. */
export function DistributionChart({ buckets }: { buckets: QuotaBucket[] }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={buckets} margin={{ left: 8, right: 16, top: 8, bottom: 40 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" interval={0} angle={-30} textAnchor="end" height={60} />
        <YAxis allowDecimals={false} tickFormatter={countTick} />
        <Tooltip formatter={(value) => formatCount(Number(value))} />
        <Bar dataKey="mailboxes" name="Mailboxes" fill={chartColors.allocated} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** The largest quotas (and their usage, when known). */
export function TopMailboxesChart({ mailboxes, showTenant }: { mailboxes: TopMailbox[]; showTenant: boolean }) {
  const data = mailboxes.map((m) => ({ name: showTenant ? `${m.login} (${m.tenant})` : m.login, quota: m.quotaBytes, used: m.usedBytes }));
  const usage = mailboxes.some((m) => m.usedBytes !== null);
  return (
    <ResponsiveContainer width="100%" height={Math.max(140, 24 * data.length + 60)}>
      <BarChart data={data} layout="vertical" margin={{ left: 8, right: 32, top: 8, bottom: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis {...bytesAxis(data.flatMap((d) => [d.quota, d.used]))} />
        <YAxis type="category" dataKey="name" width={180} interval={0} />
        <Tooltip formatter={bytesTooltip} />
        <Legend />
        <Bar dataKey="quota" name="Quota" fill={chartColors.allocated} isAnimationActive={false} />
        {usage && <Bar dataKey="used" name="Used" fill={chartColors.used} isAnimationActive={false} />}
      </BarChart>
    </ResponsiveContainer>
  );
}

/**
 * Tenants storing most: what they store as a share of what their quotas allocate (bytes in the tooltip). A share,
 * not bytes side by side: stored mail is usually a small part of the quotas, and would not show on one byte axis.
 */
export function UsedAllocatedChart({ tenants }: { tenants: TenantQuota[] }) {
  const data = tenants.map((t) => ({ name: t.tenant, share: t.allocatedBytes > 0 ? ((t.usedBytes ?? 0) / t.allocatedBytes) * 100 : 0, used: t.usedBytes ?? 0, allocated: t.allocatedBytes }));
  const top = Math.max(...data.map((d) => d.share), 0);
  const tick = (value: number) => `${value < 1 ? value.toPrecision(1) : Math.round(value)}%`;
  return (
    <ResponsiveContainer width="100%" height={Math.max(160, 30 * data.length + 60)}>
      <BarChart data={data} layout="vertical" margin={{ left: 8, right: 32, top: 8, bottom: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" domain={[0, top > 0 ? 'auto' : 1]} tickFormatter={tick} />
        <YAxis type="category" dataKey="name" width={140} interval={0} />
        <Tooltip formatter={(_value, _name, item) => `${formatBytes(item.payload.used)} of ${formatBytes(item.payload.allocated)} (${tick(item.payload.share)})`} />
        <Legend />
        <Bar dataKey="share" name="Used, share of allocated" fill={chartColors.used} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** The mailboxes storing most (the quota each may fill is in the tooltip: it is usually far larger). */
export function LargestByUseChart({ mailboxes, showTenant }: { mailboxes: UsedMailbox[]; showTenant: boolean }) {
  const data = mailboxes.map((m) => ({ name: showTenant ? `${m.login} (${m.tenant})` : m.login, used: m.usedBytes, quota: m.quotaBytes, messages: m.messages }));
  return (
    <ResponsiveContainer width="100%" height={Math.max(140, 24 * data.length + 60)}>
      <BarChart data={data} layout="vertical" margin={{ left: 8, right: 32, top: 8, bottom: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis {...bytesAxis(data.map((d) => d.used))} />
        <YAxis type="category" dataKey="name" width={180} interval={0} />
        <Tooltip formatter={(_value, _name, item) => `${formatBytes(item.payload.used)} in ${formatCount(item.payload.messages)} messages, quota ${item.payload.quota === null ? 'unlimited' : formatBytes(item.payload.quota)}`} />
        <Legend />
        <Bar dataKey="used" name="Used" fill={chartColors.used} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
