/**
 * Reads the journal newest first, in chunks from the end (or from a cursor), so the first page of a
 * million-record journal costs one chunk. Time filters start and stop at offsets from the sidecar index.
 * The newest line about a change stands for it (reconciliation, else outcome); an intent is shown only when
 * nothing follows it (result "unknown").
 */
import { open, stat } from 'node:fs/promises';
import type { AuditFilters, AuditRecord } from '../../shared/model/audit';
import { matchesFilters } from '../../shared/model/audit-match';
import { loadIndex, offsetForSince, offsetForUntil } from './journal-index';
import { recordOfLine, type JournalLine } from './journal-line';

/** Where a listing continues: read backwards from `offset`; `awaiting` are intents whose outcome was already shown. */
export interface JournalCursor {
  offset: number;
  awaiting: number[];
}

export interface JournalHit {
  record: AuditRecord;
  /** Resume here to continue right after this record. */
  after: JournalCursor;
}

const chunkBytes = 1024 * 1024;

/** Up to `limit` records matching `filters` (and `accept`: the reader's scope), newest first, starting at `cursor` (the end when null). */
export async function readJournalPage(path: string, filters: AuditFilters, cursor: JournalCursor | null, limit: number, accept: (record: AuditRecord) => boolean = () => true): Promise<{ hits: JournalHit[]; done: boolean }> {
  const size = await stat(path).then((info) => info.size, () => 0);
  if (size === 0) return { hits: [], done: true };
  const index = filters.since || filters.until ? await loadIndex(path) : [];
  const start = Math.min(cursor?.offset ?? size, filters.until ? offsetForUntil(index, filters.until, size) : size);
  const stopAt = filters.since ? offsetForSince(index, filters.since) : 0;
  const awaiting = new Set(cursor?.awaiting ?? []);
  const hits: JournalHit[] = [];
  const sinceMs = filters.since ? Date.parse(filters.since) : null;
  const prefilter = rawPrefilter(filters);

  const handle = await open(path, 'r');
  try {
    let end = start;
    let carry = Buffer.alloc(0);
    while (end > stopAt) {
      const begin = Math.max(stopAt, end - chunkBytes);
      const chunk = Buffer.alloc(end - begin);
      await handle.read(chunk, 0, chunk.length, begin);
      const data = carry.length > 0 ? Buffer.concat([chunk, carry]) : chunk;
      let lineEnd = data.length;
      carry = Buffer.alloc(0);
      for (;;) {
        const newline = lineEnd >= 2 ? data.lastIndexOf(0x0a, lineEnd - 2) : -1;
        if (newline < 0 && begin > stopAt) {
          carry = data.subarray(0, lineEnd);
          break;
        }
        const lineStart = newline + 1;
        const offset = begin + lineStart;
        const raw = data.toString('utf8', lineStart, lineEnd).trimEnd();
        lineEnd = lineStart;
        if (raw !== '' && prefilter(raw)) {
          const line = parse(raw);
          if (line !== null) {
            if (sinceMs !== null && Date.parse(line.time) < sinceMs) return { hits, done: true };
            // The newest line about a change stands for it: a reconciliation over its unknown outcome, an
            // outcome over its intent. Older lines about it are skipped; its intent closes the entry.
            let shown = true;
            if (line.phase === 'intent') shown = !awaiting.delete(line.seq);
            else if (awaiting.has(line.intentSeq)) shown = false;
            else awaiting.add(line.intentSeq);
            const record = recordOfLine(line);
            if (shown && matchesFilters(record, filters) && accept(record)) {
              hits.push({ record, after: { offset, awaiting: [...awaiting] } });
              if (hits.length >= limit) return { hits, done: offset <= stopAt };
            }
          }
        }
        if (newline < 0) break;
      }
      end = begin;
    }
    return { hits, done: true };
  } finally {
    await handle.close();
  }
}

function parse(raw: string): JournalLine | null {
  try {
    return JSON.parse(raw) as JournalLine;
  } catch {
    return null; // A torn or damaged line: verify reports it; the viewer skips it.
  }
}

/** A cheap test on the raw line before parsing, exact for the tenant (the JSON spelling is canonical). */
function rawPrefilter(filters: AuditFilters): (raw: string) => boolean {
  const tenant = filters.tenant ? `"tenant":${JSON.stringify(filters.tenant)}` : null;
  if (tenant === null) return () => true;
  // Tenant names compare case-insensitively; the exact spelling is by far the common case.
  return (raw) => raw.includes(tenant) || raw.toLowerCase().includes(tenant.toLowerCase());
}
