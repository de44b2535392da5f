import { describe, expect, it } from 'vitest';
import { decodeTenantSettings, encodeTenantSettings } from '../../../../main/flavors/active-directory/ad-tenant-settings';
import { defaultTenantMailServices } from '../../../../shared/model/mail-services';

describe('tenant settings in adminDescription', () => {
  it('round-trips, leaving unset values out', () => {
    const settings = { storagePoolBytes: 5 * 2 ** 40, mailboxLimit: null, defaultQuotaBytes: 2 ** 30, allowOvercommit: true, services: defaultTenantMailServices };
    const text = encodeTenantSettings(settings);
    expect(text).toBe('enclave-tenant storagePoolBytes=5497558138880 defaultQuotaBytes=1073741824 allowOvercommit=true');
    expect(decodeTenantSettings(text)).toEqual(settings);
  });

  it('ignores garbage as "not set"', () => {
    expect(decodeTenantSettings('enclave-tenant mailboxLimit=-3 storagePoolBytes=abc junk')).toEqual({ storagePoolBytes: null, mailboxLimit: null, defaultQuotaBytes: null, allowOvercommit: false, services: defaultTenantMailServices });
  });

  it('keeps the refused mail services as deny: tokens and the size limit', () => {
    const settings = { storagePoolBytes: null, mailboxLimit: 10, defaultQuotaBytes: null, allowOvercommit: false, services: { imap: false, pop3: true, externalForwarding: false, maxMessageBytes: 10_485_760 } };
    const text = encodeTenantSettings(settings);
    expect(text).toBe('enclave-tenant mailboxLimit=10 allowOvercommit=false deny:imap deny:external-forwarding maxMessageBytes=10485760');
    expect(decodeTenantSettings(text)).toEqual(settings);
  });
});
