/** The mailbox grid's columns: what each shows, how it sorts and how much room it gets. */
import type { Mailbox } from '../../shared/model/hosting';
import { formatQuota } from '../format/format-bytes';
import { mailboxStatus, mailboxStatusLabel } from '../format/mailbox-status';
import type { Column } from './table/data-table';
import { compareNullable, compareText } from './table/table-sort';

export const mailboxColumnKeys = ['name', 'login', 'address', 'quota', 'state'] as const;
export type MailboxColumnKey = (typeof mailboxColumnKeys)[number];

/** The name a row shows: display name, else given name and surname. */
export const shownName = (mailbox: Mailbox): string =>
  mailbox.displayName !== '' ? mailbox.displayName : `${mailbox.givenName} ${mailbox.surname}`.trim();

const stateOrder = { enabled: 0, locked: 1, expired: 2, disabled: 3 } as const;

/**
 * Tracks chosen so that, with the properties panel open at 1024 px, every column still fits (the mins, the 28 px
 * checkbox column and a scrollbar add up to 527 px of the 540 left): logins (up to 20 characters; the demo's
 * longest has 18) keep their room, display name and address give way first.
 */
export const mailboxColumns: readonly (Column<Mailbox> & { key: MailboxColumnKey })[] = [
  { key: 'name', header: 'Display name', width: 'minmax(76px, 1.3fr)', cell: shownName, title: shownName, compare: (a, b) => compareText(shownName(a), shownName(b)) },
  { key: 'login', header: 'Login', width: 'minmax(160px, 1fr)', mono: true, cell: (m) => m.login, title: (m) => m.login, compare: (a, b) => compareText(a.login, b.login) },
  { key: 'address', header: 'Primary address', width: 'minmax(84px, 1.6fr)', mono: true, cell: (m) => m.primaryAddress, title: (m) => m.primaryAddress, compare: (a, b) => compareText(a.primaryAddress, b.primaryAddress) },
  // No quota is "unlimited" to the mail server: it sorts after every quota either way.
  { key: 'quota', header: 'Quota', width: '72px', align: 'end', cell: (m) => formatQuota(m.quotaBytes), compare: (a, b, direction) => compareNullable(a.quotaBytes, b.quotaBytes, direction) },
  {
    key: 'state',
    header: 'State',
    width: '92px',
    cell: (m) => {
      const status = mailboxStatus(m);
      return <span className={`state state--${status}`}>{mailboxStatusLabel[status]}</span>;
    },
    compare: (a, b) => stateOrder[mailboxStatus(a)] - stateOrder[mailboxStatus(b)],
  },
];
