/**
 * The commands that run one call of the contract (shared/ipc/contract.ts), named like the console's actions. Each
 * says which call it makes, which flag fills which request field, and how its answer is shown. Kept free of zod
 * and of the services so `enclave --help` loads nothing else; the request is validated by the dispatcher.
 */
import type { CallName } from '../../shared/ipc/call-names';

/** How a flag's text becomes a request value. */
export type FlagKind =
  /** The text as given. */
  | 'text'
  /** The text, or null for "none" (e.g. a group without an address). */
  | 'text-or-none'
  /** Repeatable; the list of values (an empty value is dropped, so `--alias ''` alone gives []). */
  | 'texts'
  /** Bytes, or a number with B/KiB/MiB/GiB/TiB (K/M/G/T and KB/MB/GB/TB count in 1024s too); null for "unlimited"/"none". */
  | 'size'
  /** A whole number, or null for "none"/"unlimited". */
  | 'count'
  /** A whole number. */
  | 'int'
  /** No value: sets the field to `value` (true unless given). */
  | 'switch'
  /** A file ("-" for stdin) sent as its bytes in base64 (a certificate, PEM or DER). */
  | 'file-base64'
  /** A file holding a secret ("-" for stdin); the value is its text without the final line break. */
  | 'secret-file';

export interface FlagSpec {
  /** The option without its dashes. */
  name: string;
  kind: FlagKind;
  /** Where the value goes in the request, as a dot path ("settings.mailDomains"). */
  field: string;
  help: string;
  /** switch: the value set. */
  value?: unknown;
  /** secret-file: the environment variable read when the flag is absent. */
  env?: string;
  /** Shown in help after the flag, e.g. NAME, SIZE. */
  placeholder?: string;
}

/** How the answer is shown without --json (with --json it is always the call's result as JSON). */
export type Presentation =
  | 'tenants' | 'groups'
  /** Every page of listMailboxes, followed by its cursor and streamed out. */
  | 'mailboxes' | 'search' | 'connections' | 'import-jobs'
  | 'session' | 'quota-report' | 'access-rules' | 'csv'
  | 'keys-report' | 'certificates' | 'certificate-import'
  /** One object, as indented JSON. */
  | 'object'
  /** A null result: the command's `done` sentence. */
  | 'done';

/** Which handler module of main/app/handlers/ serves the call (the command line loads only that one). */
export type Feature = 'connection' | 'hosting' | 'isolation' | 'import' | 'report' | 'keys' | 'lifecycle';

export interface CallCommand {
  /** The command's words: ["tenant", "create"], or one word ("tenants"). */
  words: readonly string[];
  call: CallName;
  feature: Feature;
  summary: string;
  /** Opens a directory session from the connection options first (false: profiles and jobs on disk only). */
  connects: boolean;
  flags: readonly FlagSpec[];
  /** Request fields that must be given (by their flag or in --json-input), with the flag that gives them. */
  required?: readonly string[];
  /** Request fields set unless --json-input or a flag gives them. */
  defaults?: Readonly<Record<string, unknown>>;
  /** Request fields set by the command itself (a list is a distribution group). */
  fixed?: Readonly<Record<string, unknown>>;
  /** One positional word that fills a field (search QUERY). */
  positional?: { name: string; field: string };
  presentation: Presentation;
  /** presentation "done": the sentence, from the request sent. */
  done?: (request: Record<string, unknown>) => string;
  /**
   * Built by code instead of from flags alone (connection profiles: the connection options describe the profile
   * to save or test, not a directory to connect to); see connection-requests.ts.
   */
  builder?: 'save-connection' | 'delete-connection' | 'test-connection';
  /** Extra lines of help. */
  notes?: string;
}

// ---- Flags used by several commands ----

const tenantFlag = (field = 'tenant'): FlagSpec => ({ name: 'tenant', kind: 'text', field, placeholder: 'NAME', help: 'the tenant (its name, as shown in the console)' });
const loginFlag: FlagSpec = { name: 'login', kind: 'text', field: 'login', placeholder: 'LOGIN', help: 'the mailbox\'s login name' };
const groupNameFlag = (what: string): FlagSpec => ({ name: 'name', kind: 'text', field: 'name', placeholder: 'NAME', help: `the ${what}'s name` });
const newPasswordFlag: FlagSpec = {
  name: 'new-password-file',
  kind: 'secret-file',
  field: 'password',
  env: 'ENCLAVE_NEW_PASSWORD',
  placeholder: 'FILE',
  help: 'the mailbox\'s password, read from FILE ("-": stdin; else $ENCLAVE_NEW_PASSWORD); never given on the command line',
};

/** Tenant settings: the same flags for create (settings.*) and update (changes.*). */
function tenantSettingFlags(into: 'settings' | 'changes'): FlagSpec[] {
  const flags: FlagSpec[] = [
    { name: 'display-name', kind: 'text', field: `${into}.displayName`, placeholder: 'TEXT', help: 'the name shown in the console' },
    { name: 'domain', kind: 'texts', field: `${into}.mailDomains`, placeholder: 'DOMAIN', help: into === 'settings' ? 'a mail domain of the tenant' : 'the tenant\'s mail domains: the whole list' },
    { name: 'pool', kind: 'size', field: `${into}.storagePoolBytes`, placeholder: 'SIZE', help: 'storage pool shared by its mailboxes\' quotas, e.g. 50GiB ("none": no pool)' },
    { name: 'mailbox-limit', kind: 'count', field: `${into}.mailboxLimit`, placeholder: 'N', help: 'most mailboxes the tenant may have ("none": no limit)' },
    { name: 'default-quota', kind: 'size', field: `${into}.defaultQuotaBytes`, placeholder: 'SIZE', help: 'quota a new mailbox gets when none is given ("unlimited")' },
    { name: 'allow-overcommit', kind: 'switch', field: `${into}.allowOvercommit`, value: true, help: 'let the quotas add up to more than the pool' },
  ];
  if (into === 'changes') flags.push({ name: 'no-allow-overcommit', kind: 'switch', field: 'changes.allowOvercommit', value: false, help: 'keep the quotas within the pool' });
  return flags;
}

/** Mailbox fields: the same flags for create (top level) and update (changes.*). */
function mailboxFieldFlags(into: '' | 'changes.'): FlagSpec[] {
  return [
    { name: 'given-name', kind: 'text', field: `${into}givenName`, placeholder: 'TEXT', help: 'first name' },
    { name: 'surname', kind: 'text', field: `${into}surname`, placeholder: 'TEXT', help: 'last name' },
    { name: 'display-name', kind: 'text', field: `${into}displayName`, placeholder: 'TEXT', help: 'name in address books (empty: "given name surname")' },
    { name: 'address', kind: 'text', field: `${into}primaryAddress`, placeholder: 'ADDRESS', help: 'primary mail address, in a domain of the tenant' },
    { name: 'alias', kind: 'texts', field: `${into}aliases`, placeholder: 'ADDRESS', help: into === '' ? 'another address' : 'the aliases: the whole list (--alias \'\' removes them all)' },
    { name: 'quota', kind: 'size', field: `${into}quotaBytes`, placeholder: 'SIZE', help: into === '' ? 'e.g. 2GiB or 500MiB, or "unlimited" (default: the tenant\'s default quota)' : 'e.g. 2GiB or 500MiB, or "unlimited"' },
    { name: 'hidden', kind: 'switch', field: `${into}hiddenFromAddressBook`, value: true, help: 'hide from the address book' },
    ...(into === '' ? [] : [{ name: 'no-hidden', kind: 'switch', field: 'changes.hiddenFromAddressBook', value: false, help: 'show in the address book again' } satisfies FlagSpec]),
    { name: 'must-change-password', kind: 'switch', field: `${into}mustChangePassword`, value: true, help: 'the user must choose a new password at the next sign-in' },
    ...(into === '' ? [] : [{ name: 'no-must-change-password', kind: 'switch', field: 'changes.mustChangePassword', value: false, help: 'lift "must change the password"' } satisfies FlagSpec]),
    { name: 'expires', kind: 'text-or-none', field: `${into}expiresAt`, placeholder: 'TIME', help: 'when the account stops working, e.g. 2027-01-31T00:00:00Z ("none": never)' },
  ];
}

const done = (text: (request: Record<string, unknown>) => string) => text;
const named = (request: Record<string, unknown>, key: string): string => String(request[key] ?? '');

// ---- Groups and distribution lists: the same calls, the kind fixed by the command's noun ----

function groupCommands(noun: 'group' | 'list'): CallCommand[] {
  const kind = noun === 'group' ? 'security' : 'distribution';
  const what = noun === 'group' ? 'group' : 'distribution list';
  const ref = [tenantFlag(), groupNameFlag(what)];
  const refRequired = ['tenant', 'name'];
  const fixed = { kind };
  const memberFlag = (help: string): FlagSpec => ({ name: 'member', kind: 'texts', field: 'logins', placeholder: 'LOGIN', help });
  return [
    { words: [`${noun}s`], call: 'listGroups', feature: 'hosting', connects: true, summary: `a tenant's ${what}s with their members`, flags: [tenantFlag()], required: ['tenant'], fixed, presentation: 'groups' },
    { words: [noun, 'show'], call: 'getGroup', feature: 'hosting', connects: true, summary: `one ${what} with its members`, flags: ref, required: refRequired, fixed, presentation: 'object' },
    {
      words: [noun, 'create'],
      call: 'createGroup',
      feature: 'hosting',
      connects: true,
      summary: `create a ${what}`,
      flags: [
        ...ref,
        { name: 'description', kind: 'text', field: 'description', placeholder: 'TEXT', help: 'what it is for' },
        { name: 'address', kind: 'text-or-none', field: 'address', placeholder: 'ADDRESS', help: noun === 'list' ? 'the list\'s mail address, in a domain of the tenant' : 'a mail address for the group (optional)' },
        { name: 'member', kind: 'texts', field: 'members', placeholder: 'LOGIN', help: 'a mailbox of the tenant to add' },
      ],
      required: refRequired,
      fixed,
      presentation: 'object',
    },
    {
      words: [noun, 'update'],
      call: 'updateGroup',
      feature: 'hosting',
      connects: true,
      summary: `change a ${what}'s description or address`,
      flags: [
        ...ref,
        { name: 'description', kind: 'text', field: 'changes.description', placeholder: 'TEXT', help: 'what it is for' },
        { name: 'address', kind: 'text-or-none', field: 'changes.address', placeholder: 'ADDRESS', help: 'its mail address ("none" removes it)' },
      ],
      required: refRequired,
      fixed,
      presentation: 'object',
    },
    { words: [noun, 'delete'], call: 'deleteGroup', feature: 'hosting', connects: true, summary: `delete a ${what} (the tenant's system groups cannot be)`, flags: ref, required: refRequired, fixed, presentation: 'done', done: done((r) => `Deleted the ${what} "${named(r, 'name')}" of "${named(r, 'tenant')}".`) },
    { words: [noun, 'add-member'], call: 'addGroupMembers', feature: 'hosting', connects: true, summary: `add mailboxes of the tenant to a ${what}`, flags: [...ref, memberFlag('a login to add')], required: [...refRequired, 'member'], fixed, presentation: 'object' },
    { words: [noun, 'remove-member'], call: 'removeGroupMembers', feature: 'hosting', connects: true, summary: `take mailboxes out of a ${what}`, flags: [...ref, memberFlag('a login to remove')], required: [...refRequired, 'member'], fixed, presentation: 'object' },
  ];
}

const mailboxRefFlags = [tenantFlag(), loginFlag];
const expiringDaysFlag: FlagSpec = { name: 'expiring-days', kind: 'int', field: 'expiringWithinDays', placeholder: 'N', help: 'a certificate ending within N days counts as expiring (default 30)' };
const mailboxRefRequired = ['tenant', 'login'];

/** Every command that runs one contract call, in the order help lists them. */
export const callCommands: readonly CallCommand[] = [
  // ---- Tenants ----
  { words: ['tenants'], call: 'listTenants', feature: 'hosting', connects: true, summary: 'every tenant with its mailbox count', flags: [], presentation: 'tenants' },
  { words: ['tenant', 'show'], call: 'getTenant', feature: 'hosting', connects: true, summary: 'one tenant: settings and mailbox count', flags: [tenantFlag()], required: ['tenant'], presentation: 'object' },
  { words: ['tenant', 'usage'], call: 'getTenantUsage', feature: 'hosting', connects: true, summary: 'how much of the tenant\'s pool its mailbox quotas take', flags: [tenantFlag()], required: ['tenant'], presentation: 'object' },
  {
    words: ['tenant', 'create'],
    call: 'createTenant',
    feature: 'hosting',
    connects: true,
    summary: 'create a tenant with its containers and system groups',
    flags: [tenantFlag('name'), ...tenantSettingFlags('settings')],
    required: ['tenant', 'domain'],
    presentation: 'object',
  },
  {
    words: ['tenant', 'update'],
    call: 'updateTenant',
    feature: 'hosting',
    connects: true,
    summary: 'change a tenant\'s settings: only the flags given change',
    flags: [tenantFlag(), ...tenantSettingFlags('changes')],
    required: ['tenant'],
    presentation: 'object',
  },
  {
    words: ['tenant', 'delete'],
    call: 'deleteTenant',
    feature: 'hosting',
    connects: true,
    summary: 'delete a tenant (refused while it holds mailboxes, unless --force)',
    flags: [tenantFlag(), { name: 'force', kind: 'switch', field: 'force', value: true, help: 'delete everything below the tenant too' }],
    required: ['tenant'],
    presentation: 'done',
    done: done((r) => `Deleted the tenant "${named(r, 'tenant')}".`),
  },
  { words: ['tenant', 'password-policy'], call: 'getTenantPasswordPolicy', feature: 'hosting', connects: true, summary: 'the tenant\'s password policy (its rules; "default" for a tenant without its own yet)', flags: [tenantFlag()], required: ['tenant'], presentation: 'object' },
  {
    words: ['tenant', 'set-password-policy'],
    call: 'updateTenantPasswordPolicy',
    feature: 'hosting',
    connects: true,
    summary: 'change the tenant\'s own password policy (host admins): only the flags given change',
    flags: [
      tenantFlag(),
      { name: 'min-length', kind: 'int', field: 'changes.minLength', placeholder: 'N', help: 'shortest password accepted (OpenLDAP counts UTF-8 bytes)' },
      { name: 'history', kind: 'int', field: 'changes.historyCount', placeholder: 'N', help: 'earlier passwords that may not be used again (0: any)' },
      { name: 'max-age-days', kind: 'int', field: 'changes.maxAgeDays', placeholder: 'N', help: 'days until a password expires (0: never)' },
      { name: 'max-failures', kind: 'int', field: 'changes.maxFailures', placeholder: 'N', help: 'failed logins that lock the mailbox (0: never)' },
      { name: 'lockout-minutes', kind: 'int', field: 'changes.lockoutMinutes', placeholder: 'N', help: 'how long such a lock lasts' },
      { name: 'complexity', kind: 'switch', field: 'changes.requireComplexity', value: true, help: 'three of four character classes (Active Directory only)' },
      { name: 'no-complexity', kind: 'switch', field: 'changes.requireComplexity', value: false, help: 'no character-class rule' },
    ],
    required: ['tenant'],
    presentation: 'object',
    notes: 'Writes the tenant\'s policy entry only (OpenLDAP: cn=password-policy inside the tenant; AD: its PSO). docs/tenant-lifecycle.md',
  },
  {
    words: ['tenant', 'adopt-password-policy'],
    call: 'adoptTenantPasswordPolicies',
    feature: 'hosting',
    connects: true,
    summary: 'give tenants made before per-tenant policies their own, and point their mailboxes at it (the conformance fix)',
    flags: [{ ...tenantFlag(), help: 'one tenant (default: every tenant)' }],
    presentation: 'object',
  },
  { words: ['tenant', 'lifecycle'], call: 'getTenantLifecycle', feature: 'lifecycle', connects: true, summary: 'the tenant\'s last exit package (still current or not) and any unfinished teardown', flags: [tenantFlag()], required: ['tenant'], presentation: 'object' },

  // ---- Mailboxes ----
  {
    words: ['mailboxes'],
    call: 'listMailboxes',
    feature: 'hosting',
    connects: true,
    summary: 'a tenant\'s mailboxes, paged from the server',
    flags: [
      tenantFlag(),
      { name: 'query', kind: 'text', field: 'query', placeholder: 'TEXT', help: 'only mailboxes whose name, login or address contains TEXT' },
      { name: 'page-size', kind: 'int', field: 'pageSize', placeholder: 'N', help: 'mailboxes per server page (1-1000, default 500)' },
    ],
    required: ['tenant'],
    defaults: { pageSize: 500 },
    presentation: 'mailboxes',
  },
  { words: ['mailbox', 'show'], call: 'getMailbox', feature: 'hosting', connects: true, summary: 'one mailbox (its revision is what --expected-revision takes)', flags: mailboxRefFlags, required: mailboxRefRequired, presentation: 'object' },
  {
    words: ['mailbox', 'create'],
    call: 'createMailbox',
    feature: 'hosting',
    connects: true,
    summary: 'create a mailbox; it joins all-users and the groups given',
    flags: [
      ...mailboxRefFlags,
      ...mailboxFieldFlags(''),
      { name: 'disabled', kind: 'switch', field: 'enabled', value: false, help: 'create it disabled' },
      { name: 'group', kind: 'texts', field: 'groups', placeholder: 'NAME', help: 'a group or list of the tenant to join' },
      newPasswordFlag,
    ],
    required: ['tenant', 'login', 'surname', 'address', 'new-password-file'],
    presentation: 'object',
  },
  {
    words: ['mailbox', 'update'],
    call: 'updateMailbox',
    feature: 'hosting',
    connects: true,
    summary: 'change a mailbox: only the flags given change',
    flags: [
      ...mailboxRefFlags,
      ...mailboxFieldFlags('changes.'),
      { name: 'expected-revision', kind: 'text', field: 'expectedRevision', placeholder: 'REV', help: 'write nothing if the mailbox changed since this revision (from mailbox show)' },
    ],
    required: mailboxRefRequired,
    presentation: 'object',
  },
  { words: ['mailbox', 'disable'], call: 'setMailboxEnabled', feature: 'hosting', connects: true, summary: 'disable a mailbox (it can no longer log in or receive)', flags: mailboxRefFlags, required: mailboxRefRequired, fixed: { enabled: false }, presentation: 'object' },
  { words: ['mailbox', 'enable'], call: 'setMailboxEnabled', feature: 'hosting', connects: true, summary: 'enable a disabled mailbox', flags: mailboxRefFlags, required: mailboxRefRequired, fixed: { enabled: true }, presentation: 'object' },
  { words: ['mailbox', 'unlock'], call: 'unlockMailbox', feature: 'hosting', connects: true, summary: 'unlock a mailbox the password policy locked (helpdesk too)', flags: mailboxRefFlags, required: mailboxRefRequired, presentation: 'object' },
  {
    words: ['mailbox', 'set-password'],
    call: 'resetMailboxPassword',
    feature: 'hosting',
    connects: true,
    summary: 'set a mailbox\'s password (the server\'s policy decides; helpdesk too)',
    flags: [
      ...mailboxRefFlags,
      newPasswordFlag,
      { name: 'must-change', kind: 'switch', field: 'mustChange', value: true, help: 'the user must choose another at the next sign-in' },
    ],
    required: [...mailboxRefRequired, 'new-password-file'],
    presentation: 'done',
    done: done((r) => `Set the password of "${named(r, 'login')}" in "${named(r, 'tenant')}".`),
  },
  {
    words: ['mailbox', 'activity'],
    call: 'getMailboxActivity',
    feature: 'report',
    connects: true,
    summary: 'used size, messages and last login (from Dovecot: --doveadm-config FILE) and lock state with time and reason',
    flags: mailboxRefFlags,
    required: mailboxRefRequired,
    presentation: 'object',
  },
  { words: ['mailbox', 'delete'], call: 'deleteMailbox', feature: 'hosting', connects: true, summary: 'delete a mailbox into deleted items (restored or purged by a host admin); out of its groups', flags: mailboxRefFlags, required: mailboxRefRequired, presentation: 'done', done: done((r) => `Deleted the mailbox "${named(r, 'login')}" of "${named(r, 'tenant')}" (in deleted items until purged).`) },
  {
    words: ['mailbox', 'deleted'],
    call: 'listDeletedMailboxes',
    feature: 'hosting',
    connects: true,
    summary: 'the tenant\'s deleted mailboxes, how long they are kept, and how (OpenLDAP: by the console; AD: its Recycle Bin)',
    flags: [{ name: 'tenant', kind: 'text', field: 'tenant', placeholder: 'NAME', help: 'the tenant' }],
    required: ['tenant'],
    presentation: 'object',
  },
  { words: ['mailbox', 'restore'], call: 'restoreMailbox', feature: 'hosting', connects: true, summary: 'bring a deleted mailbox back with its groups (host admins)', flags: mailboxRefFlags, required: mailboxRefRequired, presentation: 'object' },
  { words: ['mailbox', 'purge'], call: 'purgeMailbox', feature: 'hosting', connects: true, summary: 'remove a deleted mailbox for good; its login and addresses become free (host admins)', flags: mailboxRefFlags, required: mailboxRefRequired, presentation: 'done', done: done((r) => `Purged the deleted mailbox "${named(r, 'login')}" of "${named(r, 'tenant')}".`) },
  {
    words: ['mailbox', 'purge-expired'],
    call: 'purgeExpiredMailboxes',
    feature: 'hosting',
    connects: true,
    summary: 'purge the tenant\'s deleted mailboxes kept past their retention (host admins)',
    flags: [{ name: 'tenant', kind: 'text', field: 'tenant', placeholder: 'NAME', help: 'the tenant' }],
    required: ['tenant'],
    presentation: 'object',
  },

  // ---- Groups and lists ----
  ...groupCommands('group'),
  ...groupCommands('list'),

  // ---- Search, session ----
  {
    words: ['search'],
    call: 'searchDirectory',
    feature: 'hosting',
    connects: true,
    summary: 'tenants, mailboxes, groups and lists whose name or address contains QUERY',
    flags: [{ name: 'limit', kind: 'int', field: 'limit', placeholder: 'N', help: 'at most N hits (1-500, default 50)' }],
    positional: { name: 'QUERY', field: 'query' },
    required: ['QUERY'],
    presentation: 'search',
  },
  { words: ['whoami'], call: 'getSession', feature: 'connection', connects: true, summary: 'the server, the bound identity and the role the console would give it', flags: [], presentation: 'session' },

  // ---- Saved connections (the console's connection manager) ----
  { words: ['connection', 'list'], call: 'listConnections', feature: 'connection', connects: false, summary: 'the connections saved in the data folder (shared with the console)', flags: [], presentation: 'connections' },
  {
    words: ['connection', 'save'],
    call: 'saveConnection',
    feature: 'connection',
    connects: false,
    summary: 'save a connection (the connection options describe it)',
    flags: [
      { name: 'name', kind: 'text', field: 'profile.name', placeholder: 'NAME', help: 'the connection\'s name (an existing one of that name is updated: flags not given keep their value)' },
      { name: 'id', kind: 'text', field: 'profile.id', placeholder: 'ID', help: 'its id (a-z, 0-9, -); default: made from the name' },
      { name: 'flavor', kind: 'text', field: 'profile.flavor', placeholder: 'FLAVOR', help: 'auto (default), openldap or active-directory' },
      { name: 'forget-password', kind: 'switch', field: 'password', value: '', help: 'delete its saved password' },
    ],
    builder: 'save-connection',
    presentation: 'object',
    notes: 'The password is saved when --password-file is given (in DATA/secrets.json, mode 0600); $ENCLAVE_PASSWORD is never saved.',
  },
  {
    words: ['connection', 'delete'],
    call: 'deleteConnection',
    feature: 'connection',
    connects: false,
    summary: 'delete a saved connection and its saved password',
    flags: [{ name: 'name', kind: 'text', field: 'profileId', placeholder: 'NAME', help: 'the connection (its name or id)' }],
    builder: 'delete-connection',
    required: ['name'],
    presentation: 'done',
    done: done((r) => `Deleted the connection "${named(r, 'profileId')}".`),
  },
  {
    words: ['connection', 'test'],
    call: 'testConnection',
    feature: 'connection',
    connects: false,
    summary: 'connect once and report what the server is',
    flags: [{ name: 'name', kind: 'text', field: 'profile.name', placeholder: 'NAME', help: 'a saved connection (its name or id); its saved password unless one is given' }],
    builder: 'test-connection',
    presentation: 'object',
  },

  // ---- Reports and isolation ----
  {
    words: ['quota', 'report'],
    call: 'quotaReport',
    feature: 'report',
    connects: true,
    summary: 'pool, allocated, used (from Dovecot: --doveadm-config FILE), mailbox count, limit and overcommit per tenant',
    flags: [tenantFlag(), { name: 'top', kind: 'int', field: 'top', placeholder: 'N', help: 'how many of the largest mailboxes to list (1-100, default 10)' }],
    presentation: 'quota-report',
  },
  {
    words: ['keys', 'report'],
    call: 'keysReport',
    feature: 'keys',
    connects: true,
    summary: 'certificates per tenant and what is wrong with them: shared keys or CAs across tenants, expiry, addresses',
    flags: [tenantFlag(), expiringDaysFlag],
    presentation: 'keys-report',
    notes: 'Other tenants are compared only when the bound identity reads them (host admins, helpdesk); the report names the checks it could not make. docs/keys.md',
  },
  { words: ['certificates'], call: 'getMailboxCertificates', feature: 'keys', connects: true, summary: 'a mailbox\'s certificates with their findings', flags: [...mailboxRefFlags, expiringDaysFlag], required: mailboxRefRequired, presentation: 'certificates' },
  {
    words: ['certificate', 'import'],
    call: 'importMailboxCertificate',
    feature: 'keys',
    connects: true,
    summary: 'publish a certificate (PEM or DER) for a mailbox, after the keys report\'s checks',
    flags: [
      ...mailboxRefFlags,
      { name: 'file', kind: 'file-base64', field: 'fileBase64', placeholder: 'FILE', help: 'the certificate, PEM or DER, alone or with its chain (.pem, .crt, .cer, .p7b; "-": stdin)' },
      { name: 'dry-run', kind: 'switch', field: 'dryRun', value: true, help: 'check only: say what would be written and why it would be refused' },
      { name: 'accept-warnings', kind: 'switch', field: 'acceptWarnings', value: true, help: 'write despite warnings (other addresses, expiring soon, a CA other tenants use); errors are never overridden' },
      expiringDaysFlag,
    ],
    required: [...mailboxRefRequired, 'file'],
    presentation: 'certificate-import',
  },
  {
    words: ['certificate', 'remove'],
    call: 'removeMailboxCertificate',
    feature: 'keys',
    connects: true,
    summary: 'withdraw a mailbox\'s certificate, named by its SHA-256 fingerprint (from certificates)',
    flags: [...mailboxRefFlags, { name: 'fingerprint', kind: 'text', field: 'fingerprint', placeholder: 'SHA256', help: 'the certificate\'s fingerprint, 64 hex digits' }],
    required: [...mailboxRefRequired, 'fingerprint'],
    presentation: 'certificates',
  },
  { words: ['access-rules'], call: 'getAccessRules', feature: 'isolation', connects: true, summary: 'the access rules the console generates for this directory, numbered', flags: [], presentation: 'access-rules' },

  // ---- Import jobs (the import itself: `import`) ----
  { words: ['import-jobs'], call: 'listImportJobs', feature: 'import', connects: false, summary: 'the import jobs in the data folder (resume one: import --resume JOB)', flags: [], presentation: 'import-jobs' },
  {
    words: ['import-report'],
    call: 'importReportCsv',
    feature: 'import',
    connects: false,
    summary: 'an import job\'s per-row report as CSV on stdout',
    flags: [{ name: 'job', kind: 'text', field: 'jobId', placeholder: 'JOB', help: 'the job id (see import-jobs)' }],
    required: ['job'],
    presentation: 'csv',
  },
];

/**
 * The calls no command runs, and why: each names what the command line does instead. Everything else in
 * shared/ipc/call-names.ts is a call command above or the work of a command in other-commands.ts (a test checks).
 */
export const callsWithoutCommand: Readonly<Partial<Record<CallName, string>>> = {
  connect: 'every command connects from its connection options (--url/--bind-dn or --profile)',
  pauseImport: 'an import runs in the command\'s own process: Ctrl-C stops it after the current chunk (cancelImport) and import --resume JOB continues it',
  exportAuditRecords: 'audit list --json prints the records; the console\'s export writes the same records to a file',
  countTenantMailboxes: '`tenants` prints every tenant with its mailbox count (the console asks for the counts apart, after painting the tree)',
  bulkMailboxes: 'a script runs mailbox disable/enable/update/delete and group add-member per mailbox (or import --mode upsert for many fields at once); the console\'s bulk action is the same calls with progress for a selection',
};

/** The call command named by the first one or two words, if any. */
export function findCallCommand(words: readonly string[]): CallCommand | undefined {
  return callCommands.find((command) => command.words.every((word, index) => words[index] === word));
}

/** The first words of call commands that take a second word (tenant, mailbox, group, list, connection, quota). */
export const callCommandNouns: ReadonlySet<string> = new Set(callCommands.filter((command) => command.words.length > 1).map((command) => command.words[0] ?? ''));
