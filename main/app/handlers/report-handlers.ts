/** The handlers behind the quota report and the audit viewer, given the journal and the current session. */
import { exportTimeline } from '../../audit/audit-export';
import type { AuditJournal } from '../../audit/audit-journal';
import { listTimeline, type TimelineSources } from '../../audit/audit-timeline';
import { verifyJournal } from '../../audit/journal-verify';
import type { MailboxUsageSource } from '../../quota/mailbox-usage-source';
import { buildQuotaReport } from '../../quota/quota-report';
import type { CallHandlers } from '../dispatcher';
import type { DirectorySession } from '../directory-session';
import type { SessionManager } from '../session-manager';

type ReportCalls = 'quotaReport' | 'listAuditRecords' | 'verifyAuditJournal' | 'exportAuditRecords';

export interface ReportDependencies {
  journal: AuditJournal;
  usage: MailboxUsageSource;
  sessions: SessionManager;
}

/** The journal plus, when connected, the server log of the current directory (or why its flavor has none). */
export function timelineSources(journalPath: string, session: DirectorySession | null): TimelineSources {
  if (!session) return { journalPath, server: null };
  const log = session.flavor.serverLog(session.services.context);
  return 'reader' in log ? { journalPath, server: log.reader } : { journalPath, server: null, serverNotice: log.notice };
}

export function createReportHandlers({ journal, usage, sessions }: ReportDependencies): Pick<CallHandlers, ReportCalls> {
  return {
    quotaReport: ({ tenant, top }) => buildQuotaReport(sessions.services().context, { ...(tenant ? { tenant } : {}), top, usage }),
    listAuditRecords: ({ source, filters, cursor, pageSize }) => listTimeline(timelineSources(journal.path, sessions.currentOrNull()), source, filters, cursor, pageSize),
    verifyAuditJournal: () => verifyJournal(journal.path),
    exportAuditRecords: ({ source, filters, format, limit }) => exportTimeline(timelineSources(journal.path, sessions.currentOrNull()), source, filters, format, limit),
  };
}
