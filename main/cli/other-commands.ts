/**
 * The commands that are more than one call: the sandbox, bulk import and export, the audit journal, the isolation
 * verifier and the Domain Users chore. They take the options of cli-options.ts's `cliOptionSpec`; each module is
 * loaded only when its command runs.
 */
import type { CallName } from '../../shared/ipc/call-names';
import type { CliValues } from './cli-options';
import type { Output } from './cli-output';

/** A command: its exit status (or 0 when it returns nothing); `args` are the words after its name. */
export type CommandRun = (values: CliValues, out: Output, args: string[]) => Promise<void | number>;

export interface OtherCommand {
  name: string;
  /** Usage lines, without "enclave ". */
  usage: readonly string[];
  summary: string;
  /** Options and details for `enclave help NAME`. */
  details: string;
  /** The contract's calls it does the work of (the console's actions it stands for). */
  calls: readonly CallName[];
  /** True when it needs no connection options. */
  offline?: boolean;
  load: () => Promise<CommandRun>;
}

export const otherCommands: readonly OtherCommand[] = [
  {
    name: 'sandbox',
    calls: [],
    usage: ['sandbox [--data DIR] [--fresh] [--flavor openldap|ad] [--with-mail]'],
    summary: 'run the embedded sandbox directory; prints its url, bindDN, password and suffix',
    details: `  --data DIR        its data folder (default: $ENCLAVE_DATA_DIR, else the app's data folder); files in DIR/sandbox
  --fresh           start from an empty, newly seeded directory
  --flavor ad       a private Samba AD DC instead of slapd (root + samba-ad-dc); adds "caFile","tlsServerName"
  --with-mail       also a private Dovecot on it (root, dovecot-core/-ldap/-imapd/-lmtpd): a service account, demo
                    mail on first start; adds "imapPort","lmtpPort","dovecotConfig" (quota report --doveadm-config FILE)
Prints {"url","bindDN","password","suffix"} as one line once it accepts binds. On first start it is seeded
with the three demo tenants. Stop it with Ctrl-C or SIGTERM.`,
    offline: true,
    load: async () => (await import('./sandbox-command')).sandboxCommand,
  },
  {
    name: 'import',
    calls: ['previewImport', 'startImport', 'resumeImport', 'cancelImport'],
    usage: ['import --tenant NAME FILE.csv [--mode create|upsert] [--dry-run] [--only-valid] [--report OUT.csv]', 'import --resume JOB'],
    summary: 'bulk-import mailboxes from a CSV file as a resumable job',
    details: `  --tenant NAME      the tenant the rows go to
  --mode create      only new mailboxes (default); upsert: create or update
  --dry-run          validate and preview only (previewImport); nothing is written
  --only-valid       import the valid rows and report the rejected ones (default: all or nothing)
  --report OUT.csv   write the per-row report there
  --resume JOB       finish an interrupted, paused or cancelled job (resumeImport); import-jobs lists them
Every row is validated against the whole directory first. Exit 3: rows rejected or failed; 4: the job did not
finish (Ctrl-C stops after the current chunk; resume it). docs/bulk-import.md`,
    load: async () => (await import('./import-command')).importCommand,
  },
  {
    name: 'import-template',
    calls: ['importTemplateCsv'],
    usage: ['import-template FILE.csv'],
    summary: 'write the import template (every column, two example rows)',
    details: '',
    offline: true,
    load: async () => (await import('./import-command')).importTemplateCommand,
  },
  {
    name: 'export',
    calls: ['exportMailboxesCsv'],
    usage: ['export --tenant NAME FILE.csv'],
    summary: 'a tenant\'s mailboxes in the import columns ("-": stdout)',
    details: '  --tenant NAME   the tenant\n  FILE            where to write (- for stdout). Import it back with import --mode upsert.',
    load: async () => (await import('./export-command')).exportCommand,
  },
  {
    name: 'audit',
    calls: ['listAuditRecords', 'verifyAuditJournal'],
    usage: ['audit list [--tenant T] [--since ISO] [--until ISO] [--source console|server|both] [--limit N]', 'audit verify [--journal FILE]'],
    summary: 'the journal and the server\'s log, newest first (list); the hash chain (verify)',
    details: `  list     listAuditRecords: --tenant, --since/--until (ISO time), --source console|server|both, --limit N (default 1000)
  verify   verifyAuditJournal: exits 3 naming the first broken record
  --journal FILE   the journal (default DATA/audit/journal.jsonl, DATA = --data or $ENCLAVE_DATA_DIR). docs/audit.md`,
    load: async () => (await import('./audit-commands')).auditCommand,
  },
  {
    name: 'verify-isolation',
    calls: ['verifyIsolation'],
    usage: ['verify-isolation [--sample N]'],
    summary: 'probe tenant isolation as every role (a host admin binds); exit 1 on a leak',
    details: 'The console\'s verifyIsolation call. With --json the whole report; without, the failing probes and a summary. docs/isolation.md',
    load: async () => (await import('./verify-isolation-command')).verifyIsolationCommand,
  },
  {
    name: 'conformance',
    calls: ['scanConformance'],
    usage: ['conformance [--tenant T]'],
    summary: 'every entry that breaks the access policy, and tenants over their pool or limit; exit 1 on findings',
    details: '  --tenant NAME   report one tenant only (the directory-wide checks still read every tenant). The console\'s scanConformance call. docs/isolation.md',
    load: async () => (await import('./conformance-command')).conformanceCommand,
  },
  {
    name: 'tenant export',
    calls: ['exportTenant'],
    usage: ['tenant export --tenant NAME [--out DIR]'],
    summary: 'write the tenant\'s exit package: every entry as LDIF, mailboxes as CSV, groups, certificates, its audit trail, settings, SHA-256 manifest',
    details: `  --tenant NAME   the tenant (host admins only)
  --out DIR       a new or empty folder (default: DATA/tenant-exits/NAME-TIME); nothing is ever overwritten
Prints the manifest (--json: as JSON). Check it with: cd DIR && sha256sum -c SHA256SUMS. docs/tenant-lifecycle.md`,
    load: async () => (await import('./lifecycle-commands')).tenantExportCommand,
  },
  {
    name: 'tenant teardown',
    calls: ['teardownTenant'],
    usage: ['tenant teardown --tenant NAME --confirm NAME [--export DIR]'],
    summary: 'remove a tenant after its exit package, search the whole directory for what is left, write the report',
    details: `  --tenant NAME    the tenant (host admins only)
  --confirm NAME   the tenant's name again: nothing is removed unless it matches exactly
  --export DIR     the exit package it follows (default: the tenant's latest in DATA/tenant-exits); it must be
                   intact and show the tenant as it is now, else nothing is removed
Run it again after an interruption: it finishes where it stopped. Exit 0: nothing of the tenant is left; 3: the
report lists residue. The report (JSON and text) is written to DATA/tenant-teardowns/. docs/tenant-lifecycle.md`,
    load: async () => (await import('./lifecycle-commands')).tenantTeardownCommand,
  },
  {
    name: 'service-account',
    calls: ['listServiceAccounts', 'createServiceAccount', 'deleteServiceAccount'],
    usage: ['service-account create --name NAME [--description TEXT] [--password-out FILE]', 'service-account list', 'service-account remove --name NAME'],
    summary: 'read-only directory accounts for mail hosts (Dovecot, Postfix); host admins',
    details: `  create   createServiceAccount: a generated password, shown once (or written to --password-out FILE, a new
           file of mode 0600; it is never overwritten). The account joins the mail-services group: it reads what
           Dovecot and Postfix need (never a password), writes nothing, and has no size limit.
  list     listServiceAccounts
  remove   deleteServiceAccount: out of mail-services, then deleted; its binds stop at once.
  --name NAME   the account's name, e.g. the mail host's (1-20: letters, digits, . - _)
Then: enclave mail-config (docs/mail-servers.md).`,
    load: async () => (await import('./service-account-command')).serviceAccountCommand,
  },
  {
    name: 'mail-config',
    calls: [],
    usage: ['mail-config --server dovecot|postfix --out DIR --service-account NAME --service-password-file FILE [options]'],
    summary: 'write a working Dovecot or Postfix configuration for this directory (docs/mail-servers.md)',
    details: `  --server dovecot|postfix       what to configure
  --out DIR                      the folder to write to (files are replaced one by one, atomically; others are left)
  --service-account NAME         the mail host's account (service-account create); it must be in mail-services
  --service-password-file FILE   its password (checked by binding before anything is written)
  --ldap-url URL                 the directory as the mail host reaches it (repeat; default: the connection's)
  --ldap-ca-file FILE            the directory's CA certificate, as a path on the mail host
Dovecot:  --mail-root DIR (/var/vmail)  --vmail-user USER (vmail)  --vmail-group GROUP  --listen ADDR (*)
          --imap-port N (143)  --pop3 [--pop3-port N (110)]  --lmtp-port N (24)  --tls-cert FILE --tls-key FILE
          --state-dir DIR (/var/lib/dovecot/enclave, writable by user dovecot)  --auth-failure-delay TIME (2 secs)
          --doveadm-port N --doveadm-api-key-file FILE [--doveadm-address ADDR]   doveadm's HTTP API (usage source)
          --run-dir DIR   a private instance (own run folder, state and log in DIR): dovecot -F -c OUT/dovecot.conf
Postfix:  --lmtp-host HOST (127.0.0.1)  --lmtp-port N (24): where Dovecot's LMTP listens
Writes secrets 0600 (Dovecot's password file) and 0640 root:postfix (Postfix's tables: ldap_table has no password file).`,
    load: async () => (await import('./mail-config-command')).mailConfigCommand,
  },
  {
    name: 'finish-primary-groups',
    calls: ['listPendingPrimaryGroups', 'finishPrimaryGroups'],
    usage: ['finish-primary-groups [--dry-run]'],
    summary: 'AD, as a host admin: take tenant admins\' new mailboxes out of Domain Users',
    details: '  --dry-run   only list them (listPendingPrimaryGroups); without it: finishPrimaryGroups. docs/active-directory.md',
    load: async () => (await import('./finish-primary-groups-command')).finishPrimaryGroupsCommand,
  },
];

/** The command named by the first words (names may be two words, "tenant export"); the longest name wins. */
export const findOtherCommand = (words: readonly string[]): OtherCommand | undefined =>
  otherCommands
    .filter((command) => command.name.split(' ').every((word, index) => words[index] === word))
    .sort((a, b) => b.name.length - a.name.length)[0];
