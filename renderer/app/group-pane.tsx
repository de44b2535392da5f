/** A tenant's Groups or Distribution lists node: the list (a grid: Enter or a click opens), "New", the editor. */
import { useMemo, useState } from 'react';
import type { Group, GroupKind, TenantSummary } from '../../shared/model/hosting';
import { formatCount } from '../format/format-number';
import type { Permissions } from '../state/permissions';
import { useConsoleActions, useConsoleState } from '../state/store-context';
import { GroupEditorDialog } from './dialogs/group-editor-dialog';
import { ErrorNotice } from './error-notice';
import { DataTable, type Column } from './table/data-table';
import { compareText } from './table/table-sort';

const nameColumn: Column<Group> = {
  key: 'name',
  header: 'Name',
  width: 'minmax(140px, 1fr)',
  cell: (group) => (
    <>
      {group.name}
      {group.system && <span className="badge badge--inline">Built-in</span>}
    </>
  ),
  title: (group) => group.name,
  compare: (a, b) => compareText(a.name, b.name),
};
const addressColumn: Column<Group> = { key: 'address', header: 'Address', width: 'minmax(160px, 1.2fr)', mono: true, cell: (g) => g.address ?? '', title: (g) => g.address ?? '', compare: (a, b) => compareText(a.address ?? '', b.address ?? '') };
const membersColumn: Column<Group> = { key: 'members', header: 'Members', width: '96px', align: 'end', cell: (g) => formatCount(g.members.length), compare: (a, b) => a.members.length - b.members.length, firstDirection: 'descending' };
const descriptionColumn: Column<Group> = { key: 'description', header: 'Description', width: 'minmax(160px, 2fr)', wrap: true, cell: (g) => g.description, compare: (a, b) => compareText(a.description, b.description) };

export function GroupPane({ tenant, kind, permissions }: { tenant: TenantSummary; kind: GroupKind; permissions: Permissions }) {
  const actions = useConsoleActions();
  const groups = useConsoleState().groups[tenant.name];
  const [editing, setEditing] = useState<{ group: Group | null } | null>(null);
  const canEdit = permissions.editTenant(tenant.name);
  const title = kind === 'security' ? 'Groups' : 'Distribution lists';
  const shown = useMemo(() => (groups?.status === 'ready' ? groups.value.filter((group) => group.kind === kind) : []), [groups, kind]);
  const status = groups === undefined ? 'loading' : groups.status;
  const columns = kind === 'distribution' ? [nameColumn, addressColumn, membersColumn, descriptionColumn] : [nameColumn, membersColumn, descriptionColumn];
  // The editor shows the group as the store has it now (its members change while it is open).
  const editedName = editing?.group?.name ?? null;
  const open = editedName === null ? null : (shown.find((group) => group.name === editedName) ?? editing?.group ?? null);

  return (
    <section className="pane content-pane" aria-labelledby="content-pane-title" data-state={status}>
      <div className="pane__header">
        <h2 id="content-pane-title" className="pane__title">
          {title} of {tenant.name}
        </h2>
        <span className="pane__actions">
          {canEdit && (
            <button type="button" className="button button--primary" onClick={() => setEditing({ group: null })}>
              {kind === 'security' ? 'New group' : 'New distribution list'}
            </button>
          )}
        </span>
      </div>
      {(status === 'loading' || status === 'idle') && <p className="pane__placeholder">Loading {title.toLowerCase()}…</p>}
      {groups?.status === 'failed' && <ErrorNotice title={`Could not load ${title.toLowerCase()}`} error={groups.error} onRetry={() => void actions.loadGroups(tenant.name)} />}
      {groups?.status === 'ready' && shown.length > 0 && (
        <DataTable
          label={`${title} of ${tenant.name}`}
          className="data-table--pane"
          columns={columns}
          rows={shown}
          rowKey={groupName}
          onActivate={(group) => setEditing({ group })}
          selectedKey={editing?.group?.name ?? null}
        />
      )}
      {groups?.status === 'ready' && shown.length === 0 && <p className="pane__placeholder">No {title.toLowerCase()} yet.</p>}
      {editing !== null && (
        <GroupEditorDialog key={editing.group?.name ?? '(new)'} tenant={tenant} kind={kind} group={open} readOnly={!canEdit} onClose={() => setEditing(null)} onCreated={(group) => setEditing({ group })} />
      )}
    </section>
  );
}

const groupName = (group: Group) => group.name;
