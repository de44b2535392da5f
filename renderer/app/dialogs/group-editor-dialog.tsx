/**
 * Create or edit a security group or distribution list: description, address (lists), and members picked
 * from the same tenant only. Members of an existing group change at once; a new group is created with them.
 * The dialog's actions sit at its foot; closing it with a new group's details or members, or with details
 * not saved, asks first instead of throwing them away.
 */
import { useState } from 'react';
import { ok } from '../../../shared/errors';
import type { Group, GroupKind, GroupMember, TenantSummary } from '../../../shared/model/hosting';
import { countOf } from '../../format/format-number';
import { addressIssue } from '../../state/mailbox-draft';
import { useConsoleActions } from '../../state/store-context';
import { ErrorNotice } from '../error-notice';
import { Field } from '../field';
import { MemberPicker } from '../member-picker';
import { useCall } from '../use-call';
import { ConfirmDialog } from './confirm-dialog';
import { Dialog } from './dialog';

interface GroupEditorProps {
  tenant: TenantSummary;
  kind: GroupKind;
  /** The group as the store has it now; null creates a new one. */
  group: Group | null;
  readOnly: boolean;
  onClose(): void;
  /** A new group was created: the caller shows it as an existing one from now on. */
  onCreated(group: Group): void;
}

const noun = (kind: GroupKind) => (kind === 'security' ? 'group' : 'distribution list');

export function GroupEditorDialog({ tenant, kind, group, readOnly, onClose, onCreated }: GroupEditorProps) {
  const actions = useConsoleActions();
  const [name, setName] = useState('');
  const [description, setDescription] = useState(group?.description ?? '');
  const [address, setAddress] = useState(group?.address ?? '');
  const [pending, setPending] = useState<GroupMember[]>([]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const call = useCall();
  const members = group?.members ?? pending;
  const present = new Set(members.map((m) => m.login));
  const addressText = address.trim().toLowerCase();
  const addressProblem = addressText === '' ? (kind === 'distribution' ? 'A distribution list needs an address' : undefined) : (addressIssue(addressText, tenant.mailDomains) ?? undefined);
  const ref = { tenant: tenant.name, kind, name: group?.name ?? name.trim() };
  const detailChanges =
    group === null ? {} : { ...(description !== group.description ? { description } : {}), ...(addressText !== (group.address ?? '') ? { address: addressText === '' ? null : addressText } : {}) };
  // What closing now would lose: a new group's typed details or picked members, or details not saved.
  const unsaved = readOnly ? false : group === null ? name.trim() !== '' || description.trim() !== '' || addressText !== '' || pending.length > 0 : Object.keys(detailChanges).length > 0;
  const close = () => (unsaved ? setConfirmDiscard(true) : onClose());

  const addMember = async (login: string) => {
    if (group === null) {
      const page = await actions.findMailboxes(tenant.name, login, 5);
      const found = page.ok ? page.value.items.find((m) => m.login === login) : undefined;
      if (found !== undefined) setPending((current) => [...current, { login, displayName: found.displayName, primaryAddress: found.primaryAddress }]);
      return;
    }
    await call.run(() => actions.addGroupMembers({ ...ref, logins: [login] }));
  };
  const removeMember = async (login: string) => {
    if (group === null) return setPending((current) => current.filter((m) => m.login !== login));
    await call.run(() => actions.removeGroupMembers({ ...ref, logins: [login] }));
  };
  const create = async () => {
    const created = await call.run(() => actions.createGroup({ ...ref, description, address: addressText === '' ? null : addressText, members: pending.map((m) => m.login) }));
    if (created !== null) onCreated(created);
  };
  const saveDetails = async () => {
    if (Object.keys(detailChanges).length > 0) await call.run(() => actions.updateGroup({ ...ref, changes: detailChanges }));
  };

  const creatable = name.trim() !== '' && addressProblem === undefined;
  const title = group === null ? `New ${noun(kind)} in ${tenant.name}` : `${kind === 'security' ? 'Group' : 'Distribution list'} ${group.name}`;
  return (
    <Dialog title={title} onClose={close} size="wide">
      {/* Not a form: the member picker inside has its own search form, and forms do not nest. */}
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
        <fieldset className="fieldset">
          <legend>Members ({members.length})</legend>
          {group === null && pending.length > 0 && <p className="form-note">Picked members join when the {noun(kind)} is created.</p>}
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
        {call.error !== null && <ErrorNotice title={group === null ? `The ${noun(kind)} was not created` : `The ${noun(kind)} was not changed`} error={call.error} />}
        <div className="dialog__actions">
          {!readOnly && group !== null && !group.system && (
            <button type="button" className="button button--danger dialog__actions-start" onClick={() => setConfirmDelete(true)}>
              Delete {noun(kind)}…
            </button>
          )}
          <button type="button" className="button" onClick={close}>
            {group === null && !readOnly ? 'Cancel' : 'Close'}
          </button>
          {!readOnly && group === null && (
            <button type="button" className="button button--primary" disabled={call.busy || !creatable} onClick={() => void create()}>
              {call.busy ? 'Creating…' : `Create ${noun(kind)}`}
            </button>
          )}
          {!readOnly && group !== null && group.system !== true && (
            <button type="button" className="button button--primary" disabled={call.busy || Object.keys(detailChanges).length === 0 || (addressText !== '' && addressProblem !== undefined)} onClick={() => void saveDetails()}>
              Save details
            </button>
          )}
        </div>
      </div>
      {confirmDiscard && (
        <ConfirmDialog
          title={group === null ? `Discard the new ${noun(kind)}?` : 'Discard the changed details?'}
          confirmLabel="Discard"
          onCancel={() => setConfirmDiscard(false)}
          onConfirm={() => Promise.resolve(ok(true))}
          onDone={onClose}
        >
          <p>
            {group === null
              ? `It has not been created yet${pending.length > 0 ? `: the ${countOf(pending.length, 'member', 'members')} picked are not saved either` : ''}.`
              : 'The description or address typed has not been saved; the members shown are saved already.'}
          </p>
        </ConfirmDialog>
      )}
      {confirmDelete && group !== null && (
        <ConfirmDialog
          title={`Delete ${noun(kind)} ${group.name}?`}
          confirmLabel={`Delete ${noun(kind)}`}
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => actions.deleteGroup({ tenant: tenant.name, kind, name: group.name })}
          onDone={onClose}
        >
          <p>
            This removes the {noun(kind)} <strong>{group.name}</strong>
            {group.address !== null && <> and its address <span className="mono">{group.address}</span></>} from {tenant.name}. Its {countOf(group.members.length, 'member keeps its', 'members keep their')}{' '}
            mailbox{group.members.length === 1 ? '' : 'es'}.
          </p>
        </ConfirmDialog>
      )}
    </Dialog>
  );
}
