/**
 * Mailboxes of one tenant: listing (server-paged), reading, creating with its group memberships,
 * editing, enabling/disabling, password resets and deletion. Every address is checked against the
 * tenant's domains and the whole directory before anything is written.
 */
import { toEnclaveError } from '../directory/ldap-errors';
import { AndFilter, type Change, type Entry } from 'ldapts';
import { failure } from '../../shared/errors';
import {
  systemGroupNames,
  type CreateMailboxRequest,
  type Mailbox,
  type MailboxChanges,
  type MailboxNotice,
  type MailboxPage,
  type Tenant,
} from '../../shared/model/hosting';
import {
  assertAddressesFree,
  assertAddressesInTenantDomains,
  assertLoginFree,
  assertNoRepeatedAddresses,
} from './address-checks';
import type { HostingContext } from './hosting-context';
import type { DeletedItems, PurgeReport } from '../../shared/model/deleted-items';
import type { BulkItemResult } from '../../shared/model/bulk-mailboxes';
import { mapConcurrently } from '../system/map-concurrently';
import { values } from '../directory/entry';
import { PageCursors } from './page-cursors';
import { assertQuotaFits } from './quota-checks';
import { mailboxCreateWrites, mailboxUpdateWrites, membershipChanges, runAfterAdd } from './mailbox-writes';
import type { PasswordPolicyService } from './password-policy-service';
import type { TenantService } from './tenant-service';

export class MailboxService {
  private readonly cursors = new PageCursors<Mailbox>();

  constructor(
    private readonly context: HostingContext,
    private readonly tenants: TenantService,
    private readonly passwordPolicies?: PasswordPolicyService,
  ) {}

  /** A page of the tenant's mailboxes (only those matching `query` when given); pass `cursor` to continue. */
  async list(tenant: string, pageSize: number, cursor?: string, query?: string): Promise<MailboxPage> {
    if (cursor) return this.cursors.next(cursor, pageSize);
    await this.tenants.require(tenant);
    return this.cursors.start(this.pages(tenant, pageSize, query), pageSize);
  }

  /** Streams every mailbox of the tenant (or those matching `query`), one server page at a time. */
  async *pages(tenant: string, pageSize = 500, query?: string): AsyncGenerator<Mailbox[]> {
    const { connection, dialect } = this.context;
    const filter = query ? new AndFilter({ filters: [dialect.mailboxFilter(), dialect.searchFilter(query)] }) : dialect.mailboxFilter();
    for await (const page of connection.searchPages(dialect.layout.mailboxesDn(tenant), {
      filter,
      attributes: dialect.mailboxAttributes(),
      pageSize,
    })) {
      yield page.map((entry) => dialect.mailboxFromEntry(tenant, entry));
    }
  }

  async get(tenant: string, login: string): Promise<Mailbox> {
    return this.context.dialect.mailboxFromEntry(tenant, await this.locate(tenant, login));
  }

  async create(request: CreateMailboxRequest): Promise<Mailbox> {
    const { connection, dialect } = this.context;
    const tenant = await this.tenants.require(request.tenant);
    dialect.assertPasswordTransport?.(connection);
    const addresses = [request.primaryAddress, ...request.aliases];
    assertNoRepeatedAddresses(addresses);
    assertAddressesInTenantDomains(tenant, [
      { path: ['primaryAddress'], address: request.primaryAddress },
      ...request.aliases.map((address, index) => ({ path: ['aliases', index], address })),
    ]);
    const quotaBytes = request.quotaBytes !== undefined ? request.quotaBytes : tenant.defaultQuotaBytes;
    await this.assertMailboxLimit(tenant);
    await assertQuotaFits(this.context, tenant, quotaBytes, null);
    await assertLoginFree(this.context, request.login);
    await assertAddressesFree(this.context, addresses, null);
    // The new entry names its tenant's policy, which must exist (and the password meet it).
    await this.passwordPolicies?.assertPasswordFits(tenant.name, request.password);
    // No silent default groups: the tenant's all-users group plus exactly the groups asked for.
    const groupDns = await this.resolveGroups(tenant, request.groups);

    // The same writes a bulk import batches (mailbox-writes.ts), here one after the other.
    const writes = mailboxCreateWrites(dialect, { ...request, quotaBytes }, groupDns);
    const { dn } = writes;
    await connection.add(dn, writes.attributes);
    let notices: MailboxNotice[] = [];
    try {
      for (const groupDn of writes.joins) await connection.modify(groupDn, membershipChanges(dialect, 'add', [dn]));
      if (writes.afterAdd) notices = await runAfterAdd(connection, dialect, dn, writes.afterAdd);
    } catch (error) {
      await connection.delete(dn).catch(() => {});
      throw error;
    }
    const created = await this.get(request.tenant, request.login);
    // A step left to the host (AD: Domain Users) travels with the result as a warning.
    return notices.length > 0 ? { ...created, notices } : created;
  }

  /**
   * Applies only the given changes; addresses are re-checked when they change. With `expectedRevision`, a
   * mailbox changed by someone else since the editor read it is refused (conflict) instead of overwritten.
   */
  async update(tenantName: string, login: string, changes: MailboxChanges, expectedRevision?: string): Promise<Mailbox> {
    const { connection, dialect } = this.context;
    const tenant = await this.tenants.require(tenantName);
    const current = await this.get(tenantName, login);
    if (expectedRevision !== undefined && current.revision !== expectedRevision) {
      throw failure({
        kind: 'conflict',
        target: login,
        message: `The mailbox "${login}" was changed by someone else since you opened it. Reload it to see the current values, then apply your changes again.`,
      });
    }
    const primary = changes.primaryAddress ?? current.primaryAddress;
    const aliases = changes.aliases ?? current.aliases;
    if (changes.primaryAddress !== undefined || changes.aliases !== undefined) {
      assertNoRepeatedAddresses([primary, ...aliases]);
      assertAddressesInTenantDomains(tenant, [
        { path: ['primaryAddress'], address: primary },
        ...aliases.map((address, index) => ({ path: ['aliases', index], address })),
      ]);
      const added = [primary, ...aliases].filter((a) => a !== current.primaryAddress && !current.aliases.includes(a));
      await assertAddressesFree(this.context, added, current.dn);
    }
    if (changes.quotaBytes !== undefined && changes.quotaBytes !== current.quotaBytes) {
      await assertQuotaFits(this.context, tenant, changes.quotaBytes, current);
    }
    // The same comparison a create-or-update import makes: only what differs is written.
    const { modifications } = mailboxUpdateWrites(dialect, current, changes);
    if (modifications.length > 0) await connection.modify(current.dn, modifications);
    return this.get(tenantName, login);
  }

  async setEnabled(tenant: string, login: string, enabled: boolean): Promise<Mailbox> {
    const current = await this.get(tenant, login);
    await this.context.connection.modify(current.dn, this.context.dialect.enabledChanges(enabled));
    return this.get(tenant, login);
  }

  /** Lifts a lockout after failed logins; a disabled mailbox must be enabled instead. */
  async unlock(tenant: string, login: string): Promise<Mailbox> {
    const current = await this.get(tenant, login);
    if (!current.enabled) {
      throw failure({ kind: 'invalid-input', message: `The mailbox "${login}" is disabled, not locked: enable it instead.`, issues: [{ path: ['login'], message: 'disabled, not locked' }] });
    }
    if (current.locked) await this.context.connection.modify(current.dn, this.context.dialect.unlockChanges());
    return this.get(tenant, login);
  }

  /**
   * Sets a new password; the server's password policy judges it and its message is passed on. With `mustChange` the
   * user must choose another at the next sign-in; without it, a pending one is lifted (both servers do that with any
   * password an administrator sets: ppolicy drops pwdReset, AD stamps pwdLastSet).
   */
  async resetPassword(tenant: string, login: string, password: string, mustChange?: boolean): Promise<void> {
    const { dialect } = this.context;
    dialect.assertPasswordTransport?.(this.context.connection);
    const current = await this.get(tenant, login);
    if (mustChange === true && !dialect.mustChangeChanges) {
      throw failure({ kind: 'invalid-input', message: 'This directory cannot require a new password at the next sign-in.', issues: [{ path: ['mustChange'], message: 'not supported here' }] });
    }
    await this.passwordPolicies?.assertPasswordFits(tenant, password);
    await this.context.connection.modify(current.dn, dialect.passwordChanges(password));
    if (mustChange === true) {
      // A change of its own after the password's (AD stamps pwdLastSet with every password, so it has to come after).
      await this.context.connection.modify(current.dn, dialect.mustChangeChanges?.(true) ?? []).catch((error: unknown) => {
        throw failure({ kind: 'internal', message: `The password of "${login}" was set, but “must change at the next sign-in” could not be set: ${toEnclaveError(error).message}` });
      });
    }
    // On OpenLDAP a password change lifts ppolicy's lock, which is what "disabled" is, whatever else the same modify
    // says (measured): a disabled mailbox is locked again at once. The conformance scan finds one left unlocked.
    if (!current.enabled) {
      await this.context.connection.modify(current.dn, this.context.dialect.enabledChanges(false)).catch((error: unknown) => {
        throw failure({ kind: 'internal', message: `The password of "${login}" was set, but the mailbox could not be disabled again: ${toEnclaveError(error).message} Disable it again before anything else.` });
      });
    }
  }

  /**
   * Deletes a mailbox. Where the flavor keeps deleted items (OpenLDAP: marked in place; AD: its Recycle Bin) it can be
   * restored until a host admin purges it; its login and addresses stay reserved meanwhile.
   */
  async delete(tenant: string, login: string): Promise<void> {
    const { connection, dialect } = this.context;
    const current = await this.get(tenant, login);
    if (!dialect.deletedItems) return connection.delete(current.dn);
    const groups = values((await connection.read(current.dn, ['memberOf'])) ?? { dn: current.dn }, 'memberOf');
    await dialect.deletedItems.remove(connection, current, groups, connection.bindDN);
  }

  /** The tenant's deleted mailboxes, newest first, and how this directory keeps them. */
  async deletedItems(tenant: string): Promise<DeletedItems> {
    const { connection, dialect } = this.context;
    await this.tenants.require(tenant);
    if (!dialect.deletedItems) return { tenant, mode: 'off', retentionDays: 0, items: [] };
    return dialect.deletedItems.list(connection, tenant);
  }

  /**
   * One quota for many mailboxes (a bulk action): the tenant's mailboxes are read once, the pool is checked once for
   * the whole change (refused as a whole when it does not fit), then each mailbox is changed; each says how it went.
   */
  async setQuotas(tenantName: string, logins: readonly string[], quotaBytes: number | null, onEach?: (ok: boolean) => void): Promise<BulkItemResult[]> {
    const { dialect } = this.context;
    const tenant = await this.tenants.require(tenantName);
    const all = new Map<string, Mailbox>();
    for await (const page of this.pages(tenantName, 1000)) for (const mailbox of page) all.set(mailbox.login, mailbox);
    if (tenant.storagePoolBytes !== null && !tenant.allowOvercommit && quotaBytes !== null) {
      const allocated = [...all.values()].reduce((sum, m) => sum + (m.quotaBytes ?? 0), 0);
      const growth = logins.reduce((sum, login) => sum + quotaBytes - (all.get(login)?.quotaBytes ?? quotaBytes), 0);
      if (allocated + growth > tenant.storagePoolBytes) {
        const remaining = Math.max(tenant.storagePoolBytes - allocated, 0);
        throw failure({
          kind: 'invalid-input',
          message: `${logins.length} mailboxes at ${quotaBytes} bytes each need ${growth} bytes more than they have now; the storage pool of "${tenant.name}" has ${remaining} bytes left. Nothing was changed.`,
          issues: [{ path: ['action', 'quotaBytes'], message: `the pool has ${remaining} bytes left` }],
        });
      }
    }
    const label = quotaBytes === null ? 'quota: unlimited' : `quota: ${quotaBytes} bytes`;
    return this.changeMany(tenantName, logins, all, label, (m) => dialect.mailboxChanges(m, { quotaBytes }), (m) => ({ ...m, quotaBytes }), onEach);
  }

  /** Disables or enables many mailboxes (a bulk action), read once, written in journaled chunks; each says how it went. */
  async setEnabledMany(tenantName: string, logins: readonly string[], enabled: boolean, onEach?: (ok: boolean) => void): Promise<BulkItemResult[]> {
    await this.tenants.require(tenantName);
    const all = await this.byLogin(tenantName, logins);
    return this.changeMany(tenantName, logins, all, enabled ? 'enable' : 'disable', () => this.context.dialect.enabledChanges(enabled), (m) => ({ ...m, enabled, locked: false }), onEach);
  }

  /** The listed mailboxes of a tenant: one search each for a few, one pass over the tenant for many. */
  private async byLogin(tenant: string, logins: readonly string[]): Promise<Map<string, Mailbox>> {
    const all = new Map<string, Mailbox>();
    if (logins.length > 50) {
      for await (const page of this.pages(tenant, 1000)) for (const mailbox of page) all.set(mailbox.login, mailbox);
      return all;
    }
    await mapConcurrently(logins, 8, async (login) => {
      const mailbox = await this.get(tenant, login).catch(() => null);
      if (mailbox) all.set(login, mailbox);
    });
    return all;
  }

  /**
   * The same kind of change on many mailboxes, in chunks of 200, each chunk one journal record (an intent naming
   * every mailbox, then one outcome) instead of one per mailbox: a thousand changes cost five fsyncs, not two thousand.
   */
  private async changeMany(tenant: string, logins: readonly string[], all: ReadonlyMap<string, Mailbox>, what: string, changesOf: (m: Mailbox) => Change[], after: (m: Mailbox) => Mailbox, onEach?: (ok: boolean) => void): Promise<BulkItemResult[]> {
    const { connection, dialect } = this.context;
    const results: BulkItemResult[] = [];
    for (let start = 0; start < logins.length; start += 200) {
      const chunk = logins.slice(start, start + 200);
      for (const login of chunk.filter((l) => !all.has(l))) {
        results.push({ login, ok: false, message: `Tenant "${tenant}" has no mailbox with login "${login}".` });
        onEach?.(false);
      }
      const present = chunk.flatMap((login) => all.get(login) ?? []);
      if (present.length === 0) continue;
      const description = { target: dialect.layout.mailboxesDn(tenant), changes: present.map((m) => ({ attribute: m.login, op: 'replace' as const, before: null, after: [what] })) };
      const sent = await connection.writeBatch(
        description,
        (writer) =>
          Promise.all(
            present.map(async (m): Promise<BulkItemResult> => {
              try {
                await writer.modify(m.dn, changesOf(m));
                onEach?.(true);
                return { login: m.login, ok: true, mailbox: after(m) };
              } catch (error) {
                onEach?.(false);
                return { login: m.login, ok: false, message: toEnclaveError(error, { target: m.login }).message };
              }
            }),
          ),
        (items) => {
          const failed = items.filter((item) => !item.ok);
          return { failed: failed.length, of: items.length, first: failed[0] ? `${failed[0].login}: ${failed[0].message ?? ''}` : null };
        },
      );
      results.push(...sent);
    }
    return results;
  }

  /** Brings a deleted mailbox back, if the tenant has room for it (mailbox limit, storage pool). */
  async restore(tenantName: string, login: string): Promise<Mailbox> {
    const { connection } = this.context;
    const tenant = await this.tenants.require(tenantName);
    const support = this.requireDeletedItems();
    const item = (await support.list(connection, tenantName)).items.find((deleted) => deleted.login === login);
    if (!item) throw failure({ kind: 'not-found', target: login, message: `Tenant "${tenantName}" has no deleted mailbox "${login}".` });
    await this.assertMailboxLimit(tenant);
    await assertQuotaFits(this.context, tenant, item.quotaBytes, null);
    await support.restore(connection, tenantName, login);
    return this.get(tenantName, login);
  }

  /** Removes a deleted mailbox for good: its login and addresses become free. */
  async purge(tenant: string, login: string): Promise<void> {
    await this.tenants.require(tenant);
    await this.requireDeletedItems().purge(this.context.connection, tenant, login);
  }

  /** Purges the tenant's deleted mailboxes whose retention has passed. */
  async purgeExpired(tenant: string, now = Date.now()): Promise<PurgeReport> {
    const { items } = await this.deletedItems(tenant);
    const purged: string[] = [];
    for (const item of items.filter((deleted) => Date.parse(deleted.purgeAfter) <= now)) {
      await this.purge(tenant, item.login);
      purged.push(item.login);
    }
    return { tenant, purged };
  }

  private requireDeletedItems() {
    const support = this.context.dialect.deletedItems;
    if (!support) throw failure({ kind: 'invalid-input', message: 'This directory keeps no deleted mailboxes: a delete is final here.', issues: [{ path: ['login'], message: 'no deleted items' }] });
    return support;
  }

  /** Abandons open listings (on disconnect). */
  async closeListings(): Promise<void> {
    await this.cursors.closeAll();
  }

  /** The mailbox's entry, found by login below the tenant's mailbox container. */
  async locate(tenant: string, login: string): Promise<Entry> {
    const { connection, dialect } = this.context;
    const found = await connection.search(dialect.layout.mailboxesDn(tenant), {
      // A mailbox in use: a deleted one (deleted items) is only restored or purged.
      filter: new AndFilter({ filters: [dialect.mailboxFilter(), dialect.loginFilter(login)] }),
      attributes: dialect.mailboxAttributes(),
      limit: 1,
    });
    const entry = found[0];
    if (!entry) throw failure({ kind: 'not-found', target: login, message: `Tenant "${tenant}" has no mailbox with login "${login}".` });
    return entry;
  }

  private async assertMailboxLimit(tenant: Tenant): Promise<void> {
    if (tenant.mailboxLimit === null) return;
    const count = await this.tenants.countMailboxes(tenant.name);
    if (count >= tenant.mailboxLimit) {
      throw failure({
        kind: 'policy-violation',
        ldapCode: 0,
        serverMessage: '',
        message: `Tenant "${tenant.name}" already has ${count} of its ${tenant.mailboxLimit} allowed mailboxes.`,
      });
    }
  }

  private async resolveGroups(tenant: Tenant, names: string[]): Promise<string[]> {
    const { connection, dialect } = this.context;
    const wanted = [systemGroupNames.allUsers, ...names.filter((n) => n !== systemGroupNames.allUsers)];
    const dns: string[] = [];
    for (const [index, name] of wanted.entries()) {
      const candidates = (['security', 'distribution'] as const).map((kind) => dialect.groupDn(tenant.name, kind, name));
      let found: string | null = null;
      for (const dn of candidates) {
        if (await connection.read(dn, ['1.1'])) {
          found = dn;
          break;
        }
      }
      if (!found) {
        throw failure({
          kind: 'invalid-input',
          message: `Tenant "${tenant.name}" has no group or list named "${name}".`,
          issues: [{ path: ['groups', Math.max(index - 1, 0)], message: `unknown group "${name}"` }],
        });
      }
      dns.push(found);
    }
    return dns;
  }
}
