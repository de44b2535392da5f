/** The tenant's settings fields, shared by "New tenant" and the tenant's Settings page. */
import type { DraftIssues } from '../state/mailbox-draft';
import type { TenantForm } from '../state/tenant-form';
import { Field } from './field';
import { QuotaInput } from './quota-input';

interface TenantFieldsProps {
  form: TenantForm;
  issues: DraftIssues;
  readOnly: boolean;
  onChange(patch: Partial<TenantForm>): void;
}

export function TenantFields({ form, issues, readOnly, onChange }: TenantFieldsProps) {
  return (
    <>
      <Field label="Display name" issue={issues['displayName']}>
        {(props) => <input {...props} className="input" value={form.displayName} readOnly={readOnly} onChange={(event) => onChange({ displayName: event.target.value })} />}
      </Field>
      <Field label="Mail domains" issue={issues['mailDomains']} hint="One per line. A domain can belong to one tenant only.">
        {(props) => <textarea {...props} className="input input--mono" rows={3} value={form.domains} readOnly={readOnly} onChange={(event) => onChange({ domains: event.target.value })} />}
      </Field>
      <QuotaInput label="Storage pool" amount={form.poolAmount} unit={form.poolUnit} issue={issues['storagePoolBytes']} hint="Leave empty for no limit." readOnly={readOnly} onChange={(poolAmount, poolUnit) => onChange({ poolAmount, poolUnit })} />
      <QuotaInput label="Default mailbox quota" amount={form.defaultQuotaAmount} unit={form.defaultQuotaUnit} issue={issues['defaultQuotaBytes']} readOnly={readOnly} onChange={(defaultQuotaAmount, defaultQuotaUnit) => onChange({ defaultQuotaAmount, defaultQuotaUnit })} />
      <Field label="Mailbox limit" issue={issues['mailboxLimit']} hint="Leave empty for no limit.">
        {(props) => <input {...props} className="input" inputMode="numeric" value={form.mailboxLimit} readOnly={readOnly} onChange={(event) => onChange({ mailboxLimit: event.target.value })} />}
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={form.allowOvercommit} disabled={readOnly} onChange={(event) => onChange({ allowOvercommit: event.target.checked })} />
        Allow quotas to add up to more than the pool
      </label>
    </>
  );
}
