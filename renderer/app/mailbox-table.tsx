/** The mailboxes of one tenant as a table: one row per mailbox, columns an administrator scans. */
import type { Mailbox } from '../../shared/model/hosting';
import { formatQuota } from '../format/format-bytes';
import { mailboxStatus, mailboxStatusLabel } from '../format/mailbox-status';

interface MailboxTableProps {
  tenant: string;
  mailboxes: Mailbox[];
}

export const mailboxColumns = ['Display name', 'Login', 'Primary address', 'Quota', 'State'] as const;

export function MailboxTable({ tenant, mailboxes }: MailboxTableProps) {
  return (
    <table className="mailbox-table" aria-label={`Mailboxes of ${tenant}`}>
      <thead>
        <tr>
          {mailboxColumns.map((column) => (
            <th key={column} scope="col" className={`mailbox-table__${column.toLowerCase().replace(' ', '-')}`}>
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {mailboxes.map((mailbox) => {
          const status = mailboxStatus(mailbox);
          return (
            <tr key={mailbox.login}>
              <td>{mailbox.displayName !== '' ? mailbox.displayName : `${mailbox.givenName} ${mailbox.surname}`.trim()}</td>
              <td className="mailbox-table__mono">{mailbox.login}</td>
              <td className="mailbox-table__mono">{mailbox.primaryAddress}</td>
              <td className="mailbox-table__quota">{formatQuota(mailbox.quotaBytes)}</td>
              <td>
                <span className={`state state--${status}`}>{mailboxStatusLabel[status]}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
