/** Sorting the loaded mailboxes by a column, in the order an administrator expects (names by locale). */
import type { Mailbox } from '../../shared/model/hosting';
import { mailboxStatus } from '../format/mailbox-status';

export const sortKeys = ['name', 'login', 'address', 'quota', 'state'] as const;
export type SortKey = (typeof sortKeys)[number];
export interface MailboxSort {
  key: SortKey;
  direction: 'ascending' | 'descending';
}

/** The name a row shows: display name, else given name and surname. */
export const shownName = (mailbox: Mailbox): string =>
  mailbox.displayName !== '' ? mailbox.displayName : `${mailbox.givenName} ${mailbox.surname}`.trim();

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const stateOrder = { enabled: 0, locked: 1, disabled: 2 } as const;

const compareBy: Record<SortKey, (a: Mailbox, b: Mailbox) => number> = {
  name: (a, b) => collator.compare(shownName(a), shownName(b)),
  login: (a, b) => collator.compare(a.login, b.login),
  address: (a, b) => collator.compare(a.primaryAddress, b.primaryAddress),
  // No quota sorts after every quota: it means "unlimited" to the mail server.
  quota: (a, b) => (a.quotaBytes ?? Number.POSITIVE_INFINITY) - (b.quotaBytes ?? Number.POSITIVE_INFINITY),
  state: (a, b) => stateOrder[mailboxStatus(a)] - stateOrder[mailboxStatus(b)],
};

/** A sorted copy (stable: equal rows keep server order); the input when `sort` is null. */
export function sortMailboxes(items: readonly Mailbox[], sort: MailboxSort | null): readonly Mailbox[] {
  if (sort === null) return items;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const compare = compareBy[sort.key];
  return [...items].sort((a, b) => sign * compare(a, b) || collator.compare(a.login, b.login));
}

/** Clicking a header: a new column sorts ascending, the same column flips. */
export function nextSort(current: MailboxSort | null, key: SortKey): MailboxSort {
  if (current?.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: 'ascending' };
}
