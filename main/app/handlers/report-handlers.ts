/** The handlers behind the quota report and the audit viewer, given the journal and the current session. */
import { failure } from '../../../shared/errors';
import { directoryAnchors } from '../../audit/anchor-source';
import { exportTimeline } from '../../audit/audit-export';
import type { AuditJournal } from '../../audit/audit-journal';
import { auditScopeOf, scopedVerification, type AuditScope } from '../../audit/audit-scope';
import { listTimeline, type TimelineSources } from '../../audit/audit-timeline';
import { verifyJournal } from '../../audit/journal-verify';
import type { MailboxUsageSource } from '../../quota/mailbox-usage-source';
import { buildQuotaReport } from '../../quota/quota-report';
import { readMailboxActivity } from '../../quota/mailbox-activity';
import type { CallHandlers } from '../dispatcher';
import type { DirectorySession } from '../directory-session';
import type { SessionManager } from '../session-manager';

type ReportCalls = 'quotaReport' | 'listAuditRecords' | 'verifyAuditJournal' | 'exportAuditRecords' | 'getMailboxActivity';

export interface ReportDependencies {
  journal: AuditJournal;
  /** Used when the connection names no usage source of its own (tests give a fixed one). */
  usage: MailboxUsageSource;
  /** The current session and who is bound in it (the session manager; tests pass a fixed session). */
  sessions: Pick<SessionManager, 'currentOrNull' | 'reader' | 'services'>;
}

/** The session source of one fixed session (or none): the CLI and tests, which have no session manager. */
export function fixedSession(session: DirectorySession | null): ReportDependencies['sessions'] {
  return {
    currentOrNull: () => session,
    reader: () => (session ? { role: session.info.role, bindDN: session.info.bindDN } : null),
    services: () => {
      if (!session) throw failure({ kind: 'not-connected', message: 'Not connected to a directory. Choose a connection first.' });
      return session.services;
    },
  };
}

/**
 * The journal plus, when connected, the server log of the current directory (or why its flavor has none), as far
 * as `scope` may read. The audit checkpoints are anchors, not changes: the server log leaves them out.
 */
export function timelineSources(journalPath: string, session: DirectorySession | null, scope: AuditScope): TimelineSources {
  if (!session) return { journalPath, server: null, scope };
  const log = session.flavor.serverLog(session.services.context);
  return 'reader' in log ? { journalPath, server: log.reader, scope } : { journalPath, server: null, serverNotice: log.notice, scope };
}

export function createReportHandlers({ journal, usage, sessions }: ReportDependencies): Pick<CallHandlers, ReportCalls> {
  const sources = () => timelineSources(journal.path, sessions.currentOrNull(), auditScopeOf(sessions.reader()));
  // The connection's own source (its profile's mailUsage) first.
  const usageSource = () => {
    const session = sessions.currentOrNull();
    return session?.usage && session.usage.name !== null ? session.usage : usage;
  };
  return {
    quotaReport: ({ tenant, top }) => buildQuotaReport(sessions.services().context, { ...(tenant ? { tenant } : {}), top, usage: usageSource() }),
    getMailboxActivity: ({ tenant, login }) => readMailboxActivity(sessions.services().context, usageSource(), tenant, login),
    listAuditRecords: ({ source, filters, cursor, pageSize }) => listTimeline(sources(), source, filters, cursor, pageSize),
    // With a connection the journal is compared with its checkpoints in that directory.
    verifyAuditJournal: async () => {
      const session = sessions.currentOrNull();
      const anchors = session ? directoryAnchors(session.connection, session.services.context.dialect.layout.auditDn) : null;
      return scopedVerification(auditScopeOf(sessions.reader()), await verifyJournal(journal.path, anchors));
    },
    exportAuditRecords: ({ source, filters, format, limit }) => exportTimeline(sources(), source, filters, format, limit),
  };
}
