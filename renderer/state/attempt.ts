/**
 * A form's last failed attempt and what of it still applies. The server's problem with a field goes away as
 * soon as that field no longer holds the value that was sent (the administrator fixed it); an error about the
 * whole request goes away once anything changed. Nothing stays on screen after its cause is gone.
 */
import type { EnclaveError } from '../../shared/errors';
import { issuesFromServer, type DraftIssues } from './mailbox-draft';

export interface Attempt<F> {
  error: EnclaveError;
  /** The form as it was when sent. */
  sent: F;
}

export interface StillApplying {
  /** Field → the server's problem with it, for fields still holding the value sent. */
  issues: DraftIssues;
  /** The error to show under the form, or null when everything it was about has been changed. */
  notice: EnclaveError | null;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** `valueOf(form, key)` reads the form value(s) behind an issue key such as `quota` or `aliases.1`. */
export function stillApplying<F>(attempt: Attempt<F> | null, now: F, valueOf: (form: F, key: string) => unknown): StillApplying {
  if (attempt === null) return { issues: {}, notice: null };
  const { error, sent } = attempt;
  if (error.kind === 'invalid-input' && error.issues.length > 0) {
    const issues: DraftIssues = {};
    for (const [key, message] of Object.entries(issuesFromServer(error.issues))) {
      if (same(valueOf(sent, key), valueOf(now, key))) issues[key] = message;
    }
    return { issues, notice: Object.keys(issues).length > 0 ? error : null };
  }
  return { issues: {}, notice: same(sent, now) ? error : null };
}

/** The value behind `path` ("aliases.1" → form.aliases[1]); `aliases` maps issue keys that name other fields. */
export function fieldValue(form: object, key: string, aliases: Readonly<Record<string, readonly string[]>> = {}): unknown {
  const mapped = aliases[key];
  if (mapped !== undefined) return mapped.map((name) => (form as Record<string, unknown>)[name]);
  let value: unknown = form;
  for (const part of key.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
