/** Left pane: the tenants of the directory, with loading, empty and error states. */
import { useConsoleActions, useConsoleState } from '../state/store-context';
import { ErrorNotice } from './error-notice';
import { TenantList } from './tenant-list';

export function TenantPane() {
  const { tenants, selectedTenant } = useConsoleState();
  const actions = useConsoleActions();
  const busy = tenants.status === 'loading' || tenants.status === 'idle';

  return (
    <section className="pane tenant-pane" aria-labelledby="tenant-pane-title" aria-busy={busy} data-state={tenants.status}>
      <div className="pane__header">
        <h2 id="tenant-pane-title" className="pane__title">
          Tenants
        </h2>
        {tenants.status === 'ready' && <span className="pane__count">{tenants.value.length}</span>}
        <button
          type="button"
          className="button button--quiet"
          onClick={() => void actions.loadTenants()}
          disabled={busy}
          aria-label="Reload tenants"
        >
          Reload
        </button>
      </div>
      {busy && <p className="pane__placeholder">Loading tenants…</p>}
      {tenants.status === 'failed' && (
        <ErrorNotice title="Could not load tenants" error={tenants.error} onRetry={() => void actions.loadTenants()} />
      )}
      {tenants.status === 'ready' && tenants.value.length === 0 && (
        <p className="pane__placeholder">This directory has no tenants yet.</p>
      )}
      {tenants.status === 'ready' && tenants.value.length > 0 && (
        <TenantList
          tenants={tenants.value}
          selected={selectedTenant}
          onSelect={(name) => void actions.selectTenant(name)}
        />
      )}
    </section>
  );
}
