/**
 * One timeline row per change: a console record and the server-log record of the same write are tied together
 * (same target, same kind of operation, same identity, times within a few seconds), so a change made through
 * the console shows once, with both records viewable. Records without a partner stand alone.
 */
import type { AuditRecord } from './audit';

export interface AuditRow {
  /** Stable across re-renders: the primary record's id. */
  key: string;
  /** The console record when there is one, else the server record. */
  primary: AuditRecord;
  /** The server's record of the same write, tied to a console record. */
  related: AuditRecord | null;
}

/** How far apart the console's and the server's times of one write may be (the server's have whole seconds). */
export const tieWindowMs = 5_000;

const normalized = (dn: string) => dn.replace(/\s*([,=+])\s*/g, '$1').toLowerCase();

/** Rows in the records' order (newest first), each server record tied to at most one console record. */
export function tieRecords(records: readonly AuditRecord[]): AuditRow[] {
  const servers = new Map<string, AuditRecord[]>();
  for (const record of records) {
    if (record.source !== 'server') continue;
    const list = servers.get(normalized(record.target)) ?? [];
    list.push(record);
    servers.set(normalized(record.target), list);
  }
  // Every possible pair, closest first: each record goes to its nearest free partner.
  const pairs: { console: AuditRecord; server: AuditRecord; distance: number }[] = [];
  for (const record of records) {
    if (record.source !== 'console') continue;
    const time = Date.parse(record.time);
    for (const candidate of servers.get(normalized(record.target)) ?? []) {
      if (candidate.kind !== record.kind || normalized(candidate.actor) !== normalized(record.actor)) continue;
      const distance = Math.abs(Date.parse(candidate.time) - time);
      if (distance <= tieWindowMs) pairs.push({ console: record, server: candidate, distance });
    }
  }
  pairs.sort((a, b) => a.distance - b.distance);
  const tied = new Map<string, AuditRecord>();
  const taken = new Set<string>();
  for (const pair of pairs) {
    if (tied.has(pair.console.id) || taken.has(pair.server.id)) continue;
    tied.set(pair.console.id, pair.server);
    taken.add(pair.server.id);
  }
  return records.filter((record) => !taken.has(record.id)).map((record) => ({ key: record.id, primary: record, related: tied.get(record.id) ?? null }));
}
