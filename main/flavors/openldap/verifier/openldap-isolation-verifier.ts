/**
 * The isolation verifier: creates probe principals as the host admin, binds as each of them, runs the
 * probe matrix of every tenant (tenants concurrently, each on its own connections), removes the probes
 * and reports every probe with what was expected and what the server did (OpenLDAP; Active Directory has its
 * own matrix in flavors/active-directory/verifier/).
 */
import type { IsolationReport, ProbeResult } from '../../../../shared/model/isolation';
import type { ConnectionSettings } from '../../../directory/connection-settings';
import { DirectoryConnection } from '../../../directory/directory-connection';
import { openLdapDialect } from '../openldap-dialect';
import { readTenantRuleInputs } from '../isolation/apply-isolation';
import { isolationDns, type IsolationDns } from '../isolation/isolation-dns';
import { createHelpdeskProbe, createTenantProbes, newRunTag, removeProbes, type ProbeAccount, type TenantProbes } from './probe-accounts';
import { mapConcurrently } from '../../../system/map-concurrently';
import { attemptRead, probeResult } from '../../../policy/verifier/probe-outcome';
import { runTenantProbes } from './tenant-probes';
import type { VerifierOptions } from '../../../policy/verifier/verifier-options';

/** Runs the whole matrix; never throws for a probe failure, only for setup errors (e.g. not a host admin). */
export async function verifyOpenLdapIsolation(options: VerifierOptions): Promise<IsolationReport> {
  const started = Date.now();
  const admin = new DirectoryConnection(options.admin);
  const dns = isolationDns(options.suffix);
  const dialect = openLdapDialect(options.suffix);
  const tag = newRunTag();
  const created: string[] = [];
  try {
    const all = await readTenantRuleInputs(admin, dialect);
    const tenants = options.tenants ? all.filter((t) => options.tenants?.includes(t.name)) : all;
    const helpdeskAccount = await createHelpdeskProbe(admin, dns.hostPeople, dns.helpdeskGroup, tag);
    created.push(helpdeskAccount.dn);
    const probes = await mapConcurrently(tenants, 8, async (tenant, index) => {
      const made = await createTenantProbes(admin, dialect, tenant, tag, index);
      created.push(made.admin.dn, made.user.dn);
      return made;
    });
    const results: ProbeResult[] = [...(await hostAdminProbes(admin, probes))];
    const perTenant = await mapConcurrently(probes, options.concurrency ?? 8, (own, index) =>
      probeTenant(options.admin, dns, tag, index, own, probes.length > 1 ? (probes[(index + 1) % probes.length] ?? null) : null, helpdeskAccount),
    );
    for (const rows of perTenant) results.push(...rows);
    results.sort((a, b) => Number(a.passed) - Number(b.passed));
    const failureCount = results.filter((r) => !r.passed).length;
    return { passed: failureCount === 0, tenantCount: tenants.length, probeCount: results.length, failureCount, elapsedMs: Date.now() - started, results, flavor: 'openldap', knownLeaks: [] };
  } finally {
    await removeProbes(admin, created);
    await admin.dispose();
  }
}

/** Binds the three principals of one tenant and runs its matrix. */
async function probeTenant(adminSettings: ConnectionSettings, dns: IsolationDns, tag: string, index: number, own: TenantProbes, other: TenantProbes | null, helpdeskAccount: ProbeAccount): Promise<ProbeResult[]> {
  const as = (account: ProbeAccount) => new DirectoryConnection({ ...adminSettings, bindDN: account.dn, password: account.password });
  const principals = { user: as(own.user), admin: as(own.admin), helpdesk: as(helpdeskAccount) };
  try {
    return await runTenantProbes({ dns, tag, index, own, other, helpdeskAccount }, principals);
  } finally {
    await Promise.all(Object.values(principals).map((connection) => connection.dispose()));
  }
}

/** The host admin sees every tenant and the audit log. */
async function hostAdminProbes(admin: DirectoryConnection, probes: TenantProbes[]): Promise<ProbeResult[]> {
  const subject = { role: 'host-admin' as const, tenant: null };
  const first = probes[0];
  const rows = [
    probeResult(subject, 'host-admin.read-accesslog', 'reading the audit log', ['allowed'], await attemptRead(async () => ({ seen: (await admin.search('cn=accesslog', { scope: 'base', attributes: ['1.1'] })).length > 0 }))),
  ];
  if (first) {
    rows.push(probeResult({ ...subject, targetTenant: first.tenant.name }, 'host-admin.read-tenant', 'reading a tenant mailbox', ['allowed'], await attemptRead(async () => ({ seen: (await admin.read(first.user.dn, ['uid'])) !== null }))));
  }
  return rows;
}
