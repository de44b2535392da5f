/** The tenant's groups and lists the mailbox belongs to; adding and removing applies at once. */
import { useEffect, useState } from 'react';
import type { Group, Mailbox } from '../../../shared/model/hosting';
import { useConsoleActions, useConsoleState } from '../../state/store-context';
import { ErrorNotice } from '../error-notice';
import { useCall } from '../use-call';

const kindLabel = (group: Group) => (group.kind === 'security' ? 'Group' : 'Distribution list');

export function MemberOfTab({ mailbox, readOnly }: { mailbox: Mailbox; readOnly: boolean }) {
  const actions = useConsoleActions();
  const groups = useConsoleState().groups[mailbox.tenant];
  const call = useCall();
  const [choice, setChoice] = useState('');

  useEffect(() => {
    if (groups === undefined) void actions.loadGroups(mailbox.tenant);
  }, [groups, actions, mailbox.tenant]);

  if (groups === undefined || groups.status === 'loading' || groups.status === 'idle') return <p className="pane__placeholder">Loading groups…</p>;
  if (groups.status === 'failed') return <ErrorNotice title="Could not load the tenant’s groups" error={groups.error} onRetry={() => void actions.loadGroups(mailbox.tenant)} />;

  const isMember = (group: Group) => group.members.some((member) => member.login === mailbox.login);
  const memberOf = groups.value.filter(isMember);
  const others = groups.value.filter((group) => !isMember(group));
  const key = (group: Group) => `${group.kind}:${group.name}`;
  const change = async (group: Group, add: boolean) => {
    const ref = { tenant: mailbox.tenant, kind: group.kind, name: group.name, logins: [mailbox.login] };
    const done = await call.run(() => (add ? actions.addGroupMembers(ref) : actions.removeGroupMembers(ref)));
    if (done !== null) setChoice('');
  };

  return (
    <div className="form-grid">
      <p className="form-note">{readOnly ? `Groups and lists of ${mailbox.tenant} this mailbox belongs to.` : `Only groups and lists of ${mailbox.tenant}. Changes here apply at once.`}</p>
      <ul className="member-list" aria-label={`Groups and lists ${mailbox.login} belongs to`}>
        {memberOf.length === 0 && <li className="form-note">Not a member of any group or list.</li>}
        {memberOf.map((group) => (
          <li key={key(group)} className="member-list__item">
            <span>
              <strong>{group.name}</strong> <span className="muted">{kindLabel(group)}{group.address !== null ? ` · ${group.address}` : ''}</span>
            </span>
            {!readOnly && (
              <button type="button" className="button button--quiet" disabled={call.busy} aria-label={`Remove from ${group.name}`} onClick={() => void change(group, false)}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && others.length > 0 && (
        <div className="inline-form">
          <label className="field__label" htmlFor="member-of-add">
            Add to
          </label>
          <select id="member-of-add" className="input" value={choice} onChange={(event) => setChoice(event.target.value)}>
            <option value="">Choose a group or list…</option>
            {others.map((group) => (
              <option key={key(group)} value={key(group)}>
                {group.name} ({kindLabel(group)})
              </option>
            ))}
          </select>
          <button type="button" className="button" disabled={choice === '' || call.busy} onClick={() => {
            const group = others.find((candidate) => key(candidate) === choice);
            if (group !== undefined) void change(group, true);
          }}>
            Add
          </button>
        </div>
      )}
      {call.error !== null && <ErrorNotice title="Could not change the membership" error={call.error} />}
    </div>
  );
}
