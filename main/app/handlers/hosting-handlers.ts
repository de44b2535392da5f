/** Tenants, mailboxes, groups, lists and the directory-wide search: the console's everyday calls. */
import { tenantUsage } from '../../hosting/tenant-usage';
import type { CallHandlers } from '../dispatcher';
import type { FirstScreenWarmup } from '../first-screen-warmup';
import type { SessionManager } from '../session-manager';
import type { EventHub } from '../event-hub';
import { runBulkAction } from '../../hosting/bulk-mailboxes';

type HostingCalls =
  | 'listTenants' | 'countTenantMailboxes' | 'getTenant' | 'createTenant' | 'updateTenant' | 'deleteTenant' | 'getTenantUsage'
  | 'listMailboxes' | 'getMailbox' | 'createMailbox' | 'updateMailbox' | 'setMailboxEnabled' | 'resetMailboxPassword' | 'unlockMailbox' | 'deleteMailbox'
  | 'listDeletedMailboxes' | 'restoreMailbox' | 'purgeMailbox' | 'purgeExpiredMailboxes' | 'bulkMailboxes'
  | 'listGroups' | 'getGroup' | 'createGroup' | 'updateGroup' | 'deleteGroup' | 'addGroupMembers' | 'removeGroupMembers'
  | 'searchDirectory'
  | 'getTenantPasswordPolicy' | 'updateTenantPasswordPolicy' | 'adoptTenantPasswordPolicies'
  | 'listServiceAccounts' | 'createServiceAccount' | 'deleteServiceAccount';

/** `events` carries the progress of bulk actions to the windows; absent where nobody listens (the command line). */
export function createHostingHandlers(sessions: SessionManager, events?: EventHub, warmup?: FirstScreenWarmup): Pick<CallHandlers, HostingCalls> {
  const services = () => sessions.services();
  return {
    // The tree's first calls (its first screen, then the whole list without counts) take the list warmed while its
    // window loaded, when there is one.
    listTenants: ({ counts, first }) => {
      if (first !== undefined) return warmup ? warmup.firstScreen(services(), first) : services().tenants.firstByName(first);
      return counts === false ? (warmup?.take(services()) ?? services().tenants.list({ counts: false })) : services().tenants.list({ counts: true });
    },
    countTenantMailboxes: () => services().tenants.countEveryTenant(),
    getTenant: ({ tenant }) => services().tenants.get(tenant),
    createTenant: (request) => services().tenants.create(request),
    updateTenant: ({ tenant, changes }) => services().tenants.update(tenant, changes),
    deleteTenant: async ({ tenant, force }) => {
      await services().tenants.delete(tenant, force);
      return null;
    },
    getTenantUsage: ({ tenant }) => tenantUsage(services(), tenant),

    listMailboxes: ({ tenant, cursor, pageSize, query }) => services().mailboxes.list(tenant, pageSize, cursor, query),
    getMailbox: ({ tenant, login }) => services().mailboxes.get(tenant, login),
    createMailbox: (request) => services().mailboxes.create(request),
    updateMailbox: ({ tenant, login, changes, expectedRevision }) => services().mailboxes.update(tenant, login, changes, expectedRevision),
    setMailboxEnabled: ({ tenant, login, enabled }) => services().mailboxes.setEnabled(tenant, login, enabled),
    resetMailboxPassword: async ({ tenant, login, password, mustChange }) => {
      await services().mailboxes.resetPassword(tenant, login, password, mustChange);
      return null;
    },
    listDeletedMailboxes: ({ tenant }) => services().mailboxes.deletedItems(tenant),
    restoreMailbox: ({ tenant, login }) => services().mailboxes.restore(tenant, login),
    purgeMailbox: async ({ tenant, login }) => {
      await services().mailboxes.purge(tenant, login);
      return null;
    },
    purgeExpiredMailboxes: ({ tenant }) => services().mailboxes.purgeExpired(tenant),
    bulkMailboxes: (request) => runBulkAction(services(), request, (progress) => events?.emit('bulkProgress', progress)),
    unlockMailbox: ({ tenant, login }) => services().mailboxes.unlock(tenant, login),
    deleteMailbox: async ({ tenant, login }) => {
      await services().mailboxes.delete(tenant, login);
      return null;
    },

    listGroups: ({ tenant, kind }) => services().groups.list(tenant, kind),
    getGroup: (ref) => services().groups.get(ref),
    createGroup: (request) => services().groups.create(request),
    updateGroup: ({ changes, ...ref }) => services().groups.update(ref, changes),
    deleteGroup: async (ref) => {
      await services().groups.delete(ref);
      return null;
    },
    addGroupMembers: ({ logins, ...ref }) => services().groups.addMembers(ref, logins),
    removeGroupMembers: ({ logins, ...ref }) => services().groups.removeMembers(ref, logins),

    searchDirectory: ({ query, limit }) => services().search.search(query, limit),

    getTenantPasswordPolicy: ({ tenant }) => services().passwordPolicies.get(tenant),
    updateTenantPasswordPolicy: ({ tenant, changes }) => services().passwordPolicies.update(tenant, changes),
    adoptTenantPasswordPolicies: ({ tenant }) => services().passwordPolicies.adopt(tenant),
    listServiceAccounts: () => services().serviceAccounts.list(),
    createServiceAccount: ({ name, description }) => services().serviceAccounts.create(name, description),
    deleteServiceAccount: async ({ name }) => {
      await services().serviceAccounts.delete(name);
      return null;
    },
  };
}
