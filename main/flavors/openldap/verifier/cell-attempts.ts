/**
 * One attempt per cell of the access policy (per attribute for writes), with plain LDAP operations as the cell's
 * role, against an entry of the cell's kind in the cell's scope. Allowed cells must succeed (over-tightening is a
 * failure too); denied ones must be refused or see nothing. Writes that succeed are undone by the host admin, so
 * every attempt starts from the same state.
 */
import type { Change, Entry } from 'ldapts';
import type { ProbeResult } from '../../../../shared/model/isolation';
import { addValues, removeValues, replace } from '../../../directory/changes';
import type { DirectoryConnection } from '../../../directory/directory-connection';
import { values } from '../../../directory/entry';
import { checkpointAttributes } from '../../../audit/checkpoint-schema';
import type { PolicyCell } from '../../../policy/access-policy';
import { attemptRead, attemptWrite, probeResult, type Observation, type ProbeSubject } from '../../../policy/verifier/probe-outcome';
import { cellProbeName, expectedOutcomes } from '../../../policy/verifier/probe-plan';
import { attributesOf } from '../isolation/policy-attributes';
import {
  below, hostGroupEntry, newPassword, passwordPolicyEntry, plainMailboxEntry, serviceAccountEntry, staffEntry,
} from './probe-accounts';
import { certificateChange, holdsCertificates, otherCertificate, publishedCertificate } from './probe-certificates';
import { addCheckpoint, failureLockTime, type HostWorld, type Principals, type ProbeContext, type TenantWorld } from './probe-world';

/** Where a tenant's matrix runs: its principals attack their own tenant, `other`, and the host. */
export interface MatrixPlace {
  own: TenantWorld;
  other: TenantWorld;
  host: HostWorld;
  principals: Principals;
}

/** Attributes that hold one value (removing means deleting the attribute; "mail count 1" makes mail one of them). */
const singleValued = new Set([
  'displayname', 'mail', 'userpassword', 'enclavemailboxquotabytes', 'enclaveaccountstate', 'enclavehiddenfromaddressbook',
  'pwdpolicysubentry', 'enclavestoragepoolbytes', 'enclavemailboxlimit', 'enclavedefaultquotabytes', 'enclaveallowovercommit',
  'enclavegroupkind', 'usersmimecertificate', 'enclavemaxmessagebytes', 'pwdreset', 'enclaveaccountexpires', 'enclavedeletedat', 'enclavedeletedby', 'pwdminlength', 'pwdcheckquality', 'pwdmaxfailure', 'pwdlockout', 'pwdaccountlockedtime',
  ...checkpointAttributes.map((a) => a.toLowerCase()),
]);
/** The mail services a tenant or mailbox may be refused or allowed (the server accepts these values only). */
const mailServiceNames = ['imap', 'pop3', 'external-forwarding'];
/** Kinds whose entries are the tenant's own structure or the host's record: writes replace values with themselves. */
const keepAsIs = new Set(['tenant', 'container', 'password-policy', 'audit-checkpoint']);
/** Kinds that carry a password (the read reference cannot see it: nobody reads a hash). */
const withPassword = new Set(['mailbox', 'host-staff', 'service-account']);

/** Runs every attempt of `cell` from `place`; returns one row per attempt. */
export async function runCell(context: ProbeContext, place: MatrixPlace, cell: PolicyCell): Promise<ProbeResult[]> {
  const subject = subjectOf(place, cell);
  const connection = place.principals[cell.role];
  const row = (observed: Observation, attribute?: string, detail?: string) =>
    probeResult(subject, cellProbeName(cell, attribute), describe(cell, attribute), expectedOutcomes(cell), detail ? { ...observed, detail: `${detail}; ${observed.detail}` } : observed);
  switch (cell.operation) {
    case 'read': {
      const observed = await readCell(context, place, cell, connection);
      return observed === null ? [] : [row(observed)];
    }
    case 'modify':
    case 'remove':
      return writeCell(context, place, cell, connection, row);
    case 'lock':
    case 'unlock':
      return [row(await lockCell(context, targetOf(context, place, cell), cell.operation, connection))];
    case 'create':
      return [row(await createCell(context, place, cell, connection))];
    case 'delete':
      return [row(await deleteCell(context, place, cell, connection))];
    case 'rename':
      return [row(await renameCell(context, place, cell, connection))];
  }
}

/** Who attacks and whose data it touches. */
function subjectOf(place: MatrixPlace, cell: PolicyCell): ProbeSubject {
  const tenantRole = cell.role === 'tenant-admin' || cell.role === 'tenant-user';
  const target = cell.scope === 'other-tenant' ? place.other.tenant.name : cell.scope === 'host' ? null : place.own.tenant.name;
  return { role: cell.role, tenant: tenantRole ? place.own.tenant.name : null, targetTenant: target };
}

const describe = (cell: PolicyCell, attribute?: string): string =>
  `${cell.operation} ${attribute ?? cell.set} of ${cell.kind === 'mailbox' && cell.scope === 'self' ? 'its own mailbox' : `a ${cell.kind}`}${cell.scope === 'other-tenant' ? ' of another tenant' : cell.scope === 'tenant' ? ' in the tenant' : ''}`;

/** The entry a cell's attempt targets. */
function targetOf(context: ProbeContext, place: MatrixPlace, cell: PolicyCell): string {
  const tenant = cell.scope === 'other-tenant' ? place.other : place.own;
  switch (cell.kind) {
    case 'tenant':
      return tenant.tenant.dn;
    case 'container':
      return tenant.containers.mailboxes;
    case 'mailbox':
      return cell.scope === 'self' ? place.own.user.dn : tenant.mailbox.dn;
    case 'group':
      return tenant.group;
    case 'list':
      return tenant.list;
    case 'host-staff':
      return place.host.staff.dn;
    case 'host-group':
      return context.layout.helpdeskGroupDn;
    case 'service-account':
      return place.host.service.dn;
    case 'password-policy':
      return cell.scope === 'host' ? place.host.policy : context.layout.tenantPolicyDn(tenant.tenant.name);
    case 'audit-checkpoint':
      // A tenant admin reads the checkpoints it added: its own is the one its grant is about.
      return cell.role === 'tenant-admin' && cell.scope === 'host' ? place.own.checkpoint : place.host.checkpoint;
    case 'server-log':
      return 'cn=accesslog';
  }
}

const tenantOfCell = (place: MatrixPlace, cell: PolicyCell): TenantWorld => (cell.scope === 'other-tenant' ? place.other : place.own);

// ---- Reads ----

/** Sees the entry, or every value of the set the host admin sees (the reference); a denial sees none. */
async function readCell(context: ProbeContext, place: MatrixPlace, cell: PolicyCell, connection: DirectoryConnection): Promise<Observation | null> {
  const dn = targetOf(context, place, cell);
  if (cell.set === 'entry') {
    return attemptRead(async () => {
      const seen = cell.kind === 'server-log' ? (await connection.search(dn, { scope: 'base', attributes: ['1.1'] })).length > 0 : (await connection.read(dn, ['1.1'])) !== null;
      return { seen, detail: seen ? 'entry returned' : 'no entry' };
    });
  }
  const attributes = attributesOf(cell.kind, cell.set);
  if (cell.set === 'password' && !withPassword.has(cell.kind)) return { outcome: cell.allowed ? 'error' : 'invisible', detail: `a ${cell.kind} holds no password (adding one is the modify probe's attack)` };
  const seed = cell.kind === 'mailbox' ? readSeeds(tenantOfCell(place, cell))[cell.set] : undefined;
  if (seed !== undefined) {
    // Values a mailbox has only now and then (locked, must change, expiring, deleted): the host admin sets one for
    // the read, then puts the entry back.
    const [attribute, value] = seed;
    const before = await context.admin.read(dn, [attribute]);
    await context.admin.modify(dn, [replace(attribute, value)]);
    try {
      return await readSet(context, place, cell, connection, dn, attributes);
    } finally {
      await context.admin.modify(dn, [replace(attribute, before ? values(before, attribute) : [])]);
    }
  }
  return readSet(context, place, cell, connection, dn, attributes);
}

/**
 * The value set for a read of each such set. Deletion: only the saved groups, since the deletion time would make the
 * mailbox a deleted one, which is invisible to most readers whatever they may read of a live one.
 */
const readSeeds = (tenant: TenantWorld): Partial<Record<PolicyCell['set'], [string, string]>> => ({
  lock: ['pwdAccountLockedTime', failureLockTime],
  'must-change': ['pwdReset', 'TRUE'],
  expiry: ['enclaveAccountExpires', '20991231000000Z'],
  deletion: ['enclaveDeletedGroups', tenant.group],
});

async function readSet(context: ProbeContext, place: MatrixPlace, cell: PolicyCell, connection: DirectoryConnection, dn: string, attributes: string[]): Promise<Observation | null> {
  const reference = await context.admin.read(dn, attributes);
  const present = attributes.filter((a) => (reference && valuesOf(reference, a).length > 0) || (a === 'userPassword' && withPassword.has(cell.kind)));
  if (present.length === 0) {
    // A real tenant need not have every optional value: the probe tenants (which have them all) answer for it.
    if (!tenantOfCell(place, cell).probe && cell.scope !== 'host') return null;
    return { outcome: 'error', detail: `the probe entry ${dn} has none of ${attributes.join(', ')}: nothing to read` };
  }
  try {
    const entry = await connection.read(dn, attributes);
    const visible = present.filter((a) => entry !== null && valuesOf(entry, a).length > 0);
    if (cell.allowed) {
      const withheld = present.filter((a) => !visible.includes(a));
      return withheld.length === 0 ? { outcome: 'allowed', detail: `read ${visible.join(', ')}` } : { outcome: 'invisible', detail: `withheld: ${withheld.join(', ')}` };
    }
    return visible.length > 0 ? { outcome: 'allowed', detail: `returned: ${visible.join(', ')}` } : { outcome: 'invisible', detail: `none of ${present.join(', ')} returned` };
  } catch (error) {
    return attemptRead(() => Promise.reject(error));
  }
}

/** Values of `attribute` whatever options the server named it with (userCertificate comes back as userCertificate;binary). */
function valuesOf(entry: Entry, attribute: string): string[] {
  const name = Object.keys(entry).find((key) => key.split(';')[0]?.toLowerCase() === attribute.toLowerCase());
  return name === undefined ? [] : values(entry, name);
}

// ---- Modify and remove ----

type Row = (observed: Observation, attribute?: string, detail?: string) => ProbeResult;

/** One write per attribute of the set. */
async function writeCell(context: ProbeContext, place: MatrixPlace, cell: PolicyCell, connection: DirectoryConnection, row: Row): Promise<ProbeResult[]> {
  const dn = targetOf(context, place, cell);
  const rows: ProbeResult[] = [];
  for (const attribute of attributesOf(cell.kind, cell.set).filter((a) => a !== 'entry' && a !== 'children')) {
    const current = await context.admin.read(dn, [attribute]);
    const now = current ? values(current, attribute) : [];
    const plan = cell.operation === 'modify' ? modifyPlan(context, place, cell, dn, attribute, now) : removePlan(context, place, cell, dn, attribute, now);
    if (plan === null) {
      // A real tenant need not have every optional value: the probe tenants (which have them all) answer for it.
      if (!tenantOfCell(place, cell).probe) continue;
      rows.push(row({ outcome: cell.allowed ? 'error' : 'invisible', detail: `${attribute} is not set on ${dn}: nothing to remove` }, attribute));
      continue;
    }
    await plan.setup?.();
    const observed = await attemptWrite(() => connection.modify(dn, plan.changes));
    await (observed.outcome === 'allowed' ? plan.undo : plan.cleanup)?.().catch(() => {});
    rows.push(row(observed, attribute));
  }
  return rows;
}

interface WritePlan {
  changes: Change[];
  /** Run by the host admin before the attempt. */
  setup?: () => Promise<void>;
  /** Run by the host admin after a successful attempt: back to the state before setup. */
  undo?: () => Promise<void>;
  /** Run by the host admin after a refused attempt (removes what setup added). */
  cleanup?: () => Promise<void>;
}

/** A change of `attribute` that is valid for the entry (so only the access rules can refuse it). */
function modifyPlan(context: ProbeContext, place: MatrixPlace, cell: PolicyCell, dn: string, attribute: string, now: string[]): WritePlan {
  const { admin, names, layout } = context;
  const restore = () => admin.modify(dn, [replace(attribute, now)]);
  const name = attribute.toLowerCase();
  if (holdsCertificates(name)) {
    // One more certificate is published; the undo takes it back (the published one stays).
    // (userSMIMECertificate has no equality rule, so a value can only replace the others.)
    return { changes: [certificateChange(singleValued.has(name) ? 'replace' : 'add', attribute, [otherCertificate])], undo: () => admin.modify(dn, [certificateChange('replace', attribute, [publishedCertificate])]) };
  }
  if (keepAsIs.has(cell.kind) && name !== 'userpassword') return { changes: [replace(attribute, now)], undo: restore };
  const tenant = tenantOfCell(place, cell);
  const added = (value: string): WritePlan => ({ changes: [addValues(attribute, value)], undo: () => admin.modify(dn, [removeValues(attribute, value)]) });
  switch (name) {
    case 'userpassword': {
      const password = newPassword();
      if (!withPassword.has(cell.kind)) return { changes: [addValues(attribute, password)], undo: () => admin.modify(dn, [removeValues(attribute, [])]) };
      return { changes: [replace(attribute, password)], undo: () => restorePassword(admin, place, dn) };
    }
    case 'mail':
      return { changes: [replace(attribute, now.length > 0 ? now : [])], undo: restore };
    case 'maillocaladdress':
      return added(`${names.fresh('n')}@${tenant.domain}`);
    case 'displayname':
      return { changes: [replace(attribute, `Probe ${names.fresh('x')}`)], undo: restore };
    case 'enclavemailboxquotabytes':
      return { changes: [replace(attribute, String(tenant.quotaBytes))], undo: restore };
    case 'enclaveaccountstate':
      return { changes: [replace(attribute, 'active')], undo: restore };
    case 'enclavehiddenfromaddressbook':
      return { changes: [replace(attribute, 'FALSE')], undo: restore };
    case 'enclavegroupkind':
      return { changes: [replace(attribute, cell.kind === 'list' ? 'distribution' : 'security')], undo: restore };
    case 'objectclass':
      return added('pkiUser');
    case 'member':
      return added(cell.kind === 'host-group' ? place.host.staff.dn : tenant.user.dn);
    case 'memberof':
      return added(tenant.group);
    case 'pwdpolicysubentry': {
      if (cell.kind === 'host-staff') return { changes: [replace(attribute, layout.staffPolicyDn)], undo: restore };
      // A mailbox names its tenant's own policy, and a tenant admin may only add that value (never replace it):
      // the attempt adds it to a mailbox that has none.
      const own = layout.tenantPolicyDn(tenant.tenant.name);
      const back = () => admin.modify(dn, [replace(attribute, now.length > 0 ? now : [own])]);
      return { changes: [addValues(attribute, own)], setup: () => admin.modify(dn, [replace(attribute, [])]), undo: back, cleanup: back };
    }
    case 'uid':
      return added(names.fresh('x'));
    case 'enclavedeniedservice':
    case 'enclaveallowedservice': {
      const missing = mailServiceNames.find((service) => !now.map((v) => v.toLowerCase()).includes(service));
      return missing === undefined ? { changes: [replace(attribute, now)], undo: restore } : added(missing);
    }
    case 'enclavemaxmessagebytes':
      return { changes: [replace(attribute, '1048576')], undo: restore };
    case 'pwdreset':
      return { changes: [replace(attribute, 'TRUE')], undo: restore };
    // Deletion marks are only ever added (a tenant admin's grant is add-only, condition mark-only).
    case 'enclavedeletedat':
      return added('20260101000000Z');
    case 'enclavedeletedby':
      return added(tenant.admin.dn);
    case 'enclavedeletedgroups':
      return added(tenant.group);
    default:
      // Names (multi-valued) get one more value; server-maintained attributes are replaced with themselves.
      if (['cn', 'sn', 'givenname', 'description'].includes(name)) return added(`Probe ${names.fresh('x')}`);
      return { changes: [replace(attribute, now.length > 0 ? now : ['20260101000000Z'])], undo: restore };
  }
}

/** A value of each single-valued attribute a mailbox usually lacks, set by the host admin for a removal attempt. */
const singleSeeds = (tenant: TenantWorld): Record<string, string> => ({
  pwdreset: 'TRUE',
  enclaveaccountexpires: '20991231000000Z',
  enclavedeletedat: '20260101000000Z',
  enclavedeletedby: tenant.admin.dn,
});

/** Deleting one value the host admin added for the purpose, or a single-valued attribute (put back afterwards). */
function removePlan(context: ProbeContext, place: MatrixPlace, cell: PolicyCell, dn: string, attribute: string, now: string[]): WritePlan | null {
  const { admin, names } = context;
  const name = attribute.toLowerCase();
  const tenant = tenantOfCell(place, cell);
  if (name === 'uid') return { changes: [removeValues(attribute, now)] };
  if (holdsCertificates(name)) {
    const back = () => admin.modify(dn, [certificateChange('replace', attribute, [publishedCertificate])]);
    // userSMIMECertificate has no equality rule: only the whole attribute can go. userCertificate goes by value.
    if (singleValued.has(name)) return { changes: [certificateChange('delete', attribute, [])], undo: back };
    return { changes: [certificateChange('delete', attribute, [otherCertificate])], setup: () => admin.modify(dn, [certificateChange('add', attribute, [otherCertificate])]), cleanup: back, undo: back };
  }
  if (singleValued.has(name)) {
    if (name === 'userpassword') {
      if (!withPassword.has(cell.kind)) return { changes: [removeValues(attribute, [])] };
      return { changes: [removeValues(attribute, [])], undo: () => restorePassword(admin, place, dn) };
    }
    if (now.length === 0) {
      // Values a mailbox usually lacks: the host admin sets one for the attempt to remove.
      const seed = singleSeeds(tenant)[name];
      if (seed === undefined) return null;
      const drop = () => admin.modify(dn, [replace(attribute, [])]);
      return { changes: [removeValues(attribute, [])], setup: () => admin.modify(dn, [replace(attribute, seed)]), cleanup: drop };
    }
    return { changes: [removeValues(attribute, [])], undo: () => admin.modify(dn, [replace(attribute, now)]) };
  }
  const seed =
    name === 'enclavedeniedservice' || name === 'enclaveallowedservice' ? (mailServiceNames.find((service) => !now.map((v) => v.toLowerCase()).includes(service)) ?? null)
    : name === 'objectclass' ? 'pkiUser'
    : name === 'member' ? (cell.kind === 'host-group' ? place.host.staff.dn : tenant.user.dn)
    : name === 'maillocaladdress' ? `${names.fresh('n')}@${tenant.domain}`
    : name === 'enclavemaildomain' ? `${names.fresh('x')}.verifier.invalid`
    : name === 'enclavedeletedgroups' ? tenant.group
    : name === 'memberof' ? null
    : `Probe ${names.fresh('x')}`;
  if (seed === null) return now.length > 0 ? { changes: [removeValues(attribute, now.slice(0, 1))] } : null;
  const drop = () => admin.modify(dn, [removeValues(attribute, seed)]);
  return { changes: [removeValues(attribute, seed)], setup: () => admin.modify(dn, [addValues(attribute, seed)]), cleanup: drop };
}

/**
 * Puts an account's password back as the host admin: the principals' connections bind again with it when they open
 * another connection (paged searches do), and the lockout attacks bind with it.
 */
async function restorePassword(admin: DirectoryConnection, place: MatrixPlace, dn: string): Promise<void> {
  const accounts = [place.host.staff, place.host.service, place.host.helpdesk, place.host.mailService, place.own.user, place.own.admin, place.own.mailbox, place.other.mailbox, place.other.user, place.other.admin];
  const account = accounts.find((candidate) => candidate.dn === dn);
  await admin.modify(dn, [replace('userPassword', account?.password ?? newPassword())]);
}

// ---- Lock and unlock ----

/** Sets or lifts a mailbox's lock from the opposite state; the victim is locked again afterwards. */
async function lockCell(context: ProbeContext, dn: string, operation: 'lock' | 'unlock', connection: DirectoryConnection): Promise<Observation> {
  const { admin } = context;
  const before = await admin.read(dn, ['pwdAccountLockedTime']);
  const was = before ? values(before, 'pwdAccountLockedTime') : [];
  await admin.modify(dn, [replace('pwdAccountLockedTime', operation === 'lock' ? [] : [failureLockTime])]);
  const observed = await attemptWrite(() => connection.modify(dn, [replace('pwdAccountLockedTime', operation === 'lock' ? ['000001010000Z'] : [])]));
  await admin.modify(dn, [replace('pwdAccountLockedTime', was)]);
  return observed;
}

// ---- Create, delete, rename ----

/** A new entry of the cell's kind, valid in every way, where the cell's scope puts it. */
interface NewEntry {
  dn: string;
  entry: Record<string, string | string[]>;
  /** Where it lives and what names it (a rename keeps both). */
  parent: string;
  attribute: string;
}

function newEntryOf(context: ProbeContext, place: MatrixPlace, cell: PolicyCell): NewEntry | null {
  const { dialect, layout, names } = context;
  const tenant = tenantOfCell(place, cell);
  const password = newPassword();
  switch (cell.kind) {
    case 'tenant': {
      const name = names.fresh('t');
      const entry = dialect.tenantEntry(name, { displayName: '', mailDomains: [`${name}.verifier.invalid`], storagePoolBytes: null, mailboxLimit: null, defaultQuotaBytes: null, allowOvercommit: false });
      return placed(layout.tenantsDn, 'ou', name, entry);
    }
    case 'container': {
      if (cell.set === 'children') return newEntryOf(context, place, { ...cell, kind: 'mailbox' });
      const name = names.fresh('c');
      return placed(tenant.tenant.dn, 'ou', name, { objectClass: ['organizationalUnit'], ou: name });
    }
    case 'mailbox': {
      const login = names.fresh('m');
      return placed(tenant.containers.mailboxes, 'uid', login, plainMailboxEntry(dialect, tenant.tenant.name, login, tenant.domain, password, tenant.quotaBytes));
    }
    case 'group':
    case 'list': {
      const kind = cell.kind === 'group' ? 'security' : 'distribution';
      const name = names.fresh(cell.kind === 'group' ? 'g' : 'l');
      return placed(cell.kind === 'group' ? tenant.containers.groups : tenant.containers.lists, 'cn', name, dialect.groupEntry(kind, name, '', `${name}@${tenant.domain}`, [tenant.mailbox.dn]));
    }
    case 'host-staff': {
      const login = names.fresh('s');
      return placed(layout.hostPeopleDn, 'uid', login, staffEntry(layout, login, password));
    }
    case 'host-group': {
      const name = names.fresh('h');
      return placed(layout.hostGroupsDn, 'cn', name, hostGroupEntry(name));
    }
    case 'service-account': {
      const login = names.fresh('v');
      return placed(layout.servicesDn, 'uid', login, serviceAccountEntry(login, password));
    }
    case 'password-policy': {
      const name = names.fresh('p');
      return placed(cell.scope === 'host' ? layout.policiesDn : tenant.tenant.dn, 'cn', name, passwordPolicyEntry(name));
    }
    case 'audit-checkpoint':
    case 'server-log':
      return null;
  }
}

const placed = (parent: string, attribute: string, value: string, entry: Record<string, string | string[]>): NewEntry => ({ dn: below(parent, attribute, value), entry, parent, attribute });

async function createCell(context: ProbeContext, place: MatrixPlace, cell: PolicyCell, connection: DirectoryConnection): Promise<Observation> {
  if (cell.kind === 'audit-checkpoint') {
    return attemptWrite(() => addCheckpoint(connection, context.layout, `verifier-${context.names.fresh(cell.role)}`));
  }
  const made = newEntryOf(context, place, cell);
  if (made === null) return { outcome: 'error', detail: `no entry of kind ${cell.kind} can be created` };
  const observed = await attemptWrite(() => connection.add(made.dn, made.entry));
  if (observed.outcome === 'allowed') context.ledger.created(made.dn);
  return observed;
}

/**
 * Deletes: where the role may, a disposable entry the host admin made for it; where it may not, the real entry of the
 * scope (a tenant or container with children: the access check comes before "not a leaf", so a leak shows as 66).
 */
async function deleteCell(context: ProbeContext, place: MatrixPlace, cell: PolicyCell, connection: DirectoryConnection): Promise<Observation> {
  // Deleting a container's child is deleting a group in it (a tenant admin's mailbox delete is a mark, not a delete).
  if (cell.set === 'children') {
    const child = await disposable(context, place, { ...cell, kind: 'group' });
    return child === null ? { outcome: 'error', detail: 'no disposable mailbox' } : attemptWrite(() => connection.delete(child.dn));
  }
  const real = !cell.allowed && (cell.kind === 'tenant' || cell.kind === 'container' || cell.kind === 'audit-checkpoint' || cell.scope === 'self');
  const target = real ? (cell.kind === 'container' ? tenantOfCell(place, cell).containers.lists : targetOf(context, place, cell)) : (await disposable(context, place, cell))?.dn ?? null;
  if (target === null) return { outcome: 'error', detail: `no disposable ${cell.kind} for a delete` };
  return attemptWrite(() => connection.delete(target));
}

/** Renames a disposable entry within its container (moves are named attacks). */
async function renameCell(context: ProbeContext, place: MatrixPlace, cell: PolicyCell, connection: DirectoryConnection): Promise<Observation> {
  const target: Pick<NewEntry, 'dn' | 'parent' | 'attribute'> | null =
    cell.scope === 'self' ? { dn: place.own.user.dn, parent: place.own.containers.mailboxes, attribute: 'uid' }
    : cell.kind === 'audit-checkpoint' ? { dn: place.host.checkpoint, parent: context.layout.auditDn, attribute: 'enclaveConsoleId' }
    : await disposable(context, place, cell);
  if (target === null) return { outcome: 'error', detail: `no disposable ${cell.kind} to rename` };
  const renamed = below(target.parent, target.attribute, context.names.fresh('r'));
  const observed = await attemptWrite(() => connection.rename(target.dn, renamed));
  if (observed.outcome === 'allowed') context.ledger.created(renamed);
  return observed;
}

/** An entry of the cell's kind in its scope, made by the host admin for one delete or rename. */
async function disposable(context: ProbeContext, place: MatrixPlace, cell: PolicyCell): Promise<NewEntry | null> {
  const made = newEntryOf(context, place, { ...cell, set: 'entry' });
  if (made === null) return null;
  await context.admin.add(made.dn, made.entry);
  context.ledger.created(made.dn);
  return made;
}
