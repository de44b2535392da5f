/**
 * One action on many mailboxes of a tenant (the grid's bulk actions). Each mailbox goes through the same service
 * method as a single edit (so the same role checks, validation and audit journal apply), a few at a time; a quota
 * is checked against the pool once for the whole selection. Nothing is all-or-nothing: each mailbox reports its
 * own outcome, and progress goes out at most every 100 ms.
 */
import { failure, type EnclaveError } from '../../shared/errors';
import { bulkDeleteConfirmation, type BulkItemResult, type BulkMailboxesReport, type BulkMailboxesRequest, type BulkProgress } from '../../shared/model/bulk-mailboxes';
import { EnclaveFailure } from '../../shared/errors';
import { toEnclaveError } from '../directory/ldap-errors';
import { mapConcurrently } from '../system/map-concurrently';
import type { HostingServices } from './hosting-services';

/** Requests at once: enough to keep the server busy, few enough that the window's own calls are not queued behind. */
const concurrency = 8;
/** Members added per modify (the contract's limit for one call). */
const membersPerChange = 1000;
const progressEveryMs = 100;

const messageOf = (error: unknown): string => (error instanceof EnclaveFailure ? error.error.message : toEnclaveError(error).message);

export async function runBulkAction(services: HostingServices, request: BulkMailboxesRequest, report: (progress: BulkProgress) => void): Promise<BulkMailboxesReport> {
  const started = Date.now();
  const { tenant, logins, action, runId } = request;
  await services.tenants.require(tenant);
  if (action.kind === 'delete' && action.confirmation.trim().toLowerCase() !== bulkDeleteConfirmation(logins.length)) {
    const expected = bulkDeleteConfirmation(logins.length);
    throw failure({ kind: 'invalid-input', message: `To delete ${logins.length} mailboxes, type “${expected}”.`, issues: [{ path: ['action', 'confirmation'], message: `type “${expected}”` }] });
  }
  const progress = { runId, done: 0, failed: 0, total: logins.length };
  let lastSent = 0;
  const tick = (ok: boolean) => {
    progress.done += 1;
    if (!ok) progress.failed += 1;
    const now = Date.now();
    if (now - lastSent >= progressEveryMs || progress.done === progress.total) {
      lastSent = now;
      report({ ...progress });
    }
  };
  const each = (run: (login: string) => Promise<BulkItemResult>) =>
    mapConcurrently(logins, concurrency, async (login) => {
      const result = await run(login).catch((error: unknown): BulkItemResult => ({ login, ok: false, message: messageOf(error) }));
      tick(result.ok);
      return result;
    });

  let results: BulkItemResult[];
  switch (action.kind) {
    case 'disable':
    case 'enable':
      results = await services.mailboxes.setEnabledMany(tenant, logins, action.kind === 'enable', tick);
      break;
    case 'quota':
      results = await services.mailboxes.setQuotas(tenant, logins, action.quotaBytes, tick);
      break;
    case 'delete':
      results = await each(async (login) => {
        await services.mailboxes.delete(tenant, login);
        return { login, ok: true };
      });
      break;
    case 'add-to-group':
      results = await addToGroup(services, tenant, logins, action.groupKind, action.group, tick);
      break;
  }
  return { runId, tenant, action: action.kind, results, elapsedMs: Date.now() - started };
}

/**
 * Joins the mailboxes to a group or list, a thousand per change; when one change is refused, its mailboxes are tried
 * one by one so each says why (another tenant's login, a name that is no mailbox).
 */
async function addToGroup(services: HostingServices, tenant: string, logins: readonly string[], kind: 'security' | 'distribution', group: string, tick: (ok: boolean) => void): Promise<BulkItemResult[]> {
  const ref = { tenant, kind, name: group };
  await services.groups.get(ref);
  const results: BulkItemResult[] = [];
  for (let start = 0; start < logins.length; start += membersPerChange) {
    const chunk = logins.slice(start, start + membersPerChange);
    try {
      await services.groups.addMembers(ref, [...chunk]);
      for (const login of chunk) {
        results.push({ login, ok: true });
        tick(true);
      }
    } catch (error) {
      // A refusal by role (before sending) applies to every one: no point trying them singly.
      const refusal = error instanceof EnclaveFailure && error.error.kind === 'insufficient-access' ? (error.error as EnclaveError) : null;
      for (const login of chunk) {
        if (refusal) {
          results.push({ login, ok: false, message: refusal.message });
          tick(false);
          continue;
        }
        const single = await services.groups.addMembers(ref, [login]).then(
          (): BulkItemResult => ({ login, ok: true }),
          (reason: unknown): BulkItemResult => ({ login, ok: false, message: messageOf(reason) }),
        );
        results.push(single);
        tick(single.ok);
      }
    }
  }
  return results;
}
