/**
 * The conformance scan: reads the whole hosting tree once (one paged subtree search, streamed) and reports every
 * entry that breaks the access policy, and every tenant over the totals the server cannot sum (pool, mailbox
 * limit). Flavor differences come from the dialect (its layout and its ConformanceExpectations); nothing is held
 * per entry beyond what the totals and the directory-wide uniqueness checks need.
 */
import type { ConformanceFinding, ConformanceReport, ConformanceRule, UncheckedRule } from '../../../shared/model/conformance';
import type { Tenant } from '../../../shared/model/hosting';
import { normalizeDn, parseDn } from '../../directory/dn';
import { values } from '../../directory/entry';
import type { HostingContext } from '../../hosting/hosting-context';
import type { TenantPolicyFacts } from '../../hosting/password-policy-store';
import { mapConcurrently } from '../../system/map-concurrently';

/** What to scan. */
export interface ConformanceScanOptions {
  /** Report findings of this tenant only (directory-wide checks still read everything). */
  tenant?: string;
}

const lower = (text: string) => text.toLowerCase();
/** AD's proxyAddresses carry a protocol prefix ("SMTP:" primary, "smtp:" others); mail addresses do not. */
const bareAddress = (value: string) => value.replace(/^smtp:/i, '');
const domainOf = (address: string) => lower(address.slice(address.lastIndexOf('@') + 1));

/** Where an entry sits inside its tenant, from its DN alone. */
type Position = 'tenant' | 'container' | 'mailbox' | 'group' | 'policy' | 'deeper';

/** Reads the directory and reports what breaks the policy (never throws for a finding, only for a read error). */
export async function scanConformance(context: HostingContext, options: ConformanceScanOptions = {}): Promise<ConformanceReport> {
  const started = Date.now();
  const { connection, dialect } = context;
  const { layout, conformance: expect } = dialect;
  const findings: ConformanceFinding[] = [];
  const unchecked: UncheckedRule[] = [];
  const report = (rule: ConformanceRule, tenant: string | null, dn: string, message: string) => {
    if (options.tenant !== undefined && tenant !== options.tenant) return;
    findings.push({ rule, tenant, dn, message });
  };

  // ---- Tenants: settings, and domains that two tenants claim.
  const tenants = new Map<string, Tenant>();
  const domainOwners = new Map<string, string[]>();
  for await (const page of connection.searchPages(layout.tenantsDn, { scope: 'one', filter: dialect.tenantFilter(), attributes: dialect.tenantAttributes() })) {
    for (const entry of page) {
      const tenant = dialect.tenantFromEntry(entry);
      tenants.set(tenant.name, tenant);
      for (const domain of tenant.mailDomains.map(lower)) domainOwners.set(domain, [...(domainOwners.get(domain) ?? []), tenant.name]);
    }
  }
  for (const [domain, owners] of domainOwners) {
    if (owners.length < 2) continue;
    for (const owner of owners) report('duplicate-domain', owner, tenants.get(owner)?.dn ?? '', `The mail domain ${domain} is also claimed by ${owners.filter((o) => o !== owner).join(', ')}: mail for it would be delivered to either.`);
  }
  const positions = containerIndex(context, [...tenants.keys()]);

  // ---- Each tenant's own password policy, and what its mailboxes must name to follow it.
  const policies = dialect.passwordPolicy;
  const policyFacts = new Map<string, TenantPolicyFacts>();
  if (policies) {
    const names = [...tenants.keys()];
    const found = await mapConcurrently(names, 8, async (name) => ({ name, own: await policies.read(connection, name), facts: await policies.tenantFacts(connection, name) }));
    for (const { name, own, facts } of found) {
      policyFacts.set(name, facts);
      if (own === null) report('tenant-without-password-policy', name, tenants.get(name)?.dn ?? '', 'Has no password policy of its own (made before per-tenant policies): its mailboxes follow the directory’s default. Give it its own (tenant adopt-password-policy).');
    }
  }

  // ---- Host staff logins: no tenant may reuse one (a login must name exactly one account).
  const staffLogins = new Map<string, string>();
  for await (const page of connection.searchPages(layout.hostDn, { scope: 'sub', attributes: [expect.loginAttribute] })) {
    for (const entry of page) for (const login of values(entry, expect.loginAttribute)) staffLogins.set(lower(login), entry.dn);
  }

  // ---- Every entry below the tenants container, once.
  const totals = new Map<string, { quota: number; mailboxes: number }>();
  const loginHolders = new Map<string, string>();
  const addressHolders = new Map<string, string>();
  let passwordsReadable = false;
  let entryCount = 0;
  const passwordAttribute = expect.password?.attribute;
  const disabled = expect.disabled;
  const attributes = ['objectClass', expect.loginAttribute, ...expect.addressAttributes, dialect.quotaAttribute, dialect.memberAttribute, ...(passwordAttribute ? [passwordAttribute] : []), ...(disabled ? [disabled.stateAttribute, disabled.lockAttribute] : []), ...(policies?.mailboxAttributes ?? [])];
  for await (const page of connection.searchPages(layout.tenantsDn, { scope: 'sub', attributes })) {
    for (const entry of page) {
      entryCount += 1;
      const tenant = layout.tenantOf(entry.dn);
      if (tenant === null) continue;
      const settings = tenants.get(tenant);
      const position = positions(entry.dn, tenant);
      const classes = new Set(values(entry, 'objectClass').map(lower));
      const passwords = passwordAttribute ? values(entry, passwordAttribute) : [];
      if (passwords.length > 0) passwordsReadable = true;

      if (position === 'deeper' || (position !== 'tenant' && settings === undefined)) {
        report('unexpected-entry', tenant, entry.dn, 'An entry where the hosting layout has none (below a mailbox, group or list, or in an unknown container).');
        continue;
      }
      if (position !== 'mailbox' && passwords.length > 0) report('password-on-non-mailbox', tenant, entry.dn, 'Has a password although only mailboxes and host staff may log in: this entry can bind.');
      if (position === 'tenant' || position === 'container' || position === 'policy' || settings === undefined) continue;

      const required = position === 'mailbox' ? expect.mailboxClasses : expect.groupClasses;
      const missing = required.filter((name) => !classes.has(lower(name)));
      if (missing.length > 0) report('missing-classes', tenant, entry.dn, `Lacks the object class${missing.length > 1 ? 'es' : ''} ${missing.join(', ')} every ${position} must have: the console and the mail servers do not see it as one.`);

      for (const address of expect.addressAttributes.flatMap((name) => values(entry, name)).map(bareAddress)) {
        const key = lower(address);
        const holder = addressHolders.get(key);
        if (holder !== undefined && normalizeDn(holder) !== normalizeDn(entry.dn)) report('duplicate-address', tenant, entry.dn, `The address ${address} is also held by ${holder}.`);
        else addressHolders.set(key, entry.dn);
        if (!settings.mailDomains.map(lower).includes(domainOf(address))) {
          report('foreign-address', tenant, entry.dn, `The address ${address} is outside the tenant's domains (${settings.mailDomains.join(', ') || 'none'}).`);
        }
      }

      if (position === 'group') {
        for (const member of values(entry, dialect.memberAttribute)) {
          const memberTenant = layout.tenantOf(member);
          if (memberTenant !== tenant) report('foreign-member', tenant, entry.dn, `Has the member ${member}, which is ${memberTenant === null ? 'not a mailbox of any tenant' : `a mailbox of the tenant ${memberTenant}`}.`);
        }
        continue;
      }

      // Mailboxes: the totals, logins and how the password is stored.
      const total = totals.get(tenant) ?? { quota: 0, mailboxes: 0 };
      total.mailboxes += 1;
      total.quota += dialect.quotaFromEntry(entry) ?? 0;
      totals.set(tenant, total);
      for (const login of values(entry, expect.loginAttribute)) {
        const key = lower(login);
        const staff = staffLogins.get(key);
        if (staff !== undefined) report('staff-login-collision', tenant, entry.dn, `The login ${login} is also a host staff login (${staff}): a login must name one account.`);
        const holder = loginHolders.get(key);
        if (holder !== undefined) report('duplicate-login', tenant, entry.dn, `The login ${login} is also used by ${holder}.`);
        else loginHolders.set(key, entry.dn);
      }
      const facts = policyFacts.get(tenant);
      const stray = policies && facts && policyFacts.size > 0 ? policies.strayReason(entry, facts) : null;
      if (stray !== null) report('mailbox-without-tenant-policy', tenant, entry.dn, `${stray} Point it at its tenant’s policy (tenant adopt-password-policy).`);
      if (disabled && values(entry, disabled.stateAttribute).some((state) => lower(state) === disabled.disabledValue) && values(entry, disabled.lockAttribute).length === 0) {
        report('disabled-not-locked', tenant, entry.dn, 'Shown as disabled, but the server’s lock is not set: it can still log in. Disable it again.');
      }
      if (expect.password) {
        for (const stored of passwords) {
          const scheme = /^\{[^}]+\}/.exec(stored)?.[0] ?? '(none)';
          if (scheme.toUpperCase() !== expect.password.serverScheme.toUpperCase()) {
            report('pre-hashed-password', tenant, entry.dn, `Its password is stored as ${scheme}, not in the server's own ${expect.password.serverScheme}: it was written pre-hashed and never passed the password policy.`);
          }
        }
      }
    }
  }

  // ---- Totals the server cannot sum.
  for (const [name, tenant] of tenants) {
    const total = totals.get(name) ?? { quota: 0, mailboxes: 0 };
    if (tenant.storagePoolBytes !== null && !tenant.allowOvercommit && total.quota > tenant.storagePoolBytes) {
      report('over-pool', name, tenant.dn, `Its mailboxes are allocated ${total.quota} bytes, ${total.quota - tenant.storagePoolBytes} more than its pool of ${tenant.storagePoolBytes} bytes.`);
    }
    if (tenant.mailboxLimit !== null && total.mailboxes > tenant.mailboxLimit) {
      report('over-mailbox-limit', name, tenant.dn, `It has ${total.mailboxes} mailboxes, ${total.mailboxes - tenant.mailboxLimit} more than its limit of ${tenant.mailboxLimit}.`);
    }
  }

  if (expect.password === null) unchecked.push({ rule: 'pre-hashed-password', reason: 'This directory never returns passwords over LDAP.' });
  else if (!passwordsReadable) unchecked.push({ rule: 'pre-hashed-password', reason: 'The bound identity may not read stored passwords (host admins may only set them); scan as an identity with read access to userPassword to check how they are stored.' });
  if (!passwordsReadable && expect.password !== null) unchecked.push({ rule: 'password-on-non-mailbox', reason: 'Stored passwords are not readable by the bound identity.' });
  const uncheckedRules = new Set(unchecked.map((item) => item.rule));
  const byTenant = new Map<string, { findingCount: number; rules: Set<ConformanceRule> }>();
  for (const finding of findings) {
    if (finding.tenant === null) continue;
    const item = byTenant.get(finding.tenant) ?? { findingCount: 0, rules: new Set<ConformanceRule>() };
    item.findingCount += 1;
    item.rules.add(finding.rule);
    byTenant.set(finding.tenant, item);
  }
  return {
    passed: findings.length === 0,
    tenantCount: options.tenant !== undefined ? (tenants.has(options.tenant) ? 1 : 0) : tenants.size,
    entryCount,
    findings,
    tenantsWithFindings: [...byTenant].map(([tenant, item]) => ({ tenant, findingCount: item.findingCount, rules: [...item.rules] })).sort((a, b) => a.tenant.localeCompare(b.tenant)),
    checked: allRules.filter((rule) => !uncheckedRules.has(rule)),
    unchecked,
    elapsedMs: Date.now() - started,
  };
}

const allRules: ConformanceRule[] = [
  'over-pool', 'over-mailbox-limit', 'missing-classes', 'unexpected-entry', 'foreign-address', 'foreign-member',
  'staff-login-collision', 'duplicate-login', 'duplicate-address', 'duplicate-domain', 'pre-hashed-password', 'password-on-non-mailbox', 'disabled-not-locked',
  'tenant-without-password-policy', 'mailbox-without-tenant-policy',
];

/**
 * Places an entry within its tenant from its DN: the tenant entry, one of its containers, a mailbox or a
 * group/list directly in its container, or anything else ("deeper"). Container DNs are normalized once.
 */
function containerIndex(context: HostingContext, tenantNames: string[]): (dn: string, tenant: string) => Position {
  const { layout } = context.dialect;
  const mailboxes = new Map<string, string>();
  const groups = new Map<string, string>();
  const policyEntries = new Map<string, string>();
  for (const name of tenantNames) {
    const policyDn = context.dialect.passwordPolicy?.entryInsideTenant(name) ?? null;
    if (policyDn !== null) policyEntries.set(normalizeDn(policyDn), name);
    mailboxes.set(normalizeDn(layout.mailboxesDn(name)), name);
    groups.set(normalizeDn(layout.groupsDn(name, 'security')), name);
    groups.set(normalizeDn(layout.groupsDn(name, 'distribution')), name);
  }
  return (dn, tenant) => {
    const tenantDn = layout.tenantDn(tenant);
    const normalized = normalizeDn(dn);
    if (normalized === normalizeDn(tenantDn)) return 'tenant';
    if (mailboxes.has(normalized) || groups.has(normalized)) return 'container';
    if (policyEntries.get(normalized) === tenant) return 'policy';
    const rdns = parseDn(dn);
    if (rdns.length < 2) return 'deeper';
    const parent = normalizeDn(dn.slice(dnParentOffset(dn)));
    if (mailboxes.get(parent) === tenant) return 'mailbox';
    if (groups.get(parent) === tenant) return 'group';
    return 'deeper';
  };
}

/** The offset where the parent DN starts (after the first unescaped comma). */
function dnParentOffset(dn: string): number {
  for (let i = 0; i < dn.length; i += 1) {
    if (dn[i] === '\\') {
      i += 1;
      continue;
    }
    if (dn[i] === ',') return i + 1;
  }
  return dn.length;
}

