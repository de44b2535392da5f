/**
 * Console-side refusals of what the bound identity's role may not do, before anything is sent: a tenant
 * admin acting outside its tenants or on tenant settings, helpdesk making structural changes, a tenant user
 * managing anything. The server's access rules remain the real gate; this only gives a clear reason early.
 */
import { failure } from '../../shared/errors';
import type { BoundRole } from '../../shared/model/connection';
import type { Tenant } from '../../shared/model/hosting';
import { detectBoundRole } from '../hosting/bound-role';
import type { HostingContext } from '../hosting/hosting-context';
import type { GroupService } from '../hosting/group-service';
import type { MailboxService } from '../hosting/mailbox-service';
import type { TenantService } from '../hosting/tenant-service';

/** The bound identity's role, with tenant users told apart (they are 'unrecognized' to BoundRole). */
export type ConsoleRole = BoundRole | { kind: 'tenant-user'; tenant: string };

/** Reads the role of `bindDN` from its memberships; a mailbox in no admin group is a tenant user. */
export async function resolveConsoleRole(context: HostingContext, bindDN: string): Promise<ConsoleRole> {
  const role = await detectBoundRole(context, bindDN);
  if (role.kind !== 'unrecognized') return role;
  const tenant = context.dialect.layout.tenantOf(bindDN);
  return tenant === null ? role : { kind: 'tenant-user', tenant };
}

/** What a checked method does, in words for the refusal. */
type Action = 'structure' | 'password' | 'tenant-settings';

/** Null when `role` may do `action` in `tenant`, else the reason it may not. */
export function refusalReason(role: ConsoleRole, action: Action, tenant: string | null): string | null {
  switch (role.kind) {
    case 'host-admin':
    case 'unrecognized':
      return null;
    case 'helpdesk':
      return action === 'password' ? null : 'Helpdesk accounts may read, reset passwords and unlock mailboxes, but not change tenants, mailboxes or groups.';
    case 'tenant-admin':
      if (action === 'tenant-settings') return 'Tenant admins cannot create, change or delete tenants; their settings, pool and limits belong to the host admins.';
      return tenant !== null && role.tenants.includes(tenant) ? null : `Tenant admins may only manage their own tenant (${role.tenants.join(', ')}), not "${tenant ?? ''}".`;
    case 'tenant-user':
      return 'Tenant users may read their address book and change their own password only.';
  }
}

/** Wraps the services' write methods with the role checks; `role` is resolved once, on first use. */
export function applyRoleChecks(services: { tenants: TenantService; mailboxes: MailboxService; groups: GroupService }, role: () => Promise<ConsoleRole>): void {
  let resolved: Promise<ConsoleRole> | null = null;
  const current = () => (resolved ??= role());
  const check = (action: Action, tenantOf: (args: unknown[]) => string | null, extra?: (role: ConsoleRole, args: unknown[]) => Promise<string | null>) => async (args: unknown[]) => {
    const who = await current();
    const reason = refusalReason(who, action, tenantOf(args)) ?? (await extra?.(who, args)) ?? null;
    if (reason !== null) throw failure({ kind: 'insufficient-access', ldapCode: 50, serverMessage: '', message: `Refused before sending: ${reason}` });
  };
  const firstString = (args: unknown[]) => (typeof args[0] === 'string' ? args[0] : null);
  const requestTenant = (args: unknown[]) => {
    const request = args[0];
    return typeof request === 'object' && request !== null && 'tenant' in request && typeof request.tenant === 'string' ? request.tenant : null;
  };
  // Unlimited is stored as 0, and the per-tenant ceiling lets a tenant's admins write 0 only when the tenant
  // has no pool (docs/isolation.md): say so before sending instead of relaying the server's bare refusal.
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
  // No quota given: the mailbox gets the tenant's default, which may itself be unlimited.
  const noUnlimitedCreate = (who: ConsoleRole, args: unknown[]) => {
    const quota = quotaOf(args[0]);
    return noUnlimited(who, requestTenant(args), (tenant) => (quota === undefined ? tenant.defaultQuotaBytes : quota));
  };

  before(services.tenants, 'create', check('tenant-settings', requestTenant));
  before(services.tenants, 'update', check('tenant-settings', firstString));
  before(services.tenants, 'delete', check('tenant-settings', firstString));
  before(services.mailboxes, 'create', check('structure', requestTenant, noUnlimitedCreate));
  before(services.mailboxes, 'update', check('structure', firstString, noUnlimitedUpdate));
  before(services.mailboxes, 'setEnabled', check('structure', firstString));
  before(services.mailboxes, 'delete', check('structure', firstString));
  before(services.mailboxes, 'resetPassword', check('password', firstString));
  before(services.mailboxes, 'unlock', check('password', firstString));
  before(services.groups, 'create', check('structure', requestTenant));
  before(services.groups, 'update', check('structure', requestTenant));
  before(services.groups, 'delete', check('structure', requestTenant));
  before(services.groups, 'addMembers', check('structure', requestTenant));
  before(services.groups, 'removeMembers', check('structure', requestTenant));
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
