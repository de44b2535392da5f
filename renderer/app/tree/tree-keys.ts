/** Keyboard model of a navigation tree (WAI-ARIA APG "Tree View"): what a key does at the active row. */
import type { TreeNode } from './tree-model';

export type TreeKeyOutcome =
  | { kind: 'move'; index: number }
  | { kind: 'expand'; id: string }
  | { kind: 'collapse'; id: string; index: number }
  | { kind: 'activate'; index: number }
  | { kind: 'ignore' };

/** `active` is the index of the highlighted row in `nodes` (the visible rows). */
export function treeKey(key: string, active: number, nodes: readonly TreeNode[]): TreeKeyOutcome {
  if (nodes.length === 0) return { kind: 'ignore' };
  const last = nodes.length - 1;
  const index = Math.min(Math.max(active, 0), last);
  const node = nodes[index] as TreeNode;
  switch (key) {
    case 'ArrowDown':
      return { kind: 'move', index: active < 0 ? 0 : Math.min(index + 1, last) };
    case 'ArrowUp':
      return { kind: 'move', index: Math.max(index - 1, 0) };
    case 'Home':
      return { kind: 'move', index: 0 };
    case 'End':
      return { kind: 'move', index: last };
    case 'PageDown':
      return { kind: 'move', index: Math.min(index + 10, last) };
    case 'PageUp':
      return { kind: 'move', index: Math.max(index - 10, 0) };
    case 'ArrowRight':
      if (node.expandable && !node.expanded) return { kind: 'expand', id: node.id };
      if (node.expandable && node.expanded && index < last) return { kind: 'move', index: index + 1 };
      return { kind: 'ignore' };
    case 'ArrowLeft': {
      if (node.expandable && node.expanded) return { kind: 'collapse', id: node.id, index };
      const parent = nodes.findIndex((candidate) => candidate.id === node.parentId);
      return parent >= 0 ? { kind: 'move', index: parent } : { kind: 'ignore' };
    }
    case 'Enter':
    case ' ':
      return { kind: 'activate', index };
    default:
      return { kind: 'ignore' };
  }
}
