/**
 * The gate every call passes: known name, payload valid against the contract's schema, then the handler.
 * Failures become data; unexpected exceptions are logged in main and reported without internals.
 */
import { z } from 'zod';
import { EnclaveFailure, fail, ok, type Result } from '../../shared/errors';
import { isCallName, type CallName } from '../../shared/ipc/call-names';
import { contract, type CallResponse, type ParsedRequest } from '../../shared/ipc/contract';
import { runInAuditContext, tenantOfRequest } from '../audit/audit-context';

/** One function per call, receiving the validated request. */
export type CallHandlers = { [N in CallName]: (request: ParsedRequest<N>) => Promise<CallResponse<N>> };

export type Dispatch = (name: string, payload: unknown) => Promise<Result<unknown>>;

/** Builds the dispatch function over `handlers`; `log` receives unexpected errors. */
export function createDispatcher(handlers: CallHandlers, log: (message: string, error: unknown) => void = console.error): Dispatch {
  return async (name, payload) => {
    if (!isCallName(name)) return fail({ kind: 'invalid-input', message: `Unknown call "${name}".`, issues: [] });
    const parsed = contract[name].request.safeParse(payload ?? {});
    if (!parsed.success) return fail(invalidInput(parsed.error));
    try {
      const handler = handlers[name] as (request: unknown) => Promise<unknown>;
      // Every directory write the call makes is journaled under this call's name and tenant.
      return ok(await runInAuditContext({ operation: name, tenant: tenantOfRequest(parsed.data) }, () => handler(parsed.data)));
    } catch (error) {
      if (error instanceof EnclaveFailure) return fail(error.error);
      log(`call ${name} failed unexpectedly`, error);
      return fail({ kind: 'internal', message: `Enclave hit an unexpected error while running "${name}". Details are in the application log.` });
    }
  };
}

function invalidInput(error: z.ZodError) {
  const issues = error.issues.map((issue) => ({ path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))), message: issue.message }));
  const summary = issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
  return { kind: 'invalid-input' as const, message: summary || 'The request is not valid.', issues };
}
