/**
 * The tenant listbox. Focus stays on the list and aria-activedescendant names the highlighted option,
 * so arrow keys browse without loading every tenant they pass; Enter, Space or a click selects.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { TenantSummary } from '../../shared/model/hosting';
import { listboxKey } from './listbox-keys';

interface TenantListProps {
  tenants: TenantSummary[];
  selected: string | null;
  onSelect: (tenant: string) => void;
}

const mailboxCountText = (count: number): string => (count === 1 ? '1 mailbox' : `${count} mailboxes`);

export function TenantList({ tenants, selected, onSelect }: TenantListProps) {
  const idPrefix = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const selectedIndex = tenants.findIndex((tenant) => tenant.name === selected);
  const [active, setActive] = useState(selectedIndex);
  // Clamp when the list shrinks under the highlight (a reload after a tenant was deleted).
  const activeIndex = active < tenants.length ? active : tenants.length - 1;
  const optionId = (index: number) => `${idPrefix}tenant-${index}`;

  // Only when the highlight moves: a re-render must not yank a list the user scrolled by hand.
  const activeId = activeIndex >= 0 ? optionId(activeIndex) : null;
  useEffect(() => {
    if (activeId === null) return;
    listRef.current?.querySelector(`[id="${CSS.escape(activeId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const outcome = listboxKey(event.key, activeIndex, tenants.length);
    if (outcome.kind === 'ignore') return;
    event.preventDefault();
    setActive(outcome.index);
    const tenant = tenants[outcome.index];
    if (outcome.kind === 'select' && tenant !== undefined) onSelect(tenant.name);
  };

  return (
    <ul
      ref={listRef}
      className="tenant-list"
      role="listbox"
      aria-label="Tenants"
      tabIndex={0}
      aria-activedescendant={activeId ?? undefined}
      onKeyDown={onKeyDown}
      onFocus={() => {
        if (activeIndex < 0) setActive(selectedIndex >= 0 ? selectedIndex : 0);
      }}
    >
      {tenants.map((tenant, index) => (
        <li
          key={tenant.name}
          id={optionId(index)}
          role="option"
          aria-selected={tenant.name === selected}
          className={index === activeIndex ? 'tenant-list__option tenant-list__option--active' : 'tenant-list__option'}
          onClick={() => {
            setActive(index);
            onSelect(tenant.name);
          }}
        >
          <span className="tenant-list__name">{tenant.name}</span>
          {tenant.displayName !== '' && tenant.displayName !== tenant.name && (
            <span className="tenant-list__display-name">{tenant.displayName}</span>
          )}
          <span className="tenant-list__meta">
            <span className="tenant-list__count">{mailboxCountText(tenant.mailboxCount)}</span>
            <span className="tenant-list__domains">{tenant.mailDomains.join(', ')}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
