/**
 * The audit viewer (renderer/audit/, built separately) still takes an EnclaveApi as a prop. The store hands it
 * this one: the three audit calls and the audit event, and nothing else, so the viewer cannot reach the rest of
 * main around the store (docs/console.md, "Who calls main").
 */
import { fail } from '../../../shared/errors';
import { callNames, type CallName } from '../../../shared/ipc/call-names';
import type { EnclaveApi } from '../../../shared/ipc/contract';

const auditCalls: ReadonlySet<CallName> = new Set(['listAuditRecords', 'exportAuditRecords', 'verifyAuditJournal']);

export function auditViewApi(api: EnclaveApi): EnclaveApi {
  const calls = Object.fromEntries(
    callNames.map((name) => [
      name,
      auditCalls.has(name)
        ? (request: never) => (api[name] as (request: never) => unknown)(request)
        : () => Promise.resolve(fail({ kind: 'internal', message: `The audit view may not call ${name}.` })),
    ]),
  );
  const on: EnclaveApi['on'] = (event, listener) => {
    if (event !== 'auditAppended') throw new Error(`The audit view may not listen to ${event}.`);
    return api.on(event, listener);
  };
  // One function per call name, as in http-client.ts; TypeScript cannot follow fromEntries.
  return Object.freeze({ ...calls, on }) as unknown as EnclaveApi;
}
