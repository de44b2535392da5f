/**
 * Generates the main database's olcAccess rules (docs/isolation.md). Almost all rules are generic: they
 * capture the tenant from the entry's normalized DN with `dn.regex` and name that tenant's admin group
 * through `group.expand`, so their number does not grow with tenants and no tenant name ever appears in a
 * regular expression. Only two rules are per tenant, the quota ceiling (a value regex from the pool size) and
 * same-tenant members, and they name the tenant by DN (`dn.children`), quoted for slapd's config tokenizer.
 */
import { childDn } from '../../../directory/dn';
import { quoteConfigValue } from '../config/config-quoting';
import { checkpointAccessRules } from './checkpoint-rules';
import { isolationDns, type IsolationDns } from './isolation-dns';
import { integerAtMostRegex } from './regex-text';
import { validateTenantInput, type TenantRuleInput } from './tenant-rule-input';

/** Attributes every member of a tenant may read in its address book (names, addresses, groups). */
export const addressBookAttributes = [
  'entry', 'objectClass', 'uid', 'cn', 'sn', 'givenName', 'displayName', 'mail', 'mailLocalAddress',
  'description', 'enclaveGroupKind', 'memberOf', 'enclaveHiddenFromAddressBook',
] as const;

/** Operational attributes read by the console; listed so reading them never walks the per-tenant rules. */
const operationalAttributes = ['entryCSN', 'entryUUID', 'createTimestamp', 'modifyTimestamp', 'creatorsName', 'modifiersName', 'pwdChangedTime', 'pwdFailureTime', 'pwdHistory', 'pwdGraceUseTime'];

/** The pieces every rule is built from; `$n` is the regex capture holding the tenant's DN. */
function principals(dns: IsolationDns) {
  return {
    hostAdmins: `group/enclaveGroup/member.exact=${quoteConfigValue(dns.hostAdminsGroup)}`,
    helpdesk: `group/enclaveGroup/member.exact=${quoteConfigValue(dns.helpdeskGroup)}`,
    /** Members of the tenant-admins group of the tenant captured as `$n`. */
    tenantAdmins: (n: number) => `group/enclaveGroup/member.expand=${quoteConfigValue(`cn=tenant-admins,ou=groups,$${n}`)}`,
    /** Mailboxes of the tenant captured as `$n`. */
    // ldap-literal: `$n` is slapd's reference to a regex capture of the normalized DN, not a value of ours.
    tenantUsers: (n: number) => `dn.children,expand=${quoteConfigValue(`ou=mailboxes,$${n}`)}`,
  };
}

/** olcAccess values for the main database, in evaluation order, without `{n}` prefixes. */
export function generateAccessRules(suffix: string, tenants: readonly TenantRuleInput[] = []): string[] {
  const dns = isolationDns(suffix);
  const { hostAdmins: HA, helpdesk: HD, tenantAdmins: TA, tenantUsers: TU } = principals(dns);
  // The suffix passed isolationDns: plain attr=value parts with no regex metacharacters.
  const tenantRe = `ou=[^,]+,${dns.tenants}`;
  const anyInTenant = quoteConfigValue(`^(.+,)?(${tenantRe})$`);
  const tenantEntry = quoteConfigValue(`^(${tenantRe})$`);
  const container = quoteConfigValue(`^ou=(mailboxes|groups|lists),(${tenantRe})$`);
  const leaf = quoteConfigValue(`^[^,]+,ou=(mailboxes|groups|lists),(${tenantRe})$`);
  const mailbox = quoteConfigValue(`^[^,]+,ou=mailboxes,(${tenantRe})$`);
  const groupOrList = quoteConfigValue(`^[^,]+,ou=(groups|lists),(${tenantRe})$`);
  const systemGroup = quoteConfigValue(`^cn=(tenant-admins|all-users),ou=groups,(${tenantRe})$`);
  return [
    // ---- Audit checkpoints (main/audit/checkpoint-rules.ts): add-only for staff, before anything grants manage. ----
    ...checkpointAccessRules(suffix),
    // ---- Tenant isolation. ----
    // Host admins first, with exactly the rights the rules below would give them: write (not manage: ppolicy
    // would skip its checks for managers) on passwords, manage on everything else. slapd evaluates the rules for
    // every attribute of every entry it returns, and each `dn.regex` below costs a regex match: before this, a
    // host admin reading 10,000 mailboxes took 1.7–2.6 s of slapd time, after it 0.13–0.17 s (docs/isolation.md).
    `to attrs=userPassword by ${HA} write by * break`,
    `to * by ${HA} manage by * break`,
    // Passwords in tenants: host admins set them (write, not manage: ppolicy would skip its checks for
    // managers), helpdesk and the tenant's admins reset them without reading them, the owner changes it.
    `to dn.regex=${anyInTenant} attrs=userPassword by ${HA} write by ${HD} =w by ${TA(2)} =w by self =wx by anonymous auth by * none`,
    `to attrs=userPassword by ${HA} write by self =wx by anonymous auth by * none`,
    // Lockout: setting or lifting it needs manage (the attribute is NO-USER-MODIFICATION). Helpdesk may only
    // lift it: slapd checks "delete every value" with no value (the value rule is skipped), but a lock it
    // would add is a value, and the value rule gives helpdesk read only.
    `to dn.regex=${anyInTenant} attrs=pwdAccountLockedTime val.regex=${quoteConfigValue('.*')} by ${HA} manage by ${TA(2)} manage by ${HD} read by * none`,
    `to dn.regex=${anyInTenant} attrs=pwdAccountLockedTime by ${HA} manage by ${HD} manage by ${TA(2)} manage by * none`,
    // Host staff's rights are the same everywhere else: settle them here, so a host admin reading 100,000
    // mailboxes is not checked against every per-tenant rule below (docs/isolation.md, "Rule order").
    `to * by ${HA} manage by ${HD} read by * break`,
    // The suffix and the tenants container: searchable (so subtree searches run), never readable or writable.
    `to dn.base=${quoteConfigValue(dns.suffix)} by ${HA} manage by ${HD} read by users search by * none`,
    `to dn.base=${quoteConfigValue(dns.tenants)} by ${HA} manage by ${HD} read by users search by * none`,
    // The tenant entry holds its settings, pool and limits: only host admins change it or add below it.
    `to dn.regex=${tenantEntry} by ${HA} manage by ${HD} read by ${TA(1)} read by ${TU(1)} read by * none`,
    // Containers: the tenant's admins add and remove entries in them, nothing else.
    `to dn.regex=${container} attrs=children by ${HA} manage by ${TA(2)} write by ${HD} read by ${TU(2)} read by * none`,
    `to dn.regex=${container} by ${HA} manage by ${HD} read by ${TA(2)} read by ${TU(2)} read by * none`,
    // Hidden from the address book: the tenant's users do not see the entry at all (its owner and admins do).
    `to dn.regex=${leaf} filter=(enclaveHiddenFromAddressBook=TRUE) by self break by ${TA(2)} break by ${TU(2)} none by * break`,
    // The built-in groups cannot be deleted or renamed by tenant admins (their members can change).
    `to dn.regex=${systemGroup} attrs=entry,objectClass,cn,enclaveGroupKind by ${HA} manage by ${HD} read by ${TA(2)} read by ${TU(2)} read by * none`,
    // The address book: names, addresses and groups, readable by every mailbox of the same tenant.
    `to dn.regex=${leaf} attrs=${addressBookAttributes.join(',')} by ${HA} manage by ${TA(2)} write by ${HD} read by ${TU(2)} read by * none`,
    `to dn.regex=${leaf} attrs=enclaveAccountState by ${HA} manage by ${TA(2)} write by ${HD} read by self read by * none`,
    `to dn.regex=${leaf} attrs=${operationalAttributes.join(',')} by ${HA} manage by ${HD} read by ${TA(2)} read by self read by * none`,
    // Members: a tenant's admins add and remove only mailboxes of their own tenant (per tenant, see memberRule).
    ...tenants.map((tenant) => memberRule(dns, tenant)),
    `to dn.regex=${groupOrList} attrs=member by ${HA} manage by ${HD} read by ${TA(2)} read by ${TU(2)} read by * none`,
    // Quotas: per tenant with a ceiling (see quotaRule). Otherwise admins keep delete, which a replace needs
    // (slapd checks "delete all values" first); a bare delete fails on the schema, where the quota is mandatory.
    ...tenants.map((tenant) => quotaRule(dns, tenant)),
    `to dn.regex=${mailbox} attrs=enclaveMailboxQuotaBytes by ${HA} manage by ${HD} read by ${TA(1)} =rscdxz by self read by * none`,
    `to dn.regex=${leaf} by ${HA} manage by ${HD} read by ${TA(2)} read by self read by * none`,
    // Anything else in tenants (deeper or odd entries) and the rest of the tree: host staff only.
    `to dn.subtree=${quoteConfigValue(dns.tenants)} by ${HA} manage by ${HD} read by self read by * none`,
    `to * by ${HA} manage by ${HD} read by self read by * none`,
  ];
}

/** The tenant-admins group of a validated tenant, as a `by` clause. */
const tenantAdminsOf = (tenantDn: string) => `group/enclaveGroup/member.exact=${quoteConfigValue(childDn(childDn(tenantDn, 'ou', 'groups'), 'cn', 'tenant-admins'))}`;

/**
 * The tenant's admins may set a mailbox quota from 1 byte up to the tenant's pool; 0 (unlimited) only when the
 * tenant has no pool. `by * break` hands every other identity, and other values, to the generic quota rule.
 */
function quotaRule(dns: IsolationDns, input: TenantRuleInput): string {
  const tenant = validateTenantInput(dns, input);
  const pool = tenant.storagePoolBytes;
  // A pool of 0 leaves no value a tenant admin could write: the regex matches nothing an INTEGER can be.
  const values = pool === null ? '^(0|[1-9][0-9]*)$' : pool === 0 ? '^-$' : integerAtMostRegex(BigInt(pool), 1n);
  return (
    `to dn.children=${quoteConfigValue(childDn(tenant.dn, 'ou', 'mailboxes'))} attrs=enclaveMailboxQuotaBytes val.regex=${quoteConfigValue(values)} ` +
    `by ${tenantAdminsOf(tenant.dn)} write by * break`
  );
}

/**
 * The tenant's admins may add or remove, in the groups and lists of their tenant, members that are mailboxes
 * of that same tenant. The tenant appears only as a DN (`dn.children`, `val.onelevel`), never in a regex.
 */
function memberRule(dns: IsolationDns, input: TenantRuleInput): string {
  const tenant = validateTenantInput(dns, input);
  return (
    `to dn.children=${quoteConfigValue(tenant.dn)} attrs=member val.onelevel=${quoteConfigValue(childDn(tenant.dn, 'ou', 'mailboxes'))} ` +
    `by ${tenantAdminsOf(tenant.dn)} write by * break`
  );
}
