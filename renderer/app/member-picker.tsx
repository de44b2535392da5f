/** Finds mailboxes of one tenant on the server by name or address, to add as group members. */
import { useState } from 'react';
import type { Mailbox } from '../../shared/model/hosting';
import { useConsoleActions } from '../state/store-context';
import { ErrorNotice } from './error-notice';
import { useCall } from './use-call';

interface MemberPickerProps {
  tenant: string;
  /** Logins already members (shown as such, not offered). */
  present: ReadonlySet<string>;
  disabled: boolean;
  onAdd(login: string): void;
}

export function MemberPicker({ tenant, present, disabled, onAdd }: MemberPickerProps) {
  const actions = useConsoleActions();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Mailbox[] | null>(null);
  const call = useCall();
  return (
    <div className="picker">
      <form
        className="inline-form"
        role="search"
        aria-label={`Find mailboxes of ${tenant}`}
        onSubmit={(event) => {
          event.preventDefault();
          void call.run(() => actions.findMailboxes(tenant, query, 25)).then((page) => setFound(page?.items ?? null));
        }}
      >
        <input type="search" className="input" aria-label="Find a mailbox to add" placeholder={`Name or address in ${tenant}`} value={query} onChange={(event) => setQuery(event.target.value)} />
        <button type="submit" className="button" disabled={call.busy}>
          Find
        </button>
      </form>
      {call.error !== null && <ErrorNotice title="Could not search mailboxes" error={call.error} />}
      {found !== null && (
        <ul className="member-list" aria-label="Mailboxes found">
          {found.length === 0 && <li className="form-note">No mailbox of {tenant} matches.</li>}
          {found.map((mailbox) => (
            <li key={mailbox.login} className="member-list__item">
              <span>
                {mailbox.displayName} <span className="muted mono">{mailbox.primaryAddress}</span>
              </span>
              {present.has(mailbox.login) ? (
                <span className="muted">Member</span>
              ) : (
                <button type="button" className="button" disabled={disabled} aria-label={`Add ${mailbox.login}`} onClick={() => onAdd(mailbox.login)}>
                  Add
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
