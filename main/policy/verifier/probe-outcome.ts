/** Turns what the server did into a probe outcome, and builds result rows. */
import { EnclaveFailure } from '../../../shared/errors';
import type { IsolationReport, ProbeOutcome, ProbeResult, ProbeRole } from '../../../shared/model/isolation';
import { toEnclaveError } from '../../directory/ldap-errors';

/** Result codes by which the server refuses a change on grounds other than access: schema, constraints, restrictions. */
const refusedByTheServer: Record<number, string> = {
  12: 'unavailable critical extension',
  16: 'no such attribute',
  19: 'constraint violation',
  20: 'value already present',
  21: 'invalid syntax',
  53: 'operation restricted',
  64: 'naming violation',
  65: 'object class violation',
  67: 'not allowed on RDN',
  69: 'object class modifications prohibited',
};

/**
 * The outcome of a failed operation: 50 denied, 32 invisible, a refusal by the schema, an overlay or a
 * restriction (19, 53, 65, …: the server said no before or instead of the access rules) constraint, anything else
 * error.
 */
export function outcomeOfError(error: unknown): { outcome: ProbeOutcome; detail: string } {
  const mapped = error instanceof EnclaveFailure ? error.error : toEnclaveError(error);
  if (mapped.kind === 'insufficient-access') return { outcome: 'denied', detail: 'insufficient access (50)' };
  if (mapped.kind === 'not-found') return { outcome: 'invisible', detail: 'no such object (32)' };
  if ((mapped.kind === 'policy-violation' || mapped.kind === 'ldap') && refusedByTheServer[mapped.ldapCode] !== undefined) {
    return { outcome: 'constraint', detail: `${refusedByTheServer[mapped.ldapCode]} (${mapped.ldapCode}): ${mapped.serverMessage}` };
  }
  if (mapped.kind === 'invalid-credentials') return { outcome: 'denied', detail: 'bind refused (49)' };
  // Authentication demanded (8, 48) or proxied authorization refused (123): the server would not act for this identity.
  if ((mapped.kind === 'ldap' || mapped.kind === 'policy-violation') && [8, 48, 123].includes(mapped.ldapCode)) return { outcome: 'denied', detail: `${mapped.serverMessage} (${mapped.ldapCode})` };
  return { outcome: 'error', detail: mapped.message };
}

/** Runs a write probe: success is `allowed`, a refusal is classified. */
export async function attemptWrite(run: () => Promise<unknown>): Promise<{ outcome: ProbeOutcome; detail: string }> {
  try {
    await run();
    return { outcome: 'allowed', detail: '' };
  } catch (error) {
    return outcomeOfError(error);
  }
}

/** Runs a read probe: `run` resolves true when the target was seen, false when nothing came back. */
export async function attemptRead(run: () => Promise<{ seen: boolean; detail?: string; knownLeaks?: string[] }>): Promise<Observation> {
  try {
    const { seen, detail, knownLeaks } = await run();
    return { outcome: seen ? 'allowed' : 'invisible', detail: detail ?? '', ...(knownLeaks ? { knownLeaks } : {}) };
  } catch (error) {
    return outcomeOfError(error);
  }
}

/** Who ran a probe and against which tenant. */
export interface ProbeSubject {
  role: ProbeRole;
  tenant: string | null;
  targetTenant?: string | null;
}

/** What a probe saw; `knownLeaks` names leaks by design it saw on the way (AD) without failing. */
export interface Observation {
  outcome: ProbeOutcome;
  detail: string;
  knownLeaks?: string[];
}

/**
 * A result row; passed when the actual outcome is one of the expected ones, or when it is not but the
 * known leak `explainedBy` accounts for it (AD: the server cannot enforce it; reported apart from real leaks).
 */
export function probeResult(subject: ProbeSubject, probe: string, description: string, expected: ProbeOutcome[], observed: Observation, explainedBy?: string): ProbeResult {
  const asExpected = expected.includes(observed.outcome);
  const explained = !asExpected && explainedBy !== undefined;
  return {
    role: subject.role,
    tenant: subject.tenant,
    targetTenant: subject.targetTenant ?? null,
    probe,
    description,
    expected,
    actual: observed.outcome,
    detail: observed.detail,
    passed: asExpected || explained,
    knownLeaks: [...(observed.knownLeaks ?? []), ...(explained && explainedBy ? [explainedBy] : [])],
  };
}

/** How many probes each role ran (the report's record). */
export function countByRole(results: readonly ProbeResult[]): IsolationReport['probesByRole'] {
  const counts: IsolationReport['probesByRole'] = {};
  for (const r of results) counts[r.role] = (counts[r.role] ?? 0) + 1;
  return counts;
}
