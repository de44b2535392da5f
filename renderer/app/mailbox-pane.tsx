/** Right pane: the selected tenant's details and its mailboxes, fetched page by page from the server. */
import type { TenantSummary } from '../../shared/model/hosting';
import { formatBytes } from '../format/format-bytes';
import type { MailboxListing } from '../state/console-state';
import { selectedTenantSummary } from '../state/console-state';
import { useConsoleActions, useConsoleState } from '../state/store-context';
import { ErrorNotice } from './error-notice';
import { MailboxTable } from './mailbox-table';
import { useWhenVisible } from './use-when-visible';

export function MailboxPane() {
  const state = useConsoleState();
  const listing = state.mailboxes;
  const tenant = selectedTenantSummary(state);

  if (listing === null || tenant === null) {
    return (
      <section className="pane mailbox-pane" aria-label="Mailboxes" aria-busy={false} data-state="none">
        <p className="pane__placeholder">Choose a tenant to see its mailboxes.</p>
      </section>
    );
  }
  return <TenantMailboxes tenant={tenant} listing={listing} />;
}

function TenantMailboxes({ tenant, listing }: { tenant: TenantSummary; listing: MailboxListing }) {
  const actions = useConsoleActions();
  const hasMore = listing.nextCursor !== null;
  const busy = listing.status === 'loading' || listing.status === 'loading-more';
  const sentinel = useWhenVisible<HTMLDivElement>(() => void actions.loadMoreMailboxes(), listing.status === 'ready' && hasMore);

  return (
    <section
      className="pane mailbox-pane"
      aria-labelledby="mailbox-pane-title"
      aria-busy={busy}
      data-state={listing.status}
      data-tenant={tenant.name}
    >
      <div className="pane__header">
        <h2 id="mailbox-pane-title" className="pane__title">
          {tenant.displayName !== '' ? `${tenant.displayName} (${tenant.name})` : tenant.name}
        </h2>
      </div>
      <TenantFacts tenant={tenant} />
      <div className="mailbox-pane__scroller">
        {listing.status === 'loading' && <p className="pane__placeholder">Loading mailboxes…</p>}
        {listing.items.length === 0 && listing.status === 'ready' && (
          <p className="pane__placeholder">This tenant has no mailboxes yet.</p>
        )}
        {listing.items.length > 0 && <MailboxTable tenant={tenant.name} mailboxes={listing.items} />}
        {listing.status === 'failed' && listing.error !== null && (
          <ErrorNotice
            title={listing.items.length === 0 ? 'Could not load mailboxes' : 'Could not load more mailboxes'}
            error={listing.error}
            onRetry={() => void actions.retryMailboxes()}
          />
        )}
        <div className="mailbox-pane__footer" ref={sentinel}>
          <p className="mailbox-pane__progress" role="status">
            {listing.items.length > 0 ? progressText(listing.items.length, tenant.mailboxCount, hasMore) : ''}
          </p>
          {hasMore && (
            <button
              type="button"
              className="button"
              onClick={() => void actions.loadMoreMailboxes()}
              disabled={listing.status !== 'ready'}
            >
              {listing.status === 'loading-more' ? 'Loading…' : 'Load more mailboxes'}
            </button>
          )}
        </div>
      </div>
    </section>
  );
}

function progressText(shown: number, total: number, hasMore: boolean): string {
  // The summary count may lag the listing (mailboxes added meanwhile); never claim "41 of 40".
  if (hasMore) return `Showing ${shown} of ${Math.max(total, shown)} mailboxes`;
  return shown === 1 ? '1 mailbox' : `${shown} mailboxes`;
}

function TenantFacts({ tenant }: { tenant: TenantSummary }) {
  return (
    <dl className="tenant-facts">
      <div className="tenant-facts__item">
        <dt>Mail domains</dt>
        <dd>
          <ul className="tenant-facts__domains" aria-label={`Mail domains of ${tenant.name}`}>
            {tenant.mailDomains.map((domain) => (
              <li key={domain}>{domain}</li>
            ))}
          </ul>
        </dd>
      </div>
      <div className="tenant-facts__item">
        <dt>Mailboxes</dt>
        <dd>
          {tenant.mailboxCount}
          {tenant.mailboxLimit !== null && ` of ${tenant.mailboxLimit} allowed`}
        </dd>
      </div>
      <div className="tenant-facts__item">
        <dt>Default quota</dt>
        <dd>{tenant.defaultQuotaBytes !== null ? formatBytes(tenant.defaultQuotaBytes) : 'Not set'}</dd>
      </div>
      <div className="tenant-facts__item">
        <dt>Storage pool</dt>
        <dd>{tenant.storagePoolBytes !== null ? formatBytes(tenant.storagePoolBytes) : 'No limit'}</dd>
      </div>
    </dl>
  );
}
