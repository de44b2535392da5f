/** Primary address and aliases, each checked against the tenant's domains as it is typed. */
import type { DraftIssues, MailboxDraft } from '../../state/mailbox-draft';
import { Field } from '../field';

interface AddressesTabProps {
  draft: MailboxDraft;
  issues: DraftIssues;
  domains: string[];
  readOnly: boolean;
  onChange(draft: MailboxDraft): void;
}

export function AddressesTab({ draft, issues, domains, readOnly, onChange }: AddressesTabProps) {
  const setAlias = (index: number, value: string) => onChange({ ...draft, aliases: draft.aliases.map((alias, i) => (i === index ? value : alias)) });
  return (
    <div className="form-grid">
      <p className="form-note">Addresses must be in this tenant’s domains: {domains.join(', ')}. Uniqueness across the whole directory is checked when you save.</p>
      <Field label="Primary address" issue={issues['primaryAddress']}>
        {(props) => <input {...props} className="input input--mono" value={draft.primaryAddress} readOnly={readOnly} onChange={(event) => onChange({ ...draft, primaryAddress: event.target.value })} />}
      </Field>
      <fieldset className="fieldset">
        <legend>Aliases</legend>
        {draft.aliases.length === 0 && <p className="form-note">No aliases.</p>}
        {draft.aliases.map((alias, index) => (
          <div className="alias-row" key={index}>
            <Field label={`Alias ${index + 1}`} issue={issues[`aliases.${index}`]}>
              {(props) => <input {...props} className="input input--mono" value={alias} readOnly={readOnly} onChange={(event) => setAlias(index, event.target.value)} />}
            </Field>
            {!readOnly && (
              <button type="button" className="button button--quiet" aria-label={`Remove alias ${alias || index + 1}`} onClick={() => onChange({ ...draft, aliases: draft.aliases.filter((_, i) => i !== index) })}>
                Remove
              </button>
            )}
          </div>
        ))}
        {!readOnly && (
          <button type="button" className="button" onClick={() => onChange({ ...draft, aliases: [...draft.aliases, ''] })}>
            Add alias
          </button>
        )}
      </fieldset>
    </div>
  );
}
