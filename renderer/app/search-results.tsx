/** Hits of the directory-wide search, grouped by nothing but shown with their tenant; Enter or click opens. */
import type { SearchHit } from '../../shared/model/hosting';
import type { DirectorySearch } from '../state/console-state';
import { useConsoleActions } from '../state/store-context';
import { ErrorNotice } from './error-notice';

const typeLabel = (hit: SearchHit) => (hit.type === 'tenant' ? 'Tenant' : hit.type === 'mailbox' ? 'Mailbox' : hit.groupKind === 'distribution' ? 'Distribution list' : 'Group');

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
        <div className="content-pane__scroll">
          <p className="form-note" role="status">
            {results.value.length === 0 ? 'Nothing matches in any tenant.' : `${results.value.length} match${results.value.length === 1 ? '' : 'es'} across ${new Set(results.value.map((h) => h.tenant)).size} tenant(s). Aliases match when typed in full.`}
          </p>
          <table className="simple-table" aria-label="Search results">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Tenant</th>
                <th scope="col">Address</th>
              </tr>
            </thead>
            <tbody>
              {results.value.map((hit) => (
                <tr key={`${hit.type}:${hit.tenant}:${hit.groupKind ?? ''}:${hit.name}`}>
                  <td>
                    <button type="button" className="link-button" onClick={() => void open(hit)}>
                      {hit.displayName || hit.name}
                    </button>
                    {hit.type === 'mailbox' && <span className="muted mono"> {hit.name}</span>}
                  </td>
                  <td>{typeLabel(hit)}</td>
                  <td>{hit.tenant}</td>
                  <td className="mono">{hit.address ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
