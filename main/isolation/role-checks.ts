/**
 * Console-side refusals of what the bound identity's role may not do, before anything is sent: a tenant
 * admin acting outside its tenants or on tenant settings, helpdesk making structural changes, a tenant user
 * managing anything. The server's access rules remain the real gate; this only gives a clear reason early.
 */
import { failure } from '../../shared/errors';
import type { BoundRole } from '../../shared/model/connection';
import { detectBoundRole } from '../hosting/bound-role';
import type { HostingContext } from '../hosting/hosting-context';
import { tenantOfDn } from '../hosting/hosting-context';
import type { GroupService } from '../hosting/group-service';
import type { MailboxService } from '../hosting/mailbox-service';
import type { TenantService } from '../hosting/tenant-service';

/** The bound identity's role, with tenant users told apart (they are 'unrecognized' to BoundRole). */
export type ConsoleRole = BoundRole | { kind: 'tenant-user'; tenant: string };

/** Reads the role of `bindDN` from its memberships; a mailbox in no admin group is a tenant user. */
export async function resolveConsoleRole(context: HostingContext, bindDN: string): Promise<ConsoleRole> {
  const role = await detectBoundRole(context, bindDN);
  if (role.kind !== 'unrecognized') return role;
  const tenant = tenantOfDn(context, bindDN);
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
  const check = (action: Action, tenantOf: (args: unknown[]) => string | null, extra?: (role: ConsoleRole, args: unknown[]) => string | null) => async (args: unknown[]) => {
    const who = await current();
    const reason = refusalReason(who, action, tenantOf(args)) ?? extra?.(who, args) ?? null;
    if (reason !== null) throw failure({ kind: 'insufficient-access', ldapCode: 50, serverMessage: '', message: `Refused before sending: ${reason}` });
  };
  const firstString = (args: unknown[]) => (typeof args[0] === 'string' ? args[0] : null);
  const requestTenant = (args: unknown[]) => {
    const request = args[0];
    return typeof request === 'object' && request !== null && 'tenant' in request && typeof request.tenant === 'string' ? request.tenant : null;
  };
  // A cleared quota is unlimited, which the per-tenant ceiling cannot see (docs/isolation.md): admins may not.
  const noClearedQuota = (who: ConsoleRole, args: unknown[]) => {
    const changes = args[2];
    const clears = typeof changes === 'object' && changes !== null && 'quotaBytes' in changes && changes.quotaBytes === null;
    return who.kind === 'tenant-admin' && clears ? 'Tenant admins cannot remove a mailbox quota (no quota means no limit); set one within the pool.' : null;
  };

  before(services.tenants, 'create', check('tenant-settings', requestTenant));
  before(services.tenants, 'update', check('tenant-settings', firstString));
  before(services.tenants, 'delete', check('tenant-settings', firstString));
  before(services.mailboxes, 'create', check('structure', requestTenant));
  before(services.mailboxes, 'update', check('structure', firstString, noClearedQuota));
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
