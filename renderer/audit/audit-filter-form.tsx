/** The audit viewer's filter bar: source, tenant, actor, operation, target, result, time range, free text. */
import { useState, type FormEvent } from 'react';
import type { AuditFilters, AuditSourceChoice } from '../../shared/model/audit';

export interface AuditQuery {
  source: AuditSourceChoice;
  filters: AuditFilters;
}

/** A datetime-local value (the window's time zone) as ISO 8601 UTC; undefined when empty. */
const isoOf = (local: string): string | undefined => (local === '' ? undefined : new Date(local).toISOString());

const trimmed = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());

export function AuditFilterForm({ initial, onApply }: { initial: AuditQuery; onApply: (query: AuditQuery) => void }) {
  const [source, setSource] = useState<AuditSourceChoice>(initial.source);
  const [fields, setFields] = useState({ tenant: initial.filters.tenant ?? '', actor: '', operation: '', target: '', result: '', since: '', until: '', text: '' });
  const set = (name: keyof typeof fields) => (event: { target: { value: string } }) => setFields({ ...fields, [name]: event.target.value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = fields.result === 'ok' || fields.result === 'failed' || fields.result === 'unknown' ? fields.result : undefined;
    const filters: AuditFilters = {
      tenant: trimmed(fields.tenant),
      actor: trimmed(fields.actor),
      operation: trimmed(fields.operation),
      target: trimmed(fields.target),
      result,
      since: isoOf(fields.since),
      until: isoOf(fields.until),
      text: trimmed(fields.text),
    };
    onApply({ source, filters: Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)) });
  };

  return (
    <form className="audit-filters" aria-label="Audit filters" onSubmit={submit}>
      <label>
        Source
        <select value={source} onChange={(event) => setSource(event.target.value as AuditSourceChoice)}>
          <option value="both">Console and server</option>
          <option value="console">Console journal</option>
          <option value="server">Server log</option>
        </select>
      </label>
      <label>
        Tenant
        <input value={fields.tenant} onChange={set('tenant')} placeholder="any" />
      </label>
      <label>
        Actor
        <input value={fields.actor} onChange={set('actor')} placeholder="bind DN contains" />
      </label>
      <label>
        Operation
        <input value={fields.operation} onChange={set('operation')} placeholder="e.g. updateMailbox, modify" />
      </label>
      <label>
        Target
        <input value={fields.target} onChange={set('target')} placeholder="DN contains" />
      </label>
      <label>
        Result
        <select value={fields.result} onChange={set('result')}>
          <option value="">any</option>
          <option value="ok">ok</option>
          <option value="failed">failed</option>
          <option value="unknown">unknown</option>
        </select>
      </label>
      <label>
        From
        <input type="datetime-local" value={fields.since} onChange={set('since')} />
      </label>
      <label>
        Until
        <input type="datetime-local" value={fields.until} onChange={set('until')} />
      </label>
      <label className="audit-filters__text">
        Search
        <input type="search" value={fields.text} onChange={set('text')} placeholder="any field or value" />
      </label>
      <button type="submit" className="button button--primary">
        Apply
      </button>
    </form>
  );
}
