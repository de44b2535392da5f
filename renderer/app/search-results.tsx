/** Hits of the directory-wide search, each with its tenant, as a grid: Enter or a click opens it in place. */
import type { SearchHit } from '../../shared/model/hosting';
import { countOf } from '../format/format-number';
import type { DirectorySearch } from '../state/console-state';
import { useConsoleActions } from '../state/store-context';
import { ErrorNotice } from './error-notice';
import { DataTable, type Column } from './table/data-table';
import { compareText } from './table/table-sort';

const typeLabel = (hit: SearchHit) => (hit.type === 'tenant' ? 'Tenant' : hit.type === 'mailbox' ? 'Mailbox' : hit.groupKind === 'distribution' ? 'Distribution list' : 'Group');
const hitName = (hit: SearchHit) => hit.displayName || hit.name;
const hitKey = (hit: SearchHit) => `${hit.type}:${hit.tenant}:${hit.groupKind ?? ''}:${hit.name}`;

const columns: readonly Column<SearchHit>[] = [
  {
    key: 'name',
    header: 'Name',
    width: 'minmax(160px, 2fr)',
    cell: (hit) => (
      <>
        {hitName(hit)}
        {hit.type === 'mailbox' && <span className="muted mono"> {hit.name}</span>}
      </>
    ),
    title: (hit) => (hit.type === 'mailbox' ? `${hitName(hit)} (${hit.name})` : hitName(hit)),
    compare: (a, b) => compareText(hitName(a), hitName(b)),
  },
  { key: 'type', header: 'Type', width: 'minmax(90px, 0.8fr)', cell: typeLabel, compare: (a, b) => compareText(typeLabel(a), typeLabel(b)) },
  { key: 'tenant', header: 'Tenant', width: 'minmax(100px, 1fr)', cell: (hit) => hit.tenant, title: (hit) => hit.tenant, compare: (a, b) => compareText(a.tenant, b.tenant) },
  { key: 'address', header: 'Address', width: 'minmax(140px, 1.5fr)', mono: true, cell: (hit) => hit.address ?? '', title: (hit) => hit.address ?? '', compare: (a, b) => compareText(a.address ?? '', b.address ?? '') },
];

export function SearchResults({ search }: { search: DirectorySearch }) {
  const actions = useConsoleActions();
  const open = async (hit: SearchHit) => {
    actions.closeSearch();
    if (hit.type === 'group') return actions.selectSection(hit.tenant, hit.groupKind === 'distribution' ? 'lists' : 'groups');
    await actions.selectTenant(hit.tenant);
    if (hit.type === 'mailbox') actions.openMailbox(hit.name);
  };
  const { results } = search;
  return (
    <section className="pane content-pane" aria-labelledby="content-pane-title" data-state={results.status} aria-busy={results.status === 'loading'}>
      <div className="pane__header">
        <h2 id="content-pane-title" className="pane__title">
          Search results for “{search.query}”
        </h2>
        <span className="pane__actions">
          <button type="button" className="button" onClick={() => actions.closeSearch()}>
            Close search
          </button>
        </span>
      </div>
      {results.status === 'loading' && <p className="pane__placeholder">Searching every tenant…</p>}
      {results.status === 'failed' && <ErrorNotice title="The search failed" error={results.error} onRetry={() => void actions.searchDirectory(search.query)} />}
      {results.status === 'ready' && (
        <>
          <p className="form-note content-pane__note" role="status">
            {results.value.length === 0
              ? 'Nothing matches in any tenant.'
              : `${countOf(results.value.length, 'match', 'matches')} across ${countOf(new Set(results.value.map((h) => h.tenant)).size, 'tenant', 'tenants')}. Aliases match when typed in full.`}
          </p>
          {results.value.length > 0 && (
            <DataTable label="Search results" className="data-table--pane" columns={columns} rows={results.value} rowKey={hitKey} onActivate={(hit) => void open(hit)} onEscape={() => actions.closeSearch()} />
          )}
        </>
      )}
    </section>
  );
}
