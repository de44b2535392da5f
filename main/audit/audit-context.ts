/**
 * Who asked for a write, carried alongside the call rather than through every service signature: the
 * dispatcher (or a CLI command) runs the call inside a context; the journaled connection reads it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface AuditContext {
  /** The console call or command, e.g. "updateMailbox", "bulk import". */
  operation: string;
  /** The tenant the call names, when it names one. */
  tenant: string | null;
  /** Shared by every write of this call. */
  callId: string;
}

const storage = new AsyncLocalStorage<AuditContext>();

/** Runs `run` with `context` visible to every write it makes, however deep (a new call id unless given). */
export function runInAuditContext<T>(context: { operation: string; tenant?: string | null; callId?: string }, run: () => T): T {
  return storage.run({ operation: context.operation, tenant: context.tenant ?? null, callId: context.callId ?? randomUUID() }, run);
}

/** The tenant named by a validated request payload, if any. */
export function tenantOfRequest(payload: unknown): string | null {
  const tenant = typeof payload === 'object' && payload !== null ? (payload as { tenant?: unknown }).tenant : undefined;
  return typeof tenant === 'string' ? tenant : null;
}

/** The current context, or null for writes made outside any call. */
export const currentAuditContext = (): AuditContext | null => storage.getStore() ?? null;
