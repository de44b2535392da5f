/**
 * The OpenLDAP isolation verifier: attacks the directory as every role of the access policy. The rules are the same
 * for every tenant (generated for the suffix alone), so the whole probe matrix — every cell of the policy table, every
 * condition attack, every named attack — runs in two tenants the verifier creates for the run, and again from a
 * random sample of real tenants (attacks that would damage a real tenant if they succeeded excepted). Every tenant is
 * covered by the structural check and by the sweep: the probe tenant's principals search the whole suffix and must
 * see nothing outside their tenant, whatever else the directory holds.
 */
import type { IsolationReport, ProbeResult, ProbeRole } from '../../../../shared/model/isolation';
import type { Tenant } from '../../../../shared/model/hosting';
import { DirectoryConnection } from '../../../directory/directory-connection';
import { normalizeDn } from '../../../directory/dn';
import { readTenants } from '../../../hosting/read-tenants';
import { countByRole, probeResult } from '../../../policy/verifier/probe-outcome';
import { attackProbeName, conditionAttacks, matrixCells, namedAttacks } from '../../../policy/verifier/probe-plan';
import { serverWarnings } from '../../../policy/verifier/server-warnings';
import type { VerifierOptions } from '../../../policy/verifier/verifier-options';
import { openLdapDialect } from '../openldap-dialect';
import { openLdapLayout } from '../openldap-layout';
import { conditionAttackRuns, namedAttackRuns, type AttackPlace } from './attack-attempts';
import { runCell } from './cell-attempts';
import { newRunTag, ProbeLedger, ProbeNames } from './probe-accounts';
import { addCheckpoint, bindAs, createProbeTenant, furnishHost, furnishTenant, type Principals, type ProbeContext, type TenantWorld } from './probe-world';
import { checkEveryTenantsStructure } from './tenant-structure';

/** Real tenants the whole matrix runs in when the caller names none. */
export const defaultSampleSize = 3;

/** Order of operations within a tenant's matrix: reads see the untouched fixtures; deletes and renames come last. */
const operationOrder = ['read', 'modify', 'remove', 'lock', 'unlock', 'create', 'delete', 'rename'];

/** Runs the whole matrix; never throws for a probe failure, only for setup errors (e.g. not a host admin). */
export async function verifyOpenLdapIsolation(options: VerifierOptions): Promise<IsolationReport> {
  const started = Date.now();
  const admin = new DirectoryConnection(options.admin);
  const dialect = openLdapDialect(options.suffix);
  const layout = openLdapLayout(normalizeDn(options.suffix));
  const names = new ProbeNames(newRunTag());
  const context: ProbeContext = { admin, adminSettings: options.admin, dialect, layout, names, ledger: new ProbeLedger(admin, 'member') };
  const connections: DirectoryConnection[] = [];
  const open = (connection: DirectoryConnection) => (connections.push(connection), connection);
  try {
    const all = await readTenants({ connection: admin, dialect });
    const sampled = pickSample(options.tenants ? all.filter((t) => options.tenants?.includes(t.name)) : all, options.tenants ? Infinity : (options.sample ?? defaultSampleSize));
    const host = await furnishHost(context);
    const hostPrincipals = {
      'host-admin': admin,
      helpdesk: open(bindAs(options.admin, host.helpdesk)),
      'mail-service': open(bindAs(options.admin, host.mailService)),
      anonymous: open(bindAs(options.admin, null)),
    };
    const [first, second] = [await createProbeTenant(context, 'p1'), await createProbeTenant(context, 'p2')];
    const probeWorlds = [await furnishTenant(context, first, true), await furnishTenant(context, second, true)];
    const realWorlds: TenantWorld[] = [];
    const skipped: string[] = [];
    for (const tenant of sampled) {
      if (tenant.mailDomains.length === 0) skipped.push(`${tenant.name} (no mail domain, so no probe mailbox)`);
      else if ((await admin.read(layout.tenantPolicyDn(tenant.name), ['1.1'])) === null) skipped.push(`${tenant.name} (no password policy of its own: adopt one, docs/tenant-lifecycle.md)`);
      else realWorlds.push(await furnishTenant(context, tenant, false));
    }
    const principalsOf = new Map<TenantWorld, Principals>();
    for (const world of [...probeWorlds, ...realWorlds]) {
      const tenantAdmin = open(bindAs(options.admin, world.admin));
      principalsOf.set(world, { ...hostPrincipals, 'tenant-admin': tenantAdmin, 'tenant-user': open(bindAs(options.admin, world.user)) });
      world.checkpoint = await addCheckpoint(tenantAdmin, layout, `verifier-${names.fresh('c')}`);
    }
    // Before the matrix: its creates and renames leave disposable entries until the end of the run.
    const structure = await checkEveryTenantsStructure(context, all.length);
    const [p1, p2] = probeWorlds as [TenantWorld, TenantWorld];
    const pairs: [TenantWorld, TenantWorld][] = [[p1, p2], ...realWorlds.map((world): [TenantWorld, TenantWorld] => [world, p1])];
    const results: ProbeResult[] = [];
    for (const [index, [own, other]] of pairs.entries()) {
      const principals = principalsOf.get(own) as Principals;
      const place: AttackPlace = { own, other, host, principals, otherAdmin: (principalsOf.get(other) as Principals)['tenant-admin'] };
      results.push(...(await runMatrix(context, place, index === 0)));
    }
    results.push(structure);
    results.sort((a, b) => Number(a.passed) - Number(b.passed));
    const failureCount = results.filter((r) => !r.passed).length;
    return {
      passed: failureCount === 0,
      tenantCount: all.length,
      probeCount: results.length,
      failureCount,
      elapsedMs: Date.now() - started,
      results,
      flavor: 'openldap',
      knownLeaks: [],
      serverWarnings: await serverWarnings(admin),
      probesByRole: countByRole(results),
      sampling: {
        probeTenants: probeWorlds.map((w) => w.tenant.name),
        sampledTenants: realWorlds.map((w) => w.tenant.name),
        note: samplingNote(all.length, realWorlds.length, skipped),
      },
    };
  } finally {
    await Promise.all(connections.map((connection) => connection.dispose()));
    await context.ledger.removeAll();
    await admin.dispose();
  }
}

/** Every cell, then the condition attacks and the named attacks, from one tenant against another. */
async function runMatrix(context: ProbeContext, place: AttackPlace, withHost: boolean): Promise<ProbeResult[]> {
  const cells = matrixCells()
    .filter((cell) => withHost || cell.scope !== 'host')
    .slice()
    .sort((a, b) => operationOrder.indexOf(a.operation) - operationOrder.indexOf(b.operation));
  const results: ProbeResult[] = [];
  for (const cell of cells) results.push(...(await runCell(context, place, cell)));
  const subject = (role: ProbeRole) => ({
    role,
    tenant: role === 'tenant-admin' || role === 'tenant-user' ? place.own.tenant.name : null,
    targetTenant: place.own.tenant.name,
  });
  for (const attack of conditionAttacks) {
    const key = `${attack.role}.${attack.id}`;
    const run = conditionAttackRuns[key];
    if (!run || (!place.own.probe && !run.realTenants)) continue;
    const observed = await run.run(context, place);
    if (observed === null) continue;
    const expected = attack.id.startsWith('read-') ? ['invisible' as const, 'denied' as const] : ['denied' as const, 'constraint' as const, 'invisible' as const];
    results.push(probeResult(subject(attack.role), attackProbeName(attack.role, attack.id), `${attack.description} (${attack.condition})`, expected, observed));
  }
  // Lockout attempts last: if one locks its target, nothing after it needs that account.
  const named = [...namedAttacks].sort((a, b) => Number(a.id.startsWith('lock-out')) - Number(b.id.startsWith('lock-out')));
  for (const attack of named) {
    const run = namedAttackRuns[`${attack.role}.${attack.id}`];
    if (!run || (!place.own.probe && !run.realTenants)) continue;
    if (!withHost && attack.id === 'lock-out-host-staff') continue;
    const observed = await run.run(context, place);
    if (observed !== null) results.push(probeResult(subject(attack.role), attackProbeName(attack.role, attack.id), attack.description, attack.expected, observed));
  }
  return results;
}

/** A random sample of `size` tenants (all of them when fewer). */
function pickSample(tenants: readonly Tenant[], size: number): Tenant[] {
  const pool = [...tenants];
  for (let i = pool.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as Tenant, pool[i] as Tenant];
  }
  return pool.slice(0, size);
}


function samplingNote(tenantCount: number, sampledCount: number, skipped: string[]): string {
  const skippedNote = skipped.length > 0 ? ` Drawn but not probed: ${skipped.join(', ')}.` : '';
  return (
    `The whole matrix ran in the verifier's two probe tenants and from ${sampledCount} of ${tenantCount} real tenants ` +
    '(attacks that would damage a real tenant if they succeeded, and removals of optional values a real tenant does not ' +
    'have, run in the probe tenants only). The rules are one set for ' +
    'the suffix, the same for every tenant. Every tenant was covered by the structural check and by the sweep: the ' +
    "probe tenant's user and admin searched the whole suffix and had to see nothing outside their tenant; each sampled " +
    `tenant's principals asked for the other tenant's entries by name.${skippedNote}`
  );
}
