/**
 * The directory server's own log: OpenLDAP's accesslog database (cn=accesslog), which records every
 * write by any client, refused ones included. Read newest first with reqStart range filters: the server
 * returns entries oldest first, so the reader walks back in time windows that widen while they come
 * back sparse and narrow when one holds too many, and never streams more than a few pages per call.
 */
import { AndFilter, EqualityFilter, ExtensibleFilter, GreaterThanEqualsFilter, NotFilter, type Filter } from 'ldapts';
import type { AuditFilters, AuditRecord } from '../../../../shared/model/audit';
import type { ServerLogHit, ServerLogReader } from '../../../audit/audit-timeline';
import type { DirectoryConnection } from '../../../directory/directory-connection';
import { first } from '../../../directory/entry';
import { matchesFilters } from '../../../../shared/model/audit-match';
import { accesslogAttributes, recordOfAccesslogEntry } from './accesslog-record';
import type { HostingLayout } from '../../../hosting/hosting-layout';
import { generalizedTimeOf } from '../../../audit/generalized-time';

/** The accesslog database's suffix in the sandbox and in OpenLDAP's documentation. */
export const accesslogBase = 'cn=accesslog';

/** An accesslog record; `after` is its reqStart. */
export type AccesslogHit = ServerLogHit;

const firstSpanMs = 10 * 60_000;
const minSpanMs = 1_000;
const reqTypes: Record<string, string> = { add: 'add', modify: 'modify', delete: 'delete', rename: 'modrdn', modrdn: 'modrdn' };

export class AccesslogReader implements ServerLogReader {
  readonly name = accesslogBase;

  constructor(
    private readonly connection: DirectoryConnection,
    /** Where tenants live: the tenant filter is a subtree match on reqDN, and records name their tenant. */
    private readonly layout: Pick<HostingLayout, 'tenantDn' | 'tenantOf'>,
    /** Subtrees whose writes are not changes to show (the audit checkpoints: anchors, not changes). */
    private readonly hiddenSubtrees: string[] = [],
  ) {}

  /** Up to `limit` records matching `filters` (and `accept`: the reader's scope), newest first, older than `before` (a reqStart) when given. */
  async page(filters: AuditFilters, before: string | null, limit: number, accept: (record: AuditRecord) => boolean = () => true): Promise<{ hits: AccesslogHit[]; done: boolean }> {
    // Server records are never "unknown", and console call names (updateMailbox, …) never name a server record.
    if (filters.result === 'unknown') return { hits: [], done: true };
    if (filters.operation && reqTypes[filters.operation.toLowerCase()] === undefined) return { hits: [], done: true };
    const oldest = await this.oldestReqStart();
    if (oldest === null) return { hits: [], done: true };
    const floorMs = Math.max(parseGeneralized(oldest), filters.since ? Date.parse(filters.since) : -Infinity);
    let upper = before ?? generalizedTimeOf(filters.until ? Date.parse(filters.until) : Date.now() + 60_000);
    let upperMs = parseGeneralized(upper);
    let span = firstSpanMs;
    const hits: AccesslogHit[] = [];
    const rawCap = Math.max(4 * limit, 500);
    while (hits.length < limit && upperMs > floorMs - 1000) {
      const lowerMs = Math.max(floorMs, upperMs - span);
      const lastWindow = lowerMs <= floorMs;
      // On the last window the lower bound is the floor itself, which may fall inside a second.
      const lower = lastWindow ? (filters.since ? generalizedTimeOf(filters.since) : null) : generalizedTimeOf(lowerMs);
      const capped = span > minSpanMs;
      const entries = await this.connection.search(accesslogBase, {
        scope: 'one',
        filter: this.filter(filters, lower, upper),
        attributes: accesslogAttributes,
        pageSize: 500,
        ...(capped ? { limit: rawCap + 1 } : {}),
      });
      if (capped && entries.length > rawCap) {
        span = Math.max(minSpanMs, Math.floor(span / 8));
        continue;
      }
      const found = entries
        .map((entry) => ({ entry, record: recordOfAccesslogEntry(entry, this.layout.tenantOf) }))
        .filter((item): item is { entry: typeof item.entry; record: AuditRecord } => item.record !== null && matchesFilters(item.record, filters) && accept(item.record))
        .sort((a, b) => (first(b.entry, 'reqStart') > first(a.entry, 'reqStart') ? 1 : -1));
      for (const item of found) hits.push({ record: item.record, after: first(item.entry, 'reqStart') });
      if (lastWindow || lower === null) return { hits: hits.slice(0, limit), done: hits.length <= limit };
      upper = lower;
      upperMs = lowerMs;
      if (found.length === 0) span *= 8;
      else if (entries.length < limit) span *= 2;
    }
    return { hits: hits.slice(0, limit), done: false };
  }

  /** The first entry's reqStart (mdb returns entries in insertion order), or null when the log is empty. */
  private async oldestReqStart(): Promise<string | null> {
    const entries = await this.connection.search(accesslogBase, { scope: 'one', filter: objectClassWrite, attributes: ['reqStart'], limit: 1, pageSize: 1 });
    const entry = entries[0];
    return entry ? first(entry, 'reqStart') : null;
  }

  private filter(filters: AuditFilters, lower: string | null, upper: string): Filter {
    const parts: Filter[] = [objectClassWrite, new NotFilter({ filter: new GreaterThanEqualsFilter({ attribute: 'reqStart', value: upper }) })];
    if (lower !== null) parts.push(new GreaterThanEqualsFilter({ attribute: 'reqStart', value: lower }));
    // OpenLDAP's dnSubtreeMatch: the entry and everything below it, matched by the server's DN rules.
    if (filters.tenant) parts.push(new ExtensibleFilter({ rule: 'dnSubtreeMatch', matchType: 'reqDN', value: this.layout.tenantDn(filters.tenant) }));
    for (const hidden of this.hiddenSubtrees) parts.push(new NotFilter({ filter: new ExtensibleFilter({ rule: 'dnSubtreeMatch', matchType: 'reqDN', value: hidden }) }));
    if (filters.result === 'ok') parts.push(new EqualityFilter({ attribute: 'reqResult', value: '0' }));
    if (filters.result === 'failed') parts.push(new NotFilter({ filter: new EqualityFilter({ attribute: 'reqResult', value: '0' }) }));
    const reqType = filters.operation ? reqTypes[filters.operation.toLowerCase()] : undefined;
    if (reqType) parts.push(new EqualityFilter({ attribute: 'reqType', value: reqType }));
    return new AndFilter({ filters: parts });
  }
}

const objectClassWrite = new EqualityFilter({ attribute: 'objectClass', value: 'auditWriteObject' });

function parseGeneralized(value: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(value);
  if (!match) return Date.now();
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
}
