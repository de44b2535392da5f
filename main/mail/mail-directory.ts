/**
 * What a mail server must know to read one flavor's hosting directory: where to search, which filters find a
 * mailbox, a tenant or a list, and which attributes hold the login, the addresses, the quota and the key of the
 * mail folder. Each flavor implements it (flavors/<flavor>/mail/); the Dovecot and Postfix generators here only
 * assemble it, so no flavor is named outside main/flavors/ (docs/mail-servers.md).
 *
 * Filters are returned as text with the mail server's placeholder in place of the value (`%u`, `%s`, `%d`): the mail
 * server escapes the value it substitutes. They are built with ldapts filter objects, never pasted together.
 */
import type { DirectoryFlavor } from '../../shared/model/hosting';
import type { MailServiceName } from '../../shared/model/mail-services';

export interface MailDirectory {
  readonly flavor: DirectoryFlavor;
  /** The suffix, for comments and the docs. */
  readonly suffix: string;
  /** Every search starts here: the container of all tenants. */
  readonly tenantsDn: string;
  /** The DN a service account of this name has. */
  serviceAccountDn(name: string): string;

  // ---- Filters (text with placeholders) ----
  /** A mailbox one of whose addresses is `address`; with `enabledOnly`, never a disabled one. */
  mailboxByAddress(address: string, enabledOnly: boolean): string;
  /** A mailbox whose login is `login` (logins are unique directory-wide). */
  mailboxByLogin(login: string): string;
  /** Every mailbox (Dovecot's user iteration: usage reports, `doveadm -A`). */
  everyMailbox(): string;
  /** A mailbox with `address` that refuses `service` itself (`service` may be a placeholder such as `%s`). */
  mailboxRefusing(address: string, service: string): string;
  /** An enabled mailbox with `address` that may use `service` although its tenant refuses it. */
  mailboxAllowing(address: string, service: string): string;
  /** The tenant owning mail domain `domain`. */
  tenantByDomain(domain: string): string;
  /** The tenant owning `domain` when it refuses `service` to its mailboxes. */
  tenantRefusing(domain: string, service: MailServiceName | string): string;
  /** A distribution list with members and the address `address`. */
  listByAddress(address: string): string;

  // ---- Attributes ----
  /** The mailbox's login: the Dovecot user name, the key of usage reports. */
  readonly loginAttribute: string;
  /** The primary address: what an alias or a list member resolves to. */
  readonly primaryAddressAttribute: string;
  /** The tenant's mail domains. */
  readonly domainAttribute: string;
  /** List members (DNs). */
  readonly memberAttribute: string;
  /** The quota in bytes, 0 meaning no limit (as Dovecot reads it); null where the flavor keeps it differently. */
  readonly quotaAttribute: string;
  /** The largest message in bytes (tenant and mailbox), or null where the flavor cannot give it to Dovecot as is. */
  readonly maxMessageSizeAttribute: string | null;
  /**
   * Dovecot's expression for the key of a mailbox's folder and last-login record: a value the directory never gives
   * to another mailbox, so a login deleted and created again for someone else gets an empty folder.
   */
  readonly storeKeyExpression: string;
  /** Dovecot's expression for the quota rule's byte count (0 = unlimited). */
  readonly quotaExpression: string;
  /** Dovecot's expression for the user name (the login) as the directory spells it. */
  readonly loginExpression: string;
  /** What differs on this flavor, for the generated files' comments (one line each). */
  readonly notes: readonly string[];
}
