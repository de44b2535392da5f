/** Parsing of the command line shared by every `enclave` command. */
import { parseArgs } from 'node:util';

/** How a command reaches the directory (and where its data folder and journal are): every command takes these. */
export const connectionOptionSpec = {
  url: { type: 'string', multiple: true },
  'bind-dn': { type: 'string' },
  'password-file': { type: 'string' },
  'tls-mode': { type: 'string' },
  'ca-file': { type: 'string' },
  'tls-server-name': { type: 'string' },
  'base-dn': { type: 'string' },
  /** Seconds a server may stay silent (bind, liveness) before the next URL is tried (default 5). */
  'response-timeout': { type: 'string' },
  profile: { type: 'string' },
  data: { type: 'string' },
  /** The audit journal every write is recorded in first (default <data>/audit/journal.jsonl). */
  journal: { type: 'string' },
  /** Mail usage (quota report, mailbox activity): the local doveadm with this Dovecot configuration... */
  'doveadm-config': { type: 'string' },
  /** ...or doveadm's HTTP API and the file holding its key. */
  'doveadm-url': { type: 'string' },
  'doveadm-key-file': { type: 'string' },
} as const;

/** Output and help, for every command. */
export const outputOptionSpec = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Options every command accepts, plus the own options of the commands that do not run one contract call. */
export const cliOptionSpec = {
  ...connectionOptionSpec,
  ...outputOptionSpec,
  fresh: { type: 'boolean', default: false },
  /** sandbox only: openldap (default) or ad (a private Samba AD DC). */
  flavor: { type: 'string' },
  /** sandbox only: also a private Dovecot on it, with demo mail (docs/mail-servers.md). */
  'with-mail': { type: 'boolean', default: false },
  tenant: { type: 'string' },
  'page-size': { type: 'string' },
  source: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  limit: { type: 'string' },
  /** import: validate and preview only; finish-primary-groups: list only. */
  'dry-run': { type: 'boolean', default: false },
  /** verify-isolation: real tenants the whole matrix runs from (default 3). */
  sample: { type: 'string' },
  /** import: create | upsert. */
  mode: { type: 'string' },
  /** import: import the valid rows and report the rejected ones (default: all or nothing). */
  'only-valid': { type: 'boolean', default: false },
  /** import: continue the job with this id. */
  resume: { type: 'string' },
  /** import: write the per-row report (CSV) here. */
  report: { type: 'string' },
  /** import: column=HEADER pairs over the recognised mapping ('login=User Name,surname=Last Name'); may repeat. */
  map: { type: 'string', multiple: true },
  /** tenant export: the (new or empty) folder of the exit package. */
  out: { type: 'string' },
  /** tenant teardown: the tenant's name again. */
  confirm: { type: 'string' },
  /** tenant teardown: the exit package it follows. */
  export: { type: 'string' },
  /** service-account: the account's name; description. */
  name: { type: 'string' },
  description: { type: 'string' },
  /** service-account create: write the generated password to this new file (mode 0600) instead of stdout. */
  'password-out': { type: 'string' },
  /** mail-config (docs/mail-servers.md). */
  server: { type: 'string' },
  'service-account': { type: 'string' },
  'service-password-file': { type: 'string' },
  'ldap-url': { type: 'string', multiple: true },
  'ldap-ca-file': { type: 'string' },
  'mail-root': { type: 'string' },
  'vmail-user': { type: 'string' },
  'vmail-group': { type: 'string' },
  listen: { type: 'string' },
  'imap-port': { type: 'string' },
  pop3: { type: 'boolean', default: false },
  'pop3-port': { type: 'string' },
  'lmtp-port': { type: 'string' },
  'lmtp-host': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'state-dir': { type: 'string' },
  'auth-failure-delay': { type: 'string' },
  'doveadm-address': { type: 'string' },
  'doveadm-port': { type: 'string' },
  'doveadm-api-key-file': { type: 'string' },
  'run-dir': { type: 'string' },
} as const;

export type CliValues = ReturnType<typeof parseCli>['values'];

/** Parses argv (without node and script); unknown options are errors, not ignored. */
export function parseCli(argv: string[]) {
  return parseArgs({ args: argv, options: cliOptionSpec, allowPositionals: true, strict: true });
}
