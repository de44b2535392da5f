/** A tenant's Groups or Distribution lists node: the list, "New", and the editor in a dialog. */
import { useState } from 'react';
import type { Group, GroupKind, TenantSummary } from '../../shared/model/hosting';
import type { Permissions } from '../state/permissions';
import { useConsoleActions, useConsoleState } from '../state/store-context';
import { GroupEditorDialog } from './dialogs/group-editor-dialog';
import { ErrorNotice } from './error-notice';

export function GroupPane({ tenant, kind, permissions }: { tenant: TenantSummary; kind: GroupKind; permissions: Permissions }) {
  const actions = useConsoleActions();
  const groups = useConsoleState().groups[tenant.name];
  const [editing, setEditing] = useState<{ group: Group | null } | null>(null);
  const canEdit = permissions.editTenant(tenant.name);
  const title = kind === 'security' ? 'Groups' : 'Distribution lists';
  const shown = groups?.status === 'ready' ? groups.value.filter((group) => group.kind === kind) : [];
  const status = groups === undefined ? 'loading' : groups.status;

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
      {groups?.status === 'ready' && (
        <div className="content-pane__scroll">
          <table className="simple-table" aria-label={`${title} of ${tenant.name}`}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                {kind === 'distribution' && <th scope="col">Address</th>}
                <th scope="col">Members</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((group) => (
                <tr key={group.name}>
                  <td>
                    <button type="button" className="link-button" onClick={() => setEditing({ group })}>
                      {group.name}
                    </button>
                    {group.system && <span className="badge">Built-in</span>}
                  </td>
                  {kind === 'distribution' && <td className="mono">{group.address ?? ''}</td>}
                  <td>{group.members.length}</td>
                  <td>{group.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.length === 0 && <p className="pane__placeholder">No {title.toLowerCase()} yet.</p>}
        </div>
      )}
      {editing !== null && (
        <GroupEditorDialog
          tenant={tenant}
          kind={kind}
          group={editing.group}
          readOnly={!canEdit}
          onClose={() => setEditing(null)}
          onChanged={() => void actions.loadGroups(tenant.name)}
        />
      )}
    </section>
  );
}
