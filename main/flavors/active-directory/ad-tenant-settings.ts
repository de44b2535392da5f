/**
 * The tenant settings AD's organizationalUnit has no attribute for (storage pool, mailbox limit, default quota,
 * overcommit), kept together in the OU's single-valued adminDescription as
 * `enclave-tenant storagePoolBytes=N mailboxLimit=N defaultQuotaBytes=N allowOvercommit=true|false`.
 * Absent keys mean "not set". The leading tag also marks the OU as an Enclave tenant.
 */
import type { TenantSettings } from '../../../shared/model/hosting';

/** The tag every tenant OU's adminDescription starts with. */
export const tenantTag = 'enclave-tenant';

type NumericSettings = Pick<TenantSettings, 'storagePoolBytes' | 'mailboxLimit' | 'defaultQuotaBytes' | 'allowOvercommit'>;

const numericKeys = ['storagePoolBytes', 'mailboxLimit', 'defaultQuotaBytes'] as const;

/** The adminDescription value for `settings`. */
export function encodeTenantSettings(settings: NumericSettings): string {
  const parts = numericKeys.filter((key) => settings[key] !== null).map((key) => [key, String(settings[key])].join('='));
  return [tenantTag, ...parts, ['allowOvercommit', String(settings.allowOvercommit)].join('=')].join(' ');
}

/** Reads an adminDescription value; unknown keys and malformed numbers are ignored (not set). */
export function decodeTenantSettings(value: string): NumericSettings {
  const pairs = new Map(
    value
      .split(/\s+/)
      .slice(1)
      .map((part) => part.split('=', 2) as [string, string | undefined]),
  );
  const number = (key: string) => {
    const raw = pairs.get(key);
    const parsed = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN;
    return Number.isSafeInteger(parsed) ? parsed : null;
  };
  return {
    storagePoolBytes: number('storagePoolBytes'),
    mailboxLimit: number('mailboxLimit'),
    defaultQuotaBytes: number('defaultQuotaBytes'),
    allowOvercommit: pairs.get('allowOvercommit') === 'true',
  };
}
