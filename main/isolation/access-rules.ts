/**
 * Generates the main database's olcAccess rules (docs/isolation.md). Almost all rules are generic: they
 * capture the tenant from the entry's normalized DN with `dn.regex` and name that tenant's admin group
 * through `group.expand`, so their number does not grow with tenants and no tenant name ever appears in a
 * regular expression. Only the per-mailbox quota ceiling is per tenant (a value regex from the pool size),
 * and those rules name the tenant by DN (`dn.children`), quoted for slapd's config tokenizer.
 */
import { childDn } from '../directory/dn';
import { quoteConfigValue } from './config-quoting';
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
  // Member values must name a tenant mailbox (which tenant is checked by the constraint overlay).
  const mailboxDnValue = quoteConfigValue(`^[uU][iI][dD]=[^,]+,[oO][uU]=[mM][aA][iI][lL][bB][oO][xX][eE][sS],[oO][uU]=[^,]+,${caseless(dns.tenants)}$`);
  return [
    // Passwords in tenants: host admins set them (write, not manage: ppolicy would skip its checks for
    // managers), helpdesk and the tenant's admins reset them without reading them, the owner changes it.
    `to dn.regex=${anyInTenant} attrs=userPassword by ${HA} write by ${HD} =w by ${TA(2)} =w by self =wx by anonymous auth by * none`,
    `to attrs=userPassword by ${HA} write by self =wx by anonymous auth by * none`,
    // Lockout: setting or lifting it needs manage (the attribute is NO-USER-MODIFICATION).
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
    // The built-in groups cannot be deleted or renamed by tenant admins (their members can change).
    `to dn.regex=${systemGroup} attrs=entry,objectClass,cn,enclaveGroupKind by ${HA} manage by ${HD} read by ${TA(2)} read by ${TU(2)} read by * none`,
    `to dn.regex=${groupOrList} attrs=member val.regex=${mailboxDnValue} by ${HA} manage by ${TA(2)} write by ${HD} read by ${TU(2)} read by * none`,
    `to dn.regex=${groupOrList} attrs=member by ${HA} manage by ${HD} read by ${TA(2)} read by ${TU(2)} read by * none`,
    // The address book: names, addresses and groups, readable by every mailbox of the same tenant.
    `to dn.regex=${leaf} attrs=${addressBookAttributes.join(',')} by ${HA} manage by ${TA(2)} write by ${HD} read by ${TU(2)} read by * none`,
    `to dn.regex=${leaf} attrs=enclaveAccountState by ${HA} manage by ${TA(2)} write by ${HD} read by self read by * none`,
    `to dn.regex=${leaf} attrs=${operationalAttributes.join(',')} by ${HA} manage by ${HD} read by ${TA(2)} read by self read by * none`,
    // Quotas: per tenant with a ceiling (see quotaRules); otherwise admins may lower or clear but not raise.
    ...tenants.map((tenant) => quotaRule(dns, tenant)),
    `to dn.regex=${mailbox} attrs=enclaveMailboxQuotaBytes by ${HA} manage by ${HD} read by ${TA(1)} =rscdxz by self read by * none`,
    `to dn.regex=${leaf} by ${HA} manage by ${HD} read by ${TA(2)} read by self read by * none`,
    // Anything else in tenants (deeper or odd entries) and the rest of the tree: host staff only.
    `to dn.subtree=${quoteConfigValue(dns.tenants)} by ${HA} manage by ${HD} read by self read by * none`,
    `to * by ${HA} manage by ${HD} read by self read by * none`,
  ];
}

/**
 * The tenant's admins may set a mailbox quota up to the tenant's pool (any size when there is no pool).
 * `by * break` hands every other identity, and larger values, to the generic quota rule.
 */
function quotaRule(dns: IsolationDns, input: TenantRuleInput): string {
  const tenant = validateTenantInput(dns, input);
  const admins = childDn(childDn(tenant.dn, 'ou', 'groups'), 'cn', 'tenant-admins');
  const values = tenant.storagePoolBytes === null ? '^(0|[1-9][0-9]*)$' : integerAtMostRegex(BigInt(tenant.storagePoolBytes));
  return (
    `to dn.children=${quoteConfigValue(childDn(tenant.dn, 'ou', 'mailboxes'))} attrs=enclaveMailboxQuotaBytes val.regex=${quoteConfigValue(values)} ` +
    `by group/enclaveGroup/member.exact=${quoteConfigValue(admins)} write by * break`
  );
}

/** `text` (plain attr=value parts) with its letters as case-insensitive bracket expressions. */
function caseless(text: string): string {
  return text.replace(/[a-z]/g, (ch) => `[${ch}${ch.toUpperCase()}]`).replace(/-/g, '[-]');
}
