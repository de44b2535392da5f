import { describe, expect, it } from 'vitest';
import { splitQuota, parseQuota } from '../../../renderer/format/quota-units';
import { draftChanges, draftDiffers, draftFrom, issuesFromServer } from '../../../renderer/state/mailbox-draft';
import { permissionsFor } from '../../../renderer/state/permissions';
import { mailbox, sandboxSession } from './fixtures';

const ada = { ...mailbox('acme', 'ada', 'acme.test'), aliases: ['a@acme.test'] };

describe('draftChanges()', () => {
  it('sends nothing for an untouched draft', () => {
    expect(draftChanges(ada, draftFrom(ada), ['acme.test'])).toEqual({ changes: {}, issues: {} });
  });

  it('sends only what changed, lower-cased and trimmed', () => {
    const draft = { ...draftFrom(ada), aliases: ['a@acme.test', ' Ada.L@ACME.test '], quotaAmount: '3' };
    expect(draftChanges(ada, draft, ['acme.test']).changes).toEqual({ aliases: ['a@acme.test', 'ada.l@acme.test'], quotaBytes: 3 * 2 ** 30 });
  });

  it('refuses addresses outside the tenant, repeats and bad sizes, per field', () => {
    const draft = { ...draftFrom(ada), aliases: ['ada@globex.test', 'ada@acme.test'], quotaAmount: 'lots' };
    const { issues } = draftChanges(ada, draft, ['acme.test']);
    expect(issues['aliases.0']).toMatch(/globex\.test is not a domain of this tenant/);
    expect(issues['aliases.1']).toMatch(/given twice/);
    expect(issues['quota']).toMatch(/number/);
  });

  it('maps the server\'s issue paths onto fields, its sizes in the console format', () => {
    expect(issuesFromServer([{ path: ['changes', 'aliases', 1], message: 'x' }, { path: ['quotaBytes'], message: 'y' }])).toEqual({ 'aliases.1': 'x', quota: 'y' });
    expect(issuesFromServer([{ path: ['quotaBytes'], message: "at most 45097156608 bytes are left in the tenant's pool" }])).toEqual({ quota: "at most 42 GiB are left in the tenant's pool" });
  });

  describe('with the tenant\'s pool', () => {
    const gib = 2 ** 30;
    // 100 GiB pool, 98 GiB allocated (ada's 1 GiB included): 2 GiB left, so ada may grow to 3 GiB.
    const usage = { tenant: 'acme', allocatedBytes: 98 * gib, storagePoolBytes: 100 * gib, remainingBytes: 2 * gib, allowOvercommit: false };

    it('refuses a larger quota than the pool has room for, in one size format', () => {
      const { changes, issues } = draftChanges(ada, { ...draftFrom(ada), quotaAmount: '40' }, ['acme.test'], usage);
      expect(changes).toEqual({});
      expect(issues['quota']).toBe("At most 3 GiB fits: that is what is left for it in the tenant's storage pool of 100 GiB");
    });

    it('lets a quota that fits, a smaller one and one that overcommit allows through', () => {
      expect(draftChanges(ada, { ...draftFrom(ada), quotaAmount: '3' }, ['acme.test'], usage).changes).toEqual({ quotaBytes: 3 * gib });
      const full = { ...usage, remainingBytes: 0 };
      expect(draftChanges(ada, { ...draftFrom(ada), quotaAmount: '512', quotaUnit: 'MiB' }, ['acme.test'], full).issues).toEqual({});
      expect(draftChanges(ada, { ...draftFrom(ada), quotaAmount: '40' }, ['acme.test'], { ...full, allowOvercommit: true }).issues).toEqual({});
    });

    it('refuses 0, which mail servers read as unlimited', () => {
      expect(draftChanges(ada, { ...draftFrom(ada), quotaAmount: '0' }, ['acme.test'], usage).issues['quota']).toMatch(/0 would mean unlimited/);
    });
  });
});

describe('draftDiffers()', () => {
  it('sees an invalid value as a change, so Discard can undo it', () => {
    expect(draftDiffers(ada, draftFrom(ada))).toBe(false);
    expect(draftDiffers(ada, { ...draftFrom(ada), quotaAmount: 'lots' })).toBe(true);
  });
});

describe('quota units', () => {
  it('shows a size in the largest exact unit and reads it back', () => {
    expect(splitQuota(1.5 * 2 ** 30)).toEqual({ amount: '1.5', unit: 'GiB' });
    expect(splitQuota(2 ** 40)).toEqual({ amount: '1', unit: 'TiB' });
    expect(splitQuota(null)).toEqual({ amount: '', unit: 'GiB' });
    expect(parseQuota('512', 'MiB')).toEqual({ ok: true, bytes: 512 * 2 ** 20 });
    expect(parseQuota('', 'GiB')).toEqual({ ok: true, bytes: null });
    expect(parseQuota('-1', 'GiB').ok).toBe(false);
    expect(parseQuota('0', 'GiB').ok).toBe(false);
    expect(parseQuota('0', 'GiB', { zeroAllowed: true })).toEqual({ ok: true, bytes: 0 });
  });
});

describe('permissionsFor()', () => {
  const as = (role: NonNullable<typeof sandboxSession.connection>['role']) => permissionsFor({ ...sandboxSession, connection: { ...sandboxSession.connection!, role } });
  it('makes the helpdesk read-only except password resets', () => {
    const helpdesk = as({ kind: 'helpdesk' });
    expect([helpdesk.manageTenants, helpdesk.editTenant('acme'), helpdesk.resetPasswords('acme'), helpdesk.seesTenant('acme')]).toEqual([false, false, true, true]);
  });
  it('shows a tenant admin only its tenants', () => {
    const admin = as({ kind: 'tenant-admin', tenants: ['acme'] });
    expect([admin.seesTenant('acme'), admin.seesTenant('globex'), admin.editTenant('acme'), admin.manageTenants]).toEqual([true, false, true, false]);
  });
});
