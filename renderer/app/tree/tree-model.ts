/**
 * The navigation tree as a flat list of visible rows: connection → tenants → Mailboxes, Groups,
 * Distribution lists, Settings, Keys and certificates. Flat so it can be windowed (1,000 tenants render a screenful of rows).
 */
import type { Group, TenantSummary } from '../../../shared/model/hosting';
import type { Loadable } from '../../state/loadable';
import { tenantSections, type TenantSection } from '../../state/console-state';

export interface TreeNode {
  id: string;
  level: 1 | 2 | 3;
  label: string;
  /** Shown after the label; null when unknown (not loaded yet) or meaningless. */
  count: number | null;
  expandable: boolean;
  expanded: boolean;
  parentId: string | null;
  posInSet: number;
  setSize: number;
  tenant?: string;
  section?: TenantSection;
  /** A tenant's conformance findings from the last scan (absent: none, or not scanned). */
  findings?: { count: number; rules: string[] };
}

export const rootId = 'root';
export const tenantNodeId = (tenant: string): string => `t:${tenant}`;
export const sectionNodeId = (tenant: string, section: TenantSection): string => `s:${section}:${tenant}`;

export const sectionLabels: Readonly<Record<TenantSection, string>> = {
  mailboxes: 'Mailboxes',
  groups: 'Groups',
  lists: 'Distribution lists',
  settings: 'Settings',
  keys: 'Keys and certificates',
  deleted: 'Deleted items',
};

/** True when the filter text appears in the tenant's name, display name or a domain. */
export function tenantMatches(tenant: TenantSummary, filter: string): boolean {
  const text = filter.trim().toLowerCase();
  if (text === '') return true;
  return [tenant.name, tenant.displayName, ...tenant.mailDomains].some((value) => value.toLowerCase().includes(text));
}

function sectionCount(section: TenantSection, tenant: TenantSummary, groups: Loadable<Group[]> | undefined): number | null {
  if (section === 'mailboxes') return tenant.mailboxCount;
  if (section === 'settings' || section === 'keys' || section === 'deleted' || groups?.status !== 'ready') return null;
  const kind = section === 'groups' ? 'security' : 'distribution';
  return groups.value.filter((group) => group.kind === kind).length;
}

/** The rows currently visible, in order. */
export function visibleTreeNodes(
  rootLabel: string,
  tenants: TenantSummary[],
  expanded: ReadonlySet<string>,
  groups: Readonly<Record<string, Loadable<Group[]>>>,
  filter: string,
  /** Conformance findings by tenant name (the last scan's `tenantsWithFindings`). */
  findings: ReadonlyMap<string, { count: number; rules: string[] }> = new Map(),
): TreeNode[] {
  const shown = tenants.filter((tenant) => tenantMatches(tenant, filter));
  const rootExpanded = expanded.has(rootId) || filter.trim() !== '';
  const nodes: TreeNode[] = [
    { id: rootId, level: 1, label: rootLabel, count: shown.length, expandable: true, expanded: rootExpanded, parentId: null, posInSet: 1, setSize: 1 },
  ];
  if (!rootExpanded) return nodes;
  shown.forEach((tenant, index) => {
    const id = tenantNodeId(tenant.name);
    const open = expanded.has(id);
    const marked = findings.get(tenant.name);
    nodes.push({ id, level: 2, label: tenant.name, count: tenant.mailboxCount, expandable: true, expanded: open, parentId: rootId, posInSet: index + 1, setSize: shown.length, tenant: tenant.name, ...(marked ? { findings: marked } : {}) });
    if (!open) return;
    tenantSections.forEach((section, sectionIndex) => {
      nodes.push({
        id: sectionNodeId(tenant.name, section),
        level: 3,
        label: sectionLabels[section],
        count: sectionCount(section, tenant, groups[tenant.name]),
        expandable: false,
        expanded: false,
        parentId: id,
        posInSet: sectionIndex + 1,
        setSize: tenantSections.length,
        tenant: tenant.name,
        section,
      });
    });
  });
  return nodes;
}
