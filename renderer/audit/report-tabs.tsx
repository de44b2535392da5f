/** The switch between the directory console and the two report views (quotas, audit log). */
import type { EnclaveApi } from '../../shared/ipc/contract';
import { QuotaView } from '../quota/quota-view';
import { AuditView } from './audit-view';

export type ConsoleView = 'directory' | 'quotas' | 'audit';

const labels: Record<ConsoleView, string> = { directory: 'Directory', quotas: 'Quotas', audit: 'Audit log' };

export function ReportTabs({ view, onChange }: { view: ConsoleView; onChange: (view: ConsoleView) => void }) {
  return (
    <nav className="report-tabs" aria-label="Views">
      {(Object.keys(labels) as ConsoleView[]).map((name) => (
        <button key={name} type="button" className="report-tabs__tab" aria-current={view === name ? 'page' : undefined} onClick={() => onChange(name)}>
          {labels[name]}
        </button>
      ))}
    </nav>
  );
}

/** The report view for `view` (not the directory, which the app renders itself). */
export function ReportView({ view, api }: { view: Exclude<ConsoleView, 'directory'>; api: EnclaveApi }) {
  return <main className="report-view">{view === 'quotas' ? <QuotaView /> : <AuditView api={api} />}</main>;
}
