/**
 * Per-tenant password policies on a real Samba AD DC: each tenant gets a fine-grained password policy (PSO) applied
 * to its all-users group, named so it tells nothing about the tenant and readable only by the host's staff and the
 * tenant's own groups. A tenant admin — with ldapts, the console bypassed — can neither change it nor make itself
 * a weaker one; changing one tenant's policy changes that PSO only (the whole domain compared before and after).
 */
import { Attribute, Change } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { childDn, leafValue, normalizeDn } from '../../../main/directory/dn';
import { first, values } from '../../../main/directory/entry';
import type { CreateMailboxRequest } from '../../../shared/model/hosting';
import { scanConformance } from '../../../main/policy/conformance/conformance-scan';
import { expectFailure } from '../../harness/expect-failure';
import { skipWithoutServer } from '../../harness/required-server';
import { openAdSession } from '../../harness/samba-session';
import { sambaUnavailableReason, startSambaTestDc, type SambaTestDc } from '../../harness/samba-test-dc';

const skip = skipWithoutServer('the Active Directory password policy suite', await sambaUnavailableReason());

let dc: SambaTestDc;
let host: DirectorySession;
const password = 'Correct-Horse-9';
const sessions: DirectorySession[] = [];
const request = (tenant: string, domain: string, login: string, secret = password): CreateMailboxRequest => ({
  tenant, login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@${domain}`, aliases: [], hiddenFromAddressBook: false, password: secret, enabled: true, groups: [],
});
const psoContainer = () => `CN=Password Settings Container,CN=System,${dc.suffix}`;
const codeOf = (promise: Promise<unknown>) => promise.then(() => 0, (error: { error?: { ldapCode?: number } }) => error.error?.ldapCode ?? -1);
const replaceValue = (type: string, list: string[]) => new Change({ operation: 'replace', modification: new Attribute({ type, values: list }) });

async function as(login: string, tenant: string): Promise<DirectorySession> {
  const session = await openAdSession(dc, { bindDN: host.services.context.dialect.newMailboxDn(request(tenant, '', login)), password });
  sessions.push(session);
  return session;
}

/** Every entry of the domain naming context with every attribute it returns, keyed by normalized DN. */
async function exportDomain(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const page of host.connection.searchPages(dc.suffix, { scope: 'sub', attributes: ['*'], pageSize: 500 })) {
    for (const entry of page) out.set(normalizeDn(entry.dn), JSON.stringify(Object.entries(entry).sort(([a], [b]) => a.localeCompare(b))));
  }
  return out;
}

describe.skipIf(skip)('per-tenant password policies on Active Directory (Samba AD DC)', () => {
  beforeAll(async () => {
    dc = await startSambaTestDc();
    host = await openAdSession(dc);
    for (const [tenant, domain, prefix] of [['Acme', 'acme.test', 'ac'], ['Globex', 'globex.test', 'gl']] as const) {
      await host.services.tenants.create({ name: tenant, settings: { mailDomains: [domain] } });
      await host.services.mailboxes.create(request(tenant, domain, `${prefix}admin`));
      await host.services.mailboxes.create(request(tenant, domain, `${prefix}user`));
      await host.services.groups.addMembers({ tenant, kind: 'security', name: 'tenant-admins' }, [`${prefix}admin`]);
    }
  }, 240_000);
  afterAll(async () => {
    for (const session of sessions) await session.connection.dispose();
    await host?.connection.dispose();
    await dc?.stop();
  });

  it('gives each tenant a PSO with an opaque name, applied to its all-users group, starting from the domain’s policy', async () => {
    const policy = await host.services.passwordPolicies.get('Acme');
    expect(policy).toMatchObject({ source: 'tenant', supports: { complexity: true, lengthUnit: 'characters' } });
    const domain = await host.services.context.dialect.passwordPolicy!.readDefault(host.connection);
    expect(policy.policy).toEqual(domain);
    const psos = await host.connection.search(psoContainer(), { scope: 'one', attributes: ['cn', 'msDS-PSOAppliesTo'] });
    expect(psos).toHaveLength(2);
    for (const pso of psos) {
      expect(leafValue(pso.dn)).toMatch(/^enclave-[0-9a-f]{16}$/);
      expect(values(pso, 'msDS-PSOAppliesTo')[0]).toMatch(/^CN=all-users,OU=Groups,OU=(Acme|Globex),/);
    }
    // The mailboxes follow it (their primary group is all-users).
    const user = await host.connection.read(host.services.context.dialect.newMailboxDn(request('Acme', '', 'acuser')), ['msDS-ResultantPSO']);
    expect(psos.map((pso) => normalizeDn(pso.dn))).toContain(normalizeDn(first(user!, 'msDS-ResultantPSO')));
  });

  it('is what the DC checks passwords against; the console says so first', async () => {
    await host.services.passwordPolicies.update('Acme', { minLength: 16, requireComplexity: true, historyCount: 3 });
    await expectFailure(host.services.mailboxes.create(request('Acme', 'acme.test', 'shorty', 'Short-Pass-12')), 'invalid-input', /at least 16 characters/);
    await expectFailure(host.services.mailboxes.create(request('Acme', 'acme.test', 'simple', 'alllowercaseletters')), 'invalid-input', /three of/i);
    // Bypassing the console: the DC refuses the short password itself (19, its password restrictions).
    const dn = host.services.context.dialect.newMailboxDn(request('Acme', '', 'acuser'));
    expect(await codeOf(host.connection.modify(dn, host.services.context.dialect.passwordChanges('Short-Pass-12')))).toBe(19);
    await host.services.mailboxes.resetPassword('Acme', 'acuser', 'A-Much-Longer-Pass-1');
    // Globex keeps the domain's rules: a 12-character password is fine there.
    await host.services.mailboxes.create(request('Globex', 'globex.test', 'gltwelve', 'Twelve-Char1'));
  });

  it('lets a tenant admin read its own tenant’s policy, and nothing of another’s', async () => {
    const acmeAdmin = await as('acadmin', 'Acme');
    expect((await acmeAdmin.services.passwordPolicies.get('Acme')).policy.minLength).toBe(16);
    const globexUser = await as('gluser', 'Globex');
    const acmePso = (await host.services.context.dialect.passwordPolicy!.read(host.connection, 'Acme'))!.dn;
    const seen = await globexUser.connection.read(acmePso, ['msDS-MinimumPasswordLength', 'msDS-PSOAppliesTo', 'nTSecurityDescriptor']);
    // The DN is listable by any user (Samba lists the container's children); nothing in it is readable.
    expect(seen === null || (first(seen, 'msDS-MinimumPasswordLength') === '' && first(seen, 'msDS-PSOAppliesTo') === '')).toBe(true);
    await expectFailure(globexUser.services.passwordPolicies.get('Acme'), 'not-found');
  });

  it('refuses a tenant admin who changes, deletes or weakens a policy with ldapts', async () => {
    const admin = await as('acadmin', 'Acme');
    const acmePso = (await host.services.context.dialect.passwordPolicy!.read(host.connection, 'Acme'))!.dn;
    const globexPso = (await host.services.context.dialect.passwordPolicy!.read(host.connection, 'Globex'))!.dn;
    expect(await codeOf(admin.connection.modify(acmePso, [replaceValue('msDS-MinimumPasswordLength', ['1'])]))).toBe(50);
    expect(await codeOf(admin.connection.modify(acmePso, [replaceValue('msDS-PSOAppliesTo', [])]))).toBe(50);
    expect(await codeOf(admin.connection.delete(acmePso))).toBe(50);
    expect(await codeOf(admin.connection.modify(globexPso, [replaceValue('msDS-MinimumPasswordLength', ['1'])]))).not.toBe(0);
    // Its own, weaker PSO with a lower precedence, applied to its all-users group: no right to create one.
    const allUsers = host.services.context.dialect.groupDn('Acme', 'security', 'all-users');
    const weak = { objectClass: ['msDS-PasswordSettings'], 'msDS-PasswordSettingsPrecedence': '1', 'msDS-PasswordReversibleEncryptionEnabled': 'FALSE', 'msDS-PasswordHistoryLength': '0', 'msDS-PasswordComplexityEnabled': 'FALSE', 'msDS-MinimumPasswordLength': '1', 'msDS-MinimumPasswordAge': '0', 'msDS-MaximumPasswordAge': '-9223372036854775808', 'msDS-LockoutThreshold': '0', 'msDS-LockoutObservationWindow': '-18000000000', 'msDS-LockoutDuration': '-18000000000', 'msDS-PSOAppliesTo': allUsers };
    expect(await codeOf(admin.connection.add(childDn(psoContainer(), 'CN', 'weak'), weak))).toBe(50);
    expect(await codeOf(admin.connection.add(childDn(host.services.context.dialect.layout.mailboxesDn('Acme'), 'CN', 'weak'), weak))).not.toBe(0);
    expect((await host.services.passwordPolicies.get('Acme')).policy.minLength).toBe(16);
  });

  it('changes the tenant’s PSO and nothing else in the domain', async () => {
    const before = await exportDomain();
    await host.services.passwordPolicies.update('Globex', { minLength: 10, maxFailures: 20, lockoutMinutes: 5 });
    const after = await exportDomain();
    const globexPso = normalizeDn((await host.services.context.dialect.passwordPolicy!.read(host.connection, 'Globex'))!.dn);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    expect([...after.keys()].filter((dn) => after.get(dn) !== before.get(dn))).toEqual([globexPso]);
  });

  it('is found missing by the conformance scan, with mailboxes outside all-users, and given back by the explicit fix', async () => {
    await host.services.tenants.create({ name: 'Older', settings: { mailDomains: ['older.test'] } });
    await host.services.mailboxes.create(request('Older', 'older.test', 'olduser'));
    // As an older version (or another tool) left it: no PSO, and a user made outside all-users.
    const pso = (await host.services.context.dialect.passwordPolicy!.read(host.connection, 'Older'))!.dn;
    await host.connection.delete(pso);
    const stray = host.services.context.dialect.newMailboxDn(request('Older', '', 'oldstray'));
    await host.connection.add(stray, { objectClass: ['user'], sAMAccountName: 'oldstray', sn: 'stray', mail: 'oldstray@older.test', proxyAddresses: 'SMTP:oldstray@older.test', 'msDS-cloudExtensionAttribute1': '1000' });
    const scan = await scanConformance(host.services.context, { tenant: 'Older' });
    expect(scan.findings.filter((f) => f.rule.includes('policy')).map((f) => `${f.rule} ${f.dn.split(',')[0]}`).sort()).toEqual(['mailbox-without-tenant-policy CN=oldstray', 'tenant-without-password-policy OU=Older']);
    expect(await host.services.passwordPolicies.adopt('Older')).toMatchObject({ tenantsGivenPolicy: ['Older'], mailboxesFixed: 1, failed: [] });
    expect((await scanConformance(host.services.context, { tenant: 'Older' })).findings.filter((f) => f.rule.includes('policy'))).toEqual([]);
    expect((await host.services.passwordPolicies.get('Older')).source).toBe('tenant');
  });

  it('is removed with its tenant', async () => {
    await host.services.tenants.create({ name: 'Brief', settings: { mailDomains: ['brief.test'] } });
    const pso = (await host.services.context.dialect.passwordPolicy!.read(host.connection, 'Brief'))!.dn;
    await host.services.tenants.delete('Brief', true);
    expect(await host.connection.read(pso, ['cn'])).toBeNull();
  });
});
