/** The tenant form (create and settings): values as typed, checked with the contract's schemas. */
import { createTenantRequest, tenantSettingsSchema, type CreateTenantRequest, type Tenant, type TenantSettings, type TenantSummary, type TenantUsage } from '../../shared/model/hosting';
import { defaultTenantMailServices } from '../../shared/model/mail-services';
import { formatBytes } from '../format/format-bytes';
import { countOf, formatCount, formatPercent } from '../format/format-number';
import { parseQuota, splitQuota, type QuotaUnit } from '../format/quota-units';
import type { DraftIssues } from './mailbox-draft';

export interface TenantForm {
  name: string;
  displayName: string;
  /** One domain per line or separated by commas/spaces. */
  domains: string;
  poolAmount: string;
  poolUnit: QuotaUnit;
  mailboxLimit: string;
  defaultQuotaAmount: string;
  defaultQuotaUnit: QuotaUnit;
  allowOvercommit: boolean;
}

export function tenantFormFrom(tenant: Tenant | null): TenantForm {
  const pool = splitQuota(tenant?.storagePoolBytes ?? null);
  const quota = splitQuota(tenant?.defaultQuotaBytes ?? null);
  return {
    name: tenant?.name ?? '',
    displayName: tenant?.displayName ?? '',
    domains: tenant?.mailDomains.join('\n') ?? '',
    poolAmount: pool.amount,
    poolUnit: tenant === null ? 'TiB' : pool.unit,
    mailboxLimit: tenant?.mailboxLimit !== null && tenant?.mailboxLimit !== undefined ? String(tenant.mailboxLimit) : '',
    defaultQuotaAmount: quota.amount,
    defaultQuotaUnit: quota.unit,
    allowOvercommit: tenant?.allowOvercommit ?? false,
  };
}

/** The settings the form describes, or the problems per field. */
export function checkTenantSettings(form: TenantForm): { settings: TenantSettings | null; issues: DraftIssues } {
  const issues: DraftIssues = {};
  const pool = parseQuota(form.poolAmount, form.poolUnit, { zeroAllowed: true });
  if (!pool.ok) issues['storagePoolBytes'] = pool.message;
  const quota = parseQuota(form.defaultQuotaAmount, form.defaultQuotaUnit);
  if (!quota.ok) issues['defaultQuotaBytes'] = quota.message;
  const limitText = form.mailboxLimit.trim();
  if (limitText !== '' && !/^\d+$/.test(limitText)) issues['mailboxLimit'] = 'Enter a whole number, or leave empty for no limit';
  const parsed = tenantSettingsSchema.safeParse({
    displayName: form.displayName,
    mailDomains: form.domains.split(/[\s,;]+/).filter((d) => d !== ''),
    storagePoolBytes: pool.ok ? pool.bytes : null,
    mailboxLimit: limitText === '' || issues['mailboxLimit'] !== undefined ? null : Number(limitText),
    defaultQuotaBytes: quota.ok ? quota.bytes : null,
    allowOvercommit: form.allowOvercommit,
    // Mail services have a section of their own (mail-services-form.ts): a new tenant starts with every service.
    services: defaultTenantMailServices,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues[String(issue.path[0] ?? '')] ??= issue.message;
  }
  return { settings: parsed.success && Object.keys(issues).length === 0 ? parsed.data : null, issues };
}

/** The create request, or problems (the name included). */
export function checkNewTenant(form: TenantForm): { request: CreateTenantRequest | null; issues: DraftIssues } {
  const { settings, issues } = checkTenantSettings(form);
  const name = createTenantRequest.shape.name.safeParse(form.name);
  if (!name.success) issues['name'] = name.error.issues[0]?.message ?? 'Invalid name';
  return { request: settings !== null && name.success ? { name: name.data, settings } : null, issues };
}

/** Only the settings that differ from the tenant as read. */
export function changedSettings(tenant: Tenant, settings: TenantSettings): Partial<TenantSettings> {
  const out: Partial<TenantSettings> = {};
  if (settings.displayName !== tenant.displayName) out.displayName = settings.displayName;
  if (settings.mailDomains.join('\n') !== tenant.mailDomains.join('\n')) out.mailDomains = settings.mailDomains;
  if (settings.storagePoolBytes !== tenant.storagePoolBytes) out.storagePoolBytes = settings.storagePoolBytes;
  if (settings.mailboxLimit !== tenant.mailboxLimit) out.mailboxLimit = settings.mailboxLimit;
  if (settings.defaultQuotaBytes !== tenant.defaultQuotaBytes) out.defaultQuotaBytes = settings.defaultQuotaBytes;
  if (settings.allowOvercommit !== tenant.allowOvercommit) out.allowOvercommit = settings.allowOvercommit;
  return out;
}

/** Whether the form differs from the tenant as read (valid or not: Discard must undo an invalid value too). */
export const tenantFormDiffers = (tenant: Tenant, form: TenantForm): boolean => JSON.stringify(tenantFormFrom(tenant)) !== JSON.stringify(form);

/** Issue keys of the settings → the form fields behind them (for stillApplying). */
export const tenantFieldAliases: Readonly<Record<string, readonly string[]>> = {
  storagePoolBytes: ['poolAmount', 'poolUnit'],
  defaultQuotaBytes: ['defaultQuotaAmount', 'defaultQuotaUnit'],
  mailDomains: ['domains'],
};

/**
 * What saving `changes` would leave over its limits, in words, for a confirmation before saving: a pool below
 * what mailboxes already have, a mailbox limit below the mailboxes there are. Empty when nothing is over.
 */
export function settingsWarnings(tenant: TenantSummary, changes: Partial<TenantSettings>, usage: TenantUsage | null): string[] {
  const warnings: string[] = [];
  const pool = changes.storagePoolBytes;
  if (pool !== undefined && pool !== null && usage !== null && usage.allocatedBytes > pool) {
    const share = pool === 0 ? '' : ` (${formatPercent(usage.allocatedBytes / pool)} of it)`;
    const after = (changes.allowOvercommit ?? tenant.allowOvercommit)
      ? 'The tenant allows overcommit, so quotas stay as they are and the excess shows as a warning in Quotas.'
      : 'New mailboxes and larger quotas will be refused until the pool is raised again.';
    warnings.push(`The storage pool of ${formatBytes(pool)} is less than the ${formatBytes(usage.allocatedBytes)} its mailboxes already have${share}. ${after}`);
  }
  const limit = changes.mailboxLimit;
  const count = tenant.mailboxCount;
  if (limit !== undefined && limit !== null && count !== null && count > limit) {
    warnings.push(
      `The mailbox limit of ${formatCount(limit)} is below the ${countOf(count, 'mailbox', 'mailboxes')} the tenant has${limit === 0 ? '' : ` (${formatPercent(count / limit)} of it)`}. No mailbox is removed, but no new one can be created until the limit is raised again.`,
    );
  }
  return warnings;
}
