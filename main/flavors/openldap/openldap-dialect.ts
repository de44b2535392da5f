/** The OpenLDAP flavor of the hosting model: inetOrgPerson mailboxes, enclaveGroup groups, enclaveTenant OUs. */
import { AndFilter, EqualityFilter, NotFilter, OrFilter, PresenceFilter, SubstringFilter, type Change, type Entry } from 'ldapts';
import type { MailboxLockState } from '../../../shared/model/mailbox-activity';
import type { GroupKind, Mailbox, MailboxChanges, TenantSettings } from '../../../shared/model/hosting';
import { defaultTenantMailServices, deniedServicesOf, mailboxServicesFrom, mailboxServiceValues, tenantServicesFrom } from '../../../shared/model/mail-services';
import { foldText } from '../../../shared/text/search-text';
import { ldapBoolean, presentValues, replace } from '../../directory/changes';
import { childDn, leafValue } from '../../directory/dn';
import { boolean, first, integer, values } from '../../directory/entry';
import { groupFromEntry } from '../../hosting/group-entry';
import { contentRevision } from '../../hosting/mailbox-revision';
import type { EntryAttributes, HostingDialect } from '../../hosting/hosting-dialect';
import { liveMailboxFilter, openLdapDeletedItems } from './openldap-deleted-items';
import { openLdapLayout } from './openldap-layout';
import { openLdapPasswordPolicyStore, policySubentryAttribute } from './openldap-password-policy';
import { openLdapAttributes as A, openLdapClasses, permanentLockTime, quotaFromValue, quotaValue } from './openldap-schema';
import { generalizedTimeOf, isoOfGeneralizedTime } from '../../audit/generalized-time';

/** The mailLocalAddress values: primary first, then aliases, without repeats. */
const allAddresses = (primary: string, aliases: string[]): string[] => [...new Set([primary, ...aliases])];

const objectClass = (name: string) => new EqualityFilter({ attribute: 'objectClass', value: name });

/**
 * enclaveFoldedName: the names that fold to something else than themselves, folded ("Jörg Müller" → "jorg muller"),
 * so a search typed without accents finds them; names without accents need none (the names themselves match).
 */
const foldedNames = (...names: string[]): string[] => {
  const folded = new Set<string>();
  for (const name of names) {
    // foldsDifferently, without folding the name twice (a bulk import folds three names per row).
    if (name === '') continue;
    const form = foldText(name);
    if (form !== name.toLowerCase()) folded.add(form);
  }
  return [...folded];
};

/** The change to enclaveFoldedName when the names go from `before` to `after`; none when the folded copy stays the same. */
const foldedNameChanges = (before: string[], after: string[]): Change[] => {
  const [was, will] = [foldedNames(...before), foldedNames(...after)];
  return was.length === will.length && was.every((value) => will.includes(value)) ? [] : [replace(A.foldedName, will)];
};

/** Display name as the directory should show it: explicit, else "Given Surname". */
const effectiveDisplayName = (displayName: string, givenName: string, surname: string): string =>
  displayName || [givenName, surname].filter(Boolean).join(' ');

/** What a mailbox is read from; its digest is the mailbox's revision (mailbox-revision.ts says why not entryCSN). */
const mailboxAttributes = [A.login, A.commonName, A.surname, A.givenName, A.displayName, A.primaryAddress, A.alias, A.quota, A.hidden, A.accountState, A.lockedTime, A.allowedService, A.deniedService, A.maxMessageSize, A.mustChange, A.accountExpires];

/** pwdReset TRUE, or none at all (replace with no values: no error when it is absent). */
const mustChangeChanges = (mustChange: boolean) => [replace(A.mustChange, mustChange ? [ldapBoolean(true)] : [])];

/** Creates the OpenLDAP dialect for a directory whose suffix is `suffix`. */
export function openLdapDialect(suffix: string): HostingDialect {
  const layout = openLdapLayout(suffix);

  const tenantSettingsAttributes = (settings: Partial<TenantSettings>): Record<string, string[]> => {
    const out: Record<string, string[]> = {};
    if (settings.displayName !== undefined) out[A.displayName] = presentValues(settings.displayName);
    if (settings.mailDomains !== undefined) out[A.mailDomain] = [...new Set(settings.mailDomains)];
    if (settings.storagePoolBytes !== undefined) out[A.storagePool] = presentValues(settings.storagePoolBytes);
    if (settings.mailboxLimit !== undefined) out[A.mailboxLimit] = presentValues(settings.mailboxLimit);
    if (settings.defaultQuotaBytes !== undefined) out[A.defaultQuota] = presentValues(settings.defaultQuotaBytes);
    if (settings.allowOvercommit !== undefined) out[A.allowOvercommit] = [ldapBoolean(settings.allowOvercommit)];
    if (settings.services !== undefined) {
      out[A.deniedService] = deniedServicesOf(settings.services);
      out[A.maxMessageSize] = presentValues(settings.services.maxMessageBytes);
    }
    return out;
  };

  const nonEmpty = (attributes: Record<string, string[]>): EntryAttributes => {
    const kept: EntryAttributes = {};
    for (const [name, list] of Object.entries(attributes)) if (list.length > 0) kept[name] = list;
    return kept;
  };

  return {
    flavor: 'openldap',
    layout,

    tenantFilter: () => objectClass('enclaveTenant'),
    tenantAttributes: () => [A.tenantName, A.displayName, A.mailDomain, A.storagePool, A.mailboxLimit, A.defaultQuota, A.allowOvercommit, A.deniedService, A.maxMessageSize],
    tenantEntry: (name, settings) => ({
      objectClass: [...openLdapClasses.tenant],
      [A.tenantName]: name,
      ...nonEmpty({ ...tenantSettingsAttributes({ ...settings, services: settings.services ?? defaultTenantMailServices }), [A.foldedName]: foldedNames(name, settings.displayName) }),
    }),
    tenantFromEntry: (entry) => ({
      name: leafValue(entry.dn),
      dn: entry.dn,
      displayName: first(entry, A.displayName),
      mailDomains: values(entry, A.mailDomain),
      storagePoolBytes: integer(entry, A.storagePool),
      mailboxLimit: integer(entry, A.mailboxLimit),
      defaultQuotaBytes: integer(entry, A.defaultQuota),
      allowOvercommit: boolean(entry, A.allowOvercommit),
      services: tenantServicesFrom(values(entry, A.deniedService), integer(entry, A.maxMessageSize)),
    }),
    tenantChanges: (changes, current) => [
      ...Object.entries(tenantSettingsAttributes(changes)).map(([attribute, list]) => replace(attribute, list)),
      ...(changes.displayName !== undefined && current ? foldedNameChanges([current.name, current.displayName], [current.name, changes.displayName]) : []),
    ],

    // Mailboxes in use; deleted ones (deleted items) are read only through `deletedItems`.
    mailboxFilter: liveMailboxFilter,
    mailboxAttributes: () => [...mailboxAttributes],
    mailboxKeyAttributes: () => [A.login, A.primaryAddress, A.alias],
    newMailboxDn: (request) => childDn(layout.mailboxesDn(request.tenant), A.login, request.login),
    mailboxEntry: (request) =>
      nonEmpty({
        objectClass: [...openLdapClasses.mailbox],
        [A.login]: [request.login],
        [A.commonName]: [effectiveDisplayName(request.displayName, request.givenName, request.surname)],
        [A.surname]: [request.surname],
        [A.givenName]: presentValues(request.givenName),
        [A.displayName]: presentValues(request.displayName),
        [A.primaryAddress]: [request.primaryAddress],
        [A.alias]: allAddresses(request.primaryAddress, request.aliases),
        [A.quota]: [quotaValue(request.quotaBytes)],
        [A.hidden]: request.hiddenFromAddressBook ? [ldapBoolean(true)] : [],
        [A.foldedName]: foldedNames(effectiveDisplayName(request.displayName, request.givenName, request.surname), request.givenName, request.surname),
        [A.accountState]: [request.enabled ? 'active' : 'disabled'],
        [A.lockedTime]: request.enabled ? [] : [permanentLockTime],
        [A.password]: [request.password],
        // The tenant's own policy checks this password already: the server allows a tenant admin no other value.
        [policySubentryAttribute]: [layout.tenantPolicyDn(request.tenant)],
        [A.mustChange]: request.mustChangePassword ? [ldapBoolean(true)] : [],
        [A.accountExpires]: request.expiresAt ? [generalizedTimeOf(request.expiresAt)] : [],
      }),
    mailboxFromEntry: (tenant, entry): Mailbox => {
      const lockedTime = first(entry, A.lockedTime);
      const enabled = first(entry, A.accountState) !== 'disabled';
      return {
        tenant,
        login: first(entry, A.login),
        dn: entry.dn,
        givenName: first(entry, A.givenName),
        surname: first(entry, A.surname),
        displayName: first(entry, A.displayName) || first(entry, A.commonName),
        primaryAddress: first(entry, A.primaryAddress),
        // mailLocalAddress lists every address the MTA accepts, the primary included.
        aliases: values(entry, A.alias).filter((address) => address.toLowerCase() !== first(entry, A.primaryAddress).toLowerCase()),
        quotaBytes: quotaFromValue(first(entry, A.quota)),
        enabled,
        locked: enabled && lockedTime !== '',
        hiddenFromAddressBook: boolean(entry, A.hidden),
        services: mailboxServicesFrom(values(entry, A.allowedService), values(entry, A.deniedService), integer(entry, A.maxMessageSize)),
        mustChangePassword: boolean(entry, A.mustChange),
        expiresAt: first(entry, A.accountExpires) === '' ? null : isoOfGeneralizedTime(first(entry, A.accountExpires)),
        revision: contentRevision(entry, mailboxAttributes),
      };
    },
    mailboxChanges: (current: Mailbox, changes: MailboxChanges): Change[] => {
      const out: Change[] = [];
      const given = changes.givenName ?? current.givenName;
      const surname = changes.surname ?? current.surname;
      const display = changes.displayName ?? current.displayName;
      if (changes.givenName !== undefined) out.push(replace(A.givenName, presentValues(changes.givenName)));
      if (changes.surname !== undefined) out.push(replace(A.surname, changes.surname));
      if (changes.displayName !== undefined) out.push(replace(A.displayName, presentValues(changes.displayName)));
      if (changes.givenName !== undefined || changes.surname !== undefined || changes.displayName !== undefined) {
        const common = effectiveDisplayName(display, given, surname);
        out.push(replace(A.commonName, common), ...foldedNameChanges([current.displayName, current.givenName, current.surname], [common, given, surname]));
      }
      if (changes.primaryAddress !== undefined || changes.aliases !== undefined) {
        const primary = changes.primaryAddress ?? current.primaryAddress;
        out.push(replace(A.primaryAddress, primary), replace(A.alias, allAddresses(primary, changes.aliases ?? current.aliases)));
      }
      if (changes.quotaBytes !== undefined) out.push(replace(A.quota, quotaValue(changes.quotaBytes)));
      if (changes.hiddenFromAddressBook !== undefined) {
        out.push(replace(A.hidden, changes.hiddenFromAddressBook ? [ldapBoolean(true)] : []));
      }
      if (changes.services !== undefined) {
        const services = { ...current.services, ...changes.services };
        const { allowed, denied } = mailboxServiceValues(services);
        out.push(replace(A.allowedService, allowed), replace(A.deniedService, denied), replace(A.maxMessageSize, presentValues(services.maxMessageBytes)));
      }
      if (changes.mustChangePassword !== undefined) out.push(...mustChangeChanges(changes.mustChangePassword));
      if (changes.expiresAt !== undefined) out.push(replace(A.accountExpires, changes.expiresAt === null ? [] : [generalizedTimeOf(changes.expiresAt)]));
      return out;
    },
    mustChangeChanges: (mustChange) => mustChangeChanges(mustChange),
    // Disabling sets ppolicy's administrative lock so the server itself refuses binds. Enabling replaces the lock with
    // nothing: a delete would fail (16) when a password reset by another tool already lifted it.
    enabledChanges: (enabled) =>
      enabled
        ? [replace(A.accountState, 'active'), replace(A.lockedTime, [])]
        : [replace(A.accountState, 'disabled'), replace(A.lockedTime, permanentLockTime)],
    passwordChanges: (password) => [replace(A.password, password)],
    lockAttributes: () => [A.accountState, A.lockedTime, A.failureTime],
    lockState: (entry) => openLdapLockState(entry),
    // entryUUID: never given to another entry, so a re-created login gets a new folder (docs/mail-servers.md).
    mailStoreKeyAttributes: () => ['entryUUID'],
    mailStoreKey: (entry) => first(entry, 'entryUUID') || null,
    expiryChanges: (expiresAt) => [replace(A.accountExpires, expiresAt === null ? [] : [generalizedTimeOf(expiresAt)])],
    // Replacing with no values removes the lock and, unlike a delete, does not fail when there is none.
    unlockChanges: () => [replace(A.lockedTime, [])],
    loginFilter: (login) => new AndFilter({ filters: [objectClass('enclaveMailbox'), new EqualityFilter({ attribute: A.login, value: login })] }),
    addressFilter: (address) =>
      new OrFilter({
        filters: [
          new EqualityFilter({ attribute: A.primaryAddress, value: address }),
          new EqualityFilter({ attribute: A.alias, value: address }),
        ],
      }),
    // Both forms: the text as typed and folded, in the names and in their folded copies (so "muller" finds
    // "Müller" and "Müller" finds "Muller"). mailLocalAddress has no substring rule (misc.schema): aliases match
    // when typed in full.
    searchFilter: (text) => {
      const forms = [...new Set([text, foldText(text)])];
      const matches = new OrFilter({
        filters: [
          ...forms.flatMap((form) => [A.commonName, A.displayName, A.primaryAddress, A.login, A.tenantName].map((attribute) => new SubstringFilter({ attribute, any: [form] }))),
          new SubstringFilter({ attribute: A.foldedName, any: [foldText(text)] }),
          new EqualityFilter({ attribute: A.alias, value: text }),
        ],
      });
      // Deleted items are not found by the search box.
      return new AndFilter({ filters: [matches, new NotFilter({ filter: new PresenceFilter({ attribute: A.deletedAt }) })] });
    },
    tenantDomainFilter: (domain) =>
      new AndFilter({ filters: [objectClass('enclaveTenant'), new EqualityFilter({ attribute: A.mailDomain, value: domain })] }),
    classify: (entry) => {
      const classes = values(entry, 'objectClass').map((name) => name.toLowerCase());
      if (classes.includes('enclavetenant')) return 'tenant';
      if (classes.includes('enclavemailbox')) return 'mailbox';
      if (classes.includes('enclavegroup')) return 'group';
      return null;
    },
    classifyAttributes: () => ['objectClass', A.groupKind],

    groupFilter: (kind?: GroupKind) =>
      kind
        ? new AndFilter({ filters: [objectClass('enclaveGroup'), new EqualityFilter({ attribute: A.groupKind, value: kind })] })
        : new AndFilter({ filters: [objectClass('enclaveGroup'), new PresenceFilter({ attribute: A.groupKind })] }),
    groupAttributes: () => [A.commonName, A.description, A.primaryAddress, A.groupKind, A.member],
    groupDn: (tenant, kind, name) => childDn(layout.groupsDn(tenant, kind), A.commonName, name),
    groupEntry: (kind, name, description, address, memberDns) =>
      nonEmpty({
        objectClass: [...openLdapClasses.group],
        [A.commonName]: [name],
        [A.groupKind]: [kind],
        [A.foldedName]: foldedNames(name),
        [A.description]: presentValues(description),
        [A.primaryAddress]: presentValues(address),
        [A.alias]: presentValues(address),
        [A.member]: memberDns,
      }),
    groupFromEntry,
    groupChanges: (changes) => {
      const out: Change[] = [];
      if (changes.description !== undefined) out.push(replace(A.description, presentValues(changes.description)));
      if (changes.address !== undefined) {
        out.push(replace(A.primaryAddress, presentValues(changes.address)), replace(A.alias, presentValues(changes.address)));
      }
      return out;
    },
    memberAttribute: A.member,
    serviceAccountFilter: () => objectClass('simpleSecurityObject'),
    serviceAccountAttributes: () => [A.login, A.description, 'createTimestamp'],
    serviceAccountDn: (name) => childDn(layout.servicesDn, A.login, name),
    // A machine account: no person classes (it must never look like staff or a mailbox); the staff password policy
    // (no lockout: anybody's wrong binds must not stop the mail host; long passwords, checked by the server).
    serviceAccountEntry: (name, description, password) =>
      nonEmpty({ objectClass: ['account', 'simpleSecurityObject'], [A.login]: [name], [A.description]: presentValues(description), [A.password]: [password], pwdPolicySubentry: [layout.staffPolicyDn] }),
    serviceAccountFromEntry: (entry) => ({ name: first(entry, A.login), description: first(entry, A.description), createdAt: first(entry, 'createTimestamp') ? isoOfGeneralizedTime(first(entry, 'createTimestamp')) : null }),
    serviceAccountContainers: (): { dn: string; attributes: EntryAttributes }[] => [
      { dn: layout.servicesDn, attributes: { objectClass: ['top', 'organizationalUnit'], ou: 'services', description: 'Read-only accounts of the mail hosts' } },
      { dn: layout.mailServicesGroupDn, attributes: { objectClass: ['top', 'enclaveGroup'], cn: 'mail-services', description: 'Mail hosts: read what Dovecot and Postfix need, nothing else', enclaveGroupKind: 'security' } },
    ],
    certificates: {
      stored: [
        { attribute: `${A.certificate};binary`, deleteByValue: true },
        { attribute: A.smimeCertificate, deleteByValue: false },
      ],
      importTo: `${A.certificate};binary`,
      holderFilter: () =>
        new AndFilter({
          filters: [objectClass('enclaveMailbox'), new OrFilter({ filters: [new PresenceFilter({ attribute: A.certificate }), new PresenceFilter({ attribute: A.smimeCertificate })] })],
        }),
    },
    conformance: {
      mailboxClasses: openLdapClasses.mailbox,
      groupClasses: openLdapClasses.group,
      loginAttribute: A.login,
      addressAttributes: [A.primaryAddress, A.alias],
      // ppolicy hashes every cleartext password with olcPasswordHash ({SSHA}, slapd-config.ts).
      password: { attribute: A.password, serverScheme: '{SSHA}' },
      disabled: { stateAttribute: A.accountState, disabledValue: 'disabled', lockAttribute: A.lockedTime },
    },
    quotaAttribute: A.quota,
    quotaFromEntry: (entry) => quotaFromValue(first(entry, A.quota)),
    passwordPolicy: openLdapPasswordPolicyStore(layout),
    deletedItems: openLdapDeletedItems(layout),
  };
}

/** ppolicy's lock as the editor shows it: an administrator's disable, a lockout after failures, or none. */
function openLdapLockState(entry: Entry): MailboxLockState {
  const lockedTime = first(entry, A.lockedTime);
  const failures = values(entry, A.failureTime).sort();
  const lastFailure = failures.length > 0 ? isoOfGeneralizedTime(failures[failures.length - 1] ?? '') : null;
  const counted = { failedLogins: failures.length, lastFailure };
  if (first(entry, A.accountState) === 'disabled') {
    const missing = lockedTime === '' ? ' The directory lock is missing (a password reset lifts it): the mail servers still refuse it by its state.' : '';
    return { state: 'disabled', since: null, reason: `Disabled by an administrator: logins and delivery are refused.${missing}`, ...counted };
  }
  if (lockedTime === permanentLockTime) return { state: 'locked', since: null, reason: 'Locked by an administrator (the directory refuses its logins) although not disabled in Enclave.', ...counted };
  if (lockedTime !== '') {
    return { state: 'locked', since: isoOfGeneralizedTime(lockedTime), reason: `Locked by the password policy after ${failures.length || 'too many'} failed logins.`, ...counted };
  }
  return { state: 'active', since: null, reason: failures.length > 0 ? `${failures.length} failed logins recorded, not locked.` : 'Not locked.', ...counted };
}
