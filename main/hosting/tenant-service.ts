/**
 * Tenants: one OU each below the tenants container, with its mailbox/group/list containers and the
 * tenant-admins and all-users groups. Creation is all-or-nothing: a failure removes what was written.
 */
import { failure } from '../../shared/errors';
import { domainOf } from '../../shared/model/fields';
import {
  groupKinds,
  systemGroupNames,
  type CreateTenantRequest,
  type Tenant,
  type TenantChanges,
  type TenantSettings,
  type TenantMailboxCounts,
  type TenantSummary,
} from '../../shared/model/hosting';
import { defaultTenantMailServices } from '../../shared/model/mail-services';
import { leafValue, normalizeDn } from '../directory/dn';
import type { HostingContext } from './hosting-context';
import { deleteSubtree, writeAllOrNothing } from './write-steps';

const defaultSettings: TenantSettings = {
  displayName: '',
  mailDomains: [],
  storagePoolBytes: null,
  mailboxLimit: null,
  defaultQuotaBytes: null,
  allowOvercommit: false,
  services: defaultTenantMailServices,
};

export class TenantService {
  constructor(private readonly context: HostingContext) {}

  /** Every tenant visible to the bound identity, by name, with its mailbox count (null with `counts: false`). */
  async list(options: { counts: false }): Promise<(Tenant & { mailboxCount: null })[]>;
  async list(options?: { counts?: true }): Promise<(Tenant & { mailboxCount: number })[]>;
  async list(options?: { counts?: boolean }): Promise<TenantSummary[]>;
  async list({ counts = true }: { counts?: boolean } = {}): Promise<TenantSummary[]> {
    const tenants = await this.readAll();
    const numbers = counts ? await this.countEveryTenantsMailboxes(tenants) : null;
    return tenants.map((tenant, index) => ({ ...tenant, mailboxCount: numbers === null ? null : (numbers[index] ?? 0) }));
  }

  /** Each visible tenant's mailbox count, by name (what `list` adds, asked for after a listing without counts). */
  async countEveryTenant(): Promise<TenantMailboxCounts> {
    const tenants = await this.readAll();
    const counts = await this.countEveryTenantsMailboxes(tenants);
    return Object.fromEntries(tenants.map((tenant, index) => [tenant.name, counts[index] ?? 0]));
  }

  /**
   * The first `count` visible tenants by name (without counts): the tree's first screen. Names come from a read of
   * DNs only, then just those entries are read. At 10,000 tenants the whole list costs main ~130 ms of CPU to decode
   * (slapd ~65 ms); the DNs alone a fraction of that (docs/console.md, "Performance").
   */
  async firstByName(count: number): Promise<(Tenant & { mailboxCount: null })[]> {
    const { connection, dialect } = this.context;
    // Pages of 1,000 (AD's default MaxPageSize): half the round trips of the default 500 for DNs this small.
    const named = await connection.search(dialect.layout.tenantsDn, { scope: 'one', filter: dialect.tenantFilter(), attributes: ['1.1'], pageSize: 1000 });
    const firstDns = named
      .map((entry) => ({ dn: entry.dn, name: leafValue(entry.dn) }))
      .sort((a, b) => a.name.localeCompare(b.name))
      .slice(0, count)
      .map((tenant) => tenant.dn);
    const entries = await Promise.all(firstDns.map((dn) => connection.read(dn, dialect.tenantAttributes())));
    // A tenant deleted between the two reads is simply not there.
    return entries.flatMap((entry) => (entry ? [{ ...dialect.tenantFromEntry(entry), mailboxCount: null }] : []));
  }

  /** Every visible tenant, sorted by name. */
  private async readAll(): Promise<Tenant[]> {
    const { connection, dialect } = this.context;
    const entries = await connection.search(dialect.layout.tenantsDn, {
      scope: 'one',
      filter: dialect.tenantFilter(),
      attributes: dialect.tenantAttributes(),
    });
    return entries.map((entry) => dialect.tenantFromEntry(entry)).sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * The mailbox count of each tenant from one paged search of DNs below the tenants container, each mailbox counted
   * for the mailbox container it lies in (what countMailboxes counts, tenant by tenant). One search instead of one
   * per tenant: 300 tenants of 20 mailboxes took 0.45-0.8 s one by one, 50 ms this way (docs/cli.md).
   */
  private async countEveryTenantsMailboxes(tenants: readonly Tenant[]): Promise<number[]> {
    const { connection, dialect } = this.context;
    const counts = tenants.map(() => 0);
    if (tenants.length === 0) return counts;
    const containers = new Map(tenants.map((tenant, index) => [normalizeDn(dialect.layout.mailboxesDn(tenant.name)), index]));
    for await (const page of connection.searchPages(dialect.layout.tenantsDn, { filter: dialect.mailboxFilter(), attributes: ['1.1'], pageSize: 1000 })) {
      for (const entry of page) {
        const index = containerIndex(normalizeDn(entry.dn), containers);
        if (index !== undefined) counts[index] = (counts[index] ?? 0) + 1;
      }
    }
    return counts;
  }

  /** One tenant with its mailbox count; not-found when absent or invisible. */
  async get(name: string): Promise<TenantSummary> {
    const tenant = await this.require(name);
    return { ...tenant, mailboxCount: await this.countMailboxes(name) };
  }

  /** The tenant, or a not-found failure naming it. */
  async require(name: string): Promise<Tenant> {
    const { connection, dialect } = this.context;
    const entry = await connection.read(dialect.layout.tenantDn(name), dialect.tenantAttributes());
    if (!entry) throw failure({ kind: 'not-found', target: name, message: `There is no tenant named "${name}".` });
    return dialect.tenantFromEntry(entry);
  }

  /** Number of mailboxes in the tenant (paged count, DNs only). */
  async countMailboxes(name: string): Promise<number> {
    const { connection, dialect } = this.context;
    let count = 0;
    for await (const page of connection.searchPages(dialect.layout.mailboxesDn(name), {
      filter: dialect.mailboxFilter(),
      attributes: ['1.1'],
      pageSize: 1000,
    })) {
      count += page.length;
    }
    return count;
  }

  async create(request: CreateTenantRequest): Promise<Tenant> {
    const { connection, dialect } = this.context;
    const settings: TenantSettings = { ...defaultSettings, ...request.settings, services: { ...defaultSettings.services, ...request.settings.services } };
    settings.mailDomains = [...new Set(settings.mailDomains)];
    await this.assertDomainsFree(settings.mailDomains, null);
    const tenantDn = dialect.layout.tenantDn(request.name);
    const groups = [systemGroupNames.tenantAdmins, systemGroupNames.allUsers].map((name) => ({
      dn: dialect.groupDn(request.name, 'security', name),
      attributes: dialect.groupEntry('security', name, systemGroupDescription[name] ?? '', null, []),
    }));
    await writeAllOrNothing(connection, [
      {
        dn: tenantDn,
        attributes: dialect.tenantEntry(request.name, settings),
        onExists: () => failure({ kind: 'already-exists', target: request.name, field: 'name', message: `A tenant named "${request.name}" already exists.` }),
      },
      ...dialect.layout.tenantContainers(request.name),
      ...groups,
    ]);
    const undo = async (error: unknown) => {
      await (dialect.deleteSubtree ?? deleteSubtree)(connection, tenantDn).catch(() => {});
      throw error;
    };
    if (dialect.afterTenantCreated) await dialect.afterTenantCreated(connection, request.name).catch(undo);
    // Its own password policy, a copy of the directory's default: its mailboxes name it from the first one on.
    const store = dialect.passwordPolicy;
    if (store) {
      await (async () => {
        const policy = await store.readDefault(connection);
        await store.create(connection, request.name, { ...policy, requireComplexity: policy.requireComplexity && store.support.complexity });
      })().catch(undo);
    }
    return this.require(request.name);
  }

  /** Changes the settings given; `changes.services` may name some services only (the others keep their value). */
  async update(name: string, given: TenantChanges): Promise<Tenant> {
    const { connection, dialect } = this.context;
    const current = await this.require(name);
    let changes: Partial<TenantSettings> = { ...given, services: given.services === undefined ? undefined : { ...current.services, ...given.services } };
    if (changes.services === undefined) delete changes.services;
    if (changes.mailDomains) {
      const next = [...new Set(changes.mailDomains)];
      await this.assertDomainsFree(next.filter((d) => !current.mailDomains.includes(d)), name);
      await this.assertDomainsUnused(name, current.mailDomains.filter((d) => !next.includes(d)));
      changes = { ...changes, mailDomains: next };
    }
    await connection.modify(current.dn, dialect.tenantChanges(changes, current));
    return this.require(name);
  }

  /** Deletes the tenant; refused while it holds mailboxes unless `force`, which removes everything below it. */
  async delete(name: string, force: boolean): Promise<void> {
    const tenant = await this.require(name);
    const count = await this.countMailboxes(name);
    if (count > 0 && !force) {
      throw failure({
        kind: 'not-empty',
        target: name,
        count,
        message: `Tenant "${name}" still holds ${count} mailbox${count === 1 ? '' : 'es'}. Delete them first, or delete the tenant with force to remove everything in it.`,
      });
    }
    // Found before the subtree goes: on AD the PSO is found through the tenant's group.
    const outside = (await this.context.dialect.passwordPolicy?.entriesOutsideTenant(this.context.connection, name)) ?? [];
    await (this.context.dialect.deleteSubtree ?? deleteSubtree)(this.context.connection, tenant.dn);
    for (const dn of outside) await this.context.connection.delete(dn);
  }

  /** Refuses domains that another tenant already owns. */
  private async assertDomainsFree(domains: string[], exceptTenant: string | null): Promise<void> {
    const { connection, dialect } = this.context;
    for (const domain of domains) {
      const owners = await connection.search(dialect.layout.tenantsDn, {
        scope: 'one',
        filter: dialect.tenantDomainFilter(domain),
        attributes: ['1.1'],
        limit: 2,
      });
      const owner = owners.map((entry) => this.context.dialect.layout.tenantOf(entry.dn)).find((t) => t !== exceptTenant);
      if (owner) {
        throw failure({
          kind: 'already-exists',
          target: domain,
          field: 'mailDomains',
          message: `The mail domain ${domain} already belongs to tenant "${owner}".`,
        });
      }
    }
  }

  /** Refuses removing a domain that addresses of the tenant (mailboxes and lists, aliases included) still use. */
  private async assertDomainsUnused(tenant: string, removed: string[]): Promise<void> {
    if (removed.length === 0) return;
    const uses = await this.addressesByDomain(tenant, new Set(removed));
    const [domain, count] = [...uses.entries()][0] ?? [];
    if (domain !== undefined && count !== undefined) {
      throw failure({
        kind: 'invalid-input',
        message: `The domain ${domain} is still used by ${count} address${count === 1 ? '' : 'es'} in "${tenant}"; change those first.`,
        issues: [{ path: ['mailDomains'], message: `${domain} is still in use` }],
      });
    }
  }

  /**
   * How many of the tenant's addresses fall in each of `domains`. Reads the addresses rather than filtering on
   * the server: alias attributes such as mailLocalAddress have no substring matching rule.
   */
  private async addressesByDomain(tenant: string, domains: Set<string>): Promise<Map<string, number>> {
    const { connection, dialect } = this.context;
    const uses = new Map<string, number>();
    const count = (address: string | null) => {
      const domain = address ? domainOf(address) : '';
      if (domains.has(domain)) uses.set(domain, (uses.get(domain) ?? 0) + 1);
    };
    for await (const page of connection.searchPages(dialect.layout.mailboxesDn(tenant), { filter: dialect.mailboxFilter(), attributes: dialect.mailboxAttributes() })) {
      for (const mailbox of page.map((entry) => dialect.mailboxFromEntry(tenant, entry))) {
        [mailbox.primaryAddress, ...mailbox.aliases].forEach(count);
      }
    }
    for (const kind of groupKinds) {
      const groups = await connection.search(dialect.layout.groupsDn(tenant, kind), { scope: 'one', filter: dialect.groupFilter(kind), attributes: dialect.groupAttributes() });
      groups.forEach((entry) => count(dialect.groupFromEntry(tenant, kind, entry).address));
    }
    return uses;
  }

}

const systemGroupDescription: Record<string, string> = {
  [systemGroupNames.tenantAdmins]: 'Administrators of this tenant',
  [systemGroupNames.allUsers]: 'Every mailbox of this tenant',
};

/** The value `containers` holds for the nearest ancestor of the normalized DN `dn` it names, if any. */
function containerIndex(dn: string, containers: ReadonlyMap<string, number>): number | undefined {
  for (let i = 0; i < dn.length; i++) {
    // An escaped character (\, or \2c) never ends an RDN.
    if (dn[i] === '\\') i += 1;
    else if (dn[i] === ',') {
      const found = containers.get(dn.slice(i + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
