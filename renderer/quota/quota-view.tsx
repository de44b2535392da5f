/**
 * Quotas: every tenant side by side (sortable, to spot the ones near their limits), charts of the
 * tenants under most pressure, and for the chosen tenant its allocation, mailbox count, quota
 * distribution and largest mailboxes. "Check conformance" runs the conformance scan (docs/isolation.md): tenants
 * with findings get a count here and a mark in the tree, and the chosen tenant's findings are listed.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EnclaveError } from '../../shared/errors';
import type { ConformanceFinding } from '../../shared/model/conformance';
import type { QuotaReport, TenantQuota } from '../../shared/model/quota';
import { ErrorNotice } from '../app/error-notice';
import { DataTable, type Column } from '../app/table/data-table';
import type { TableSort } from '../app/table/table-sort';
import { formatBytes } from '../format/format-bytes';
import { countOf, formatCount, formatLimit, formatPercent, formatPool } from '../format/format-number';
import { useConsoleActions, useConsoleState } from '../state/store-context';
import { ChartCard } from './chart-card';
import { AllocationChart, DistributionChart, LargestByUseChart, MailboxCountChart, PressureChart, TopMailboxesChart, UsedAllocatedChart } from './quota-charts';
import { downloadFile, toCsv } from './download';
import { compareTenants, pressure, sortTenants, type TenantSortKey } from './tenant-sort';
import './quota-view.css';

type Load<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; error: EnclaveError };

/** How many tenants the pressure chart shows. */
const chartedTenants = 20;

const level = (ratio: number | null) => (ratio === null ? 'none' : ratio > 1 ? 'over' : ratio >= 0.9 ? 'near' : 'fine');

/** A sortable tenant column: sizes, counts and ratios start descending (the largest matter). */
const column = (key: TenantSortKey, header: string, width: string, cell: Column<TenantQuota>['cell'], extra: Partial<Column<TenantQuota>> = {}): Column<TenantQuota> => ({
  key,
  header,
  width,
  cell,
  compare: compareTenants(key),
  firstDirection: key === 'tenant' ? 'ascending' : 'descending',
  ...extra,
});

/** Shown only when usage is connected. */
const usedColumn = column('usedBytes', 'Used', 'minmax(90px, 1fr)', (t) => (t.usedBytes === null ? '–' : formatBytes(t.usedBytes)), { align: 'end' });

const columns: readonly Column<TenantQuota>[] = [
  column('tenant', 'Tenant', 'minmax(140px, 2fr)', (t) => t.tenant, { title: (t) => t.tenant }),
  column('poolBytes', 'Pool', 'minmax(90px, 1fr)', (t) => formatPool(t.poolBytes), { align: 'end' }),
  column('allocatedBytes', 'Allocated', 'minmax(90px, 1fr)', (t) => formatBytes(t.allocatedBytes), { align: 'end' }),
  usedColumn,
  column('poolRatio', 'Of pool', 'minmax(70px, 0.8fr)', (t) => <span data-level={level(t.poolRatio)}>{formatPercent(t.poolRatio)}</span>, { align: 'end' }),
  column('mailboxCount', 'Mailboxes', 'minmax(90px, 0.9fr)', (t) => formatCount(t.mailboxCount), { align: 'end' }),
  column('mailboxLimit', 'Limit', 'minmax(80px, 0.9fr)', (t) => formatLimit(t.mailboxLimit), { align: 'end' }),
  column('mailboxRatio', 'Of limit', 'minmax(70px, 0.8fr)', (t) => <span data-level={level(t.mailboxRatio)}>{formatPercent(t.mailboxRatio)}</span>, { align: 'end' }),
  column('overcommitBytes', 'Overcommit', 'minmax(110px, 1.2fr)', (t) => (t.overcommitBytes > 0 ? `${formatBytes(t.overcommitBytes)}${t.allowOvercommit ? ' (allowed)' : ''}` : '–'), { align: 'end' }),
];

/** The findings column, shown once a conformance scan ran. */
const findingsColumn = (counts: ReadonlyMap<string, number>): Column<TenantQuota> => ({
  key: 'findings',
  header: 'Findings',
  width: 'minmax(80px, 0.8fr)',
  align: 'end',
  cell: (t) => {
    const count = counts.get(t.tenant) ?? 0;
    return count === 0 ? '–' : <span data-level="over">⚠ {formatCount(count)}</span>;
  },
  compare: (a, b) => (counts.get(a.tenant) ?? 0) - (counts.get(b.tenant) ?? 0),
  firstDirection: 'descending',
});

export function QuotaView() {
  const actions = useConsoleActions();
  const conformance = useConsoleState().conformance;
  const [checking, setChecking] = useState<Load<null> | null>(null);
  const check = () => {
    setChecking({ status: 'loading' });
    void actions.checkConformance().then((result) => setChecking(result.ok ? { status: 'ready', value: null } : { status: 'failed', error: result.error }));
  };
  const findingCounts = useMemo(() => new Map((conformance?.tenantsWithFindings ?? []).map((t) => [t.tenant, t.findingCount])), [conformance]);
  const [report, setReport] = useState<Load<QuotaReport>>({ status: 'loading' });
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<Load<QuotaReport> | null>(null);
  const [sort, setSort] = useState<TableSort>({ key: 'poolRatio', direction: 'descending' });

  // Read on opening and again on Reload (which bumps the generation).
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    void actions.quotaReport({ top: 10 }).then((result) => {
      if (live) setReport(result.ok ? { status: 'ready', value: result.value } : { status: 'failed', error: result.error });
    });
    return () => {
      live = false;
    };
  }, [actions, generation]);
  const load = () => {
    setReport({ status: 'loading' });
    setGeneration((current) => current + 1);
  };

  // The latest choice wins: a slow answer for a tenant chosen before is dropped.
  const chosen = useRef<string | null>(null);
  const select = (tenant: string | null) => {
    chosen.current = tenant;
    setSelected(tenant);
    setDetail(tenant === null ? null : { status: 'loading' });
    if (tenant === null) return;
    void actions.quotaReport({ tenant, top: 15 }).then((result) => {
      if (chosen.current === tenant) setDetail(result.ok ? { status: 'ready', value: result.value } : { status: 'failed', error: result.error });
    });
  };

  const tenants = useMemo(() => (report.status === 'ready' ? report.value.tenants : []), [report]);
  const sorted = useMemo(() => sortTenants(tenants, sort), [tenants, sort]);
  const underPressure = useMemo(() => [...tenants].sort((a, b) => pressure(b) - pressure(a)).slice(0, chartedTenants), [tenants]);
  const storingMost = useMemo(() => [...tenants].sort((a, b) => (b.usedBytes ?? 0) - (a.usedBytes ?? 0)).slice(0, chartedTenants), [tenants]);
  const usageConnected = report.status === 'ready' && report.value.usage.connected;
  const shownColumns = useMemo(
    () => [...columns.filter((c) => c !== usedColumn || usageConnected), ...(conformance !== null ? [findingsColumn(findingCounts)] : [])],
    [usageConnected, conformance, findingCounts],
  );

  const exportCsv = () => {
    if (report.status !== 'ready') return;
    downloadFile(
      `enclave-quotas-${report.value.generatedAt.replace(/[:.]/g, '-')}.csv`,
      toCsv(
        ['tenant', 'pool_bytes', 'allocated_bytes', 'used_bytes', 'pool_ratio', 'mailboxes', 'mailbox_limit', 'overcommit_bytes', 'allow_overcommit'],
        sorted.map((t) => [t.tenant, t.poolBytes, t.allocatedBytes, t.usedBytes, t.poolRatio, t.mailboxCount, t.mailboxLimit, t.overcommitBytes, String(t.allowOvercommit)]),
      ),
      'text/csv',
    );
  };

  return (
    <section className="quota-view" aria-label="Quotas" aria-busy={report.status === 'loading'} data-state={report.status}>
      <div className="quota-view__header">
        <h2 className="pane__title">Quotas</h2>
        {report.status === 'ready' && (
          <span className="quota-view__summary">
            {countOf(report.value.totals.tenants, 'tenant', 'tenants')} · {countOf(report.value.totals.mailboxes, 'mailbox', 'mailboxes')} · {formatBytes(report.value.totals.allocatedBytes)} allocated of{' '}
            {formatBytes(report.value.totals.poolBytes)} in pools · aggregated in {formatCount(report.value.elapsedMs)} ms
          </span>
        )}
        <button type="button" className="button button--quiet" onClick={load} disabled={report.status === 'loading'}>
          Reload
        </button>
        <button type="button" className="button button--quiet" onClick={exportCsv} disabled={report.status !== 'ready'}>
          Export CSV
        </button>
        <button type="button" className="button button--quiet" onClick={check} disabled={checking?.status === 'loading'} title="Reads the whole directory for what the access policy forbids and the server cannot refuse (pools, limits)">
          {checking?.status === 'loading' ? 'Checking…' : 'Check conformance'}
        </button>
      </div>
      {checking?.status === 'failed' && <ErrorNotice title="Could not run the conformance scan" error={checking.error} onRetry={check} />}
      {conformance !== null && (
        <p className="quota-view__conformance" role="status" data-passed={conformance.passed}>
          {conformance.passed
            ? `Conformance: no findings in ${countOf(conformance.tenantCount, 'tenant', 'tenants')} (${formatCount(conformance.entryCount)} entries read in ${formatCount(conformance.elapsedMs)} ms).`
            : `Conformance: ${countOf(conformance.findings.length, 'finding', 'findings')} in ${countOf(conformance.tenantsWithFindings.length, 'tenant', 'tenants')} (${formatCount(conformance.entryCount)} entries read in ${formatCount(conformance.elapsedMs)} ms); marked in the tree and the table.`}
          {conformance.unchecked.length > 0 && ` Not checked with these rights: ${conformance.unchecked.map((u) => u.rule).join(', ')}.`}
        </p>
      )}
      {report.status === 'loading' && <p className="pane__placeholder">Adding up quotas…</p>}
      {report.status === 'failed' && <ErrorNotice title="Could not build the quota report" error={report.error} onRetry={load} />}
      {report.status === 'ready' && (
        <>
          <p className="quota-view__usage" role="note" data-usage={report.value.usage.connected ? 'connected' : report.value.usage.error ? 'failed' : 'none'}>
            {report.value.usage.connected
              ? `Usage from ${report.value.usage.source ?? 'the mail store'}: ${formatBytes(report.value.totals.usedBytes ?? 0)} stored, shown against allocated.`
              : report.value.usage.error
                ? `Usage could not be read (${report.value.usage.error}): these charts show allocated quotas only.`
                : 'Usage is not connected: these charts show allocated quotas, not bytes stored. Give the connection a mail usage source (Dovecot) in Connections.'}
          </p>
          {report.value.totals.overcommitted > 0 && (
            <p className="quota-view__warning" role="status">
              {countOf(report.value.totals.overcommitted, 'tenant has', 'tenants have')} more allocated than their storage pool.
            </p>
          )}
          <div className="quota-view__charts">
            <ChartCard title="Tenants nearest their limits" fileName="tenants-nearest-limits" note={`The ${underPressure.length} tenants with the highest use of pool or mailbox limit.`}>
              <PressureChart tenants={underPressure} />
            </ChartCard>
            <ChartCard title="Quota distribution (all tenants)" fileName="quota-distribution">
              <DistributionChart buckets={report.value.distribution} />
            </ChartCard>
            <ChartCard title="Largest mailboxes (all tenants)" fileName="largest-mailboxes">
              <TopMailboxesChart mailboxes={report.value.topMailboxes} showTenant />
            </ChartCard>
            {usageConnected && (
              <ChartCard title="Used against allocated" fileName="used-against-allocated" note={`The ${storingMost.length} tenants storing most.`}>
                <UsedAllocatedChart tenants={storingMost} />
              </ChartCard>
            )}
            {usageConnected && (
              <ChartCard title="Largest mailboxes by use (all tenants)" fileName="largest-mailboxes-by-use">
                <LargestByUseChart mailboxes={report.value.largestByUse} showTenant />
              </ChartCard>
            )}
          </div>
          <DataTable
            label="Tenant quotas"
            className="quota-table"
            columns={shownColumns}
            rows={tenants}
            rowKey={tenantName}
            sort={sort}
            onSortChange={setSort}
            onActivate={(tenant) => select(tenant.tenant)}
            selectedKey={selected}
            rowProps={(tenant) => ({ 'data-over': tenant.overcommitBytes > 0 ? 'true' : undefined, 'data-findings': findingCounts.has(tenant.tenant) ? 'true' : undefined })}
          />
          {selected !== null && <TenantDetail tenant={selected} detail={detail} findings={conformance?.findings.filter((f) => f.tenant === selected) ?? null} onClose={() => select(null)} />}
        </>
      )}
    </section>
  );
}

function TenantDetail({ tenant, detail, findings, onClose }: { tenant: string; detail: Load<QuotaReport> | null; findings: ConformanceFinding[] | null; onClose: () => void }) {
  const row = detail?.status === 'ready' ? detail.value.tenants[0] : undefined;
  return (
    <section className="quota-detail" aria-label={`Quotas of ${tenant}`} data-state={detail?.status ?? 'loading'}>
      <div className="quota-view__header">
        <h3 className="pane__title">{tenant}</h3>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close
        </button>
      </div>
      {detail?.status === 'failed' && <ErrorNotice title={`Could not load the quotas of ${tenant}`} error={detail.error} />}
      {findings !== null && findings.length > 0 && (
        <section aria-label={`Conformance findings of ${tenant}`}>
          <h4 className="section-title">Conformance findings</h4>
          <ul className="plain-list">
            {findings.map((finding) => (
              <li key={`${finding.rule} ${finding.dn}`} data-rule={finding.rule}>
                {finding.message} <span className="path">{finding.dn}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {detail?.status === 'ready' && row !== undefined && (
        <>
          {row.overcommitBytes > 0 && (
            <p className="quota-view__warning" role="status">
              Overcommitted by {formatBytes(row.overcommitBytes)}
              {row.allowOvercommit ? ': the tenant allows overcommit.' : ': new or larger quotas are refused until the pool is raised.'}
            </p>
          )}
          <div className="quota-view__charts">
            <ChartCard title={`Allocation against pool: ${tenant}`} fileName={`allocation-${tenant}`}>
              <AllocationChart tenant={row} />
            </ChartCard>
            <ChartCard title={`Mailboxes against limit: ${tenant}`} fileName={`mailboxes-${tenant}`}>
              <MailboxCountChart tenant={row} />
            </ChartCard>
            <ChartCard title={`Quota distribution: ${tenant}`} fileName={`distribution-${tenant}`}>
              <DistributionChart buckets={detail.value.distribution} />
            </ChartCard>
            <ChartCard title={`Largest mailboxes: ${tenant}`} fileName={`largest-${tenant}`}>
              <TopMailboxesChart mailboxes={detail.value.topMailboxes} showTenant={false} />
            </ChartCard>
            {detail.value.usage.connected && (
              <ChartCard title={`Largest mailboxes by use: ${tenant}`} fileName={`largest-by-use-${tenant}`}>
                <LargestByUseChart mailboxes={detail.value.largestByUse} showTenant={false} />
              </ChartCard>
            )}
          </div>
        </>
      )}
    </section>
  );
}

const tenantName = (tenant: TenantQuota) => tenant.tenant;
