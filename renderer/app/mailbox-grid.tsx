/**
 * The mailboxes of one tenant as a windowed grid: only the rows on screen are in the DOM, so 10,000
 * mailboxes scroll like 20. Headers sort the loaded rows; arrows move, Enter opens the properties.
 */
import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { Mailbox } from '../../shared/model/hosting';
import { formatQuota } from '../format/format-bytes';
import { mailboxStatus, mailboxStatusLabel } from '../format/mailbox-status';
import { gridKey } from './grid-keys';
import { nextSort, shownName, sortMailboxes, type MailboxSort, type SortKey } from './mailbox-sort';
import { useVirtualWindow } from './virtual/use-virtual-window';

interface MailboxGridProps {
  tenant: string;
  mailboxes: Mailbox[];
  /** Rows the server has for this listing (may exceed what is loaded). */
  total: number;
  complete: boolean;
  openLogin: string | null;
  onOpen(login: string): void;
}

/** Row and header heights in pixels; styles/mailbox-grid.css uses the same values. */
const rowHeight = 32;
const headerHeight = 34;

const columns: { key: SortKey; label: string; className: string }[] = [
  { key: 'name', label: 'Display name', className: 'grid__cell--name' },
  { key: 'login', label: 'Login', className: 'grid__cell--mono' },
  { key: 'address', label: 'Primary address', className: 'grid__cell--mono grid__cell--address' },
  { key: 'quota', label: 'Quota', className: 'grid__cell--quota' },
  { key: 'state', label: 'State', className: 'grid__cell--state' },
];

export function MailboxGrid({ tenant, mailboxes, total, complete, openLogin, onOpen }: MailboxGridProps) {
  const idPrefix = useId();
  const [sort, setSort] = useState<MailboxSort | null>(null);
  const rows = useMemo(() => sortMailboxes(mailboxes, sort), [mailboxes, sort]);
  const [activeLogin, setActiveLogin] = useState<string | null>(null);
  const activeIndex = activeLogin === null ? -1 : rows.findIndex((row) => row.login === activeLogin);
  const { scrollerRef, range, reveal } = useVirtualWindow<HTMLDivElement>(rows.length, rowHeight, headerHeight);

  useEffect(() => {
    if (activeIndex >= 0) reveal(activeIndex);
  }, [activeIndex, reveal]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(Math.floor(((scrollerRef.current?.clientHeight ?? 600) - headerHeight) / rowHeight) - 1, 1);
    const outcome = gridKey(event.key, activeIndex, rows.length, page);
    if (outcome.kind === 'ignore') return;
    event.preventDefault();
    const row = rows[outcome.index];
    if (row === undefined) return;
    setActiveLogin(row.login);
    if (outcome.kind === 'open') onOpen(row.login);
  };

  const rowId = (login: string) => `${idPrefix}row-${login}`;
  const activeRow = activeIndex >= 0 ? rows[activeIndex] : undefined;
  return (
    <div className="grid-wrap">
      {sort !== null && (
        <p className="grid__sort-note" role="status">
          {complete
            ? `Sorted by ${columns.find((c) => c.key === sort.key)?.label.toLowerCase()}.`
            : `Sorted among the ${mailboxes.length.toLocaleString()} of ${total.toLocaleString()} mailboxes loaded so far; the rest are still loading.`}
        </p>
      )}
      <div
        ref={scrollerRef}
        className="grid"
        role="grid"
        aria-label={`Mailboxes of ${tenant}`}
        aria-rowcount={total + 1}
        aria-colcount={columns.length}
        aria-activedescendant={activeRow !== undefined ? rowId(activeRow.login) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onFocus={() => {
          if (activeLogin === null && rows[0] !== undefined) setActiveLogin(rows[0].login);
        }}
      >
        <div className="grid__row grid__row--header" role="row" aria-rowindex={1}>
          {columns.map((column) => (
            <div key={column.key} role="columnheader" className={`grid__cell ${column.className}`} aria-sort={sort?.key === column.key ? sort.direction : 'none'}>
              <button type="button" className="grid__sort" onClick={() => setSort((current) => nextSort(current, column.key))}>
                {column.label}
                <span aria-hidden="true">{sort?.key === column.key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
              </button>
            </div>
          ))}
        </div>
        <div className="grid__body" role="presentation" style={{ height: range.totalHeight }}>
          <div role="presentation" style={{ transform: `translateY(${range.offsetTop}px)` }}>
            {rows.slice(range.start, range.end).map((mailbox, offset) => {
              const index = range.start + offset;
              const status = mailboxStatus(mailbox);
              const classes = ['grid__row'];
              if (index === activeIndex) classes.push('grid__row--active');
              return (
                <div
                  // Keyed by slot, not login: scrolling patches the text of the rows already in the DOM
                  // instead of unmounting and mounting a screenful each frame.
                  key={offset}
                  id={rowId(mailbox.login)}
                  role="row"
                  aria-rowindex={index + 2}
                  aria-selected={mailbox.login === openLogin}
                  className={classes.join(' ')}
                  onClick={() => {
                    setActiveLogin(mailbox.login);
                    onOpen(mailbox.login);
                  }}
                >
                  <div role="gridcell" className="grid__cell grid__cell--name">{shownName(mailbox)}</div>
                  <div role="gridcell" className="grid__cell grid__cell--mono">{mailbox.login}</div>
                  <div role="gridcell" className="grid__cell grid__cell--mono grid__cell--address">{mailbox.primaryAddress}</div>
                  <div role="gridcell" className="grid__cell grid__cell--quota">{formatQuota(mailbox.quotaBytes)}</div>
                  <div role="gridcell" className="grid__cell grid__cell--state">
                    <span className={`state state--${status}`}>{mailboxStatusLabel[status]}</span>
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
