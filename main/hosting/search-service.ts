/** The directory-wide search box: tenants, mailboxes, groups and lists by name or address. */
import type { SearchHit } from '../../shared/model/hosting';
import { first, values } from '../directory/entry';
import { leafValue } from '../directory/dn';
import type { HostingContext } from './hosting-context';

export class SearchService {
  constructor(private readonly context: HostingContext) {}

  /** Up to `limit` entries matching `text` in a name, login or address, across every visible tenant. */
  async search(text: string, limit: number): Promise<SearchHit[]> {
    const { connection, dialect } = this.context;
    const entries = await connection.search(dialect.layout.tenantsDn, {
      filter: dialect.searchFilter(text),
      attributes: [...new Set([...dialect.classifyAttributes(), ...dialect.mailboxAttributes(), ...dialect.groupAttributes(), ...dialect.tenantAttributes()])],
      limit,
    });
    const hits: SearchHit[] = [];
    for (const entry of entries) {
      const type = dialect.classify(entry);
      const tenant = this.context.dialect.layout.tenantOf(entry.dn);
      if (!type || !tenant) continue;
      if (type === 'tenant') {
        const t = dialect.tenantFromEntry(entry);
        hits.push({ type, tenant, name: t.name, displayName: t.displayName || t.name, address: null });
      } else if (type === 'mailbox') {
        const m = dialect.mailboxFromEntry(tenant, entry);
        hits.push({ type, tenant, name: m.login, displayName: m.displayName, address: m.primaryAddress });
      } else {
        const kind = dialect.groupKindOf?.(entry) ?? (values(entry, 'enclaveGroupKind')[0] === 'distribution' ? 'distribution' : 'security');
        hits.push({ type, tenant, name: first(entry, 'cn') || leafValue(entry.dn), groupKind: kind, displayName: first(entry, 'cn'), address: first(entry, 'mail') || null });
      }
    }
    return hits;
  }
}
