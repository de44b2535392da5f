/**
 * Create or edit a security group or distribution list: description, address (lists), and members picked
 * from the same tenant only. Members of an existing group change at once; a new group is created with them.
 */
import { useState } from 'react';
import type { Group, GroupKind, GroupMember, TenantSummary } from '../../../shared/model/hosting';
import { addressIssue } from '../../state/mailbox-draft';
import { useConsoleActions } from '../../state/store-context';
import { ConfirmDialog } from './confirm-dialog';
import { ErrorNotice } from '../error-notice';
import { Field } from '../field';
import { MemberPicker } from '../member-picker';
import { useCall } from '../use-call';
import { Dialog } from './dialog';

interface GroupEditorProps {
  tenant: TenantSummary;
  kind: GroupKind;
  /** null creates a new one. */
  group: Group | null;
  readOnly: boolean;
  onClose(): void;
  /** After any write: the caller reloads the tenant's groups. */
  onChanged(): void;
}

const noun = (kind: GroupKind) => (kind === 'security' ? 'group' : 'distribution list');

export function GroupEditorDialog({ tenant, kind, group: initial, readOnly, onClose, onChanged }: GroupEditorProps) {
  const actions = useConsoleActions();
  const [group, setGroup] = useState<Group | null>(initial);
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [address, setAddress] = useState(initial?.address ?? '');
  const [pending, setPending] = useState<GroupMember[]>([]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const call = useCall();
  const members = group?.members ?? pending;
  const present = new Set(members.map((m) => m.login));
  const addressText = address.trim().toLowerCase();
  const addressProblem = addressText === '' ? (kind === 'distribution' ? 'A distribution list needs an address' : undefined) : (addressIssue(addressText, tenant.mailDomains) ?? undefined);
  const ref = { tenant: tenant.name, kind, name: group?.name ?? name.trim() };

  const adopt = (updated: Group | null) => {
    if (updated === null) return;
    setGroup(updated);
    onChanged();
  };
  const addMember = async (login: string) => {
    if (group === null) {
      const page = await actions.findMailboxes(tenant.name, login, 5);
      const found = page.ok ? page.value.items.find((m) => m.login === login) : undefined;
      if (found !== undefined) setPending((current) => [...current, { login, displayName: found.displayName, primaryAddress: found.primaryAddress }]);
      return;
    }
    adopt(await call.run(() => actions.addGroupMembers({ ...ref, logins: [login] })));
  };
  const removeMember = async (login: string) => {
    if (group === null) return setPending((current) => current.filter((m) => m.login !== login));
    adopt(await call.run(() => actions.removeGroupMembers({ ...ref, logins: [login] })));
  };
  const save = async () => {
    if (group === null) {
      adopt(await call.run(() => actions.createGroup({ ...ref, description, address: addressText === '' ? null : addressText, members: pending.map((m) => m.login) })));
    } else {
      const changes = { ...(description !== group.description ? { description } : {}), ...(addressText !== (group.address ?? '') ? { address: addressText === '' ? null : addressText } : {}) };
      if (Object.keys(changes).length > 0) adopt(await call.run(() => actions.updateGroup({ ...ref, changes })));
    }
  };

  const title = group === null ? `New ${noun(kind)} in ${tenant.name}` : `${kind === 'security' ? 'Group' : 'Distribution list'} ${group.name}`;
  return (
    <Dialog title={title} onClose={onClose} size="wide">
      <div className="form-grid">
        {group === null && (
          <Field label="Name">
            {(props) => <input {...props} className="input" value={name} onChange={(event) => setName(event.target.value)} />}
          </Field>
        )}
        <Field label="Description">
          {(props) => <input {...props} className="input" value={description} readOnly={readOnly || group?.system === true} onChange={(event) => setDescription(event.target.value)} />}
        </Field>
        {kind === 'distribution' && (
          <Field label="Address" issue={addressText !== '' || group === null ? addressProblem : undefined} hint={`In ${tenant.mailDomains.join(', ')}`}>
            {(props) => <input {...props} className="input input--mono" value={address} readOnly={readOnly} onChange={(event) => setAddress(event.target.value)} />}
          </Field>
        )}
        {!readOnly && (
          <div className="button-row">
            <button type="button" className="button button--primary" disabled={call.busy || (group === null && (name.trim() === '' || addressProblem !== undefined)) || (addressText !== '' && addressProblem !== undefined)} onClick={() => void save()}>
              {group === null ? `Create ${noun(kind)}` : 'Save details'}
            </button>
          </div>
        )}
        <fieldset className="fieldset">
          <legend>Members ({members.length})</legend>
          <ul className="member-list" aria-label={`Members of ${group?.name ?? 'the new ' + noun(kind)}`}>
            {members.length === 0 && <li className="form-note">No members yet.</li>}
            {members.map((member) => (
              <li key={member.login} className="member-list__item">
                <span>
                  {member.displayName} <span className="muted mono">{member.primaryAddress}</span>
                </span>
                {!readOnly && (
                  <button type="button" className="button button--quiet" disabled={call.busy} aria-label={`Remove ${member.login}`} onClick={() => void removeMember(member.login)}>
                    Remove
                  </button>
                )}
              </li>
            ))}
          </ul>
          {!readOnly && <MemberPicker tenant={tenant.name} present={present} disabled={call.busy} onAdd={(login) => void addMember(login)} />}
        </fieldset>
        {call.error !== null && <ErrorNotice title={`The ${noun(kind)} was not changed`} error={call.error} />}
        <div className="dialog__actions">
          {!readOnly && group !== null && !group.system && (
            <button type="button" className="button button--danger" onClick={() => setConfirmDelete(true)}>
              Delete {noun(kind)}…
            </button>
          )}
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      {confirmDelete && group !== null && (
        <ConfirmDialog
          title={`Delete ${noun(kind)} ${group.name}?`}
          confirmLabel={`Delete ${noun(kind)}`}
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => actions.deleteGroup({ tenant: tenant.name, kind, name: group.name })}
          onDone={() => {
            onChanged();
            onClose();
          }}
        >
          <p>
            This removes the {noun(kind)} <strong>{group.name}</strong>
            {group.address !== null && <> and its address <span className="mono">{group.address}</span></>} from {tenant.name}. Its {group.members.length} member
            {group.members.length === 1 ? '' : 's'} keep their mailboxes.
          </p>
        </ConfirmDialog>
      )}
    </Dialog>
  );
}
