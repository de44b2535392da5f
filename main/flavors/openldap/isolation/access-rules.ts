/**
 * The main database's olcAccess rules, generated from the access policy (main/policy/access-policy.ts) for a
 * suffix alone: no tenant appears in any rule and no rule is per tenant, so creating, changing or deleting a
 * tenant never touches cn=config (docs/isolation.md, "One rule set for any number of tenants").
 *
 * Tenants are told apart by capturing the tenant's DN from the entry's normalized DN (`dn.regex`) and naming its
 * groups by expansion; the per-tenant limits come from the tenant entry itself, read by the server while it
 * checks a value (`set` over `this/-2`, the entry two levels up: the tenant). Each by-clause's access level is
 * read off the policy table (`level`), so a change of the table changes the rules; conditions become value rules.
 * The order matters for speed as much as for meaning: see the comments and docs/isolation.md, "Rule order".
 */
import type { AttributeSet, ObjectKind, PolicyOperation, PolicyRole, PolicyScope } from '../../../policy/access-policy';
import { policyCells } from '../../../policy/access-policy';
import { quoteConfigValue } from '../config/config-quoting';
import { openLdapLayout, tenantPolicyName } from '../openldap-layout';
import { policySubentryAttribute } from '../openldap-password-policy';
import { checkpointAccessRules } from './checkpoint-rules';
import { isolationDns } from './isolation-dns';
import { attributesOf } from './policy-attributes';

/** Attributes every member of a tenant may read in its address book (names, addresses, groups). */
export const addressBookAttributes = [
  'entry', 'objectClass', 'uid', 'cn', 'sn', 'givenName', 'displayName', 'mail', 'mailLocalAddress',
  'description', 'enclaveGroupKind', 'memberOf', 'enclaveHiddenFromAddressBook', 'member',
  // Never there on a mailbox a user can see (deleted ones are invisible), but searchable, so that a listing
  // that leaves deleted items out (!(enclaveDeletedAt=*)) finds the rest.
  'enclaveDeletedAt',
] as const;

type Level = 'none' | 'read' | 'write' | 'readwrite';

/**
 * The slapd access level the policy gives `role` on `set` of `kind` in `scope`: read (r+s+c), write without read
 * (modify and remove: =w), both, or none. Conditional grants are left to their own value rules: here they count as
 * not granted, so the generic rule below a value rule never lets an unchecked value through.
 */
function levelOf(role: PolicyRole, scope: PolicyScope, kind: ObjectKind, set: AttributeSet): Level {
  const cells = policyCells().filter((c) => c.role === role && c.scope === scope && c.kind === kind && c.set === set && c.allowed && c.condition === null);
  const read = cells.some((c) => c.operation === 'read');
  const write = cells.some((c) => c.operation === 'modify') && cells.some((c) => c.operation === 'remove');
  return read && write ? 'readwrite' : read ? 'read' : write ? 'write' : 'none';
}

/** The same level for several kinds (one rule serves mailboxes, groups and lists): they must agree. */
function level(role: PolicyRole, scope: PolicyScope, kinds: readonly ObjectKind[], set: AttributeSet): string {
  const levels = [...new Set(kinds.map((kind) => levelOf(role, scope, kind, set)))];
  if (levels.length !== 1) throw new Error(`The access policy gives ${role} different rights on ${set} of ${kinds.join('/')}: one rule cannot express it`);
  return { none: 'none', read: 'read', write: '=wx', readwrite: 'write' }[levels[0] as Level];
}

/** The level on `entry` itself: read, plus add (create) and delete as the policy grants each. */
function entryLevel(role: PolicyRole, kind: ObjectKind): string {
  const cells = policyCells().filter((c) => c.role === role && c.scope === 'tenant' && c.kind === kind && c.set === 'entry' && c.allowed);
  const can = (operation: PolicyOperation) => cells.some((c) => c.operation === operation);
  if (can('create') && can('delete')) return 'write';
  return `=rscxd${can('create') ? 'a' : ''}${can('delete') ? 'z' : ''}`;
}

/** olcAccess values for the main database, in evaluation order, without `{n}` prefixes. */
export function generateAccessRules(suffix: string): string[] {
  const dns = isolationDns(suffix);
  const layout = openLdapLayout(dns.suffix);
  const group = (dn: string) => `group/enclaveGroup/member.exact=${quoteConfigValue(dn)}`;
  const HA = group(dns.hostAdminsGroup);
  const HD = group(dns.helpdeskGroup);
  const MS = group(layout.mailServicesGroupDn);
  /** Members of the tenant-admins group of the tenant captured as `$n`. */
  const TA = (n: number) => `group/enclaveGroup/member.expand=${quoteConfigValue(`cn=tenant-admins,ou=groups,$${n}`)}`;
  /** Mailboxes of the tenant captured as `$n`. */
  // ldap-literal: `$n` is slapd's reference to a regex capture of the normalized DN, not a value of ours.
  const TU = (n: number) => `dn.children,expand=${quoteConfigValue(`ou=mailboxes,$${n}`)}`;
  const q = quoteConfigValue;
  const T = dns.tenants;
  // The suffix passed isolationDns: plain attr=value parts with no regex metacharacters.
  const tenant = `ou=[^,]+,${T}`;
  const re = {
    anyInTenant: q(`^(.+,)?(${tenant})$`),
    tenantEntry: q(`^(${tenant})$`),
    container: q(`^ou=(mailboxes|groups|lists),(${tenant})$`),
    leaf: q(`^[^,]+,ou=(mailboxes|groups|lists),(${tenant})$`),
    // Entries the tenant's admins write are named as the console names them: a mailbox by its login, a group by its
    // name, one value each (no `uid=x+cn=y`: the normalized DN escapes a '+' inside a value as \2b).
    mailbox: q(`^uid=[^,+]+,ou=mailboxes,(${tenant})$`),
    groupOrList: q(`^cn=[^,+]+,ou=(groups|lists),(${tenant})$`),
    group: q(`^cn=[^,+]+,ou=groups,(${tenant})$`),
    list: q(`^cn=[^,+]+,ou=lists,(${tenant})$`),
    builtIn: q(`^cn=(tenant-admins|all-users),ou=groups,(${tenant})$`),
    policy: q(`^cn=${tenantPolicyName},(${tenant})$`),
  };
  const A = (kind: ObjectKind, ...sets: AttributeSet[]) => sets.flatMap((set) => attributesOf(kind, set)).join(',');
  const leafKinds = ['mailbox', 'group', 'list'] as const;
  const lv = (role: PolicyRole, kinds: readonly ObjectKind[], set: AttributeSet) => level(role, 'tenant', kinds, set);
  // Per-tenant limits read off the tenant entry (`this/-2`: two levels up from a mailbox or group), never from
  // request text: the domains are constrained to [a-z0-9.-] and unique, the value to digits (see the value rules).
  // ldap-literal: the tenants container is the validated suffix's; the filter's only value is the server's own (`this/-2`).
  const poolAtLeast = 'set.expand=' + q(`([ldap:///${T}??one?(&(enclaveMailDomain=] + this/-2/enclaveMailDomain + [)(|(enclaveStoragePoolBytes>=\${v0})(!(enclaveStoragePoolBytes=*))))])/entryDN`);
  // ldap-literal: as above, with no value of the request at all.
  const noPool = 'set=' + q(`([ldap:///${T}??one?(&(enclaveMailDomain=] + this/-2/enclaveMailDomain + [)(!(enclaveStoragePoolBytes=*)))])/entryDN`);
  // ldap-literal: `${v1}` is slapd's value capture, limited by the value rule to [a-z0-9.-].
  const inTenantDomains = 'set.expand=' + q('this/-2/enclaveMailDomain & [${v1}]');
  const mailboxClasses = '(&(objectClass=inetOrgPerson)(objectClass=inetLocalMailRecipient)(objectClass=enclaveMailbox))';
  // A new mailbox names a password policy (the value rule below allows only its tenant's own): none means the default.
  const newMailbox = `(&${mailboxClasses.slice(2, -1)}(${policySubentryAttribute}=*))`;
  // ldap-literal: a set over the entry's own value, read by the server (no request text is parsed).
  const policyExists = 'set=' + q(`this/${policySubentryAttribute}/pwdAttribute`);
  return [
    // ---- Host structure and the audit container, before anything that grants host admins manage.
    `to dn.base=${q(layout.hostDn)} attrs=entry by ${HA} read by * break`,
    ...checkpointAccessRules(dns.suffix),
    // ---- Passwords exist only on mailboxes, host staff and service accounts; nobody reads a hash, nobody
    // manages one (ppolicy would skip its checks), and the {CLEARTEXT} scheme (stored as given) is refused.
    // Rules up to the tenant guard use no dn.regex: they run for every entry a search looks at.
    `to attrs=userPassword val.regex=${q('^[{][Cc][Ll][Ee][Aa][Rr][Tt][Ee][Xx][Tt][}]')} by * none`,
    `to dn.children=${q(layout.hostPeopleDn)} attrs=userPassword by ${HA} =w by self =wx by anonymous auth by * none`,
    `to dn.children=${q(layout.servicesDn)} attrs=userPassword by ${HA} =w by anonymous auth by * none`,
    // Nobody gives a deleted mailbox a password: a password change lifts ppolicy's lock, which keeps it from signing in.
    `to dn.subtree=${q(T)} attrs=userPassword filter=(&(objectClass=enclaveMailbox)(enclaveDeletedAt=*)) by anonymous auth by * none`,
    // Helpdesk resets only enabled mailboxes: a password change lifts ppolicy's lock, which is what "disabled" is.
    `to dn.subtree=${q(T)} attrs=userPassword filter=(&(objectClass=enclaveMailbox)(enclaveAccountState=disabled)) by ${HA} =w by ${HD} none by anonymous auth by * break`,
    `to dn.subtree=${q(T)} attrs=userPassword filter=(objectClass=enclaveMailbox) by ${HA} =w by ${HD} =w by anonymous auth by * break`,
    'to attrs=userPassword filter=(!(objectClass=enclaveMailbox)) by * none',
    // ---- Host admins: everything else, settled here (cheap for their large reads).
    `to * by ${HA} manage by * break`,
    // ---- Deleted items: a deleted mailbox is nothing to the mail service (no login, no delivery, no list member).
    `to dn.subtree=${q(T)} filter=(enclaveDeletedAt=*) by ${MS} none by * break`,
    // ---- The mail service: a disabled mailbox's addresses are hidden from it (lists then skip the member),
    // and it reads exactly what Dovecot and Postfix need.
    `to dn.subtree=${q(T)} filter=(enclaveAccountState=disabled) attrs=mail by ${MS} none by * break`,
    // Only the entries mail servers look up (tenants, their containers, mailboxes, groups and lists): a tenant's
    // password policy, and anything else that lives in a tenant, stays out of its sight.
    `to dn.subtree=${q(T)} attrs=${mailServiceAttributes().join(',')} filter=(|(objectClass=enclaveTenant)(objectClass=enclaveMailbox)(objectClass=enclaveGroup)(objectClass=organizationalUnit)) by ${MS} read by * break`,
    // ---- Helpdesk: lifts locks (a lock it would set is a value, and the value rule gives read only), reads the rest.
    // A deleted mailbox's lock stays: lifting it would let it sign in.
    `to dn.subtree=${q(T)} attrs=pwdAccountLockedTime filter=(&(objectClass=enclaveMailbox)(enclaveDeletedAt=*)) by ${HD} read by * break`,
    `to dn.subtree=${q(T)} attrs=pwdAccountLockedTime val.regex=${q('.*')} filter=(objectClass=enclaveMailbox) by ${HD} read by * break`,
    `to dn.subtree=${q(T)} attrs=pwdAccountLockedTime filter=(objectClass=enclaveMailbox) by ${HD} manage by * break`,
    // Helpdesk hands out passwords to be changed at the next sign-in (ppolicy's pwdReset).
    `to dn.subtree=${q(T)} attrs=${A('mailbox', 'must-change')} filter=(objectClass=enclaveMailbox) by ${HD} ${level('helpdesk', 'tenant', ['mailbox'], 'must-change')} by * break`,
    `to * by ${HD} read by * break`,
    // ---- The tenant guard: only principals inside the entry's own tenant go on. One regex and a DN comparison,
    // so another tenant's entries never reach a group check (slapd caches group results per operation in a list
    // it scans linearly: 10,000 tenants' groups made one search from the suffix take 26-42 s).
    `to dn.regex=${re.anyInTenant} by dn.children,expand=${q('$2')} break by * none`,
    // ---- Deleted items: read only for the tenant's admins (restoring and purging are the host's), invisible to its
    // users and to the mailbox itself; never a password hash.
    `to dn.regex=${re.mailbox} attrs=userPassword filter=(enclaveDeletedAt=*) by * none`,
    `to dn.regex=${re.mailbox} filter=(enclaveDeletedAt=*) by ${TA(1)} read by * none`,
    `to dn.regex=${re.mailbox} attrs=userPassword by ${TA(1)} =w by self =wx by * none`,
    'to attrs=userPassword by * none',
    // ---- The lock: tenant admins set and lift it.
    `to dn.regex=${re.mailbox} attrs=pwdAccountLockedTime val.regex=${q('.*')} by ${TA(1)} manage by * none`,
    `to dn.regex=${re.mailbox} attrs=pwdAccountLockedTime by ${TA(1)} manage by * none`,
    // ---- Deleting into deleted items (condition mark-only): values are added, never removed. Who deleted it is the
    // console's note; the audit trail (accesslog, journal) is the record, and the retention counts from the server's
    // own modifyTimestamp as well, so a back-dated mark cannot shorten it.
    `to dn.regex=${re.mailbox} attrs=${A('mailbox', 'deletion')} by ${TA(1)} =rscxda by ${TU(1)} ${level('tenant-user', 'tenant', ['mailbox'], 'deletion')} by * none`,
    // ---- "Must change at the next sign-in" and the account's expiry: its tenant's admins set them, the user reads them.
    `to dn.regex=${re.mailbox} attrs=${A('mailbox', 'must-change', 'expiry')} by ${TA(1)} ${level('tenant-admin', 'tenant', ['mailbox'], 'must-change')} by self read by * none`,
    // ---- The suffix and the tenants container: searchable, never readable.
    `to dn.base=${q(dns.suffix)} by users search by * none`,
    `to dn.base=${q(T)} by users search by * none`,
    // ---- The tenant entry: settings, pool and domains, read only for its own principals.
    `to dn.regex=${re.tenantEntry} by ${TA(1)} ${level('tenant-admin', 'tenant', ['tenant'], 'settings')} by ${TU(1)} ${level('tenant-user', 'tenant', ['tenant'], 'settings')} by * none`,
    // ---- The tenant's own password policy, inside the tenant: its people read the rules, the host admins set them.
    `to dn.regex=${re.policy} by ${TA(1)} ${level('tenant-admin', 'tenant', ['password-policy'], 'settings')} by ${TU(1)} ${level('tenant-user', 'tenant', ['password-policy'], 'settings')} by * none`,
    // ---- Containers: the tenant's admins add and delete entries in them.
    `to dn.regex=${re.container} attrs=children by ${TA(2)} write by ${TU(2)} read by * none`,
    `to dn.regex=${re.container} by ${TA(2)} read by ${TU(2)} read by * none`,
    // ---- Hidden from the address book: the tenant's users do not see the entry at all (its owner and admins do).
    `to dn.regex=${re.leaf} filter=(enclaveHiddenFromAddressBook=TRUE) by self break by ${TA(2)} break by ${TU(2)} none by * break`,
    // The address book, settled early for tenant users; tenant admins go on (`+0 break`) to the rules below.
    `to dn.regex=${re.leaf} attrs=${addressBookAttributes.join(',')} by ${TA(2)} +0 break by ${TU(2)} ${lv('tenant-user', leafKinds, 'names')} by * break`,
    // ---- The built-in groups keep their identity.
    `to dn.regex=${re.builtIn} attrs=entry,objectClass,cn,enclaveGroupKind by ${TA(2)} read by ${TU(2)} read by * none`,
    // ---- Entries: created with exactly the console's classes; deleted; never renamed (olcRestrict: rename).
    // The named policy must exist: ppolicy falls back to no checks at all (not even the lock) for a missing one.
    // Removed only by host admins: a tenant admin's delete is a mark (deleted items).
    `to dn.regex=${re.mailbox} attrs=entry filter=${newMailbox} by ${TA(1)} ${policyExists} ${entryLevel('tenant-admin', 'mailbox')} by ${TA(1)} =rscxd by ${TU(1)} read by * none`,
    // A mailbox from before per-tenant policies (none named) is never created.
    `to dn.regex=${re.mailbox} attrs=entry filter=${mailboxClasses} by ${TA(1)} =rscxd by ${TU(1)} read by * none`,
    `to dn.regex=${re.groupOrList} attrs=entry filter=(objectClass=enclaveGroup) by ${TA(2)} write by ${TU(2)} read by * none`,
    `to dn.regex=${re.leaf} attrs=entry by ${TA(2)} read by ${TU(2)} read by * none`,
    // ---- Object classes: the console's values may be added (on create), none removed.
    `to dn.regex=${re.mailbox} attrs=objectClass val.regex=${q('^(inetorgperson|inetlocalmailrecipient|enclavemailbox)$')} by ${TA(1)} =rscda by * break`,
    `to dn.regex=${re.groupOrList} attrs=objectClass val.regex=${q('^enclavegroup$')} by ${TA(2)} =rscda by * break`,
    `to dn.regex=${re.leaf} attrs=objectClass by ${TA(2)} ${lv('tenant-admin', leafKinds, 'classes')} by ${TU(2)} read by * none`,
    // ---- Addresses: values added only in the tenant's domains; never removed one by one (the console replaces the
    // whole list; a single delete would slip past the "primary among the aliases" constraint, which ignores deletes).
    ...['mail', 'mailLocalAddress'].map((attribute) => `to dn.regex=${re.leaf} attrs=${attribute} val.regex=${q('^[^@]+@([a-z0-9.-]+)$')} by ${TA(2)} ${inTenantDomains} =rscda by * break`),
    ...['mail', 'mailLocalAddress'].map((attribute) => `to dn.regex=${re.leaf} attrs=${attribute} val.regex=${q('.*')} by ${TA(2)} read by ${TU(2)} read by * none`),
    `to dn.regex=${re.leaf} attrs=mail,mailLocalAddress by ${TA(2)} =rscdz by ${TU(2)} read by * none`,
    // ---- Members: only mailboxes of the group's own tenant. The requester must be an admin of the group's tenant,
    // a mailbox of that tenant (dn) and a mailbox of the member value's tenant (realdn, the same DN: proxied
    // authorization is refused): a DN has one parent, so all three are one tenant. No request text is parsed.
    `to dn.regex=${re.groupOrList} attrs=member val.regex=${q(`^[^,]+,ou=mailboxes,(${tenant})$`)} by ${TA(2)} dn.children,expand=${q('ou=mailboxes,$2')} realdn.children,expand=${q('ou=mailboxes,${v1}')} write by * break`,
    `to dn.regex=${re.groupOrList} attrs=member by ${TA(2)} read by ${TU(2)} read by * none`,
    // ---- Group kind: security under groups, distribution under lists.
    `to dn.regex=${re.group} attrs=enclaveGroupKind val.regex=${q('^security$')} by ${TA(1)} write by * break`,
    `to dn.regex=${re.list} attrs=enclaveGroupKind val.regex=${q('^distribution$')} by ${TA(1)} write by * break`,
    `to dn.regex=${re.groupOrList} attrs=enclaveGroupKind by ${TA(2)} =rscdz by ${TU(2)} read by * none`,
    // ---- Quota: 1..pool (any when the tenant has no pool); 0 (unlimited) only without a pool; the pool is read live.
    `to dn.regex=${re.mailbox} attrs=enclaveMailboxQuotaBytes val.regex=${q('^[1-9][0-9]{0,18}$')} by ${TA(1)} ${poolAtLeast} write by * break`,
    `to dn.regex=${re.mailbox} attrs=enclaveMailboxQuotaBytes val.regex=${q('^0$')} by ${TA(1)} ${noPool} write by * break`,
    `to dn.regex=${re.mailbox} attrs=enclaveMailboxQuotaBytes by ${TA(1)} =rscdz by self read by * none`,
    // ---- Password policy: a tenant admin may give a mailbox that has none (a new one) its own tenant's policy and
    // no other. The requester must be an admin of the mailbox's tenant, a mailbox of that tenant, and a mailbox of the
    // policy's tenant (realdn, as for members): one tenant. Never removed or replaced (no =z): that is the host's.
    `to dn.regex=${re.mailbox} attrs=${policySubentryAttribute} val.regex=${q(`^cn=${tenantPolicyName},(${tenant})$`)} by ${TA(1)} dn.children,expand=${q('ou=mailboxes,$1')} realdn.children,expand=${q('ou=mailboxes,${v1}')} =rscda by * break`,
    `to dn.regex=${re.mailbox} attrs=${policySubentryAttribute} by ${TA(1)} ${lv('tenant-admin', ['mailbox'], 'password-policy')} by self read by * none`,
    // ---- Account state: active or disabled.
    `to dn.regex=${re.mailbox} attrs=enclaveAccountState val.regex=${q('^(active|disabled)$')} by ${TA(1)} write by * break`,
    `to dn.regex=${re.leaf} attrs=enclaveAccountState by ${TA(2)} =rscdz by self read by * none`,
    // ---- Certificates: tenant admins publish and withdraw them; the tenant's users read them (S/MIME lookups).
    `to dn.regex=${re.mailbox} attrs=${A('mailbox', 'certificates')} by ${TA(1)} ${level('tenant-admin', 'tenant', ['mailbox'], 'certificates')} by ${TU(1)} ${level('tenant-user', 'tenant', ['mailbox'], 'certificates')} by * none`,
    // ---- The rest of the address book and the console's settings, as the policy table says.
    `to dn.regex=${re.leaf} attrs=${[...new Set([...A('mailbox', 'names', 'visibility').split(','), ...A('group', 'names', 'visibility').split(',')])].join(',')} by ${TA(2)} ${lv('tenant-admin', leafKinds, 'names')} by ${TU(2)} ${lv('tenant-user', leafKinds, 'names')} by * none`,
    // The login is written once, when the mailbox is created (add, never delete: replacing it would change the
    // RDN, and a second value is refused by "uid count 1").
    `to dn.regex=${re.mailbox} attrs=${A('mailbox', 'login')} by ${TA(1)} =rscda by ${TU(1)} read by * none`,
    `to dn.regex=${re.leaf} attrs=${A('mailbox', 'memberships')} by ${TA(2)} ${lv('tenant-admin', ['mailbox'], 'memberships')} by ${TU(2)} read by * none`,
    `to dn.regex=${re.leaf} attrs=${A('mailbox', 'operational')} by ${TA(2)} ${lv('tenant-admin', ['mailbox'], 'operational')} by self read by * none`,
    `to dn.regex=${re.leaf} by ${TA(2)} read by self read by * none`,
    // ---- Anything else.
    `to dn.subtree=${q(T)} by self read by * none`,
    'to * by self read by * none',
  ];
}

/** What the mail service reads (and nothing else): from the policy table's mail-service cells. */
export function mailServiceAttributes(): string[] {
  const read = policyCells().filter((c) => c.role === 'mail-service' && c.allowed && c.operation === 'read');
  return [...new Set([...read.flatMap((c) => attributesOf(c.kind, c.set)), 'entryUUID'])];
}
