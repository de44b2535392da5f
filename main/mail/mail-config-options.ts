/** What the Dovecot and Postfix generators need to know besides the directory (docs/mail-servers.md, "Options"). */
import { failure } from '../../shared/errors';

export const mailServers = ['dovecot', 'postfix'] as const;
export type MailServer = (typeof mailServers)[number];

/** How the mail host reaches the directory and binds (as its service account). */
export interface DirectoryAccess {
  /** Tried in order (Dovecot and Postfix fail over themselves). */
  urls: readonly string[];
  serviceDn: string;
  servicePassword: string;
  /** StartTLS on an ldap:// URL; ldaps:// URLs are TLS already. */
  startTls: boolean;
  /** The CA that signed the directory's certificate, as a file on the mail host. */
  caFile: string | null;
}

export interface DovecotOptions {
  /** Absolute folder the files are written to: they name each other by absolute path. */
  configDir: string;
  /** Parent of every mailbox's folder (one folder per mailbox, named by its store key). */
  mailRoot: string;
  /** The one system user and group owning all mail (never root). */
  vmailUser: string;
  vmailGroup: string;
  /** Where Dovecot listens ("*" for every address). */
  listen: string;
  imapPort: number;
  /** Serve POP3 as well (needs dovecot-pop3d). */
  pop3: boolean;
  pop3Port: number;
  /** LMTP for Postfix's deliveries. */
  lmtpPort: number;
  /** Delay after a failed login ("2 secs"); tests use 0. */
  authFailureDelay: string;
  /** Certificate and key for IMAP/POP3; without them Dovecot offers no TLS and takes plaintext logins. */
  tls: { certFile: string; keyFile: string } | null;
  /** Where the last-login records are kept (writable by Dovecot's internal user). */
  stateDir: string;
  /** A private instance (tests, the sandbox): its own name, run folder and log file, no system paths. */
  private: { instanceName: string; baseDir: string; logFile: string } | null;
  /** doveadm's HTTP API, for a console on another machine (the key allows every doveadm command). */
  doveadmHttp: { address: string; port: number; apiKey: string } | null;
}

export interface PostfixOptions {
  /** Absolute folder of the .cf files (main.cf names them by absolute path). */
  configDir: string;
  /** Where Dovecot's LMTP listens. */
  lmtpHost: string;
  lmtpPort: number;
}

/** One file to write. */
export interface MailConfigFile {
  /** File name inside the config folder. */
  name: string;
  content: string;
  /** 0o600 for secrets Dovecot reads as root, 0o640 for Postfix's tables (group postfix), else 0o644. */
  mode: number;
  /** The group that must read it (Postfix's proxymap runs as postfix), when not root's. */
  group: string | null;
}

/** Characters a password may not have to stand in Dovecot's and Postfix's files: quotes, escapes, expansions, comments. */
const unsafePassword = /[^\x21-\x7e]|["\\%$#'`]/;

/** Refuses a service password the configuration files could not hold as is. */
export function assertConfigurablePassword(password: string): void {
  if (password.length === 0 || unsafePassword.test(password)) {
    throw failure({
      kind: 'invalid-input',
      message: 'The service password has characters Dovecot’s and Postfix’s files cannot hold as they are (spaces, quotes, backslash, %, $, #): create a new service account, whose generated password has none.',
      issues: [{ path: ['servicePassword'], message: 'letters, digits and - _ only are safe' }],
    });
  }
}
