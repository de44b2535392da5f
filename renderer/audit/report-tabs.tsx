/** The switch between the directory console and the two report views (quotas, audit log). */
import { lazy, Suspense } from 'react';
import type { EnclaveApi } from '../../shared/ipc/contract';

// Loaded when first opened: the charts library alone is most of the bundle, and the directory view paints first.
const QuotaView = lazy(() => import('../quota/quota-view').then((module) => ({ default: module.QuotaView })));
const AuditView = lazy(() => import('./audit-view').then((module) => ({ default: module.AuditView })));
const HostSettingsView = lazy(() => import('../host/host-settings-view').then((module) => ({ default: module.HostSettingsView })));

export type ConsoleView = 'directory' | 'quotas' | 'audit' | 'host';

const labels: Record<ConsoleView, string> = { directory: 'Directory', quotas: 'Quotas', audit: 'Audit log', host: 'Host settings' };

/** `host`: shown to host staff (host admins change it, helpdesk reads it). */
export function ReportTabs({ view, onChange, host }: { view: ConsoleView; onChange: (view: ConsoleView) => void; host: 'edit' | 'read' | 'none' }) {
  return (
    <nav className="report-tabs" aria-label="Views">
      {(Object.keys(labels) as ConsoleView[]).filter((name) => name !== 'host' || host !== 'none').map((name) => (
        <button key={name} type="button" className="report-tabs__tab" aria-current={view === name ? 'page' : undefined} onClick={() => onChange(name)}>
          {labels[name]}
        </button>
      ))}
    </nav>
  );
}

/** The report view for `view` (not the directory, which the app renders itself). */
export function ReportView({ view, api, host }: { view: Exclude<ConsoleView, 'directory'>; api: EnclaveApi; host: 'edit' | 'read' | 'none' }) {
  return (
    <main className="report-view">
      <Suspense fallback={<p className="pane__placeholder">Loading the view…</p>}>
        {view === 'quotas' ? <QuotaView /> : view === 'host' ? <HostSettingsView canEdit={host === 'edit'} /> : <AuditView api={api} />}
      </Suspense>
    </main>
  );
}
