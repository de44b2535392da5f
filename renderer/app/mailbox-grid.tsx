/**
 * The mailboxes of one tenant as a windowed grid (app/table/data-table.tsx): only the rows on screen are in
 * the DOM, so 10,000 mailboxes scroll like 20. Headers sort the loaded rows (and say so while pages are still
 * arriving); arrows move, Enter opens the properties, Escape closes them. Columns can be hidden (Columns…).
 */
import { useMemo } from 'react';
import type { Mailbox } from '../../shared/model/hosting';
import { formatCount } from '../format/format-number';
import { mailboxStatus } from '../format/mailbox-status';
import { mailboxColumns, type MailboxColumnKey } from './mailbox-columns';
import { DataTable } from './table/data-table';
import type { TableSort } from './table/table-sort';

interface MailboxGridProps {
  tenant: string;
  mailboxes: Mailbox[];
  /** Rows the server has for this listing (may exceed what is loaded). */
  total: number;
  complete: boolean;
  openLogin: string | null;
  /** Columns the administrator chose not to see. */
  hidden: ReadonlySet<MailboxColumnKey>;
  onOpen(login: string): void;
  onClose(): void;
  /** The order; the pane keeps it, so a saved view can set it. */
  sort: TableSort;
  onSortChange(sort: TableSort): void;
  /** Mailboxes picked for a bulk action (absent: no checkboxes, for who may not act on many). */
  selected?: ReadonlySet<string>;
  onSelect?(logins: ReadonlySet<string>): void;
}

/** Row height in pixels; styles/table.css uses the same value. */
const rowHeight = 32;

export function MailboxGrid({ tenant, mailboxes, total, complete, openLogin, hidden, onOpen, onClose, selected, onSelect, sort, onSortChange }: MailboxGridProps) {
  const columns = useMemo(() => mailboxColumns.filter((column) => !hidden.has(column.key as MailboxColumnKey)), [hidden]);
  const sortedBy = mailboxColumns.find((c) => c.key === sort.key)?.header.toLowerCase() ?? sort.key;
  return (
    <div className="grid-wrap">
      <p className="grid__sort-note" role="status">
        {complete
          ? `Sorted by ${sortedBy}${sort.direction === 'descending' ? ', descending' : ''}.`
          : `Sorted among the ${formatCount(mailboxes.length)} of ${formatCount(total)} mailboxes loaded so far; the rest are still loading.`}
      </p>
      <DataTable
        label={`Mailboxes of ${tenant}`}
        columns={columns}
        rows={mailboxes}
        rowKey={loginOf}
        sort={sort}
        onSortChange={onSortChange}
        onActivate={(mailbox) => onOpen(mailbox.login)}
        selectedKey={openLogin}
        onEscape={openLogin !== null ? onClose : undefined}
        rowHeight={rowHeight}
        totalRows={total}
        rowProps={(mailbox) => ({ 'data-state': mailboxStatus(mailbox) })}
        {...(selected !== undefined && onSelect !== undefined ? { selection: { keys: selected, onChange: onSelect, name: loginOf } } : {})}
      />
    </div>
  );
}

const loginOf = (mailbox: Mailbox) => mailbox.login;

/**
 * The grid's order until a header is clicked: display name, ties by login (stable: sortRows breaks ties by key), so
 * new and imported rows land in place, not at the end.
 */
export const defaultMailboxSort: TableSort = { key: 'name', direction: 'ascending' };

