/**
 * The isolation verifier on Active Directory: probe accounts written through the AD dialect over TLS, the AD
 * probe matrix per tenant, and what AD shows every account by design reported apart from real leaks.
 */
import { EqualityFilter } from 'ldapts';
import { failure } from '../../../../shared/errors';
import { domainUsersMemberNames } from '../../../../shared/model/hosting';
import type { IsolationReport, ProbeResult } from '../../../../shared/model/isolation';
import { wellKnownRids } from '../directory/security-descriptor';
import type { ConnectionSettings } from '../../../directory/connection-settings';
import { DirectoryConnection } from '../../../directory/directory-connection';
import { serverWarnings } from '../../../policy/verifier/server-warnings';
import { parseDn } from '../../../directory/dn';
import { first } from '../../../directory/entry';
import { activeDirectoryDialect } from '../ad-dialect';
import { domainFactsReader, type DomainFacts } from '../ad-domain';
import { findTenantUsersInDomainUsers } from '../ad-domain-users';
import type { HostingContext } from '../../../hosting/hosting-context';
import { activeDirectoryKnownLeaks } from './ad-known-leaks';
import { activeDirectoryPolicyGaps } from './ad-policy-gaps';
import { readTenants } from '../../../hosting/read-tenants';
import { createAdHelpdeskProbe, createAdTenantProbes } from './ad-probe-accounts';
import { runAdForeignMemberProbe, runAdTenantProbes, type AdProbeContext } from './ad-tenant-probes';
import { KnownLeakLog } from '../../../policy/verifier/known-leak-log';
import { mapConcurrently } from '../../../system/map-concurrently';
import { newRunTag, removeProbes, type ProbeAccount, type TenantProbes } from './ad-probe-types';
import { attemptRead, countByRole, probeResult } from '../../../policy/verifier/probe-outcome';
import type { VerifierOptions } from '../../../policy/verifier/verifier-options';

/** What the AD run needs: the host admin's settings and open connection, the domain naming context. */
export interface AdVerifierRun {
  settings: ConnectionSettings;
  admin: DirectoryConnection;
  suffix: string;
  concurrency: number;
  tenants?: string[];
}

/** Runs the AD matrix for every tenant (or the named ones); removes every probe account, also on error. */
export async function verifyActiveDirectoryIsolation(run: AdVerifierRun, started: number): Promise<IsolationReport> {
  const { admin, suffix } = run;
  if (!admin.encrypted) {
    throw failure({ kind: 'invalid-input', message: 'On Active Directory the verifier sets passwords for its probe accounts: connect with LDAPS or StartTLS.', issues: [{ path: ['url'], message: 'needs an encrypted connection' }] });
  }
  const dialect = activeDirectoryDialect(suffix);
  const leaks = activeDirectoryKnownLeaks(suffix);
  const log = new KnownLeakLog();
  const tag = newRunTag();
  const created: string[] = [];
  try {
    const all = await readTenants({ connection: admin, dialect });
    const tenants = run.tenants ? all.filter((t) => run.tenants?.includes(t.name)) : all;
    const facts = await domainFactsReader(suffix)(admin);
    const [domainAdmins] = await admin.search(suffix, { filter: new EqualityFilter({ attribute: 'objectSid', value: `${facts.sid}-${wellKnownRids.domainAdmins}` }), attributes: ['1.1'], limit: 1 });
    const rootDse = await admin.read('', ['configurationNamingContext']);
    const fallbackDomain = parseDn(suffix).map((rdn) => rdn[0]?.value ?? '').join('.').toLowerCase();
    // Before any probe account exists: probes are written the console's way and would never be pending anyway.
    const inDomainUsers = await domainUsersFinding({ connection: admin, dialect }, facts);
    const helpdeskAccount = await createAdHelpdeskProbe(admin, dialect, tag);
    created.push(helpdeskAccount.dn);
    // Samba serializes writes (password hashing dominates): more than a few at once gains nothing.
    const probes = await mapConcurrently(tenants, 4, (tenant, index) => createAdTenantProbes(admin, dialect, tenant, tag, index, fallbackDomain, created));
    const base = { dialect, leaks, log, configurationDn: rootDse ? first(rootDse, 'configurationNamingContext') : '', domainAdminsDn: domainAdmins?.dn ?? '', domainUsersDn: facts.domainUsersDn, fallbackDomain, tag, helpdeskAccount };
    const results: ProbeResult[] = [inDomainUsers, ...(await hostAdminProbes(admin, probes))];
    const contexts: AdProbeContext[] = probes.map((own, index) => ({ ...base, index, own, other: probes.length > 1 ? (probes[(index + 1) % probes.length] ?? null) : null }));
    for (const rows of await mapConcurrently(contexts, run.concurrency, (context) => probeTenant(run.settings, context))) results.push(...rows);
    for (const rows of await mapConcurrently(contexts, run.concurrency, (context) => foreignMemberPhase(run.settings, context))) results.push(...rows);
    results.sort((a, b) => Number(a.passed) - Number(b.passed));
    const failureCount = results.filter((r) => !r.passed).length;
    return {
      passed: failureCount === 0, tenantCount: tenants.length, probeCount: results.length, failureCount, elapsedMs: Date.now() - started, results,
      flavor: 'active-directory', knownLeaks: log.report(leaks.leaks, new Map(activeDirectoryPolicyGaps().map((gap) => [gap.id, gap.cells]))),
      serverWarnings: await serverWarnings(admin),
      probesByRole: countByRole(results),
      sampling: { probeTenants: [], sampledTenants: tenants.map((t) => t.name), note: 'Every tenant was probed (Active Directory keeps its own matrix; the policy cells it cannot enforce are listed as known leaks).' },
    };
  } finally {
    await removeProbes(admin, created);
  }
}


/** Binds the three principals of one tenant and runs its AD matrix. */
async function probeTenant(settings: ConnectionSettings, context: AdProbeContext): Promise<ProbeResult[]> {
  const as = (account: ProbeAccount) => new DirectoryConnection({ ...settings, bindDN: account.dn, password: account.password });
  const principals = { user: as(context.own.user), admin: as(context.own.admin), helpdesk: as(context.helpdeskAccount) };
  try {
    return await runAdTenantProbes(context, principals);
  } finally {
    await Promise.all(Object.values(principals).map((connection) => connection.dispose()));
  }
}

/** The one escalation that changes another tenant's view, once every tenant's reads are done. */
async function foreignMemberPhase(settings: ConnectionSettings, context: AdProbeContext): Promise<ProbeResult[]> {
  const tenantAdmin = new DirectoryConnection({ ...settings, bindDN: context.own.admin.dn, password: context.own.admin.password });
  try {
    return await runAdForeignMemberProbe(context, tenantAdmin);
  } finally {
    await tenantAdmin.dispose();
  }
}

/**
 * Tenant mailboxes still in Domain Users (a tenant admin's create leaves that step to the host): a finding with
 * their count and names until a host admin finishes them. They hold Domain Users' rights, which the host may
 * have granted anything; as member values they would also be readable by every tenant.
 */
async function domainUsersFinding(context: HostingContext, facts: DomainFacts): Promise<ProbeResult> {
  const subject = { role: 'host-admin' as const, tenant: null };
  const description = 'tenant mailboxes still in Domain Users (the step a tenant admin’s create leaves to the host)';
  return probeResult(subject, 'host-admin.tenant-users-in-domain-users', description, ['invisible'], await attemptRead(async () => {
    const pending = await findTenantUsersInDomainUsers(context, facts);
    if (pending.length === 0) return { seen: false, detail: 'none' };
    return { seen: true, detail: `${pending.length} tenant mailboxes: ${domainUsersMemberNames(pending)}. A host admin finishes them: Finish in the console, or enclave finish-primary-groups.` };
  }));
}

/** The host admin reads every tenant. */
async function hostAdminProbes(admin: DirectoryConnection, probes: TenantProbes[]): Promise<ProbeResult[]> {
  const first = probes[0];
  if (!first) return [];
  const subject = { role: 'host-admin' as const, tenant: null, targetTenant: first.tenant.name };
  return [probeResult(subject, 'host-admin.read-tenant', 'reading a tenant mailbox', ['allowed'], await attemptRead(async () => ({ seen: (await admin.read(first.user.dn, ['sAMAccountName'])) !== null })))];
}

/** The AD verifier as the flavor module runs it: opens the host admin's connection for the run. */
export async function verifyAdIsolation(options: VerifierOptions): Promise<IsolationReport> {
  const started = Date.now();
  const admin = new DirectoryConnection(options.admin);
  try {
    return await verifyActiveDirectoryIsolation({ settings: options.admin, admin, suffix: options.suffix, concurrency: options.concurrency ?? 8, ...(options.tenants ? { tenants: options.tenants } : {}) }, started);
  } finally {
    await admin.dispose();
  }
}
