/**
 * A mailbox being edited: the form's values, checked as the administrator types with the same zod schemas
 * main applies, and turned into only the changes that differ from what was read (so Save writes nothing else).
 */
import type { InputIssue } from '../../shared/errors';
import { domainOf } from '../../shared/model/fields';
import { updateMailboxRequest, type Mailbox, type MailboxChanges, type TenantUsage } from '../../shared/model/hosting';
import { formatBytes } from '../format/format-bytes';
import { formatSizesInText } from '../format/format-number';
import { parseQuota, splitQuota, type QuotaUnit } from '../format/quota-units';

const fields = updateMailboxRequest.shape.changes.shape;

export interface MailboxDraft {
  givenName: string;
  surname: string;
  displayName: string;
  primaryAddress: string;
  aliases: string[];
  quotaAmount: string;
  quotaUnit: QuotaUnit;
  hiddenFromAddressBook: boolean;
}

/** Field name (or `aliases.N`) → what is wrong with it. */
export type DraftIssues = Record<string, string>;

export function draftFrom(mailbox: Mailbox): MailboxDraft {
  const quota = splitQuota(mailbox.quotaBytes);
  return {
    givenName: mailbox.givenName,
    surname: mailbox.surname,
    displayName: mailbox.displayName,
    primaryAddress: mailbox.primaryAddress,
    aliases: [...mailbox.aliases],
    quotaAmount: quota.amount,
    quotaUnit: quota.unit,
    hiddenFromAddressBook: mailbox.hiddenFromAddressBook,
  };
}

/** What is wrong with an address for this tenant, or null: syntax, then the tenant's domains. */
export function addressIssue(address: string, domains: string[]): string | null {
  const parsed = fields.primaryAddress.unwrap().safeParse(address);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Not a valid address';
  const domain = domainOf(parsed.data);
  return domains.includes(domain) ? null : `${domain} is not a domain of this tenant (${domains.join(', ') || 'none'})`;
}

/**
 * What a quota may be at most in the tenant's pool for a mailbox that has `current` now, or null when the pool
 * does not bound it (no pool, overcommit allowed, usage not known yet).
 */
export function quotaRoom(usage: TenantUsage | null, current: number | null): number | null {
  if (usage === null || usage.remainingBytes === null || usage.allowOvercommit) return null;
  return usage.remainingBytes + (current ?? 0);
}

/** The problem with a quota that does not fit the pool, in the console's size format, or null. */
export function quotaFitIssue(bytes: number | null, room: number | null, pool: number | null): string | null {
  if (bytes === null || room === null || bytes <= room) return null;
  return `At most ${formatBytes(room)} fits: that is what is left for it in the tenant's storage pool of ${formatBytes(pool ?? room)}`;
}

/** Whether the form differs from what was read (valid or not: Discard must undo an invalid value too). */
export const draftDiffers = (mailbox: Mailbox, draft: MailboxDraft): boolean => JSON.stringify(draftFrom(mailbox)) !== JSON.stringify(draft);

/**
 * The changes to send and the problems that block saving; `issues` empty means Save may go ahead. With the
 * tenant's `usage`, a quota the pool has no room for is refused here rather than by the server.
 */
export function draftChanges(mailbox: Mailbox, draft: MailboxDraft, domains: string[], usage: TenantUsage | null = null): { changes: MailboxChanges; issues: DraftIssues } {
  const issues: DraftIssues = {};
  const changes: MailboxChanges = {};
  const text = (name: 'givenName' | 'surname' | 'displayName') => {
    const parsed = fields[name].unwrap().safeParse(draft[name]);
    if (!parsed.success) issues[name] = parsed.error.issues[0]?.message ?? 'Invalid value';
    else if (parsed.data !== mailbox[name]) changes[name] = parsed.data;
  };
  text('givenName');
  text('surname');
  text('displayName');

  const primary = draft.primaryAddress.trim().toLowerCase();
  const primaryProblem = addressIssue(primary, domains);
  if (primaryProblem !== null) issues['primaryAddress'] = primaryProblem;
  const aliases = draft.aliases.map((alias) => alias.trim().toLowerCase()).filter((alias) => alias !== '');
  const seen = new Set([primary]);
  aliases.forEach((alias, index) => {
    const problem = addressIssue(alias, domains) ?? (seen.has(alias) ? `${alias} is given twice` : null);
    if (problem !== null) issues[`aliases.${index}`] = problem;
    seen.add(alias);
  });
  if (primary !== mailbox.primaryAddress) changes.primaryAddress = primary;
  if (aliases.join('\n') !== mailbox.aliases.join('\n')) changes.aliases = aliases;

  const original = splitQuota(mailbox.quotaBytes);
  if (draft.quotaAmount !== original.amount || draft.quotaUnit !== original.unit) {
    const quota = parseQuota(draft.quotaAmount, draft.quotaUnit);
    const tooBig = quota.ok ? quotaFitIssue(quota.bytes, quotaRoom(usage, mailbox.quotaBytes), usage?.storagePoolBytes ?? null) : null;
    if (!quota.ok) issues['quota'] = quota.message;
    else if (tooBig !== null && (quota.bytes ?? 0) > (mailbox.quotaBytes ?? 0)) issues['quota'] = tooBig;
    else if (quota.bytes !== mailbox.quotaBytes) changes.quotaBytes = quota.bytes;
  }
  if (draft.hiddenFromAddressBook !== mailbox.hiddenFromAddressBook) changes.hiddenFromAddressBook = draft.hiddenFromAddressBook;
  return { changes, issues };
}

/** Server-side input issues mapped onto the draft's field names (`aliases.1`, `quota`). */
export function issuesFromServer(issues: InputIssue[]): DraftIssues {
  const out: DraftIssues = {};
  for (const issue of issues) {
    const path = issue.path.filter((part) => part !== 'changes');
    const key = path[0] === 'quotaBytes' ? 'quota' : path.join('.');
    // Sizes in the console's one format, whatever main wrote ("45097156608 bytes" → "42 GiB").
    if (key !== '') out[key] = formatSizesInText(issue.message);
  }
  return out;
}
