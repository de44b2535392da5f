/**
 * The audit viewer: one timeline of the console's journal and the server's log, newest first, filtered,
 * paged from main, with a live tail (pushed console records plus a poll for the server log), one row per change
 * (the console's and the server's record of one write tied together), record detail with before/after,
 * export of the filtered view or a tenant's whole trail, and verification of the chain and its anchors.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EnclaveError } from '../../shared/errors';
import type { EnclaveApi } from '../../shared/ipc/contract';
import type { AuditRecord, AuditSourceNotice, AuditVerification } from '../../shared/model/audit';
import { dnLabel, formatDnLabel, operationWithOutcome } from '../../shared/model/audit-labels';
import { matchesFilters } from '../../shared/model/audit-match';
import { tieRecords, type AuditRow } from '../../shared/model/audit-rows';
import { ErrorNotice } from '../app/error-notice';
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
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
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

  const rows = tieRecords(listing.items);
  const selected = rows.find((row) => row.key === selectedKey) ?? null;

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
            <table className="audit-table" aria-label="Audit records">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Source</th>
                  <th scope="col">Who</th>
                  <th scope="col">Tenant</th>
                  <th scope="col">Operation</th>
                  <th scope="col">Target</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <RecordRow key={row.key} row={row} selected={selectedKey === row.key} onSelect={() => setSelectedKey(row.key)} />
                ))}
              </tbody>
            </table>
            {listing.nextCursor !== null && (
              <button type="button" className="button" onClick={() => void loadMore()} disabled={listing.status !== 'ready'}>
                {listing.status === 'loading-more' ? 'Loading…' : 'Load older records'}
              </button>
            )}
          </div>
        )}
        {selected !== null && <AuditDetail row={selected} onClose={() => setSelectedKey(null)} />}
      </div>
    </section>
  );
}

/** One change: who and what by name and tenant (full DNs on hover), the operation in words with its outcome. */
function RecordRow({ row, selected, onSelect }: { row: AuditRow; selected: boolean; onSelect: () => void }) {
  const record = row.primary;
  const result = record.result === 'failed' ? `failed${record.error?.ldapCode != null ? ` (${record.error.ldapCode})` : ''}` : record.result;
  return (
    <tr aria-selected={selected} onClick={onSelect}>
      <td>
        <button type="button" className="quota-table__tenant" onClick={onSelect}>
          {new Date(record.time).toLocaleString()}
        </button>
      </td>
      <td>{row.related ? 'console + server' : record.source}</td>
      <td title={record.actor}>{formatDnLabel(dnLabel(record.actor))}</td>
      <td>{record.tenant ?? '–'}</td>
      <td title={record.operation}>{operationWithOutcome(record)}</td>
      <td title={record.target}>{formatDnLabel(dnLabel(record.target))}</td>
      <td data-result={record.result}>{result}</td>
    </tr>
  );
}

function VerificationNotice({ verification }: { verification: AuditVerification | EnclaveError }) {
  if ('kind' in verification) return <ErrorNotice title="Could not verify the journal" error={verification} />;
  const anchor = verification.anchor;
  const anchorBroken = anchor.state === 'dropped-tail' || anchor.state === 'rollback' || anchor.state === 're-chained';
  return (
    <div className="audit-view__verification" role={verification.intact ? 'status' : 'alert'} data-intact={verification.intact} data-anchor={anchor.state}>
      {verification.firstBroken === null ? (
        <p className="audit-view__verified">
          Journal intact: {verification.records} records, every link checked ({verification.elapsedMs} ms).
        </p>
      ) : (
        <p className="quota-view__warning">
          Journal broken at line {verification.firstBroken.line} (record {verification.firstBroken.seq ?? '?'}): {verification.firstBroken.reason}.
        </p>
      )}
      <p className={anchorBroken ? 'quota-view__warning' : 'audit-view__note'}>
        {anchorBroken ? 'Anchor mismatch: ' : 'Anchors: '}
        {anchor.message}
      </p>
      {verification.tornTail !== null && <p className="quota-view__warning">The journal ends in {verification.tornTail.bytes} bytes of a record whose write never finished; the next change moves them aside.</p>}
      {verification.quarantined.map((kept) => (
        <p key={kept.file} className="quota-view__warning">
          A torn record was kept aside in {kept.file} ({kept.bytes} bytes).
        </p>
      ))}
      {verification.unresolvedCount > 0 && (
        <p className="quota-view__warning">
          {verification.unresolvedCount} change{verification.unresolvedCount === 1 ? ' has' : 's have'} no known result yet; each is read back on the next connection of the identity that made it.
        </p>
      )}
      {verification.consoles.length > 0 && (
        <ul className="audit-view__consoles" aria-label="Consoles that anchored">
          {verification.consoles.map((anchored) => (
            <li key={anchored.consoleId}>
              {anchored.workstation}: {anchored.checkpoints} checkpoint{anchored.checkpoints === 1 ? '' : 's'}, latest record {anchored.lastSeq} at {new Date(anchored.lastTime).toLocaleString()}
              {anchored.thisJournal && ' (this journal)'}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
