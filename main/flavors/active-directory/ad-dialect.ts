/**
 * The Active Directory flavor of the hosting model: tenants are OUs, mailboxes user objects, groups and lists
 * group objects with their groupType. Base AD schema only; docs/active-directory.md has the mapping.
 */
import { AndFilter, Control, EqualityFilter, ExtensibleFilter, NotFilter, OrFilter, PresenceFilter, SubstringFilter, type Change, type Entry } from 'ldapts';
import { failure } from '../../../shared/errors';
import { domainOf } from '../../../shared/model/fields';
import { systemGroupNames, type GroupKind, type Mailbox, type MailboxChanges, type TenantSettings } from '../../../shared/model/hosting';
import { foldsDifferently, foldText } from '../../../shared/text/search-text';
import { readObjectSid } from './directory/object-sid';
import { ridOf } from './directory/security-descriptor';
import { setUnicodePwd } from './directory/unicode-password';
import { presentValues, replace } from '../../directory/changes';
import { childDn, leafValue } from '../../directory/dn';
import { first, integer, values } from '../../directory/entry';
import type { DirectoryConnection } from '../../directory/directory-connection';
import { groupFromEntry } from '../../hosting/group-entry';
import type { EntryAttributes, HostingDialect } from '../../hosting/hosting-dialect';
import { domainFactsReader } from './ad-domain';
import { activeDirectoryLayout } from './ad-layout';
import { contentRevision } from '../../hosting/mailbox-revision';
import { isoOfGeneralizedTime } from '../../audit/generalized-time';
import { makePrimaryGroup } from './ad-primary-group';
import { adAttributes as A, adClasses, bitAndRule, groupTypes, treeDeleteOid, userAccountControl as UAC } from './ad-schema';
import type { MailboxLockState } from '../../../shared/model/mailbox-activity';
import { withdrawSelfCertificateWrites } from './isolation/ad-mailbox-dacl';
import { tenantAces, tenantPrincipals, writeDacl } from './isolation/ad-tenant-dacl';
import { decodeTenantSettings, encodeTenantSettings, tenantTag } from './ad-tenant-settings';
import { adPasswordSettingsStore } from './ad-password-settings';
import { decodeMailboxServices, encodeMailboxServices } from './ad-mailbox-services';
import { defaultTenantMailServices } from '../../../shared/model/mail-services';

const objectClass = (name: string) => new EqualityFilter({ attribute: 'objectClass', value: name });
const mailboxFilter = () => new AndFilter({ filters: [new EqualityFilter({ attribute: 'objectCategory', value: 'person' }), objectClass('user')] });
const tenantFilter = () => new AndFilter({ filters: [objectClass('organizationalUnit'), new SubstringFilter({ attribute: A.tenantSettings, initial: tenantTag })] });
const securityBit = () => new ExtensibleFilter({ matchType: A.groupType, rule: bitAndRule, value: String(groupTypes.securityBit) });

/** proxyAddresses: `SMTP:` marks the primary, `smtp:` the aliases (the prefix's case is the flag). */
const proxyAddresses = (primary: string, aliases: string[]): string[] => [
  `SMTP:${primary}`,
  ...[...new Set(aliases)].filter((a) => a !== primary).map((a) => `smtp:${a}`),
];

const smtpAddresses = (entry: Entry): string[] =>
  values(entry, A.proxyAddresses)
    .filter((v) => v.slice(0, 5).toLowerCase() === 'smtp:')
    .map((v) => v.slice(5));

const effectiveDisplayName = (displayName: string, givenName: string, surname: string): string =>
  displayName || [givenName, surname].filter(Boolean).join(' ');

/** adminDisplayName (single-valued): the names that fold to something else, folded, in one value; none when none do. */
const foldedNames = (...names: string[]): string[] => {
  const folded = [...new Set(names.filter((name) => name !== '' && foldsDifferently(name)).map(foldText))];
  return folded.length > 0 ? [folded.join(' · ')] : [];
};

/** The change to the folded copy when the names go from `before` to `after`; none when it stays the same. */
const foldedNameChanges = (before: string[], after: string[]): Change[] => {
  const [was, will] = [foldedNames(...before), foldedNames(...after)];
  return was[0] === will[0] ? [] : [replace(A.foldedName, will)];
};

/** What a mailbox is read from; its digest is the mailbox's revision (mailbox-revision.ts says why not uSNChanged). */
const mailboxAttributes = [A.login, A.commonName, A.surname, A.givenName, A.displayName, A.primaryAddress, A.proxyAddresses, A.quota, A.hidden, A.userAccountControl, A.lockoutTime, A.mailServices, A.pwdLastSet, A.accountExpires];

/** FILETIME (100 ns ticks since 1601-01-01) of an ISO time, as AD's decimal text. */
const fileTimeOf = (iso: string): string => ((BigInt(Date.parse(iso)) + 11_644_473_600_000n) * 10_000n).toString();
/** The ISO time of a FILETIME; null for AD's "never" (0 or 2^63-1). */
function isoOfFileTime(value: string): string | null {
  if (!/^\d+$/.test(value) || value === '0' || value === '9223372036854775807') return null;
  const ms = BigInt(value) / 10_000n - 11_644_473_600_000n;
  return new Date(Number(ms)).toISOString().replace(/\.000Z$/, 'Z');
}

const accountControl = (enabled: boolean) => String(UAC.normalAccount | (enabled ? 0 : UAC.accountDisable));

/** pwdLastSet 0 (change at next logon), or -1 (AD stamps it with now: the current password stays good). */
const mustChangeChanges = (mustChange: boolean) => [replace(A.pwdLastSet, mustChange ? '0' : '-1')];
/** accountExpires at the time, or 0 for never. */
const expiryChanges = (expiresAt: string | null) => [replace(A.accountExpires, expiresAt === null ? '0' : fileTimeOf(expiresAt))];

/** Creates the Active Directory dialect for the domain naming context `suffix`. */
export function activeDirectoryDialect(suffix: string): HostingDialect {
  const layout = activeDirectoryLayout(suffix);
  const domainFacts = domainFactsReader(suffix);

  const settingsChanges = (changes: Partial<TenantSettings>, current: TenantSettings): Change[] => {
    const out: Change[] = [];
    if (changes.displayName !== undefined) out.push(replace(A.displayName, presentValues(changes.displayName)));
    if (changes.mailDomains !== undefined) out.push(replace(A.mailDomain, [...new Set(changes.mailDomains)]));
    const numeric = ['storagePoolBytes', 'mailboxLimit', 'defaultQuotaBytes', 'allowOvercommit', 'services'] as const;
    if (numeric.some((key) => changes[key] !== undefined)) out.push(replace(A.tenantSettings, encodeTenantSettings({ ...current, ...stripUndefined(changes) })));
    return out;
  };

  const groupDn = (tenant: string, kind: GroupKind, name: string) => childDn(layout.groupsDn(tenant, kind), 'CN', name);

  return {
    flavor: 'active-directory',
    layout,

    tenantFilter,
    tenantAttributes: () => [A.tenantName, A.displayName, A.mailDomain, A.tenantSettings],
    tenantEntry: (name, settings) =>
      nonEmpty({
        objectClass: [...adClasses.container],
        [A.tenantName]: [name],
        [A.displayName]: presentValues(settings.displayName),
        [A.mailDomain]: [...new Set(settings.mailDomains)],
        [A.tenantSettings]: [encodeTenantSettings({ ...settings, services: settings.services ?? defaultTenantMailServices })],
        [A.foldedName]: foldedNames(name, settings.displayName),
      }),
    tenantFromEntry: (entry) => ({
      name: leafValue(entry.dn),
      dn: entry.dn,
      displayName: first(entry, A.displayName),
      mailDomains: values(entry, A.mailDomain),
      ...decodeTenantSettings(first(entry, A.tenantSettings)),
    }),
    tenantChanges: (changes, current) => [
      ...settingsChanges(changes, current ?? { displayName: '', mailDomains: [], storagePoolBytes: null, mailboxLimit: null, defaultQuotaBytes: null, allowOvercommit: false, services: defaultTenantMailServices }),
      ...(changes.displayName !== undefined && current ? foldedNameChanges([current.name, current.displayName], [current.name, changes.displayName]) : []),
    ],

    mailboxFilter,
    mailboxAttributes: () => [...mailboxAttributes],
    newMailboxDn: (request) => childDn(layout.mailboxesDn(request.tenant), 'CN', request.login),
    // Created disabled and without a password: afterMailboxCreated sets both in one encrypted modify.
    mailboxEntry: (request) =>
      nonEmpty({
        objectClass: [...adClasses.mailbox],
        [A.commonName]: [request.login],
        [A.login]: [request.login],
        [A.userPrincipalName]: [`${request.login}@${domainOf(request.primaryAddress)}`],
        [A.givenName]: presentValues(request.givenName),
        [A.surname]: [request.surname],
        [A.displayName]: [effectiveDisplayName(request.displayName, request.givenName, request.surname)],
        [A.foldedName]: foldedNames(effectiveDisplayName(request.displayName, request.givenName, request.surname), request.givenName, request.surname),
        [A.primaryAddress]: [request.primaryAddress],
        [A.proxyAddresses]: proxyAddresses(request.primaryAddress, request.aliases),
        [A.quota]: presentValues(request.quotaBytes),
        [A.hidden]: request.hiddenFromAddressBook ? ['TRUE'] : [],
        [A.userAccountControl]: [accountControl(false)],
        [A.accountExpires]: request.expiresAt ? [fileTimeOf(request.expiresAt)] : [],
      }),
    mailboxFromEntry: (tenant, entry): Mailbox => {
      const control = integer(entry, A.userAccountControl) ?? 0;
      const enabled = (control & UAC.accountDisable) === 0;
      const primary = first(entry, A.primaryAddress);
      return {
        tenant,
        login: first(entry, A.login).toLowerCase(),
        dn: entry.dn,
        givenName: first(entry, A.givenName),
        surname: first(entry, A.surname),
        displayName: first(entry, A.displayName) || first(entry, A.commonName),
        primaryAddress: primary,
        aliases: smtpAddresses(entry).filter((address) => address.toLowerCase() !== primary.toLowerCase()),
        quotaBytes: integer(entry, A.quota),
        enabled,
        // lockoutTime stays set after the lockout window passes; it is cleared by the next good logon or unlock.
        // A FILETIME (100 ns ticks since 1601): too large for a JS number, and only zero or not matters.
        locked: enabled && /^0*[1-9]\d*$/.test(first(entry, A.lockoutTime)),
        hiddenFromAddressBook: first(entry, A.hidden).toUpperCase() === 'TRUE',
        services: decodeMailboxServices(first(entry, A.mailServices)),
        mustChangePassword: first(entry, A.pwdLastSet) === '0',
        expiresAt: isoOfFileTime(first(entry, A.accountExpires)),
        revision: contentRevision(entry, mailboxAttributes),
      };
    },
    mailboxChanges: (current, changes: MailboxChanges) => {
      const out: Change[] = [];
      if (changes.givenName !== undefined) out.push(replace(A.givenName, presentValues(changes.givenName)));
      if (changes.surname !== undefined) out.push(replace(A.surname, changes.surname));
      if (changes.givenName !== undefined || changes.surname !== undefined || changes.displayName !== undefined) {
        const given = changes.givenName ?? current.givenName;
        const surname = changes.surname ?? current.surname;
        const shown = effectiveDisplayName(changes.displayName ?? '', given, surname);
        out.push(replace(A.displayName, shown), ...foldedNameChanges([current.displayName, current.givenName, current.surname], [shown, given, surname]));
      }
      if (changes.primaryAddress !== undefined || changes.aliases !== undefined) {
        const primary = changes.primaryAddress ?? current.primaryAddress;
        out.push(replace(A.primaryAddress, primary), replace(A.proxyAddresses, proxyAddresses(primary, changes.aliases ?? current.aliases)));
      }
      if (changes.quotaBytes !== undefined) out.push(replace(A.quota, presentValues(changes.quotaBytes)));
      if (changes.hiddenFromAddressBook !== undefined) out.push(replace(A.hidden, changes.hiddenFromAddressBook ? ['TRUE'] : []));
      if (changes.services !== undefined) out.push(replace(A.mailServices, presentValues(encodeMailboxServices({ ...current.services, ...changes.services }))));
      if (changes.mustChangePassword !== undefined) out.push(...mustChangeChanges(changes.mustChangePassword));
      if (changes.expiresAt !== undefined) out.push(...expiryChanges(changes.expiresAt));
      return out;
    },
    mustChangeChanges,
    expiryChanges,
    // The console owns these accounts' control flags: a normal account, disabled or not.
    enabledChanges: (enabled) => [replace(A.userAccountControl, accountControl(enabled))],
    passwordChanges: (password) => [setUnicodePwd(password)],
    unlockChanges: () => [replace(A.lockoutTime, '0')],
    lockAttributes: () => [A.userAccountControl, A.lockoutTime, A.badPwdCount, A.badPasswordTime],
    lockState: (entry) => adLockState(entry),
    // objectGUID is binary, which Dovecot cannot put in a path: login and creation time (ad-mail-directory.ts).
    mailStoreKeyAttributes: () => [A.login, A.whenCreated],
    mailStoreKey: (entry) => (first(entry, A.login) && first(entry, A.whenCreated) ? `${first(entry, A.login)}-${first(entry, A.whenCreated)}` : null),
    // sAMAccountName is unique across users, groups and computers: any holder blocks the login.
    loginFilter: (login) => new EqualityFilter({ attribute: A.login, value: login }),
    // proxyAddresses compares case-insensitively (Unicode String syntax): one smtp: value covers SMTP: too.
    addressFilter: (address) =>
      new OrFilter({
        filters: [new EqualityFilter({ attribute: A.primaryAddress, value: address }), new EqualityFilter({ attribute: A.proxyAddresses, value: `smtp:${address}` })],
      }),
    // Both forms, as on OpenLDAP: the text as typed and folded, in the names and in their folded copy.
    searchFilter: (text) => {
      const forms = [...new Set([text, foldText(text)])];
      return new OrFilter({
        filters: [
          ...forms.flatMap((form) => [A.commonName, A.displayName, A.primaryAddress, A.login, A.tenantName].map((attribute) => new SubstringFilter({ attribute, any: [form] }))),
          new SubstringFilter({ attribute: A.foldedName, any: [foldText(text)] }),
          new EqualityFilter({ attribute: A.proxyAddresses, value: `smtp:${text}` }),
        ],
      });
    },
    tenantDomainFilter: (domain) => new AndFilter({ filters: [tenantFilter(), new EqualityFilter({ attribute: A.mailDomain, value: domain })] }),
    classify: (entry) => {
      const classes = values(entry, 'objectClass').map((name) => name.toLowerCase());
      if (classes.includes('organizationalunit')) return first(entry, A.tenantSettings).startsWith(tenantTag) ? 'tenant' : null;
      if (classes.includes('group')) return 'group';
      if (classes.includes('user') && !classes.includes('computer')) return 'mailbox';
      return null;
    },
    classifyAttributes: () => ['objectClass', A.tenantSettings, A.groupType],

    groupFilter: (kind?: GroupKind) =>
      kind === 'security'
        ? new AndFilter({ filters: [objectClass('group'), securityBit()] })
        : kind === 'distribution'
          ? new AndFilter({ filters: [objectClass('group'), new NotFilter({ filter: securityBit() })] })
          : objectClass('group'),
    groupAttributes: () => [A.commonName, A.description, A.primaryAddress, A.groupType, A.member],
    groupDn,
    groupEntry: (kind, name, description, address, memberDns) =>
      nonEmpty({
        objectClass: [...adClasses.group],
        [A.commonName]: [name],
        // No sAMAccountName: it must be unique domain-wide (every tenant has an all-users group), so the server
        // generates one ($XXXXXX-XXXXXXXXXXXX), as Windows AD and Samba both do when it is left out.
        [A.groupType]: [String(groupTypes[kind])],
        [A.foldedName]: foldedNames(name),
        [A.description]: presentValues(description),
        [A.primaryAddress]: presentValues(address),
        [A.proxyAddresses]: address ? [`SMTP:${address}`] : [],
        [A.member]: memberDns,
      }),
    groupFromEntry,
    groupChanges: (changes) => {
      const out: Change[] = [];
      if (changes.description !== undefined) out.push(replace(A.description, presentValues(changes.description)));
      if (changes.address !== undefined) {
        out.push(replace(A.primaryAddress, presentValues(changes.address)), replace(A.proxyAddresses, changes.address ? [`SMTP:${changes.address}`] : []));
      }
      return out;
    },
    memberAttribute: A.member,
    serviceAccountFilter: () => new AndFilter({ filters: [objectClass('user'), new NotFilter({ filter: objectClass('computer') })] }),
    serviceAccountAttributes: () => [A.login, A.description, A.whenCreated],
    serviceAccountDn: (name) => childDn(layout.servicesDn, 'CN', name),
    // Added disabled and without a password (Windows refuses an enabled account without one): afterServiceAccountCreated.
    serviceAccountEntry: (name, description) => nonEmpty({ objectClass: ['user'], [A.login]: [name], [A.description]: presentValues(description), [A.userAccountControl]: [accountControl(false)] }),
    serviceAccountFromEntry: (entry) => ({ name: first(entry, A.login).toLowerCase(), description: first(entry, A.description), createdAt: first(entry, A.whenCreated) ? isoOfGeneralizedTime(first(entry, A.whenCreated)) : null }),
    serviceAccountContainers: (): { dn: string; attributes: EntryAttributes }[] => [
      { dn: layout.servicesDn, attributes: { objectClass: ['organizationalUnit'], description: 'Read-only accounts of the mail hosts' } },
      // sAMAccountName is unique across users and groups: the group's is spelled apart from any account name.
      { dn: layout.mailServicesGroupDn, attributes: { objectClass: ['group'], sAMAccountName: 'enclave-mail-services', groupType: String(groupTypes.security), description: 'Mail hosts: read what Dovecot and Postfix need, nothing else' } },
    ],
    // The password never expires: a mail host that stops binding stops mail (rotate it by creating a new account).
    afterServiceAccountCreated: async (connection, dn, password) => {
      await connection.modify(dn, [setUnicodePwd(password), replace(A.userAccountControl, String(UAC.normalAccount | UAC.dontExpirePassword))]);
    },
    // Both are Octet String with an equality rule: one value can be deleted by itself.
    certificates: {
      stored: [
        { attribute: A.certificate, deleteByValue: true },
        { attribute: A.smimeCertificate, deleteByValue: true },
      ],
      importTo: A.certificate,
      holderFilter: () => new AndFilter({ filters: [mailboxFilter(), new OrFilter({ filters: [new PresenceFilter({ attribute: A.certificate }), new PresenceFilter({ attribute: A.smimeCertificate })] })] }),
    },
    conformance: {
      mailboxClasses: ['user'],
      groupClasses: ['group'],
      loginAttribute: A.login,
      addressAttributes: [A.primaryAddress, A.proxyAddresses],
      // unicodePwd is never readable over LDAP: there is nothing to scan.
      password: null,
      // userAccountControl alone disables an AD account.
      disabled: null,
    },
    quotaAttribute: A.quota,
    quotaFromEntry: (entry) => integer(entry, A.quota),
    passwordPolicy: adPasswordSettingsStore(layout),

    assertPasswordTransport: (connection) => {
      if (!connection.encrypted) {
        throw failure({
          kind: 'invalid-input',
          message:
            'Active Directory accepts passwords only over an encrypted connection. Connect with LDAPS (ldaps://server:636, TLS mode "ldaps") or StartTLS (TLS mode "starttls"), then try again.',
          issues: [{ path: ['password'], message: 'needs an LDAPS or StartTLS connection' }],
        });
      }
    },
    // The containers get the same protected DACL: Samba shows an object to whoever may list its parent, and an
    // OU's default descriptor lets Authenticated Users list it, so protecting only the tenant OU would leave the
    // mailboxes and groups one level down visible to other tenants (measured).
    afterTenantCreated: async (connection, tenant) => {
      const { sid } = await domainFacts(connection);
      const principals = await tenantPrincipals(connection, layout, sid, tenant);
      await writeDacl(connection, layout.tenantDn(tenant), tenantAces(principals));
      for (const { dn } of layout.tenantContainers(tenant)) await writeDacl(connection, dn, tenantAces(principals, true));
    },
    afterMailboxCreated: async (connection, dn, request) => {
      await connection.modify(dn, [setUnicodePwd(request.password), replace(A.userAccountControl, accountControl(request.enabled))]);
      await withdrawSelfCertificateWrites(connection, dn);
      // The password just set stamped pwdLastSet with now: 0 after it makes the user change it at the first logon.
      if (request.mustChangePassword) await connection.modify(dn, mustChangeChanges(true));
      return makePrimaryGroup(connection, await domainFacts(connection), dn, groupDn(request.tenant, 'security', systemGroupNames.allUsers));
    },
    implicitMembersFilter: async (connection, dn) => {
      const sid = await readObjectSid(connection, dn);
      return sid ? new EqualityFilter({ attribute: A.primaryGroupId, value: String(ridOf(sid)) }) : null;
    },
    memberDirectoryFilter: () => new AndFilter({ filters: [mailboxFilter(), new OrFilter({ filters: [new PresenceFilter({ attribute: 'memberOf' }), new PresenceFilter({ attribute: A.primaryGroupId })] })] }),
    groupKindOf: (entry) => (((integer(entry, A.groupType) ?? 0) & groupTypes.securityBit) !== 0 ? 'security' : 'distribution'),
    // AD refuses to delete a group that is still some user's primary group, even in a tree delete: users first.
    deleteSubtree: async (connection: DirectoryConnection, dn: string) => {
      for (;;) {
        const users = await connection.search(dn, { filter: mailboxFilter(), attributes: ['1.1'], limit: 1000 });
        if (users.length === 0) break;
        for (const user of users) await connection.delete(user.dn);
      }
      await connection.delete(dn, [new Control(treeDeleteOid, { critical: true })]);
    },
  };
}

function nonEmpty(attributes: Record<string, string[]>): EntryAttributes {
  return Object.fromEntries(Object.entries(attributes).filter(([, list]) => list.length > 0));
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]-?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]-?: Exclude<T[K], undefined> };
}

/** A FILETIME (100 ns ticks since 1601, as a decimal string) as ISO 8601; null for 0 or garbage. */
function fileTimeIso(value: string): string | null {
  if (!/^\d+$/.test(value) || /^0+$/.test(value)) return null;
  const ms = Number(BigInt(value) / 10_000n) - 11_644_473_600_000;
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
}

/** AD's lock as the editor shows it: ACCOUNTDISABLE, or lockoutTime after failed logins (badPwdCount is per DC). */
function adLockState(entry: Entry): MailboxLockState {
  const failedLogins = integer(entry, A.badPwdCount) ?? 0;
  const lastFailure = fileTimeIso(first(entry, A.badPasswordTime));
  const counted = { failedLogins, lastFailure };
  if (((integer(entry, A.userAccountControl) ?? 0) & UAC.accountDisable) !== 0) return { state: 'disabled', since: null, reason: 'Disabled by an administrator: logins and delivery are refused.', ...counted };
  const since = fileTimeIso(first(entry, A.lockoutTime));
  if (since !== null) return { state: 'locked', since, reason: 'Locked by the domain’s lockout policy after failed logins.', ...counted };
  return { state: 'active', since: null, reason: failedLogins > 0 ? `${failedLogins} failed logins counted on this domain controller, not locked.` : 'Not locked.', ...counted };
}
