/** The "New mailbox" form: its values, checked with the contract's own schema plus the tenant's domains. */
import { createMailboxRequest, type CreateMailboxRequest, type Mailbox, type TenantSummary } from '../../shared/model/hosting';
import { parseQuota, splitQuota, type QuotaUnit } from '../format/quota-units';
import { addressIssue, type DraftIssues } from './mailbox-draft';
import { expiryOfLastDay } from '../format/account-expiry';

export interface NewMailboxForm {
  login: string;
  givenName: string;
  surname: string;
  displayName: string;
  primaryAddress: string;
  aliases: string[];
  quotaAmount: string;
  quotaUnit: QuotaUnit;
  password: string;
  repeatPassword: string;
  enabled: boolean;
  groups: string[];
  mustChangePassword: boolean;
  /** The last day the account works ("YYYY-MM-DD"); empty: it does not expire. */
  lastDay: string;
}

/**
 * The form for a mailbox like `source`: its quota, its groups and lists (all-users is joined anyway), its address
 * book visibility and its domain (in the address's placeholder); the person's names, login and password are new.
 */
export function copiedMailboxForm(tenant: TenantSummary, source: Mailbox, groups: readonly string[]): NewMailboxForm {
  const quota = splitQuota(source.quotaBytes);
  return { ...emptyMailboxForm(tenant), quotaAmount: quota.amount, quotaUnit: quota.unit, groups: groups.filter((name) => name !== 'all-users'), enabled: true };
}

export function emptyMailboxForm(tenant: TenantSummary): NewMailboxForm {
  const quota = splitQuota(tenant.defaultQuotaBytes);
  return { login: '', givenName: '', surname: '', displayName: '', primaryAddress: '', aliases: [], quotaAmount: quota.amount, quotaUnit: quota.unit, password: '', repeatPassword: '', enabled: true, groups: [], mustChangePassword: false, lastDay: '' };
}

/** The request to send, or the problems per field (`aliases.N`, `quota`, `repeatPassword`). */
export function checkMailboxForm(tenant: TenantSummary, form: NewMailboxForm): { request: CreateMailboxRequest | null; issues: DraftIssues } {
  const issues: DraftIssues = {};
  const quota = parseQuota(form.quotaAmount, form.quotaUnit);
  if (!quota.ok) issues['quota'] = quota.message;
  const aliases = form.aliases.map((a) => a.trim()).filter((a) => a !== '');
  const expiresAt = form.lastDay === '' ? null : expiryOfLastDay(form.lastDay);
  if (form.lastDay !== '' && expiresAt === null) issues['lastDay'] = 'Give a date such as 2027-01-31';
  const parsed = createMailboxRequest.safeParse({
    tenant: tenant.name,
    login: form.login,
    givenName: form.givenName,
    surname: form.surname,
    displayName: form.displayName,
    primaryAddress: form.primaryAddress,
    aliases,
    ...(quota.ok ? { quotaBytes: quota.bytes } : {}),
    password: form.password,
    enabled: form.enabled,
    groups: form.groups,
    ...(form.mustChangePassword ? { mustChangePassword: true } : {}),
    ...(expiresAt !== null ? { expiresAt } : {}),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.');
      issues[key] ??= issue.message;
    }
  }
  const primaryProblem = form.primaryAddress.trim() === '' ? null : addressIssue(form.primaryAddress.trim().toLowerCase(), tenant.mailDomains);
  if (primaryProblem !== null) issues['primaryAddress'] = primaryProblem;
  const seen = new Set([form.primaryAddress.trim().toLowerCase()]);
  aliases.forEach((alias, index) => {
    const lower = alias.toLowerCase();
    const problem = addressIssue(lower, tenant.mailDomains) ?? (seen.has(lower) ? `${lower} is given twice` : null);
    if (problem !== null) issues[`aliases.${index}`] = problem;
    seen.add(lower);
  });
  if (form.repeatPassword !== form.password) issues['repeatPassword'] = 'The two passwords differ';
  return { request: parsed.success && Object.keys(issues).length === 0 ? parsed.data : null, issues };
}
