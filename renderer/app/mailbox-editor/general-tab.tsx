/** Names of the mailbox: first and last name, display name, address book visibility. */
import type { DraftIssues, MailboxDraft } from '../../state/mailbox-draft';
import { Field } from '../field';

interface TabProps {
  draft: MailboxDraft;
  issues: DraftIssues;
  readOnly: boolean;
  onChange(draft: MailboxDraft): void;
}

export function GeneralTab({ draft, issues, readOnly, onChange }: TabProps) {
  const text = (name: 'givenName' | 'surname' | 'displayName', label: string, hint?: string) => (
    <Field label={label} issue={issues[name]} {...(hint !== undefined ? { hint } : {})}>
      {(props) => <input {...props} className="input" value={draft[name]} readOnly={readOnly} onChange={(event) => onChange({ ...draft, [name]: event.target.value })} />}
    </Field>
  );
  return (
    <div className="form-grid">
      {text('givenName', 'First name')}
      {text('surname', 'Last name')}
      {text('displayName', 'Display name', 'Leave empty to show first and last name.')}
      <label className="checkbox">
        <input type="checkbox" checked={draft.hiddenFromAddressBook} disabled={readOnly} onChange={(event) => onChange({ ...draft, hiddenFromAddressBook: event.target.checked })} />
        Hide from address books
      </label>
    </div>
  );
}
