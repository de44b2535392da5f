/**
 * Console-side refusals, read off the access policy table (access-policy.ts): before a service method sends
 * anything, the bound identity's role is looked up in the cell the method acts on, and a denied cell (or a
 * condition the request breaks) is refused with the table's reason. The server's rules remain the real gate,
 * generated from the same table; this only gives a clear reason early.
 */
import { failure } from '../../shared/errors';
import type { BoundRole } from '../../shared/model/connection';
import type { Tenant } from '../../shared/model/hosting';
import { detectBoundRole } from '../hosting/bound-role';
import type { HostingContext } from '../hosting/hosting-context';
import type { GroupService } from '../hosting/group-service';
import type { MailboxService } from '../hosting/mailbox-service';
import type { PasswordPolicyService } from '../hosting/password-policy-service';
import type { ServiceAccountService } from '../hosting/service-account-service';
import type { TenantService } from '../hosting/tenant-service';
import { policyCells, type AttributeSet, type ObjectKind, type PolicyCell, type PolicyOperation, type PolicyRole, type PolicyScope } from './access-policy';

/** The bound identity's role, with tenant users told apart (they are 'unrecognized' to BoundRole). */
export type ConsoleRole = BoundRole | { kind: 'tenant-user'; tenant: string };

/** Reads the role of `bindDN` from its memberships; a mailbox in no admin group is a tenant user. */
export async function resolveConsoleRole(context: HostingContext, bindDN: string): Promise<ConsoleRole> {
  const role = await detectBoundRole(context, bindDN);
  if (role.kind !== 'unrecognized') return role;
  const tenant = context.dialect.layout.tenantOf(bindDN);
  return tenant === null ? role : { kind: 'tenant-user', tenant };
}

/** What a service method does, as a cell of the policy table. */
export interface PolicyAction {
  kind: ObjectKind;
  set: AttributeSet;
  operation: PolicyOperation;
}

/** The policy role and scope of `role` acting in `tenant`; null for identities the console does not know (the server decides). */
function placeOf(role: ConsoleRole, tenant: string | null): { role: PolicyRole; scope: PolicyScope } | null {
  switch (role.kind) {
    case 'host-admin':
    case 'helpdesk':
      return { role: role.kind, scope: 'tenant' };
    case 'tenant-admin':
      return { role: 'tenant-admin', scope: tenant !== null && role.tenants.includes(tenant) ? 'tenant' : 'other-tenant' };
    case 'tenant-user':
      return { role: 'tenant-user', scope: tenant === role.tenant ? 'tenant' : 'other-tenant' };
    case 'unrecognized':
      return null;
  }
}

const roleNames: Record<PolicyRole, string> = {
  'host-admin': 'Host admins',
  helpdesk: 'Helpdesk accounts',
  'tenant-admin': 'Tenant admins',
  'tenant-user': 'Tenant users',
  'mail-service': 'Mail services',
  anonymous: 'Anonymous clients',
};

/** The table's cell for `action` by `role` in `tenant`, or null when the console leaves the decision to the server. */
export function cellFor(role: ConsoleRole, action: PolicyAction, tenant: string | null): PolicyCell | null {
  // Tenants themselves (create, settings, delete) are the host's, whichever tenant is named: the own-tenant cell says so.
  const place = action.kind === 'tenant' && role.kind === 'tenant-admin' ? { role: 'tenant-admin' as const, scope: 'tenant' as const } : placeOf(role, tenant);
  if (place === null) return null;
  return policyCells().find((c) => c.role === place.role && c.scope === place.scope && c.kind === action.kind && c.set === action.set && c.operation === action.operation) ?? null;
}

/** Null when `role` may do `action` in `tenant` (its condition aside), else the reason it may not. */
export function refusalReason(role: ConsoleRole, action: PolicyAction, tenant: string | null): string | null {
  const cell = cellFor(role, action, tenant);
  if (cell === null || cell.allowed) return null;
  if (cell.scope === 'other-tenant' && role.kind === 'tenant-admin') return `${roleNames[cell.role]} may only manage their own tenant (${role.tenants.join(', ')}), not "${tenant ?? ''}".`;
  return cell.why;
}

/** Null when `role` may do `action` on the host's own entries (service accounts, staff), else the reason. */
export function hostRefusalReason(role: ConsoleRole, action: PolicyAction): string | null {
  if (role.kind === 'unrecognized') return null;
  const cell = policyCells().find((c) => c.role === role.kind && c.scope === 'host' && c.kind === action.kind && c.set === action.set && c.operation === action.operation);
  return cell === undefined || cell.allowed ? null : `${roleNames[role.kind]}: ${cell.why}`;
}

type Services = { tenants: TenantService; mailboxes: MailboxService; groups: GroupService; passwordPolicies?: PasswordPolicyService; serviceAccounts?: ServiceAccountService };

/** Wraps the services' write methods with the checks; `role` is resolved once, on first use. */
export function applyRoleChecks(services: Services, role: () => Promise<ConsoleRole>): void {
  let resolved: Promise<ConsoleRole> | null = null;
  const current = () => (resolved ??= role());
  const refuse = (reason: string) => failure({ kind: 'insufficient-access', ldapCode: 50, serverMessage: '', message: `Refused before sending: ${reason}` });
  const check =
    (action: PolicyAction | ((args: unknown[]) => PolicyAction), tenantOf: (args: unknown[]) => string | null, condition?: (role: ConsoleRole, args: unknown[]) => Promise<string | null>) =>
    async (args: unknown[]) => {
      const who = await current();
      const reason = refusalReason(who, typeof action === 'function' ? action(args) : action, tenantOf(args)) ?? (await condition?.(who, args)) ?? null;
      if (reason !== null) throw refuse(reason);
    };
  const firstString = (args: unknown[]) => (typeof args[0] === 'string' ? args[0] : null);
  const requestTenant = (args: unknown[]) => {
    const request = args[0];
    return typeof request === 'object' && request !== null && 'tenant' in request && typeof request.tenant === 'string' ? request.tenant : null;
  };
  const groupKindOf = (args: unknown[]): ObjectKind => {
    const request = args[0];
    return typeof request === 'object' && request !== null && 'kind' in request && request.kind === 'distribution' ? 'list' : 'group';
  };

  // Condition "within-pool": unlimited (stored as 0) only when the tenant has no pool (docs/isolation.md).
  const noUnlimited = async (who: ConsoleRole, tenantName: string | null, quotaIn: (tenant: Tenant) => number | null | undefined): Promise<string | null> => {
    if (who.kind !== 'tenant-admin' || tenantName === null) return null;
    const tenant = await services.tenants.require(tenantName);
    if (tenant.storagePoolBytes === null || quotaIn(tenant) !== null) return null;
    return `"${tenant.name}" has a storage pool, so tenant admins cannot make a mailbox unlimited; give it a quota within the pool.`;
  };
  const quotaOf = (value: unknown): number | null | undefined =>
    typeof value === 'object' && value !== null && 'quotaBytes' in value && (typeof value.quotaBytes === 'number' || value.quotaBytes === null) ? value.quotaBytes : undefined;
  const noUnlimitedUpdate = async (who: ConsoleRole, args: unknown[]) => {
    const quota = quotaOf(args[2]);
    return quota === undefined ? null : noUnlimited(who, firstString(args), () => quota);
  };
  // A mailbox's mail services are a cell of their own: changing them is the host's decision, not a tenant admin's.
  const servicesIfChanged = (kind: ObjectKind, at: number) => async (who: ConsoleRole, args: unknown[]) => {
    const changes = args[at];
    if (typeof changes !== 'object' || changes === null || !('services' in changes) || changes.services === undefined) return null;
    return refusalReason(who, { kind, set: 'services', operation: 'modify' }, firstString(args));
  };
  const mailboxUpdate = async (who: ConsoleRole, args: unknown[]) => (await servicesIfChanged('mailbox', 2)(who, args)) ?? noUnlimitedUpdate(who, args);
  // No quota given: the mailbox gets the tenant's default, which may itself be unlimited.
  const noUnlimitedCreate = (who: ConsoleRole, args: unknown[]) => {
    const quota = quotaOf(args[0]);
    return noUnlimited(who, requestTenant(args), (tenant) => (quota === undefined ? tenant.defaultQuotaBytes : quota));
  };
  // Condition "enabled-only": a reset lifts the lock that disables a mailbox, so only admins reset disabled ones.
  const enabledOnly = async (who: ConsoleRole, args: unknown[]): Promise<string | null> => {
    if (who.kind !== 'helpdesk') return null;
    const tenant = firstString(args);
    const login = typeof args[1] === 'string' ? args[1] : null;
    if (tenant === null || login === null) return null;
    const mailbox = await services.mailboxes.get(tenant, login);
    return mailbox.enabled ? null : 'the mailbox is disabled: re-enabling it (and resetting its password) is for its tenant’s admins or the host admins.';
  };

  before(services.tenants, 'create', check({ kind: 'tenant', set: 'entry', operation: 'create' }, requestTenant));
  before(services.tenants, 'update', check({ kind: 'tenant', set: 'settings', operation: 'modify' }, firstString, servicesIfChanged('tenant', 1)));
  before(services.tenants, 'delete', check({ kind: 'tenant', set: 'entry', operation: 'delete' }, firstString));
  before(services.mailboxes, 'create', check({ kind: 'mailbox', set: 'entry', operation: 'create' }, requestTenant, noUnlimitedCreate));
  before(services.mailboxes, 'update', check({ kind: 'mailbox', set: 'names', operation: 'modify' }, firstString, mailboxUpdate));
  before(services.mailboxes, 'setQuotas', check({ kind: 'mailbox', set: 'quota', operation: 'modify' }, firstString, (who, args) => {
    const quota = args[2];
    return noUnlimited(who, firstString(args), () => (typeof quota === 'number' ? quota : null));
  }));
  before(services.mailboxes, 'setEnabledMany', check({ kind: 'mailbox', set: 'lock', operation: 'lock' }, firstString));
  before(services.mailboxes, 'setEnabled', check({ kind: 'mailbox', set: 'lock', operation: 'lock' }, firstString));
  // A delete goes to deleted items (a mark); restoring takes the mark away and purging removes the entry: the host's.
  before(services.mailboxes, 'delete', check({ kind: 'mailbox', set: 'deletion', operation: 'modify' }, firstString));
  before(services.mailboxes, 'restore', check({ kind: 'mailbox', set: 'deletion', operation: 'remove' }, firstString));
  before(services.mailboxes, 'purge', check({ kind: 'mailbox', set: 'entry', operation: 'delete' }, firstString));
  before(services.mailboxes, 'resetPassword', check({ kind: 'mailbox', set: 'password', operation: 'modify' }, firstString, enabledOnly));
  before(services.mailboxes, 'unlock', check({ kind: 'mailbox', set: 'lock', operation: 'unlock' }, firstString));
  if (services.serviceAccounts) {
    const onHost = (action: PolicyAction) => async () => {
      const reason = hostRefusalReason(await current(), action);
      if (reason !== null) throw refuse(reason);
    };
    before(services.serviceAccounts, 'list', onHost({ kind: 'service-account', set: 'entry', operation: 'read' }));
    before(services.serviceAccounts, 'create', onHost({ kind: 'service-account', set: 'entry', operation: 'create' }));
    before(services.serviceAccounts, 'delete', onHost({ kind: 'service-account', set: 'entry', operation: 'delete' }));
  }
  before(services.groups, 'create', check((args) => ({ kind: groupKindOf(args), set: 'entry', operation: 'create' }), requestTenant));
  before(services.groups, 'update', check((args) => ({ kind: groupKindOf(args), set: 'names', operation: 'modify' }), requestTenant));
  before(services.groups, 'delete', check((args) => ({ kind: groupKindOf(args), set: 'entry', operation: 'delete' }), requestTenant));
  before(services.groups, 'addMembers', check((args) => ({ kind: groupKindOf(args), set: 'members', operation: 'modify' }), requestTenant));
  if (services.passwordPolicies) {
    before(services.passwordPolicies, 'update', check({ kind: 'password-policy', set: 'settings', operation: 'modify' }, firstString));
    // Giving tenants their own policy creates policy entries and points mailboxes at them: the host's.
    before(services.passwordPolicies, 'adopt', check({ kind: 'password-policy', set: 'entry', operation: 'create' }, firstString));
  }
  before(services.groups, 'removeMembers', check((args) => ({ kind: groupKindOf(args), set: 'members', operation: 'remove' }), requestTenant));
}

/** Replaces `target[key]` with a version that awaits `check(args)` first. */
function before<T extends object>(target: T, key: keyof T & string, check: (args: unknown[]) => Promise<void>): void {
  const original: unknown = target[key];
  if (typeof original !== 'function') return;
  const call = original as (...args: unknown[]) => Promise<unknown>;
  Object.assign(target, {
    [key]: async (...args: unknown[]) => {
      await check(args);
      return call.apply(target, args);
    },
  });
}
