/**
 * The tenant settings AD's organizationalUnit has no attribute for (storage pool, mailbox limit, default quota,
 * overcommit, mail services), kept together in the OU's single-valued adminDescription as
 * `enclave-tenant storagePoolBytes=N mailboxLimit=N defaultQuotaBytes=N allowOvercommit=true|false deny:imap
 * maxMessageBytes=N`. Absent keys mean "not set" (services: allowed, no size limit). The leading tag also marks the
 * OU as an Enclave tenant. `deny:<service>` tokens are what the mail servers' filters look for (docs/mail-servers.md).
 */
import type { TenantSettings } from '../../../shared/model/hosting';
import { deniedServicesOf, tenantServicesFrom } from '../../../shared/model/mail-services';

/** The tag every tenant OU's adminDescription starts with. */
export const tenantTag = 'enclave-tenant';

/** The token that marks a refused service, in adminDescription and in a mailbox's service overrides. */
export const deniedServiceToken = (service: string): string => `deny:${service}`;
/** The token that marks a service a mailbox may use although its tenant refuses it. */
export const allowedServiceToken = (service: string): string => `allow:${service}`;

type EncodedSettings = Pick<TenantSettings, 'storagePoolBytes' | 'mailboxLimit' | 'defaultQuotaBytes' | 'allowOvercommit' | 'services'>;

const numericKeys = ['storagePoolBytes', 'mailboxLimit', 'defaultQuotaBytes'] as const;

/** The adminDescription value for `settings`. */
export function encodeTenantSettings(settings: EncodedSettings): string {
  const parts = numericKeys.filter((key) => settings[key] !== null).map((key) => [key, String(settings[key])].join('='));
  const services = [...deniedServicesOf(settings.services).map(deniedServiceToken), ...(settings.services.maxMessageBytes === null ? [] : [['maxMessageBytes', String(settings.services.maxMessageBytes)].join('=')])];
  return [tenantTag, ...parts, ['allowOvercommit', String(settings.allowOvercommit)].join('='), ...services].join(' ');
}

/** Reads an adminDescription value; unknown keys and malformed numbers are ignored (not set). */
export function decodeTenantSettings(value: string): EncodedSettings {
  const words = value.split(/\s+/).slice(1);
  const pairs = new Map(words.map((part) => part.split('=', 2) as [string, string | undefined]));
  const number = (key: string) => {
    const raw = pairs.get(key);
    const parsed = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN;
    return Number.isSafeInteger(parsed) ? parsed : null;
  };
  const denied = words.filter((word) => word.startsWith('deny:')).map((word) => word.slice('deny:'.length));
  return {
    storagePoolBytes: number('storagePoolBytes'),
    mailboxLimit: number('mailboxLimit'),
    defaultQuotaBytes: number('defaultQuotaBytes'),
    allowOvercommit: pairs.get('allowOvercommit') === 'true',
    services: tenantServicesFrom(denied, number('maxMessageBytes')),
  };
}
