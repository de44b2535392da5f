import { describe, expect, it } from 'vitest';
import { domainUsersBannerText, showsDomainUsersBanner } from '../../../renderer/app/domain-users-pending';
import type { BoundRole, SessionInfo } from '../../../shared/model/connection';
import { domainUsersMemberNames } from '../../../shared/model/hosting';
import { sandboxSession } from '../state/fixtures';

const session = (flavor: 'openldap' | 'active-directory', role: BoundRole): SessionInfo => {
  const connection = sandboxSession.connection;
  if (connection === null) throw new Error('the fixture session has a connection');
  return { ...sandboxSession, connection: { ...connection, flavor, role } };
};

describe('showsDomainUsersBanner()', () => {
  it('applies on Active Directory to those who can finish it', () => {
    expect(showsDomainUsersBanner(session('active-directory', { kind: 'host-admin' }))).toBe(true);
    expect(showsDomainUsersBanner(session('active-directory', { kind: 'unrecognized' }))).toBe(true);
  });

  it('never for tenant admins, helpdesk, OpenLDAP or no connection', () => {
    expect(showsDomainUsersBanner(session('active-directory', { kind: 'tenant-admin', tenants: ['Acme'] }))).toBe(false);
    expect(showsDomainUsersBanner(session('active-directory', { kind: 'helpdesk' }))).toBe(false);
    expect(showsDomainUsersBanner(session('openldap', { kind: 'host-admin' }))).toBe(false);
    expect(showsDomainUsersBanner({ ...sandboxSession, connection: null })).toBe(false);
    expect(showsDomainUsersBanner(null)).toBe(false);
  });
});

describe('domainUsersBannerText()', () => {
  it('counts the mailboxes', () => {
    expect(domainUsersBannerText(1)).toBe('1 mailbox created by tenant admins is still in Domain Users');
    expect(domainUsersBannerText(3)).toBe('3 mailboxes created by tenant admins are still in Domain Users');
  });
});

describe('domainUsersMemberNames()', () => {
  it('names tenant/login, the rest as a count', () => {
    const members = ['ann', 'bob', 'cy'].map((login) => ({ tenant: 'Acme', login, primaryIsDomainUsers: true }));
    expect(domainUsersMemberNames(members)).toBe('Acme/ann, Acme/bob, Acme/cy');
    expect(domainUsersMemberNames(members, 2)).toBe('Acme/ann, Acme/bob and 1 more');
  });
});
