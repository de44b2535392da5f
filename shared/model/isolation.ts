/**
 * Tenant isolation as the console shows it: the generated access rules (read-only review) and the
 * verifier's report, one row per probe with what was expected and what the server did.
 */
import { z } from 'zod';
import type { DirectoryFlavor } from './hosting';

/** A verifier run: how many real tenants the whole matrix runs from (default 3; the sweep covers every tenant). */
export const verifyIsolationRequest = z.object({ sample: z.number().int().min(0).max(100_000).optional() }).strict();

/** One generated rule, numbered as cn=config numbers it. */
export interface GeneratedRule {
  index: number;
  text: string;
}

/** The rules the console generates for the connected directory. */
export interface AccessRulesReport {
  suffix: string;
  tenantCount: number;
  /** olcAccess values of the main database, first match wins. */
  accessRules: GeneratedRule[];
  /** olcConstraintAttribute values (address domains and group members per tenant). */
  constraintRules: GeneratedRule[];
}

/** Who a probe runs as. */
export type ProbeRole = 'host-admin' | 'helpdesk' | 'tenant-admin' | 'tenant-user' | 'mail-service' | 'anonymous';

/**
 * What a probe observed. `allowed`: the operation succeeded (a read saw the entry or value). `denied`: the
 * server answered insufficient access (50). `invisible`: nothing came back (a read found no entry, a search
 * returned nothing of the target, or noSuchObject 32). `constraint`: constraint violation (19).
 */
export type ProbeOutcome = 'allowed' | 'denied' | 'invisible' | 'constraint' | 'error';

/** One row of the matrix. */
export interface ProbeResult {
  role: ProbeRole;
  /** The probe principal's tenant (null for host staff). */
  tenant: string | null;
  /** The tenant whose data the probe touches, when it is another one. */
  targetTenant: string | null;
  probe: string;
  description: string;
  expected: ProbeOutcome[];
  actual: ProbeOutcome;
  /** Server result code or message, for failures. */
  detail: string;
  /** True when the outcome was expected, or differed only in a way a known leak by design explains. */
  passed: boolean;
  /** Ids of the known leaks by design this probe observed (see IsolationReport.knownLeaks); empty on OpenLDAP. */
  knownLeaks: string[];
}

/**
 * A defect of the directory server itself that the access policy cannot close, found without triggering it (the
 * verifier never tries a crash on a production server): shown apart from probes and known leaks.
 */
export interface ServerWarning {
  id: string;
  what: string;
  /** What the operator can do about it. */
  remedy: string;
  /** What the verifier saw, e.g. the root DSE's offer. */
  evidence: string;
}

/** What every account of a flavor can still see or do by design, and where the verifier observed it. */
export interface KnownLeakReport {
  id: string;
  what: string;
  why: string;
  /** How many observations (entries, values or probe outcomes) it explained. */
  observations: number;
  /** Distinct probes that observed it, e.g. `tenant-user.search-from-suffix`. */
  probes: string[];
  /** A few of the entries or values seen, for the operator to check. */
  examples: string[];
  /** The access policy's cells this leak leaves unenforced on the flavor (listed even when no probe observed it). */
  cells?: string[];
}

/**
 * Which tenants the matrix ran on. The rules are the same for every tenant (generated for the suffix alone), so
 * the whole matrix runs on the verifier's own probe tenants and on a random sample of real ones; the structural
 * checks and the visibility sweep cover every tenant.
 */
export interface VerifierSampling {
  /** Tenants the verifier created for the run (and removed). */
  probeTenants: string[];
  /** Real tenants the whole matrix ran in. */
  sampledTenants: string[];
  /** What was checked in every tenant, and what was left out, in words. */
  note: string;
}

/** The verifier's whole report. */
export interface IsolationReport {
  passed: boolean;
  tenantCount: number;
  probeCount: number;
  failureCount: number;
  elapsedMs: number;
  /** Every probe, failures first. */
  results: ProbeResult[];
  /** The directory flavor probed (from the rootDSE). */
  flavor: DirectoryFlavor;
  /** Leaks by design that were observed, kept apart from real leaks (which fail the report): AD only. */
  knownLeaks: KnownLeakReport[];
  /** Server defects no rule closes (docs/isolation.md); they do not fail the report, which is about the policy. */
  serverWarnings: ServerWarning[];
  /** Probes per role, for the record (docs/isolation.md). */
  probesByRole: Partial<Record<ProbeRole, number>>;
  sampling: VerifierSampling;
}
