/**
 * One timeline over both sources: each source is read newest first from its own position, the two are
 * merged by time, and the cursor remembers where each source stands (opaque to the renderer).
 */
import { failure } from '../../shared/errors';
import type { AuditFilters, AuditPage, AuditRecord, AuditSource, AuditSourceChoice, AuditSourceNotice } from '../../shared/model/audit';
import { emptyScopeReason, inScope, scopedFilters, type AuditScope } from './audit-scope';
import { readJournalPage, type JournalCursor } from './journal-reader';
import { tornTailFiles } from './journal-tail';

/** Per source: where to continue, or "end" when it has nothing more. */
interface TimelineCursor {
  console: JournalCursor | 'end' | null;
  server: string | 'end' | null;
}

/** One record of the server's own log, and where to resume below it. */
export interface ServerLogHit {
  record: AuditRecord;
  /** Opaque position of this record (OpenLDAP: its reqStart). */
  after: string;
}

/** A server's change log, newest first (OpenLDAP: cn=accesslog; see flavors/<flavor>/server-log/). */
export interface ServerLogReader {
  /** What the log is called on this server, for messages (OpenLDAP: cn=accesslog). */
  readonly name: string;
  /** Up to `limit` records matching `filters` and `accept` (the reader's scope), older than `before` when given. */
  page(filters: AuditFilters, before: string | null, limit: number, accept?: (record: AuditRecord) => boolean): Promise<{ hits: ServerLogHit[]; done: boolean }>;
}

export interface TimelineSources {
  journalPath: string;
  /** The server log of the current connection; null when not connected or when the directory has none. */
  server: ServerLogReader | null;
  /** Why the connected directory has no server log to read (Active Directory), instead of a reader. */
  serverNotice?: AuditSourceNotice;
  /** What the bound identity may read (audit-scope.ts). */
  scope: AuditScope;
}

interface Candidate {
  record: AuditRecord;
  source: AuditSource;
  after: JournalCursor | string;
  sourceDone: boolean;
}

/** One page of the timeline, as far as the reader's scope goes. */
export async function listTimeline(sources: TimelineSources, source: AuditSourceChoice, requested: AuditFilters, cursorText: string | undefined, pageSize: number): Promise<AuditPage> {
  const cursor = cursorText ? decodeCursor(cursorText) : { console: null, server: null };
  const unavailable: AuditPage['unavailable'] = [];
  const notices: AuditSourceNotice[] = [];
  const candidates: Candidate[][] = [];
  const next: TimelineCursor = { console: source === 'server' ? 'end' : cursor.console, server: source === 'console' ? 'end' : cursor.server };
  const filters = scopedFilters(sources.scope, requested);
  const accept = (record: AuditRecord) => inScope(sources.scope, record);
  const nothing = emptyScopeReason(sources.scope);
  if (nothing !== null) {
    for (const shown of ['console', 'server'] as const) if (source === 'both' || source === shown) unavailable.push({ source: shown, message: nothing });
    return { items: [], nextCursor: null, unavailable, notices };
  }

  if (next.console !== 'end') {
    const torn = cursorText === undefined ? await tornTailFiles(sources.journalPath) : [];
    if (torn.length > 0) {
      notices.push({
        source: 'console',
        kind: 'journal-torn-tail',
        files: torn.map((kept) => kept.file),
        message: `${torn.length === 1 ? 'A record' : `${torn.length} records`} whose write never finished (a crash or a full disk; the change was not sent) ${torn.length === 1 ? 'was' : 'were'} moved aside, not cut: ${torn.map((kept) => `${kept.file} (${kept.bytes} bytes)`).join(', ')}.`,
      });
    }
    const page = await readJournalPage(sources.journalPath, filters, next.console, pageSize, accept);
    candidates.push(page.hits.map((hit, index) => ({ record: hit.record, source: 'console', after: hit.after, sourceDone: page.done && index === page.hits.length - 1 })));
    if (page.hits.length === 0) next.console = 'end';
  }
  if (next.server !== 'end') {
    if (sources.serverNotice) {
      notices.push(sources.serverNotice);
      next.server = 'end';
    } else if (sources.server === null) {
      unavailable.push({ source: 'server', message: 'Not connected to a directory: the server log cannot be read.' });
      next.server = 'end';
    } else {
      try {
        const page = await sources.server.page(filters, next.server, pageSize, accept);
        candidates.push(page.hits.map((hit, index) => ({ record: hit.record, source: 'server', after: hit.after, sourceDone: page.done && index === page.hits.length - 1 })));
        if (page.hits.length === 0) next.server = 'end';
      } catch (error) {
        const message = (error as { error?: { message?: string } }).error?.message ?? String(error);
        unavailable.push({ source: 'server', message: `The server log (${sources.server.name}) could not be read: ${message}` });
        next.server = 'end';
      }
    }
  }

  // By instant, not by text: the server's times have whole seconds, the journal's milliseconds.
  const merged = candidates.flat().sort((a, b) => Date.parse(b.record.time) - Date.parse(a.record.time));
  const taken = merged.slice(0, pageSize);
  for (const item of taken) {
    if (item.source === 'console') next.console = item.sourceDone ? 'end' : (item.after as JournalCursor);
    else next.server = item.sourceDone ? 'end' : (item.after as string);
  }
  const finished = next.console === 'end' && next.server === 'end';
  return { items: taken.map((item) => item.record), nextCursor: finished ? null : encodeCursor(next), unavailable, notices };
}

const encodeCursor = (cursor: TimelineCursor): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(text: string): TimelineCursor {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as TimelineCursor;
    const consoleOk = parsed.console === null || parsed.console === 'end' || (typeof parsed.console === 'object' && Number.isSafeInteger(parsed.console.offset) && Array.isArray(parsed.console.awaiting));
    const serverOk = parsed.server === null || typeof parsed.server === 'string';
    if (consoleOk && serverOk) return parsed;
  } catch {
    // Falls through to the error below.
  }
  throw failure({ kind: 'invalid-input', message: 'This audit listing cursor is not valid; reload the list.', issues: [{ path: ['cursor'], message: 'not a cursor this console made' }] });
}
