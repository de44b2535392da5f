/** A labelled form control with its problem shown right under it and tied to it for screen readers. */
import { useId, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  /** What is wrong with the value, if anything. */
  issue?: string | undefined;
  hint?: string;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode;
}

export function Field({ label, issue, hint, children }: FieldProps) {
  const id = useId();
  const issueId = `${id}-issue`;
  const hintId = `${id}-hint`;
  const describedBy = [issue !== undefined ? issueId : null, hint !== undefined ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={issue !== undefined ? 'field field--invalid' : 'field'}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children({ id, 'aria-invalid': issue !== undefined, 'aria-describedby': describedBy })}
      {hint !== undefined && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {issue !== undefined && (
        <p className="field__issue" id={issueId}>
          {issue}
        </p>
      )}
    </div>
  );
}
