/** What the host admin's Domain Users banner says and to whom it applies (docs/active-directory.md). */
import type { SessionInfo } from '../../shared/model/connection';

/** Only on Active Directory, and only for those who can finish it (host admins; the server has the last word). */
export function showsDomainUsersBanner(session: SessionInfo | null): boolean {
  const connection = session?.connection ?? null;
  return connection !== null && connection.flavor === 'active-directory' && (connection.role.kind === 'host-admin' || connection.role.kind === 'unrecognized');
}

/** "3 mailboxes created by tenant admins are still in Domain Users". */
export function domainUsersBannerText(count: number): string {
  return `${count} ${count === 1 ? 'mailbox' : 'mailboxes'} created by tenant admins ${count === 1 ? 'is' : 'are'} still in Domain Users`;
}
