import { describe, expect, it } from 'vitest';
import { settingsWarnings, tenantFormDiffers, tenantFormFrom } from '../../../renderer/state/tenant-form';
import { tenant } from './fixtures';

const gib = 2 ** 30;
// The demo tenants: a 100 GiB pool with 60 GiB allocated to 20 mailboxes, a limit of 500.
const acme = { ...tenant('acme', ['acme.test'], 20), storagePoolBytes: 100 * gib, mailboxLimit: 500 };
const usage = { tenant: 'acme', allocatedBytes: 60 * gib, storagePoolBytes: 100 * gib, remainingBytes: 40 * gib, allowOvercommit: false };

describe('settingsWarnings()', () => {
  it('warns of a pool below what the mailboxes already have, and a limit below the mailboxes there are', () => {
    expect(settingsWarnings(acme, { storagePoolBytes: 45 * gib, mailboxLimit: 10 }, usage)).toEqual([
      'The storage pool of 45 GiB is less than the 60 GiB its mailboxes already have (133% of it). New mailboxes and larger quotas will be refused until the pool is raised again.',
      'The mailbox limit of 10 is below the 20 mailboxes the tenant has (200% of it). No mailbox is removed, but no new one can be created until the limit is raised again.',
    ]);
  });

  it('says nothing when the new limits hold what is there, or are lifted', () => {
    expect(settingsWarnings(acme, { storagePoolBytes: 60 * gib, mailboxLimit: 20 }, usage)).toEqual([]);
    expect(settingsWarnings(acme, { storagePoolBytes: null, mailboxLimit: null }, usage)).toEqual([]);
    expect(settingsWarnings(acme, { displayName: 'Acme' }, usage)).toEqual([]);
  });

  it('tells an overcommitting tenant what the excess means for it', () => {
    expect(settingsWarnings(acme, { storagePoolBytes: 50 * gib, allowOvercommit: true }, usage)[0]).toMatch(/allows overcommit/);
  });
});

describe('tenantFormDiffers()', () => {
  it('sees an invalid value as a change, so Discard can undo it', () => {
    expect(tenantFormDiffers(acme, tenantFormFrom(acme))).toBe(false);
    expect(tenantFormDiffers(acme, { ...tenantFormFrom(acme), poolAmount: 'much' })).toBe(true);
  });
});
