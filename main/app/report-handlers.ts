/** The handlers behind the quota report and the audit viewer, given the journal and the current session. */
import { failure } from '../../shared/errors';
import type { AuditSourceNotice } from '../../shared/model/audit';
import type { CallHandlers } from '../api/dispatcher';
import { AccesslogReader } from '../audit/accesslog-reader';
import { directoryAnchors } from '../audit/anchor-source';
import { exportTimeline } from '../audit/audit-export';
import type { AuditJournal } from '../audit/audit-journal';
import { auditScopeOf, scopedVerification, type AuditReader, type AuditScope } from '../audit/audit-scope';
import { listTimeline, type TimelineSources } from '../audit/audit-timeline';
import { checkpointContainerDn } from '../audit/checkpoint-rules';
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
  /** Who is bound (role and DN), or null when not connected: audit records are scoped to it. */
  reader: () => AuditReader | null;
}

/** The journal plus, when connected, the server log of the current directory, as far as `scope` may read. */
export function timelineSources(journalPath: string, services: HostingServices | null, scope: AuditScope): TimelineSources {
  if (services?.context.dialect.flavor === 'active-directory') return { journalPath, server: null, serverNotice: activeDirectoryServerLogNotice, scope };
  const layout = services?.context.dialect.layout;
  const server = services && layout ? new AccesslogReader(services.context.connection, (tenant) => layout.tenantDn(tenant), [checkpointContainerDn(layout.suffix)]) : null;
  return { journalPath, server, scope };
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
  const sources = () => timelineSources(deps.journal.path, deps.services(), auditScopeOf(deps.reader()));
  return {
    quotaReport: ({ tenant, top }) => buildQuotaReport(connected().context, { ...(tenant ? { tenant } : {}), top, usage: deps.usage }),
    listAuditRecords: ({ source, filters, cursor, pageSize }) => listTimeline(sources(), source, filters, cursor, pageSize),
    // With a connection the journal is compared with its checkpoints in that directory.
    verifyAuditJournal: async () => {
      const services = deps.services();
      const anchors = services ? directoryAnchors(services.context.connection, { suffix: services.context.dialect.layout.suffix, flavor: services.context.dialect.flavor }) : null;
      return scopedVerification(auditScopeOf(deps.reader()), await verifyJournal(deps.journal.path, anchors));
    },
    exportAuditRecords: ({ source, filters, format, limit }) => exportTimeline(sources(), source, filters, format, limit),
  };
}
