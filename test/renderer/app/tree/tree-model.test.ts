import { describe, expect, it } from 'vitest';
import { tenantSections } from '../../../../renderer/state/console-state';
import { treeKey } from '../../../../renderer/app/tree/tree-keys';
import { rootId, tenantNodeId, visibleTreeNodes } from '../../../../renderer/app/tree/tree-model';
import { ready } from '../../../../renderer/state/loadable';
import { tenant } from '../../state/fixtures';

const tenants = [tenant('Acme', ['acme.test'], 20), tenant('Globex', ['globex.test'], 3)];

describe('visibleTreeNodes()', () => {
  it('shows the connection and its tenants with mailbox counts, sections only when expanded', () => {
    const collapsed = visibleTreeNodes('Sandbox', tenants, new Set([rootId]), {}, '');
    expect(collapsed.map((n) => [n.level, n.label, n.count])).toEqual([[1, 'Sandbox', 2], [2, 'Acme', 20], [2, 'Globex', 3]]);
    const open = visibleTreeNodes('Sandbox', tenants, new Set([rootId, tenantNodeId('Acme')]), { Acme: ready([]) }, '');
    expect(open.slice(2, 8).map((n) => [n.label, n.count, n.posInSet, n.setSize])).toEqual([
      ['Mailboxes', 20, 1, 6],
      ['Groups', 0, 2, 6],
      ['Distribution lists', 0, 3, 6],
      ['Settings', null, 4, 6],
      ['Keys and certificates', null, 5, 6],
      ['Deleted items', null, 6, 6],
    ]);
  });

  it('marks the tenants the last conformance scan found something in', () => {
    const findings = new Map([['Globex', { count: 2, rules: ['over-pool', 'foreign-member'] }]]);
    const nodes = visibleTreeNodes('Sandbox', tenants, new Set([rootId]), {}, '', findings);
    expect(nodes.map((n) => [n.label, n.findings?.count ?? 0])).toEqual([['Sandbox', 0], ['Acme', 0], ['Globex', 2]]);
  });

  it('filters tenants by name or domain and opens the root while filtering', () => {
    const nodes = visibleTreeNodes('Sandbox', tenants, new Set(), {}, 'globex.t');
    expect(nodes.map((n) => n.label)).toEqual(['Sandbox', 'Globex']);
  });

  it('keeps 1,000 tenants as plain rows (the component windows them)', () => {
    const many = Array.from({ length: 1000 }, (_, i) => tenant(`T${String(i).padStart(4, '0')}`, [`t${i}.test`]));
    expect(visibleTreeNodes('Big', many, new Set([rootId]), {}, '')).toHaveLength(1001);
  });
});

describe('treeKey()', () => {
  const nodes = visibleTreeNodes('Sandbox', tenants, new Set([rootId, tenantNodeId('Acme')]), {}, '');
  it('expands, enters, collapses and goes to the parent like the APG tree', () => {
    // Root, Acme, Acme's sections (Mailboxes … Deleted items), then Globex.
    expect(treeKey('ArrowRight', 2 + tenantSections.length, nodes)).toEqual({ kind: 'expand', id: tenantNodeId('Globex') });
    expect(treeKey('ArrowRight', 1, nodes)).toEqual({ kind: 'move', index: 2 });
    expect(treeKey('ArrowLeft', 1, nodes)).toEqual({ kind: 'collapse', id: tenantNodeId('Acme'), index: 1 });
    expect(treeKey('ArrowLeft', 3, nodes)).toEqual({ kind: 'move', index: 1 });
    expect(treeKey('End', 0, nodes)).toEqual({ kind: 'move', index: nodes.length - 1 });
    expect(treeKey('Enter', 2, nodes)).toEqual({ kind: 'activate', index: 2 });
  });
});
