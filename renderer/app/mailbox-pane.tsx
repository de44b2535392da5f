/**
 * Middle pane for a tenant's Mailboxes node: server-side search, the windowed grid with its column choice
 * (remembered per signed-in identity), and the rest of the listing fetched in the background once the first
 * rows are on screen.
 */
import { useEffect, useMemo, useState } from 'react';
import type { TenantSummary } from '../../shared/model/hosting';
import { searchTextIssue } from '../../shared/text/search-text';
import { countOf, formatCount } from '../format/format-number';
import type { MailboxListing } from '../state/console-state';
import { useConsoleActions, useConsoleState } from '../state/store-context';
import { ErrorNotice } from './error-notice';
import { mailboxColumnKeys, mailboxColumns, type MailboxColumnKey } from './mailbox-columns';
import { defaultMailboxSort, MailboxGrid } from './mailbox-grid';
import type { TableSort } from './table/table-sort';
import { useSavedViews } from './table/use-saved-views';
import { ColumnChooser } from './table/column-chooser';
import { useColumnChoice } from './table/use-column-choice';
import { TenantFacts } from './tenant-facts';
import { BulkActionDialog, type BulkKind } from './dialogs/bulk-action-dialog';

interface MailboxPaneProps {
  tenant: TenantSummary;
  listing: MailboxListing;
  openLogin: string | null;
  canCreate: boolean;
  onNewMailbox(): void;
  onImport(): void;
}

export function MailboxPane({ tenant, listing, openLogin, canCreate, onNewMailbox, onImport }: MailboxPaneProps) {
  const actions = useConsoleActions();
  const session = useConsoleState().session;
  const connection = session.status === 'ready' ? session.value.connection : null;
  const identity = connection === null ? 'none' : `${connection.profileId}|${connection.bindDN}`;
  const [hidden, toggleColumn, setHiddenColumns] = useColumnChoice('mailboxes', identity, mailboxColumnKeys);
  const [views, saveView, removeView] = useSavedViews('mailboxes', identity, mailboxColumnKeys);
  const [sort, setSort] = useState<TableSort>(defaultMailboxSort);
  const [view, setView] = useState('');
  const [naming, setNaming] = useState<string | null>(null);
  const [query, setQuery] = useState(listing.query);
  const [queryIssue, setQueryIssue] = useState<string | undefined>(undefined);
  // Picked for a bulk action; kept per listing (another tenant or search starts empty).
  const [picked, setPicked] = useState<{ listing: string; logins: ReadonlySet<string> }>({ listing: '', logins: new Set() });
  // The action and the mailboxes it was opened for (the selection is cleared once it ran; the dialog keeps its own).
  const [bulk, setBulk] = useState<{ kind: BulkKind; logins: string[] } | null>(null);
  const listingKey = `${listing.tenant}\u0000${listing.generation}`;
  const loaded = useMemo(() => new Set(listing.items.map((m) => m.login)), [listing.items]);
  // Only what is still listed (a mailbox deleted meanwhile drops out of the selection).
  const selected = useMemo(() => (picked.listing === listingKey ? new Set([...picked.logins].filter((login) => loaded.has(login))) : new Set<string>()), [picked, listingKey, loaded]);
  const hasMore = listing.nextCursor !== null;
  const busy = listing.status === 'loading' || listing.status === 'loading-more';
  const total = listing.query === '' ? Math.max(tenant.mailboxCount ?? 0, listing.items.length) : listing.items.length;

  // The first page is on screen: fetch the rest so sorting and scrolling cover every mailbox.
  useEffect(() => {
    if (listing.status === 'ready' && hasMore) void actions.loadMoreMailboxes();
  }, [listing.status, listing.items.length, hasMore, actions]);

  return (
    <section className="pane content-pane" aria-labelledby="content-pane-title" aria-busy={busy} data-state={listing.status} data-complete={!hasMore && listing.status === 'ready'}>
      <div className="pane__header">
        <h2 id="content-pane-title" className="pane__title">
          Mailboxes of {tenant.name}
        </h2>
        <span className="pane__actions">
          {canCreate && (
            <button type="button" className="button" onClick={onImport}>
              Import mailboxes…
            </button>
          )}
          {canCreate && (
            <button type="button" className="button button--primary" onClick={onNewMailbox}>
              New mailbox
            </button>
          )}
        </span>
      </div>
      <TenantFacts tenant={tenant} />
      <form
        className="toolbar"
        role="search"
        aria-label={`Search mailboxes of ${tenant.name}`}
        onSubmit={(event) => {
          event.preventDefault();
          const issue = searchTextIssue(query);
          setQueryIssue(issue);
          if (issue === undefined) void actions.searchMailboxes(query);
        }}
      >
        <input type="search" className="input toolbar__search" aria-label="Search mailboxes" placeholder="Name, login or address — Enter searches the server" value={query}
          aria-invalid={queryIssue !== undefined} aria-describedby={queryIssue !== undefined ? 'mailbox-search-issue' : undefined}
          onChange={(event) => {
            setQuery(event.target.value);
            setQueryIssue(undefined);
            if (event.target.value === '' && listing.query !== '') void actions.searchMailboxes('');
          }} />
        <button type="submit" className="button">Search</button>
        {listing.query !== '' && (
          <button type="button" className="button button--quiet" onClick={() => { setQuery(''); void actions.searchMailboxes(''); }}>
            Show all
          </button>
        )}
        <span className="toolbar__end">
          <select
            className="input input--compact"
            aria-label="Saved views"
            value={view}
            onChange={(event) => {
              const chosen = views.find((v) => v.name === event.target.value);
              setView(event.target.value);
              if (chosen === undefined) return;
              setSort(chosen.sort);
              setHiddenColumns(chosen.hidden);
              setQuery(chosen.query);
              void actions.searchMailboxes(chosen.query);
            }}
          >
            <option value="">{views.length === 0 ? 'No saved views' : 'Saved views…'}</option>
            {views.map((v) => (
              <option key={v.name} value={v.name}>
                {v.name}
              </option>
            ))}
          </select>
          {view !== '' && (
            <button type="button" className="button button--quiet" aria-label={`Delete the view ${view}`} onClick={() => { removeView(view); setView(''); }}>
              Delete view
            </button>
          )}
          <button type="button" className="button button--quiet" onClick={() => setNaming(naming === null ? view : null)}>
            Save view…
          </button>
          <ColumnChooser columns={mailboxColumns} hidden={hidden} onToggle={toggleColumn} />
        </span>
      </form>
      {naming !== null && (
        <form
          className="toolbar"
          aria-label="Save this view"
          onSubmit={(event) => {
            event.preventDefault();
            const name = naming.trim();
            if (name === '') return;
            saveView({ name, query: listing.query, sort, hidden: [...hidden] });
            setView(name);
            setNaming(null);
          }}
        >
          <label className="field__label" htmlFor="view-name">
            View name
          </label>
          <input id="view-name" className="input input--compact" autoFocus maxLength={64} value={naming} onChange={(event) => setNaming(event.target.value)} />
          <span className="form-note">Keeps the search, the order and the columns shown, for you on this connection.</span>
          <button type="submit" className="button button--primary" disabled={naming.trim() === ''}>
            Save view
          </button>
          <button type="button" className="button button--quiet" onClick={() => setNaming(null)}>
            Cancel
          </button>
        </form>
      )}
      {queryIssue !== undefined && (
        <p id="mailbox-search-issue" className="field__issue" role="alert">
          {queryIssue}
        </p>
      )}
      {listing.status === 'loading' && <p className="pane__placeholder">Loading mailboxes…</p>}
      {listing.items.length === 0 && listing.status === 'ready' && (
        <p className="pane__placeholder">{listing.query !== '' ? `No mailbox matches “${listing.query}”.` : 'This tenant has no mailboxes yet.'}</p>
      )}
      {canCreate && selected.size > 0 && (
        <div className="toolbar bulk-bar" role="toolbar" aria-label="Bulk actions">
          <span className="bulk-bar__count" role="status" aria-label="Selected mailboxes">
            {countOf(selected.size, 'mailbox', 'mailboxes')} selected
          </span>
          <button type="button" className="button" onClick={() => setBulk({ kind: 'disable', logins: [...selected].sort() })}>Disable</button>
          <button type="button" className="button" onClick={() => setBulk({ kind: 'enable', logins: [...selected].sort() })}>Enable</button>
          <button type="button" className="button" onClick={() => setBulk({ kind: 'quota', logins: [...selected].sort() })}>Set quota…</button>
          <button type="button" className="button" onClick={() => setBulk({ kind: 'add-to-group', logins: [...selected].sort() })}>Add to group…</button>
          <button type="button" className="button button--danger" onClick={() => setBulk({ kind: 'delete', logins: [...selected].sort() })}>Delete…</button>
          <button type="button" className="button button--quiet" onClick={() => setPicked({ listing: listingKey, logins: new Set() })}>Clear selection</button>
        </div>
      )}
      {bulk !== null && (
        <BulkActionDialog
          tenant={tenant}
          kind={bulk.kind}
          logins={bulk.logins}
          onClose={() => setBulk(null)}
          onFinished={() => setPicked({ listing: listingKey, logins: new Set() })}
        />
      )}
      {listing.items.length > 0 && (
        <MailboxGrid
          tenant={tenant.name}
          mailboxes={listing.items}
          total={total}
          complete={!hasMore}
          openLogin={openLogin}
          hidden={hidden as ReadonlySet<MailboxColumnKey>}
          sort={sort}
          onSortChange={(next) => {
            setSort(next);
            setView('');
          }}
          onOpen={(login) => actions.openMailbox(login)}
          onClose={() => actions.openMailbox(null)}
          {...(canCreate ? { selected, onSelect: (logins: ReadonlySet<string>) => setPicked({ listing: listingKey, logins }) } : {})}
        />
      )}
      {listing.status === 'failed' && listing.error !== null && (
        <ErrorNotice title={listing.items.length === 0 ? 'Could not load mailboxes' : 'Could not load more mailboxes'} error={listing.error} onRetry={() => void actions.retryMailboxes()} />
      )}
      <p className="content-pane__progress" role="status" aria-label="Listing progress">
        {progressText(listing, total)}
      </p>
    </section>
  );
}

function progressText(listing: MailboxListing, total: number): string {
  const shown = listing.items.length;
  if (shown === 0) return '';
  const matching = listing.query !== '' ? ` matching “${listing.query}”` : '';
  if (listing.nextCursor !== null) return `Loading… ${formatCount(shown)} of ${formatCount(total)} mailboxes${matching}`;
  return `${countOf(shown, 'mailbox', 'mailboxes')}${matching}`;
}
