/**
 * Quotas: every tenant side by side (sortable, to spot the ones near their limits), charts of the
 * tenants under most pressure, and for the chosen tenant its allocation, mailbox count, quota
 * distribution and largest mailboxes. Self-contained: give it the API and mount it anywhere.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EnclaveError } from '../../shared/errors';
import type { QuotaReport, TenantQuota } from '../../shared/model/quota';
import { ErrorNotice } from '../app/error-notice';
import { formatBytes } from '../format/format-bytes';
import { useConsoleActions } from '../state/store-context';
import { ChartCard } from './chart-card';
import { AllocationChart, DistributionChart, MailboxCountChart, PressureChart, TopMailboxesChart } from './quota-charts';
import { downloadFile, toCsv } from './download';
import { pressure, sortTenants, type TenantSort, type TenantSortKey } from './tenant-sort';
import './quota-view.css';

type Load<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; error: EnclaveError };

/** How many tenants the pressure chart shows. */
const chartedTenants = 20;

const percent = (ratio: number | null) => (ratio === null ? '–' : `${Math.round(ratio * 100)}%`);
const bytes = (value: number | null) => (value === null ? 'No limit' : formatBytes(value));

const columns: { key: TenantSortKey; label: string }[] = [
  { key: 'tenant', label: 'Tenant' },
  { key: 'poolBytes', label: 'Pool' },
  { key: 'allocatedBytes', label: 'Allocated' },
  { key: 'poolRatio', label: 'Of pool' },
  { key: 'mailboxCount', label: 'Mailboxes' },
  { key: 'mailboxLimit', label: 'Limit' },
  { key: 'mailboxRatio', label: 'Of limit' },
  { key: 'overcommitBytes', label: 'Overcommit' },
];

export function QuotaView() {
  const actions = useConsoleActions();
  const [report, setReport] = useState<Load<QuotaReport>>({ status: 'loading' });
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<Load<QuotaReport> | null>(null);
  const [sort, setSort] = useState<TenantSort>({ key: 'poolRatio', descending: true });

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
            {report.value.totals.tenants} tenants · {report.value.totals.mailboxes} mailboxes · {formatBytes(report.value.totals.allocatedBytes)} allocated of{' '}
            {formatBytes(report.value.totals.poolBytes)} in pools · aggregated in {report.value.elapsedMs} ms
          </span>
        )}
        <button type="button" className="button button--quiet" onClick={load} disabled={report.status === 'loading'}>
          Reload
        </button>
        <button type="button" className="button button--quiet" onClick={exportCsv} disabled={report.status !== 'ready'}>
          Export CSV
        </button>
      </div>
      {report.status === 'loading' && <p className="pane__placeholder">Adding up quotas…</p>}
      {report.status === 'failed' && <ErrorNotice title="Could not build the quota report" error={report.error} onRetry={load} />}
      {report.status === 'ready' && (
        <>
          <p className="quota-view__usage" role="note">
            {report.value.usage.connected
              ? `Usage from ${report.value.usage.source ?? 'the mail store'}: used is shown against allocated.`
              : 'Usage is not connected: these charts show allocated quotas, not bytes stored.'}
          </p>
          {report.value.totals.overcommitted > 0 && (
            <p className="quota-view__warning" role="status">
              {report.value.totals.overcommitted} tenant{report.value.totals.overcommitted === 1 ? ' has' : 's have'} more allocated than their storage pool.
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
          </div>
          <TenantTable tenants={sorted} sort={sort} onSort={setSort} selected={selected} onSelect={select} />
          {selected !== null && <TenantDetail tenant={selected} detail={detail} onClose={() => select(null)} />}
        </>
      )}
    </section>
  );
}

interface TenantTableProps {
  tenants: TenantQuota[];
  sort: TenantSort;
  onSort: (sort: TenantSort) => void;
  selected: string | null;
  onSelect: (tenant: string) => void;
}

function TenantTable({ tenants, sort, onSort, selected, onSelect }: TenantTableProps) {
  return (
    <div className="quota-table__scroller">
      <table className="quota-table" aria-label="Tenant quotas">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" aria-sort={sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                <button
                  type="button"
                  className="quota-table__sort"
                  onClick={() => onSort({ key: column.key, descending: sort.key === column.key ? !sort.descending : column.key !== 'tenant' })}
                >
                  {column.label}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tenants.map((t) => (
            <tr key={t.tenant} aria-selected={t.tenant === selected} className={t.overcommitBytes > 0 ? 'quota-table__row--over' : undefined}>
              <td>
                <button type="button" className="quota-table__tenant" onClick={() => onSelect(t.tenant)}>
                  {t.tenant}
                </button>
              </td>
              <td>{bytes(t.poolBytes)}</td>
              <td>{formatBytes(t.allocatedBytes)}</td>
              <td data-level={level(t.poolRatio)}>{percent(t.poolRatio)}</td>
              <td>{t.mailboxCount}</td>
              <td>{t.mailboxLimit ?? 'No limit'}</td>
              <td data-level={level(t.mailboxRatio)}>{percent(t.mailboxRatio)}</td>
              <td>{t.overcommitBytes > 0 ? `${formatBytes(t.overcommitBytes)}${t.allowOvercommit ? ' (allowed)' : ''}` : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const level = (ratio: number | null) => (ratio === null ? 'none' : ratio > 1 ? 'over' : ratio >= 0.9 ? 'near' : 'fine');

function TenantDetail({ tenant, detail, onClose }: { tenant: string; detail: Load<QuotaReport> | null; onClose: () => void }) {
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
          </div>
        </>
      )}
    </section>
  );
}
