/**
 * Removing a tenant with proof (docs/tenant-lifecycle.md, "Teardown"). Only after its exit package: the package is
 * verified and must show the tenant as it is now. Then, each step recorded on disk before the next begins:
 *
 *   planned           what the tenant has (DNs, domains, addresses, logins, mail-store keys) is written down
 *   members-removed   values naming its entries in groups outside it (host groups, anything) are removed
 *   entries-removed   its entries, mailboxes first, then deepest first (its password policy entry among them)
 *   policies-removed  its policy entries outside its subtree (AD: its PSO)
 *   residue-checked   the whole directory is searched for its DNs, domains, addresses and logins
 *   reported          the report is written
 *
 * A teardown cut off anywhere (a dropped connection, a crash) is run again with the same command: done steps are
 * skipped, removing what is already gone is no error, and the plan comes from disk (the directory no longer has it).
 * Every write is journaled: member removals one by one, entry removals one record per chunk.
 */
import { EqualityFilter, OrFilter, type Entry } from 'ldapts';
import { failure } from '../../shared/errors';
import type { DirectoryFlavor } from '../../shared/model/hosting';
import type { TeardownReport, TenantExitPackage } from '../../shared/model/tenant-lifecycle';
import type { AuditJournal } from '../audit/audit-journal';
import { journaledBatch } from '../audit/journaled-write';
import { removeValues, replace } from '../directory/changes';
import type { DirectoryConnection } from '../directory/directory-connection';
import { toEnclaveError } from '../directory/ldap-errors';
import { isBelow, normalizeDn, sameDn } from '../directory/dn';
import { first, values } from '../directory/entry';
import type { HostingServices } from '../hosting/hosting-services';
import type { FlavorLifecycle } from './flavor-lifecycle';
import { verifyPackage } from './package-files';
import { scanForResidue } from './residue-check';
import { currentContentDigest, depthOf } from './tenant-contents';
import { writeTeardownReport } from './teardown-report';
import { hasStep, markStep, readTeardownState, teardownFolder, writeTeardownState, type TeardownPlan, type TeardownState } from './teardown-state';

export interface TeardownDependencies {
  services: HostingServices;
  lifecycle: FlavorLifecycle;
  flavor: DirectoryFlavor;
  actor: string;
  /** Where entry removals are journaled (one record per chunk); null writes none (tests of the steps alone). */
  journal: AuditJournal | null;
  /** Where teardown states and reports live (the app's data folder). */
  stateRoot: string;
  /** The exit package of the tenant to rely on (a folder), or null when none was made. */
  locatePackage(tenantDn: string): Promise<string | null>;
}

/** Entries removed per journal record. */
const chunkSize = 250;
/** Tenant DNs per member search (an OR filter of equality terms, indexed). */
const memberBatch = 100;

/** Runs (or resumes) the teardown of `tenant`; `confirm` must be its name exactly. */
export async function teardownTenant(deps: TeardownDependencies, tenant: string, confirm: string): Promise<TeardownReport> {
  if (confirm !== tenant) {
    throw failure({ kind: 'invalid-input', message: `Nothing was removed: type the tenant's name exactly ("${tenant}") to confirm its teardown.`, issues: [{ path: ['confirm'], message: `type "${tenant}"` }] });
  }
  const started = Date.now();
  const { services } = deps;
  const { layout } = services.context.dialect;
  const tenantDn = layout.tenantDn(tenant);
  const folder = teardownFolder(deps.stateRoot, tenantDn);
  let state = await readTeardownState(folder);
  if (state !== null && hasStep(state, 'reported')) state = null;
  if (state === null) {
    state = await plan(deps, tenant);
    markStep(state, 'planned', `${state.plan.entryDns.length} entries, ${state.plan.domains.length} domains, ${state.plan.addresses.length} addresses, ${state.plan.logins.length} logins, ${state.plan.outsideDns.length} policy entries outside the tenant.`);
  }
  state.runs += 1;
  await writeTeardownState(folder, state);
  const save = () => writeTeardownState(folder, state);

  if (!hasStep(state, 'members-removed')) {
    const removed = await removeForeignMembers(services, deps.lifecycle, state);
    markStep(state, 'members-removed', `${removed} member value${removed === 1 ? '' : 's'} naming the tenant's entries removed from groups outside it.`);
    await save();
  }
  if (!hasStep(state, 'entries-removed')) {
    await removeEntries(deps, state, save);
    markStep(state, 'entries-removed', `${removedEntries(state)} entries removed${state.removed.unplanned.length > 0 ? ` (${state.removed.unplanned.length} of them made after the teardown was planned)` : ''}.`);
    await save();
  }
  if (!hasStep(state, 'policies-removed')) {
    for (const dn of state.plan.outsideDns) {
      if (!(state.removed.policyEntries.some((done) => sameDn(done, dn)))) {
        await deleteIfPresent(services.context.connection, dn);
        state.removed.policyEntries.push(dn);
        await save();
      }
    }
    markStep(state, 'policies-removed', `${state.removed.policyEntries.length} policy entr${state.removed.policyEntries.length === 1 ? 'y' : 'ies'} outside the tenant removed.`);
    await save();
  }
  const { connection, dialect } = services.context;
  const bases = [layout.suffix, ...(await deps.lifecycle.extraNamingContexts(connection, layout.suffix))];
  const scan = await scanForResidue(connection, bases, ['*', ...deps.lifecycle.operationalAttributes], {
    tenantDn: state.tenantDn,
    domains: state.plan.domains,
    addresses: state.plan.addresses,
    logins: state.plan.logins,
    loginAttributes: [dialect.conformance.loginAttribute],
    stampAttributes: deps.lifecycle.stampAttributes,
  });
  const retained = await deps.lifecycle.retainedTraces(connection, { suffix: layout.suffix, tenantDn: state.tenantDn, entryKeys: state.plan.entryKeys });
  if (scan.stamps > 0) retained.push({ what: 'authorship stamps (creatorsName, modifiersName) naming the tenant’s former accounts, e.g. on audit checkpoints its admins added', count: scan.stamps, why: 'the server writes them itself and nobody may change them; audit checkpoints are append-only by design.' });
  markStep(state, 'residue-checked', `${scan.entriesScanned} entries (${scan.valuesScanned} values) searched in ${bases.join(', ')}: ${scan.total === 0 ? 'nothing of the tenant is left' : `${scan.total} values still name it`}.`);
  await save();

  const report: TeardownReport = {
    tenant: state.tenant,
    tenantDn: state.tenantDn,
    flavor: state.flavor,
    outcome: scan.total === 0 ? 'complete' : 'residue',
    startedAt: state.startedAt,
    finishedAt: new Date().toISOString(),
    runs: state.runs,
    actor: state.actor,
    exitPackage: state.exitPackage,
    removed: {
      entries: removedEntries(state),
      policyEntries: state.removed.policyEntries,
      memberValues: state.removed.memberValues,
      domains: state.plan.domains,
      addresses: state.plan.addresses.length,
      logins: state.plan.logins.length,
    },
    checked: { namingContexts: bases, entriesScanned: scan.entriesScanned, valuesScanned: scan.valuesScanned, dns: state.plan.entryDns.length, domains: state.plan.domains.length, addresses: state.plan.addresses.length, logins: state.plan.logins.length },
    accessPolicy: deps.lifecycle.accessPolicyNote,
    residue: scan.findings,
    retained,
    mailStore: state.plan.mailStore,
    mailStoreKey: deps.lifecycle.storeKeyAttribute,
    steps: state.steps,
    reportFiles: [],
    elapsedMs: Date.now() - started,
  };
  report.reportFiles = await writeTeardownReport(folder, report);
  markStep(state, 'reported', report.reportFiles.join(', '));
  await save();
  return { ...report, steps: state.steps };
}

/** Checks the exit package and writes down everything the teardown must know once the entries are gone. */
async function plan(deps: TeardownDependencies, tenant: string): Promise<TeardownState> {
  const startedAt = new Date().toISOString();
  const { services, lifecycle } = deps;
  const { connection, dialect } = services.context;
  const current = await services.tenants.require(tenant);
  const outsideDns = (await dialect.passwordPolicy?.entriesOutsideTenant(connection, tenant)) ?? [];
  const exitPackage = await requireCurrentPackage(deps, tenant, current.dn, outsideDns);
  const plan: TeardownPlan = { entryDns: [], outsideDns, domains: current.mailDomains.map((d) => d.toLowerCase()), addresses: [], logins: [], entryKeys: [], mailStore: [] };
  const { loginAttribute, addressAttributes } = dialect.conformance;
  const addresses = new Set<string>();
  for await (const page of connection.searchPages(current.dn, {
    scope: 'sub',
    attributes: ['objectClass', loginAttribute, ...addressAttributes, lifecycle.storeKeyAttribute],
    binaryAttributes: [lifecycle.storeKeyAttribute],
    pageSize: 1000,
  })) {
    for (const entry of page) {
      plan.entryDns.push(normalizeDn(entry.dn));
      const key = lifecycle.keyOf(entry);
      if (key !== '') plan.entryKeys.push(key);
      for (const value of addressAttributes.flatMap((name) => values(entry, name))) addresses.add(value.replace(/^smtp:/i, '').toLowerCase());
      if (dialect.classify(entry) !== 'mailbox') continue;
      const login = first(entry, loginAttribute).toLowerCase();
      if (login !== '') plan.logins.push(login);
      plan.mailStore.push({ key, login, address: first(entry, addressAttributes[0] ?? 'mail').replace(/^smtp:/i, '').toLowerCase() });
    }
  }
  plan.addresses = [...addresses].sort();
  plan.logins.sort();
  plan.mailStore.sort((a, b) => a.login.localeCompare(b.login));
  return {
    version: 1,
    tenant: current.name,
    tenantDn: current.dn,
    suffix: dialect.layout.suffix,
    flavor: deps.flavor,
    actor: deps.actor,
    startedAt,
    runs: 0,
    exitPackage: { folder: exitPackage.folder, createdAt: exitPackage.createdAt, contentDigest: exitPackage.contentDigest },
    plan,
    removed: { memberValues: [], policyEntries: [], unplanned: [] },
    steps: [],
  };
}

/** The tenant's exit package, verified file by file, and made of the tenant as it is now. */
async function requireCurrentPackage(deps: TeardownDependencies, tenant: string, tenantDn: string, outsideDns: readonly string[]): Promise<TenantExitPackage> {
  const folder = await deps.locatePackage(tenantDn);
  if (folder === null) {
    throw failure({ kind: 'invalid-input', message: `Nothing was removed: "${tenant}" has no exit package yet. Export it first (tenant export), then tear it down.`, issues: [{ path: ['tenant'], message: 'export it first' }] });
  }
  const exitPackage = await verifyPackage(folder);
  if (!sameDn(exitPackage.tenantDn, tenantDn)) {
    throw failure({ kind: 'invalid-input', message: `Nothing was removed: the exit package in ${folder} is of ${exitPackage.tenantDn}, not of "${tenant}".`, issues: [{ path: ['export'], message: 'another tenant' }] });
  }
  const digest = await currentContentDigest(deps.services.context.connection, deps.lifecycle, tenantDn, outsideDns);
  if (digest !== exitPackage.contentDigest) {
    throw failure({ kind: 'invalid-input', message: `Nothing was removed: "${tenant}" changed after its exit package of ${exitPackage.createdAt} was made, so the package no longer holds all of it. Export it again, then tear it down.`, issues: [{ path: ['tenant'], message: 'changed since its export' }] });
  }
  return exitPackage;
}

/** Groups outside the tenant whose member values may name its entries: from memberOf where exact, else by search. */
async function* foreignGroups(services: HostingServices, lifecycle: FlavorLifecycle, state: TeardownState): AsyncGenerator<Entry[]> {
  const { connection, dialect } = services.context;
  const memberAttribute = dialect.memberAttribute;
  const outside = (dn: string) => !sameDn(dn, state.tenantDn) && !isBelow(dn, state.tenantDn);
  if (lifecycle.exactBackLinks) {
    const groups = new Set<string>();
    try {
      for await (const page of connection.searchPages(state.tenantDn, { scope: 'sub', attributes: ['memberOf'], pageSize: 1000 })) {
        for (const entry of page) for (const group of values(entry, 'memberOf')) if (outside(group)) groups.add(group);
      }
    } catch (error) {
      if (toEnclaveError(error).kind !== 'not-found') throw error;
    }
    for (const dn of groups) {
      const group = await connection.read(dn, [memberAttribute]);
      if (group) yield [group];
    }
    return;
  }
  for (let start = 0; start < state.plan.entryDns.length; start += memberBatch) {
    const batch = state.plan.entryDns.slice(start, start + memberBatch);
    const filter = new OrFilter({ filters: batch.map((dn) => new EqualityFilter({ attribute: memberAttribute, value: dn })) });
    for await (const page of connection.searchPages(dialect.layout.suffix, { scope: 'sub', filter, attributes: [memberAttribute], pageSize: 500 })) yield page.filter((group) => outside(group.dn));
  }
}

/** Removes member values naming the tenant's entries from every group outside the tenant. */
async function removeForeignMembers(services: HostingServices, lifecycle: FlavorLifecycle, state: TeardownState): Promise<number> {
  const { connection, dialect } = services.context;
  const memberAttribute = dialect.memberAttribute;
  const wanted = new Set(state.plan.entryDns);
  const done = new Set<string>();
  for await (const page of foreignGroups(services, lifecycle, state)) {
    for (const group of page) {
      for (const member of values(group, memberAttribute).filter((value) => wanted.has(normalizeDn(value)))) {
        // One group may come back in several batches: each value is removed once.
        const key = `${normalizeDn(group.dn)}\n${normalizeDn(member)}`;
        if (done.has(key)) continue;
        done.add(key);
        await connection.modify(group.dn, [removeValues(memberAttribute, member)]).catch((error: unknown) => {
          // Gone meanwhile (a resumed run, or the server's own clean-up): what was wanted. 16: no such value.
          const mapped = toEnclaveError(error);
          if (!('ldapCode' in mapped) || mapped.ldapCode !== 16) throw error;
        });
        state.removed.memberValues.push({ group: group.dn, member });
      }
    }
  }
  return done.size;
}

/**
 * Removes what is left of the tenant's subtree: its groups emptied first (each mailbox deleted from a group of
 * 1,000 members made the server rewrite that group: Samba removed 25 entries a second that way, measured), then
 * mailboxes (AD refuses removing a user's primary group), then deepest first.
 */
async function removeEntries(deps: TeardownDependencies, state: TeardownState, save: () => Promise<void>): Promise<void> {
  const { connection, dialect } = deps.services.context;
  const plain = connection.plainCopy();
  try {
    await emptyGroups(deps, plain, state);
    for (let pass = 0; pass < 3; pass += 1) {
      const remaining: Entry[] = [];
      try {
        for await (const page of connection.searchPages(state.tenantDn, { scope: 'sub', attributes: ['objectClass'], pageSize: 1000 })) remaining.push(...page);
      } catch (error) {
        if (toEnclaveError(error).kind === 'not-found') return;
        throw error;
      }
      if (remaining.length === 0) return;
      const planned = new Set(state.plan.entryDns);
      for (const entry of remaining) {
        const dn = normalizeDn(entry.dn);
        if (!planned.has(dn) && !state.removed.unplanned.includes(dn)) state.removed.unplanned.push(dn);
      }
      const isMailbox = (entry: Entry) => dialect.classify(entry) === 'mailbox';
      remaining.sort((a, b) => Number(isMailbox(b)) - Number(isMailbox(a)) || depthOf(b.dn) - depthOf(a.dn));
      // Each chunk holds one depth (and mailboxes apart): a parent never goes in the chunk of its children.
      const chunks: string[][] = [];
      let key = '';
      for (const entry of remaining) {
        const next = `${isMailbox(entry)}:${depthOf(entry.dn)}`;
        const last = chunks[chunks.length - 1];
        if (last === undefined || next !== key || last.length >= chunkSize) chunks.push([entry.dn]);
        else last.push(entry.dn);
        key = next;
      }
      for (const chunk of chunks) {
        await deleteChunk(deps, plain, state, chunk);
        await save();
      }
    }
    throw failure({ kind: 'internal', message: `Entries keep appearing below ${state.tenantDn} while it is torn down: stop whatever writes there, then run the teardown again.` });
  } finally {
    await plain.dispose();
  }
}

/** Removes every member value of the tenant's groups and lists, one modify per group, journaled as one record. */
async function emptyGroups(deps: TeardownDependencies, connection: DirectoryConnection, state: TeardownState): Promise<void> {
  const { dialect } = deps.services.context;
  const full: Entry[] = [];
  try {
    for await (const page of deps.services.context.connection.searchPages(state.tenantDn, { scope: 'sub', filter: dialect.groupFilter(), attributes: [dialect.memberAttribute], pageSize: 1000 })) {
      full.push(...page.filter((group) => values(group, dialect.memberAttribute).length > 0));
    }
  } catch (error) {
    if (toEnclaveError(error).kind === 'not-found') return;
    throw error;
  }
  if (full.length === 0) return;
  const send = async () => {
    for (const group of full) await connection.modify(group.dn, [replace(dialect.memberAttribute, [])]);
    return full.length;
  };
  if (deps.journal === null) {
    await send();
    return;
  }
  const change = {
    actor: deps.actor,
    kind: 'modify' as const,
    target: state.tenantDn,
    tenantOf: dialect.layout.tenantOf,
    changes: full.map((group) => ({ attribute: dialect.memberAttribute, op: 'replace' as const, before: [group.dn], after: [] })),
    operation: 'tenant teardown',
  };
  await journaledBatch(deps.journal, change, send, () => ({ result: 'ok', error: null }));
}

/** Deletes one chunk (several in flight), journaled as one record; entries already gone count as removed. */
async function deleteChunk(deps: TeardownDependencies, connection: DirectoryConnection, state: TeardownState, dns: string[]): Promise<void> {
  const send = async () => {
    const results = await Promise.allSettled(dns.map((dn) => deleteIfPresent(connection, dn)));
    const failedAt = results.findIndex((result) => result.status === 'rejected');
    if (failedAt >= 0) throw (results[failedAt] as PromiseRejectedResult).reason;
    return results.length;
  };
  if (deps.journal === null) {
    await send();
    return;
  }
  const change = {
    actor: deps.actor,
    kind: 'delete' as const,
    target: state.tenantDn,
    tenantOf: deps.services.context.dialect.layout.tenantOf,
    // The entries themselves are in the exit package; the record names them.
    changes: dns.map((dn) => ({ attribute: 'entry', op: 'delete' as const, before: [dn], after: [] })),
    operation: 'tenant teardown',
  };
  await journaledBatch(deps.journal, change, send, () => ({ result: 'ok', error: null }));
}

/** Every entry the plan named (all gone once the step is done) and those that appeared below the tenant since. */
const removedEntries = (state: TeardownState): number => state.plan.entryDns.length + state.removed.unplanned.length;

/** Deletes `dn`; one that is already gone is no error (a resumed teardown). */
async function deleteIfPresent(connection: DirectoryConnection, dn: string): Promise<void> {
  await connection.delete(dn).catch((error: unknown) => {
    if (toEnclaveError(error).kind !== 'not-found') throw error;
  });
}
