/** The handlers behind the quota report and the audit viewer, given the journal and the current session. */
import { failure } from '../../shared/errors';
import type { CallHandlers } from '../api/dispatcher';
import { AccesslogReader } from '../audit/accesslog-reader';
import { exportTimeline } from '../audit/audit-export';
import type { AuditJournal } from '../audit/audit-journal';
import { listTimeline, type TimelineSources } from '../audit/audit-timeline';
import { verifyJournal } from '../audit/journal-verify';
import type { HostingServices } from '../hosting/hosting-services';
import type { MailboxUsageSource } from '../quota/mailbox-usage-source';
import { buildQuotaReport } from '../quota/quota-report';

type ReportCalls = 'quotaReport' | 'listAuditRecords' | 'verifyAuditJournal' | 'exportAuditRecords';

export interface ReportDependencies {
  journal: AuditJournal;
  usage: MailboxUsageSource;
  /** The connected session's services, or null when not connected. */
  services: () => HostingServices | null;
}

/** The journal plus, when connected, the server log of the current directory. */
export function timelineSources(journalPath: string, services: HostingServices | null): TimelineSources {
  const server = services ? new AccesslogReader(services.context.connection, (tenant) => services.context.dialect.layout.tenantDn(tenant)) : null;
  return { journalPath, server };
}

export function createReportHandlers(deps: ReportDependencies): Pick<CallHandlers, ReportCalls> {
  const connected = () => {
    const services = deps.services();
    if (!services) throw failure({ kind: 'not-connected', message: 'Not connected to a directory. Choose a connection first.' });
    return services;
  };
  return {
    quotaReport: ({ tenant, top }) => buildQuotaReport(connected().context, { ...(tenant ? { tenant } : {}), top, usage: deps.usage }),
    listAuditRecords: ({ source, filters, cursor, pageSize }) => listTimeline(timelineSources(deps.journal.path, deps.services()), source, filters, cursor, pageSize),
    verifyAuditJournal: () => verifyJournal(deps.journal.path),
    exportAuditRecords: ({ source, filters, format, limit }) => exportTimeline(timelineSources(deps.journal.path, deps.services()), source, filters, format, limit),
  };
}
