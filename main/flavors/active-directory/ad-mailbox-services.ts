/**
 * A mailbox's mail service overrides on AD, where the user class has no attribute for them: one single-valued
 * string, `allow:imap deny:pop3 maxMessageBytes=N` (absent tokens: follow the tenant). The same tokens as the
 * tenant's adminDescription, so the mail servers' substring filters read both the same way (docs/mail-servers.md).
 */
import { mailboxServicesFrom, mailboxServiceValues, type MailboxMailServices } from '../../../shared/model/mail-services';
import { allowedServiceToken, deniedServiceToken } from './ad-tenant-settings';

/** The stored value for `services`; '' when the mailbox follows its tenant in everything (no value then). */
export function encodeMailboxServices(services: MailboxMailServices): string {
  const { allowed, denied } = mailboxServiceValues(services);
  return [...allowed.map(allowedServiceToken), ...denied.map(deniedServiceToken), ...(services.maxMessageBytes === null ? [] : [['maxMessageBytes', String(services.maxMessageBytes)].join('=')])].join(' ');
}

/** Reads the stored value; unknown tokens are ignored. */
export function decodeMailboxServices(value: string): MailboxMailServices {
  const words = value.split(/\s+/).filter(Boolean);
  const after = (prefix: string) => words.filter((word) => word.startsWith(prefix)).map((word) => word.slice(prefix.length));
  const size = after('maxMessageBytes=')[0];
  const bytes = size !== undefined && /^\d+$/.test(size) ? Number(size) : null;
  return mailboxServicesFrom(after('allow:'), after('deny:'), bytes !== null && Number.isSafeInteger(bytes) ? bytes : null);
}
