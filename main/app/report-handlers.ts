/** The handlers behind the quota report and the audit viewer, given the journal and the current session. */
import { failure } from '../../shared/errors';
import type { AuditSourceNotice } from '../../shared/model/audit';
import type { CallHandlers } from './dispatcher';
import { AccesslogReader } from '../flavors/openldap/server-log/accesslog-reader';
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
  if (services?.context.dialect.flavor === 'active-directory') return { journalPath, server: null, serverNotice: activeDirectoryServerLogNotice };
  const server = services ? new AccesslogReader(services.context.connection, (tenant) => services.context.dialect.layout.tenantDn(tenant)) : null;
  return { journalPath, server };
}

/** AD has no accesslog: its change record is the DC's Security event log (Samba: log files), not an LDAP tree. */
export const activeDirectoryServerLogNotice: AuditSourceNotice = {
  source: 'server',
  kind: 'server-log-not-over-ldap',
  flavor: 'active-directory',
  message:
    "Active Directory keeps no log of changes that can be read over LDAP (its record is the domain controller's Security event log), so only the console's own journal is shown: changes made by other tools do not appear here.",
};

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
