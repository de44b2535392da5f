/**
 * Per-tenant password policies on a real slapd with the generated access rules: each tenant gets its own ppolicy
 * entry, its mailboxes name it whoever creates them, the server checks passwords against it, and a tenant admin
 * — attacking with ldapts, the console bypassed — can give a mailbox no other policy and cannot touch any policy.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Change, type Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { JobRunner } from '../../../main/bulk/job-runner';
import { childDn, normalizeDn } from '../../../main/directory/dn';
import { first } from '../../../main/directory/entry';
import { openLdapLayout } from '../../../main/flavors/openldap/openldap-layout';
import { expectFailure } from '../../harness/expect-failure';
import { scanConformance } from '../../../main/policy/conformance/conformance-scan';
import { openIsolatedSession, openRootSession, openSession } from '../../harness/hosting-session';
import { boundClient, startTestDirectory, type TestDirectory } from '../../harness/test-directory';

let dir: TestDirectory;
let host: DirectorySession;
const clients: Client[] = [];
const password = 'Correct-Horse-9';
const tenants = [
  { name: 'Acme', domain: 'acme.test' },
  { name: 'Globex, Inc.', domain: 'globex.test' },
] as const;

const layout = () => openLdapLayout(dir.info.suffix);
const mailboxDn = (tenant: string, login: string) => childDn(layout().mailboxesDn(tenant), 'uid', login);
const request = (tenant: { name: string; domain: string }, login: string, secret = password) => ({
  tenant: tenant.name, login, givenName: '', surname: login, displayName: '', primaryAddress: `${login}@${tenant.domain}`, aliases: [], hiddenFromAddressBook: false, password: secret, enabled: true, groups: [], quotaBytes: 1000,
});
/** A new mailbox entry as a tenant admin would send it by hand, naming `policy` (or none). */
const rawMailbox = (login: string, domain: string, policy: string | null, secret = password) => ({
  objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'],
  uid: login, cn: login, sn: login, mail: `${login}@${domain}`, mailLocalAddress: `${login}@${domain}`, enclaveMailboxQuotaBytes: '1000', enclaveAccountState: 'active', userPassword: secret,
  ...(policy === null ? {} : { pwdPolicySubentry: policy }),
});
/** The LDAP result code an ldapts call fails with (0 when it succeeds). */
const codeOf = (promise: Promise<unknown>) => promise.then(() => 0, (error: { code?: number }) => error.code ?? -1);
const replaceValue = (type: string, values: string[]) => new Change({ operation: 'replace', modification: new Attribute({ type, values }) });

async function as(bindDN: string, secret = password): Promise<Client> {
  const client = await boundClient(dir.info.url, bindDN, secret);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  dir = await startTestDirectory();
  host = await openIsolatedSession(dir);
  for (const tenant of tenants) {
    await host.services.tenants.create({ name: tenant.name, settings: { mailDomains: [tenant.domain] } });
    for (const login of ['admin', 'user']) await host.services.mailboxes.create(request(tenant, `${tenant.domain.slice(0, 2)}${login}`));
    await host.services.groups.addMembers({ tenant: tenant.name, kind: 'security', name: 'tenant-admins' }, [`${tenant.domain.slice(0, 2)}admin`]);
  }
}, 60_000);

afterAll(async () => {
  for (const client of clients) await client.unbind().catch(() => {});
  await host?.connection.dispose();
  await dir?.stop();
});

describe('a tenant’s own policy', () => {
  it('is created with the tenant, inside it, as a copy of the directory’s default', async () => {
    const policy = await host.services.passwordPolicies.get('Acme');
    expect(policy).toMatchObject({ tenant: 'Acme', source: 'tenant', policy: { minLength: 8, historyCount: 0, maxFailures: 0, requireComplexity: false }, supports: { complexity: false, lengthUnit: 'bytes' } });
    const entry = await host.connection.read(layout().tenantPolicyDn('Acme'), ['objectClass', 'pwdMinLength', 'pwdCheckQuality', 'pwdLockout']);
    expect(entry).toMatchObject({ pwdMinLength: '8', pwdCheckQuality: '2', pwdLockout: 'TRUE' });
  });

  it('is named by every new mailbox, whoever creates it', async () => {
    const admin = await openSession(dir, mailboxDn('Acme', 'acadmin'), password);
    try {
      await admin.services.mailboxes.create(request(tenants[0], 'bytadmin'));
    } finally {
      await admin.connection.dispose();
    }
    for (const login of ['acadmin', 'acuser', 'bytadmin']) {
      const entry = await host.connection.read(mailboxDn('Acme', login), ['pwdPolicySubentry']);
      expect(first(entry!, 'pwdPolicySubentry').toLowerCase()).toBe(layout().tenantPolicyDn('Acme').toLowerCase());
    }
  });

  it('is what the server checks passwords against, and the console says so before sending', async () => {
    await host.services.passwordPolicies.update('Acme', { minLength: 14, historyCount: 2 });
    // The console refuses first, naming the rule.
    await expectFailure(host.services.mailboxes.create(request(tenants[0], 'shorty', 'Short-Pass-1')), 'invalid-input', /at least 14 characters/);
    // The server refuses the same password for a tenant admin who bypasses the console (19: quality check).
    const admin = await as(mailboxDn('Acme', 'acadmin'));
    expect(await codeOf(admin.add(mailboxDn('Acme', 'shorty'), rawMailbox('shorty', 'acme.test', layout().tenantPolicyDn('Acme'), 'Short-Pass-1')))).toBe(19);
    expect(await codeOf(admin.add(mailboxDn('Acme', 'longer'), rawMailbox('longer', 'acme.test', layout().tenantPolicyDn('Acme'), 'Long-Enough-Pass-1')))).toBe(0);
    // Another tenant's policy is untouched: 12 characters are fine there.
    await host.services.mailboxes.create(request(tenants[1], 'gl12chars', 'Twelve-Char1'));
    // History (the server's rule): a password used before is refused on change.
    await host.services.mailboxes.resetPassword('Acme', 'longer', 'Second-Long-Pass-2');
    await expectFailure(host.services.mailboxes.resetPassword('Acme', 'longer', 'Long-Enough-Pass-1'), 'policy-violation');
  });

  it('refuses a setting the server cannot enforce, with the reason', async () => {
    await expectFailure(host.services.passwordPolicies.update('Acme', { requireComplexity: true }), 'invalid-input', /cannot require character classes/);
    await expectFailure(host.services.passwordPolicies.update('Acme', { minLength: 0 }), 'invalid-input');
  });
});

describe('a tenant admin, attacking with ldapts (the console bypassed)', () => {
  const acme = tenants[0];
  it('cannot give a new mailbox the default, the staff or another tenant’s policy, or none', async () => {
    const admin = await as(mailboxDn('Acme', 'acadmin'));
    const attempt = (login: string, policy: string | null) => codeOf(admin.add(mailboxDn('Acme', login), rawMailbox(login, acme.domain, policy, 'Long-Enough-Pass-1')));
    expect(await attempt('weak1', layout().defaultPolicyDn)).toBe(50);
    expect(await attempt('weak2', layout().staffPolicyDn)).toBe(50);
    expect(await attempt('weak3', layout().tenantPolicyDn('Globex, Inc.'))).toBe(50);
    expect(await attempt('weak4', null)).toBe(50);
    // A policy DN of its own tenant that is no policy (ppolicy would fall back to no checks at all).
    expect(await attempt('weak5', childDn(layout().tenantDn('Acme'), 'cn', 'nothing'))).toBe(50);
    expect(await attempt('weak6', childDn(layout().mailboxesDn('Acme'), 'uid', 'acuser'))).toBe(50);
    expect(await attempt('fine', layout().tenantPolicyDn('Acme'))).toBe(0);
  });

  it('cannot change, remove or add the policy a mailbox follows', async () => {
    const admin = await as(mailboxDn('Acme', 'acadmin'));
    const target = mailboxDn('Acme', 'acuser');
    expect(await codeOf(admin.modify(target, [replaceValue('pwdPolicySubentry', [layout().defaultPolicyDn])]))).toBe(50);
    expect(await codeOf(admin.modify(target, [replaceValue('pwdPolicySubentry', [layout().tenantPolicyDn('Globex, Inc.')])]))).toBe(50);
    expect(await codeOf(admin.modify(target, [new Change({ operation: 'delete', modification: new Attribute({ type: 'pwdPolicySubentry', values: [] }) })]))).toBe(50);
    expect(await codeOf(admin.modify(target, [new Change({ operation: 'add', modification: new Attribute({ type: 'pwdPolicySubentry', values: [layout().defaultPolicyDn] }) })]))).toBe(50);
    // Its own value once more: single-valued (the overlay or the schema answers before anything changes).
    expect(await codeOf(admin.modify(target, [new Change({ operation: 'add', modification: new Attribute({ type: 'pwdPolicySubentry', values: [layout().tenantPolicyDn('Acme')] }) })]))).not.toBe(0);
    const entry = await host.connection.read(target, ['pwdPolicySubentry']);
    expect(first(entry!, 'pwdPolicySubentry').toLowerCase()).toBe(layout().tenantPolicyDn('Acme').toLowerCase());
  });

  it('cannot change, delete or add a policy entry, in its tenant or elsewhere', async () => {
    const admin = await as(mailboxDn('Acme', 'acadmin'));
    const own = layout().tenantPolicyDn('Acme');
    expect(await codeOf(admin.modify(own, [replaceValue('pwdMinLength', ['1'])]))).toBe(50);
    expect(await codeOf(admin.modify(own, [replaceValue('pwdCheckQuality', ['0'])]))).toBe(50);
    expect(await codeOf(admin.del(own))).toBe(50);
    expect(await codeOf(admin.modify(layout().defaultPolicyDn, [replaceValue('pwdMinLength', ['1'])]))).toBe(50);
    expect(await codeOf(admin.modify(layout().tenantPolicyDn('Globex, Inc.'), [replaceValue('pwdMinLength', ['1'])]))).toBe(50);
    const weakPolicy = { objectClass: ['device', 'pwdPolicy'], pwdAttribute: 'userPassword', pwdMinLength: '1' };
    expect(await codeOf(admin.add(childDn(layout().tenantDn('Acme'), 'cn', 'weak'), { ...weakPolicy, cn: 'weak' }))).toBe(50);
    expect(await codeOf(admin.add(childDn(layout().mailboxesDn('Acme'), 'cn', 'weak'), { ...weakPolicy, cn: 'weak' }))).toBe(50);
    expect(await codeOf(admin.add(childDn(layout().policiesDn, 'cn', 'weak'), { ...weakPolicy, cn: 'weak' }))).toBe(50);
    expect((await host.services.passwordPolicies.get('Acme')).policy.minLength).toBe(14);
  });

  it('reads its own tenant’s policy; another tenant’s is invisible to its admins and users', async () => {
    const admin = await openSession(dir, mailboxDn('Acme', 'acadmin'), password);
    const user = await openSession(dir, mailboxDn('Globex, Inc.', 'gluser'), password);
    try {
      expect((await admin.services.passwordPolicies.get('Acme')).policy.minLength).toBe(14);
      expect((await user.services.passwordPolicies.get('Globex, Inc.')).policy.minLength).toBe(8);
      expect(await user.connection.read(layout().tenantPolicyDn('Acme'))).toBeNull();
      const seen = await user.connection.search(dir.info.suffix, { scope: 'sub', filter: '(objectClass=pwdPolicy)', attributes: ['1.1'] });
      expect(seen.map((entry) => normalizeDn(entry.dn))).toEqual([normalizeDn(layout().tenantPolicyDn('Globex, Inc.'))]);
      await expectFailure(user.services.passwordPolicies.get('Acme'), 'not-found');
      await expectFailure(admin.services.passwordPolicies.update('Acme', { minLength: 8 }), 'insufficient-access', /Refused before sending/);
    } finally {
      await admin.connection.dispose();
      await user.connection.dispose();
    }
  });
});

describe('bulk import', () => {
  it('gives every imported mailbox its tenant’s policy, and checks each row’s password against it', async () => {
    const jobs = await mkdtemp(join(tmpdir(), 'enclave-policy-jobs-'));
    const runner = new JobRunner({ root: jobs, emit: () => {}, auditJournal: new AuditJournal(join(jobs, 'journal.jsonl')) });
    try {
      const header = 'Login,First name,Last name,Display name,Primary address,Aliases,Quota,Password,Groups,Enabled';
      // Acme's policy asks for 14 characters (set above): 'Twelve-Char1' is too short there.
      const csv = [header, 'imp1,,One,,imp1@acme.test,,1 MiB,Long-Enough-Pass-7,,yes', 'imp2,,Two,,imp2@acme.test,,1 MiB,Twelve-Char1,,yes', 'imp3,,Three,,imp3@acme.test,,1 MiB,generate,,yes'].join('\r\n');
      const preview = await runner.preview(host.services, 'Acme', csv, 'create', 10);
      expect(preview.rejected.map((row) => [row.login, row.issues.map((issue) => issue.message)])).toEqual([['imp2', ["Password does not meet the tenant's password policy: at least 14 characters"]]]);
      const job = await runner.start(host.services, { tenant: 'Acme', csv, mode: 'create', onlyValid: true, fileName: 'policy.csv' });
      expect(await runner.wait(job.jobId)).toMatchObject({ state: 'completed', created: 2 });
      for (const login of ['imp1', 'imp3']) {
        const entry = await host.connection.read(mailboxDn('Acme', login), ['pwdPolicySubentry']);
        expect(normalizeDn(first(entry!, 'pwdPolicySubentry'))).toBe(normalizeDn(layout().tenantPolicyDn('Acme')));
      }
    } finally {
      await runner.dispose();
      await rm(jobs, { recursive: true, force: true });
    }
  });
});

describe('a tenant made before per-tenant policies', () => {
  const legacy = { name: 'Legacy', domain: 'legacy.test' } as const;
  let root: DirectorySession;
  beforeAll(async () => {
    // As an older version left it: no policy entry, mailboxes naming none (written by the rootDN, past every rule).
    await host.services.tenants.create({ name: legacy.name, settings: { mailDomains: [legacy.domain] } });
    await host.services.mailboxes.create(request(legacy, 'leadmin'));
    await host.services.groups.addMembers({ tenant: legacy.name, kind: 'security', name: 'tenant-admins' }, ['leadmin']);
    root = await openRootSession(dir);
    for (const login of ['leadmin', 'leold']) {
      if (login === 'leold') await root.connection.add(mailboxDn(legacy.name, login), rawMailbox(login, legacy.domain, null));
      else await root.connection.modify(mailboxDn(legacy.name, login), [new Change({ operation: 'delete', modification: new Attribute({ type: 'pwdPolicySubentry', values: [] }) })]);
    }
    await root.connection.delete(layout().tenantPolicyDn(legacy.name));
  });
  afterAll(async () => {
    await root?.connection.dispose();
  });

  it('shows the directory’s default, and its admin can neither create a mailbox nor name the missing policy', async () => {
    expect(await host.services.passwordPolicies.get(legacy.name)).toMatchObject({ source: 'default', policy: { minLength: 8 } });
    const admin = await openSession(dir, mailboxDn(legacy.name, 'leadmin'), password);
    try {
      await expectFailure(admin.services.mailboxes.create(request(legacy, 'lenew')), 'invalid-input', /no password policy of its own yet/);
    } finally {
      await admin.connection.dispose();
    }
    // Bypassing the console: its own tenant's policy DN is the only value allowed, and it does not exist (ppolicy
    // would check nothing, not even the lock): refused.
    const raw = await as(mailboxDn(legacy.name, 'leadmin'));
    expect(await codeOf(raw.add(mailboxDn(legacy.name, 'lenew'), rawMailbox('lenew', legacy.domain, layout().tenantPolicyDn(legacy.name), 'Long-Enough-Pass-1')))).toBe(50);
    expect(await codeOf(raw.add(mailboxDn(legacy.name, 'lenew'), rawMailbox('lenew', legacy.domain, null, 'Long-Enough-Pass-1')))).toBe(50);
  });

  it('lets its admin delete a mailbox that names no policy into deleted items (never create one)', async () => {
    await root.connection.add(mailboxDn(legacy.name, 'legone'), rawMailbox('legone', legacy.domain, null));
    const raw = await as(mailboxDn(legacy.name, 'leadmin'));
    // A tenant admin's delete is a mark (deleted items); removing the entry is the host admins' purge.
    expect(await codeOf(raw.del(mailboxDn(legacy.name, 'legone')))).toBe(50);
    expect(await codeOf(raw.modify(mailboxDn(legacy.name, 'legone'), [new Change({ operation: 'add', modification: new Attribute({ type: 'enclaveDeletedAt', values: ['20260101000000Z'] }) })]))).toBe(0);
    await root.connection.delete(mailboxDn(legacy.name, 'legone'));
  });

  it('refuses an import before reading a row, naming the fix', async () => {
    const jobs = await mkdtemp(join(tmpdir(), 'enclave-policy-jobs-'));
    const runner = new JobRunner({ root: jobs, emit: () => {}, auditJournal: new AuditJournal(join(jobs, 'journal.jsonl')) });
    try {
      const csv = 'Login,Last name,Primary address,Password\r\nlegimp,Imp,legimp@legacy.test,Long-Enough-Pass-7';
      await expectFailure(runner.preview(host.services, legacy.name, csv, 'create', 10), 'invalid-input', /no password policy of its own yet/);
    } finally {
      await runner.dispose();
      await rm(jobs, { recursive: true, force: true });
    }
  });

  it('is given its own policy by a host admin (the explicit fix), and then works like any tenant', async () => {
    const scan = await scanConformance(host.services.context, { tenant: legacy.name });
    expect(scan.findings.map((f) => `${f.rule} ${f.dn.split(',')[0]}`).sort()).toEqual(['mailbox-without-tenant-policy uid=leadmin', 'mailbox-without-tenant-policy uid=leold', 'tenant-without-password-policy ou=Legacy']);
    const admin = await openSession(dir, mailboxDn(legacy.name, 'leadmin'), password);
    try {
      await expectFailure(admin.services.passwordPolicies.adopt(legacy.name), 'insufficient-access', /Refused before sending/);
      expect(await host.services.passwordPolicies.adopt(legacy.name)).toMatchObject({ tenantsGivenPolicy: [legacy.name], mailboxesFixed: 2, failed: [] });
      expect((await scanConformance(host.services.context, { tenant: legacy.name })).findings).toEqual([]);
      await admin.services.mailboxes.create(request(legacy, 'lenew'));
    } finally {
      await admin.connection.dispose();
    }
  });
});
