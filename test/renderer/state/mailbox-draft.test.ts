import { describe, expect, it } from 'vitest';
import { splitQuota, parseQuota } from '../../../renderer/format/quota-units';
import { draftChanges, draftFrom, issuesFromServer } from '../../../renderer/state/mailbox-draft';
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

  it('maps the server\'s issue paths onto fields', () => {
    expect(issuesFromServer([{ path: ['changes', 'aliases', 1], message: 'x' }, { path: ['quotaBytes'], message: 'y' }])).toEqual({ 'aliases.1': 'x', quota: 'y' });
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
