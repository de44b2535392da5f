/**
 * The navigation tree (ARIA tree, windowed): focus stays on the tree and aria-activedescendant names the
 * highlighted row, so arrows browse without loading anything; Enter opens, Right/Left expand and collapse,
 * F5 reloads. Expanding a tenant fetches its groups and lists once, for the counts.
 */
import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { Group, TenantSummary } from '../../../shared/model/hosting';
import type { TenantSection } from '../../state/console-state';
import type { Loadable } from '../../state/loadable';
import { useVirtualWindow } from '../virtual/use-virtual-window';
import { treeKey } from './tree-keys';
import { rootId, sectionNodeId, visibleTreeNodes, type TreeNode } from './tree-model';

interface TenantTreeProps {
  rootLabel: string;
  tenants: TenantSummary[];
  groups: Readonly<Record<string, Loadable<Group[]>>>;
  filter: string;
  selectedTenant: string | null;
  section: TenantSection;
  onOpen(tenant: string, section: TenantSection): void;
  onExpandTenant(tenant: string): void;
  onRefresh(): void;
  /** Conformance findings by tenant (marked on the tenant's row). */
  findings?: ReadonlyMap<string, { count: number; rules: string[] }>;
}

/** Row height in pixels; styles/tree.css uses the same value. */
const rowHeight = 30;

const noFindings: ReadonlyMap<string, { count: number; rules: string[] }> = new Map();

export function TenantTree({ rootLabel, tenants, groups, filter, selectedTenant, section, onOpen, onExpandTenant, onRefresh, findings = noFindings }: TenantTreeProps) {
  const idPrefix = useId();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set([rootId]));
  const nodes = useMemo(() => visibleTreeNodes(rootLabel, tenants, expanded, groups, filter, findings), [rootLabel, tenants, expanded, groups, filter, findings]);
  const selectedId = selectedTenant === null ? null : sectionNodeId(selectedTenant, section);
  const [activeId, setActiveId] = useState<string | null>(null);
  const activeIndex = Math.max(nodes.findIndex((node) => node.id === activeId), 0);
  const { scrollerRef, range, reveal } = useVirtualWindow<HTMLDivElement>(nodes.length, rowHeight);
  const rowId = (index: number) => `${idPrefix}node-${index}`;

  useEffect(() => {
    reveal(activeIndex);
  }, [activeIndex, reveal]);

  const setOpen = (id: string, open: boolean) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });
    const node = nodes.find((candidate) => candidate.id === id);
    if (open && node?.tenant !== undefined) onExpandTenant(node.tenant);
  };

  const activate = (node: TreeNode) => {
    setActiveId(node.id);
    if (node.level === 1) setOpen(node.id, !node.expanded);
    else if (node.level === 2 && node.tenant !== undefined) {
      if (!node.expanded) setOpen(node.id, true);
      onOpen(node.tenant, 'mailboxes');
    } else if (node.tenant !== undefined && node.section !== undefined) onOpen(node.tenant, node.section);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'F5') {
      event.preventDefault();
      onRefresh();
      return;
    }
    const outcome = treeKey(event.key, nodes.findIndex((node) => node.id === activeId), nodes);
    if (outcome.kind === 'ignore') return;
    event.preventDefault();
    if (outcome.kind === 'move') setActiveId(nodes[outcome.index]?.id ?? null);
    else if (outcome.kind === 'expand') setOpen(outcome.id, true);
    else if (outcome.kind === 'collapse') setOpen(outcome.id, false);
    else {
      const node = nodes[outcome.index];
      if (node !== undefined) activate(node);
    }
  };

  const visible = nodes.slice(range.start, range.end);
  return (
    <div
      ref={scrollerRef}
      className="tree"
      role="tree"
      aria-label="Tenants"
      tabIndex={0}
      aria-activedescendant={nodes.length > 0 ? rowId(activeIndex) : undefined}
      onKeyDown={onKeyDown}
      onFocus={() => {
        if (activeId === null) setActiveId(selectedId !== null && nodes.some((n) => n.id === selectedId) ? selectedId : (nodes[0]?.id ?? null));
      }}
    >
      <div className="tree__spacer" role="presentation" style={{ height: range.totalHeight }}>
        <div role="presentation" style={{ transform: `translateY(${range.offsetTop}px)` }}>
          {visible.map((node, offset) => {
            const index = range.start + offset;
            const classes = ['tree__row', `tree__row--level-${node.level}`];
            if (index === activeIndex) classes.push('tree__row--active');
            return (
              <div
                key={node.id}
                id={rowId(index)}
                role="treeitem"
                aria-level={node.level}
                aria-posinset={node.posInSet}
                aria-setsize={node.setSize}
                aria-expanded={node.expandable ? node.expanded : undefined}
                aria-selected={node.level === 1 ? undefined : node.id === selectedId}
                className={classes.join(' ')}
                data-node={node.id}
                onClick={() => activate(node)}
              >
                {node.expandable ? (
                  <span
                    className="tree__twisty"
                    aria-hidden="true"
                    onClick={(event) => {
                      event.stopPropagation();
                      setActiveId(node.id);
                      setOpen(node.id, !node.expanded);
                    }}
                  >
                    {node.expanded ? '▾' : '▸'}
                  </span>
                ) : (
                  <span className="tree__twisty" aria-hidden="true" />
                )}
                <span className="tree__label">{node.label}</span>
                {node.findings !== undefined && (
                  <span className="tree__mark" title={`Conformance: ${node.findings.rules.join(', ')}`}>
                    <span aria-hidden="true">⚠ {node.findings.count}</span>
                    <span className="visually-hidden">, {node.findings.count} conformance findings</span>
                  </span>
                )}
                {node.count !== null && <span className="tree__count">{node.count}</span>}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
