/** A quota as a number and a binary unit (MiB, GiB, TiB); empty means "no quota". */
import { quotaUnits, type QuotaUnit } from '../format/quota-units';
import { Field } from './field';

interface QuotaInputProps {
  label: string;
  amount: string;
  unit: QuotaUnit;
  issue?: string | undefined;
  hint?: string;
  readOnly?: boolean;
  onChange(amount: string, unit: QuotaUnit): void;
}

export function QuotaInput({ label, amount, unit, issue, hint, readOnly = false, onChange }: QuotaInputProps) {
  return (
    <Field label={label} issue={issue} {...(hint !== undefined ? { hint } : {})}>
      {(props) => (
        <span className="quota-input">
          <input {...props} className="input quota-input__amount" inputMode="decimal" value={amount} readOnly={readOnly} onChange={(event) => onChange(event.target.value, unit)} />
          <select className="input" aria-label={`${label} unit`} value={unit} disabled={readOnly} onChange={(event) => onChange(amount, event.target.value as QuotaUnit)}>
            {quotaUnits.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </span>
      )}
    </Field>
  );
}
