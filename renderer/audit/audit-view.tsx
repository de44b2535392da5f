/**
 * The audit viewer: one timeline of the console's journal and the server's log, newest first, filtered,
 * paged from main, with a live tail (pushed console records plus a poll for the server log), record
 * detail with before/after, export of the filtered view or a tenant's whole trail, and chain verification.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EnclaveError } from '../../shared/errors';
import type { EnclaveApi } from '../../shared/ipc/contract';
import type { AuditRecord, AuditSourceNotice, AuditVerification } from '../../shared/model/audit';
import { matchesFilters } from '../../shared/model/audit-match';
import { ErrorNotice } from '../app/error-notice';
import { DataTable, type Column } from '../app/table/data-table';
import { downloadFile } from '../quota/download';
import { AuditDetail } from './audit-detail';
import { AuditFilterForm, type AuditQuery } from './audit-filter-form';
import './audit-view.css';

const pageSize = 100;
/** How often the live tail asks for new server-log records (console records are pushed). */
const pollMs = 4000;

interface Listing {
  items: AuditRecord[];
  nextCursor: string | null;
  status: 'loading' | 'ready' | 'loading-more' | 'failed';
  error: EnclaveError | null;
  unavailable: string[];
  /** Sources this directory does not have by design (AD: no server log over LDAP). */
  notices: AuditSourceNotice[];
}

const recordId = (record: AuditRecord) => record.id;
const resultText = (record: AuditRecord) => (record.result === 'failed' ? `failed${record.error?.ldapCode != null ? ` (${record.error.ldapCode})` : ''}` : record.result);

/** The records table's columns; the time is the record's button (the keyboard's way to its detail). */
const recordColumns = (select: (record: AuditRecord) => void): readonly Column<AuditRecord>[] => [
  {
    key: 'time',
    header: 'Time',
    width: 'minmax(150px, 13em)',
    cell: (record) => (
      <button type="button" className="quota-table__tenant" onClick={(event) => { event.stopPropagation(); select(record); }}>
        {new Date(record.time).toLocaleString()}
      </button>
    ),
  },
  { key: 'source', header: 'Source', width: 'minmax(70px, 0.6fr)', cell: (record) => record.source },
  { key: 'who', header: 'Who', width: 'minmax(90px, 1.2fr)', cell: (record) => record.actor, title: (record) => record.actor },
  { key: 'tenant', header: 'Tenant', width: 'minmax(80px, 0.8fr)', cell: (record) => record.tenant ?? '–' },
  { key: 'operation', header: 'Operation', width: 'minmax(100px, 1fr)', cell: (record) => record.operation },
  { key: 'target', header: 'Target', width: 'minmax(100px, 1.4fr)', cell: (record) => record.target, title: (record) => record.target },
  {
    key: 'result',
    header: 'Result',
    width: 'minmax(80px, 0.7fr)',
    cell: (record) => <span data-tone={record.result === 'failed' ? 'bad' : record.result === 'unknown' ? 'warn' : undefined}>{resultText(record)}</span>,
  },
];

const emptyListing: Listing = { items: [], nextCursor: null, status: 'loading', error: null, unavailable: [], notices: [] };

/** New records first, without repeating ones already shown. */
const mergeNewest = (shown: AuditRecord[], fresh: AuditRecord[]): AuditRecord[] => {
  const known = new Set(shown.map((r) => r.id));
  const added = fresh.filter((r) => !known.has(r.id));
  return added.length === 0 ? shown : [...added, ...shown].sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
};

export function AuditView({ api, initialTenant }: { api: EnclaveApi; initialTenant?: string }) {
  const [query, setQuery] = useState<AuditQuery>({ source: 'both', filters: initialTenant ? { tenant: initialTenant } : {} });
  const [listing, setListing] = useState<Listing>(emptyListing);
  const [selected, setSelected] = useState<AuditRecord | null>(null);
  const [live, setLive] = useState(false);
  const [verification, setVerification] = useState<AuditVerification | EnclaveError | null>(null);
  const [exportNote, setExportNote] = useState<string | null>(null);
  const generation = useRef(0);

  const loadFirst = useCallback(async () => {
    const mine = ++generation.current;
    setListing(emptyListing);
    const result = await api.listAuditRecords({ ...query, pageSize });
    if (mine !== generation.current) return;
    setListing(
      result.ok
        ? { items: result.value.items, nextCursor: result.value.nextCursor, status: 'ready', error: null, unavailable: result.value.unavailable.map((u) => u.message), notices: result.value.notices }
        : { ...emptyListing, status: 'failed', error: result.error },
    );
  }, [api, query]);
  useEffect(() => void loadFirst(), [loadFirst]);

  const loadMore = async () => {
    if (listing.nextCursor === null || listing.status !== 'ready') return;
    const mine = generation.current;
    setListing({ ...listing, status: 'loading-more' });
    const result = await api.listAuditRecords({ ...query, pageSize, cursor: listing.nextCursor });
    if (mine !== generation.current) return;
    setListing((current) =>
      result.ok
        ? { ...current, items: [...current.items, ...result.value.items], nextCursor: result.value.nextCursor, status: 'ready' }
        : { ...current, status: 'ready', error: result.error },
    );
  };

  // Live tail: console records arrive pushed; the server log is polled for its newest page.
  useEffect(() => {
    if (!live) return;
    const stop = api.on('auditAppended', (record) => {
      if (query.source === 'server' || !matchesFilters(record, query.filters)) return;
      setListing((current) => ({ ...current, items: mergeNewest(current.items, [record]) }));
    });
    const timer = setInterval(() => {
      const mine = generation.current;
      void api.listAuditRecords({ ...query, pageSize: 50 }).then((result) => {
        if (result.ok && mine === generation.current) setListing((current) => ({ ...current, items: mergeNewest(current.items, result.value.items) }));
      });
    }, pollMs);
    return () => {
      stop();
      clearInterval(timer);
    };
  }, [api, live, query]);

  const exportRecords = async (format: 'csv' | 'json', tenantTrail: boolean) => {
    setExportNote('Preparing the export…');
    const request = tenantTrail && query.filters.tenant ? { source: 'both' as const, filters: { tenant: query.filters.tenant }, format } : { ...query, format };
    const result = await api.exportAuditRecords(request);
    if (!result.ok) return setExportNote(`Export failed: ${result.error.message}`);
    downloadFile(result.value.fileName, result.value.content, result.value.mimeType);
    setExportNote(`Exported ${result.value.recordCount} records${result.value.truncated ? ' (the newest only: more matched)' : ''} to ${result.value.fileName}.`);
  };

  const verify = async () => {
    const result = await api.verifyAuditJournal({});
    setVerification(result.ok ? result.value : result.error);
  };

  return (
    <section className="audit-view" aria-label="Audit log" aria-busy={listing.status === 'loading'} data-state={listing.status}>
      <div className="quota-view__header">
        <h2 className="pane__title">Audit log</h2>
        <label className="audit-view__live">
          <input type="checkbox" checked={live} onChange={(event) => setLive(event.target.checked)} /> Live tail
        </label>
        <button type="button" className="button button--quiet" onClick={() => void exportRecords('csv', false)}>
          Export CSV
        </button>
        <button type="button" className="button button--quiet" onClick={() => void exportRecords('json', false)}>
          Export JSON
        </button>
        {query.filters.tenant !== undefined && (
          <button type="button" className="button button--quiet" onClick={() => void exportRecords('json', true)}>
            Export full trail of {query.filters.tenant}
          </button>
        )}
        <button type="button" className="button button--quiet" onClick={() => void verify()}>
          Verify journal
        </button>
      </div>
      <AuditFilterForm initial={query} onApply={(next) => setQuery(next)} />
      {exportNote !== null && <p className="audit-view__note" role="status">{exportNote}</p>}
      {verification !== null && <VerificationNotice verification={verification} />}
      {listing.notices.map((notice) => (
        <p key={notice.kind} className="audit-view__note" role="note" data-notice={notice.kind}>
          {notice.message}
        </p>
      ))}
      {listing.unavailable.map((message) => (
        <p key={message} className="quota-view__warning" role="status">
          {message}
        </p>
      ))}
      {listing.status === 'failed' && listing.error !== null && <ErrorNotice title="Could not read the audit log" error={listing.error} onRetry={() => void loadFirst()} />}
      {listing.status === 'loading' && <p className="pane__placeholder">Reading the audit log…</p>}
      {listing.status !== 'loading' && listing.status !== 'failed' && listing.items.length === 0 && <p className="pane__placeholder">No records match.</p>}
      <div className="audit-view__body">
        {listing.items.length > 0 && (
          <div className="audit-table__scroller">
            <DataTable label="Audit records" columns={recordColumns(setSelected)} rows={listing.items} rowKey={recordId} selectedKey={selected?.id ?? null} onRowClick={setSelected} />
            {listing.nextCursor !== null && (
              <button type="button" className="button" onClick={() => void loadMore()} disabled={listing.status !== 'ready'}>
                {listing.status === 'loading-more' ? 'Loading…' : 'Load older records'}
              </button>
            )}
          </div>
        )}
        {selected !== null && <AuditDetail record={selected} onClose={() => setSelected(null)} />}
      </div>
    </section>
  );
}

function VerificationNotice({ verification }: { verification: AuditVerification | EnclaveError }) {
  if ('kind' in verification) return <ErrorNotice title="Could not verify the journal" error={verification} />;
  return verification.intact ? (
    <p className="audit-view__verified" role="status">
      Journal intact: {verification.records} records, every link checked ({verification.elapsedMs} ms).
    </p>
  ) : (
    <p className="quota-view__warning" role="alert">
      Journal broken at line {verification.firstBroken?.line} (record {verification.firstBroken?.seq ?? '?'}): {verification.firstBroken?.reason}.
    </p>
  );
}
