import { describe, expect, it } from 'vitest';
import { changedMailboxServices, changedTenantServices, checkMailboxServices, checkTenantServices, effectiveServiceLines, mailboxServicesFormFrom, tenantServicesFormFrom } from '../../../renderer/state/mail-services-form';
import { defaultTenantMailServices, inheritedMailServices } from '../../../shared/model/mail-services';

const mib = 2 ** 20;

describe('tenant mail services form', () => {
  it('round-trips the settings, sizes in MiB, empty meaning no limit', () => {
    const services = { imap: false, pop3: true, externalForwarding: false, maxMessageBytes: 25 * mib };
    expect(tenantServicesFormFrom(services)).toEqual({ imap: false, pop3: true, externalForwarding: false, maxMessageMiB: '25' });
    expect(checkTenantServices(tenantServicesFormFrom(services)).services).toEqual(services);
    expect(checkTenantServices({ ...tenantServicesFormFrom(services), maxMessageMiB: '' }).services?.maxMessageBytes).toBeNull();
  });

  it('refuses what is no size, or too small to take any message', () => {
    expect(checkTenantServices({ ...tenantServicesFormFrom(defaultTenantMailServices), maxMessageMiB: 'big' }).issue).toMatch(/size in MiB/);
    expect(checkTenantServices({ ...tenantServicesFormFrom(defaultTenantMailServices), maxMessageMiB: '0.0001' }).issue).toMatch(/at least 1 KiB/);
  });

  it('sends only what changed', () => {
    expect(changedTenantServices(defaultTenantMailServices, { ...defaultTenantMailServices, imap: false })).toEqual({ imap: false });
  });
});

describe('mailbox mail services form', () => {
  it('keeps "its tenant’s limit", "no limit" and its own limit apart', () => {
    expect(mailboxServicesFormFrom(inheritedMailServices).size).toBe('inherit');
    expect(mailboxServicesFormFrom({ ...inheritedMailServices, maxMessageBytes: 0 }).size).toBe('none');
    expect(mailboxServicesFormFrom({ ...inheritedMailServices, maxMessageBytes: 5 * mib })).toMatchObject({ size: 'own', maxMessageMiB: '5' });
    expect(checkMailboxServices({ ...mailboxServicesFormFrom(inheritedMailServices), size: 'none' }).services?.maxMessageBytes).toBe(0);
    expect(checkMailboxServices({ ...mailboxServicesFormFrom(inheritedMailServices), size: 'own', maxMessageMiB: '' }).issue).toMatch(/Give the size/);
    expect(changedMailboxServices(inheritedMailServices, { ...inheritedMailServices, pop3: 'deny' })).toEqual({ pop3: 'deny' });
  });

  it('says what applies and where it comes from', () => {
    const tenant = { imap: false, pop3: true, externalForwarding: true, maxMessageBytes: 10 * mib };
    expect(effectiveServiceLines(tenant, { ...inheritedMailServices, imap: 'allow' })).toEqual([
      'IMAP: allowed (its own setting)',
      'POP3: allowed (its tenant’s setting)',
      'Sending outside the hosted domains: allowed (its tenant’s setting)',
      'Largest message: 10 MiB (its tenant’s setting)',
    ]);
  });
});
