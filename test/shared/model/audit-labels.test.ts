import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../shared/model/audit';
import { attributeLabel, dnLabel, formatDnLabel, operationLabel, operationWithOutcome, valueLabel } from '../../../shared/model/audit-labels';
import { matchesFilters } from '../../../shared/model/audit-match';

const admin = 'uid=admin,ou=people,ou=host,dc=hosting,dc=test';
const ann = 'uid=ann,ou=mailboxes,ou=Globex\\2C Inc.,ou=tenants,dc=hosting,dc=test';
const record = (overrides: Partial<AuditRecord>): AuditRecord => ({
  id: 'console:1', source: 'console', time: '2030-05-01T10:00:00.000Z', actor: admin, workstation: 'ws1', tenant: 'Globex, Inc.', operation: 'updateMailbox',
  kind: 'modify', target: ann, newTarget: null, changes: [], result: 'ok', error: null, callId: null, ...overrides,
});

describe('audit labels', () => {
  it('names DNs by name and tenant, the full DN kept', () => {
    expect(dnLabel(ann)).toEqual({ name: 'ann', tenant: 'Globex, Inc.', dn: ann });
    expect(formatDnLabel(dnLabel(admin))).toBe('admin (host)');
    expect(formatDnLabel(dnLabel('ou=Müller \\26 Söhne,ou=tenants,dc=hosting,dc=test'))).toBe('Müller & Söhne');
    expect(formatDnLabel(dnLabel('uid=b\\C3\\BCro,ou=mailboxes,ou=M\\C3\\BCller,ou=tenants,dc=x'))).toBe('büro (Müller)');
    expect(formatDnLabel(dnLabel('olcDatabase={2}mdb,cn=config'))).toBe('{2}mdb (cn=config)');
  });

  it('labels attributes and shows values as they mean', () => {
    expect(attributeLabel('pwdAccountLockedTime')).toBe('Account lock');
    expect(valueLabel('pwdAccountLockedTime', '000001010000Z')).toBe('Account disabled');
    expect(valueLabel('pwdAccountLockedTime', '20300501100000Z')).toBe('Locked after failed logins (since 2030-05-01 10:00:00 UTC)');
    expect(valueLabel('enclaveMailboxQuotaBytes', String(2 ** 30))).toBe('1 GiB');
    expect(valueLabel('enclaveMailboxQuotaBytes', '0')).toBe('unlimited');
    expect(valueLabel('enclaveStoragePoolBytes', '1500')).toBe('1,500 bytes');
    expect(valueLabel('enclaveHiddenFromAddressBook', 'TRUE')).toBe('yes');
    expect(valueLabel('member', ann)).toBe('ann (Globex, Inc.)');
    expect(valueLabel('userAccountControl', '514')).toBe('no (disabled)');
    expect(attributeLabel('someOtherAttribute')).toBe('someOtherAttribute');
  });

  it('names operations in words: console calls, and server records from what they touched', () => {
    expect(operationLabel(record({ operation: 'setMailboxEnabled', changes: [{ attribute: 'pwdAccountLockedTime', op: 'replace', before: [], after: ['000001010000Z'] }] }))).toBe('Mailbox disabled');
    expect(operationLabel(record({ operation: 'setMailboxEnabled', changes: [{ attribute: 'pwdAccountLockedTime', op: 'delete', before: ['000001010000Z'], after: [] }] }))).toBe('Mailbox unlocked');
    expect(operationLabel(record({ source: 'server', operation: 'modify', changes: [{ attribute: 'userPassword', op: 'replace', before: ['(set)'], after: ['(set)'] }] }))).toBe('Password reset');
    expect(operationLabel(record({ source: 'server', operation: 'add', kind: 'add' }))).toBe('Mailbox created');
    expect(operationLabel(record({ operation: 'cli quota', kind: 'modify', target: 'ou=Acme,ou=tenants,dc=hosting,dc=test' }))).toBe('Tenant settings changed (command line: quota)');
  });

  it('says how a password operation ended: "Password reset (refused: policy)", never "(set)"', () => {
    const refused = record({ operation: 'resetMailboxPassword', result: 'failed', error: { kind: 'policy-violation', ldapCode: 19, message: 'Password fails quality checking policy' } });
    expect(operationWithOutcome(refused)).toBe('Password reset (refused: policy)');
    expect(operationWithOutcome(record({ operation: 'resetMailboxPassword' }))).toBe('Password reset');
    expect(operationWithOutcome(record({ source: 'server', operation: 'modify', result: 'failed', error: { kind: 'ldap', ldapCode: 50, message: '' }, changes: [{ attribute: 'userPassword', op: 'replace', before: null, after: ['(set)'] }] }))).toBe('Password reset (refused: access)');
    expect(operationWithOutcome(record({ result: 'ok', confirmation: { how: 'read-back', finding: 'applied', detail: '' } }))).toBe('Mailbox edited (applied (response lost; read back))');
    expect(operationWithOutcome(record({ result: 'unknown' }))).toBe('Mailbox edited (result unknown: no outcome recorded)');
  });

  it('lets the filters find records by the words shown', () => {
    expect(matchesFilters(record({ operation: 'resetMailboxPassword' }), { operation: 'password reset' })).toBe(true);
    expect(matchesFilters(record({ operation: 'resetMailboxPassword' }), { text: 'Password reset' })).toBe(true);
  });
});
