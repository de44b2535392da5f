/** Left pane: the navigation tree with its filter box, and "New tenant" for those who may create one. */
import { useMemo, useState } from 'react';
import { permissionsFor } from '../state/permissions';
import { useConsoleActions, useConsoleState } from '../state/store-context';
import { ErrorNotice } from './error-notice';
import { TenantTree } from './tree/tenant-tree';

export function TenantPane({ onNewTenant }: { onNewTenant(): void }) {
  const state = useConsoleState();
  const actions = useConsoleActions();
  const [filter, setFilter] = useState('');
  const { tenants, selectedTenant, section, groups } = state;
  const session = state.session.status === 'ready' ? state.session.value : null;
  const permissions = permissionsFor(session);
  const busy = tenants.status === 'loading' || tenants.status === 'idle';
  // Only the first screen is here yet: its count is not the total, and a filter would miss the tenants still on their way.
  const partial = state.tenantsPartial;
  const waitingForAll = partial && filter.trim() !== '';
  const visible = tenants.status === 'ready' ? tenants.value.filter((tenant) => permissions.seesTenant(tenant.name)) : [];
  const findings = useMemo(() => new Map((state.conformance?.tenantsWithFindings ?? []).map((t) => [t.tenant, { count: t.findingCount, rules: [...t.rules] }])), [state.conformance]);

  return (
    <section className="pane tenant-pane" aria-labelledby="tenant-pane-title" aria-busy={busy || partial} data-state={partial ? 'partial' : tenants.status}>
      <div className="pane__header">
        <h2 id="tenant-pane-title" className="pane__title">
          Tenants
        </h2>
        {tenants.status === 'ready' && !partial && <span className="pane__count">{visible.length}</span>}
        <span className="pane__actions">
          {permissions.manageTenants && (
            <button type="button" className="button" onClick={onNewTenant}>
              New tenant
            </button>
          )}
          <button type="button" className="button button--quiet" onClick={() => void actions.refresh()} disabled={busy} aria-label="Reload tenants" title="Reload (F5)">
            ⟳
          </button>
        </span>
      </div>
      <div className="pane__filter">
        <input type="search" className="input" aria-label="Filter tenants" placeholder="Filter by name or domain" value={filter} onChange={(event) => setFilter(event.target.value)} />
      </div>
      {busy && <p className="pane__placeholder">Loading tenants…</p>}
      {tenants.status === 'failed' && <ErrorNotice title="Could not load tenants" error={tenants.error} onRetry={() => void actions.loadTenants()} />}
      {tenants.status === 'ready' && visible.length === 0 && <p className="pane__placeholder">This directory has no tenants yet.</p>}
      {waitingForAll && <p className="pane__placeholder">Loading all tenants…</p>}
      {tenants.status === 'ready' && visible.length > 0 && !waitingForAll && (
        <TenantTree
          rootLabel={session?.connection?.name ?? 'Directory'}
          tenants={visible}
          groups={groups}
          filter={filter}
          selectedTenant={selectedTenant}
          section={section}
          onOpen={(tenant, next) => void actions.selectSection(tenant, next)}
          onExpandTenant={(tenant) => {
            if (groups[tenant] === undefined) void actions.loadGroups(tenant);
          }}
          onRefresh={() => void actions.refresh()}
          findings={findings}
        />
      )}
    </section>
  );
}
