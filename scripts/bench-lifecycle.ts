/**
 * `npm run bench:lifecycle`: a tenant's exit package and its teardown at 100 and 1,000 mailboxes (BENCH_SIZES) on a
 * real slapd (noSync, the generated access rules in force), through a journaled host-admin session as the console
 * runs them. Each size gets a fresh directory holding the tenant plus BENCH_OTHER_TENANTS × 50 mailboxes of other
 * tenants (the residue check scans the whole directory). The tenant is made offline with slapadd, as the console's
 * services would write it (its own password policy included), so only the export and the teardown are timed.
 * BENCH_FLAVOR=ad runs the same on a Samba AD DC (test/harness/samba-test-dc.ts; root and Samba needed): the
 * tenant and its PSO are made by the services, its users added without passwords (the DC's key derivation would
 * dominate the set-up, not the timed part). Prints one JSON object.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../main/app/directory-session';
import { AuditJournal } from '../main/audit/audit-journal';
import { exportMailboxesCsv } from '../main/bulk/mailbox-export';
import { addValues } from '../main/directory/changes';
import { childDn } from '../main/directory/dn';
import type { DirectoryFlavorModule } from '../main/flavors/directory-flavor';
import { ldifEntry } from '../main/directory/ldif';
import { openLdapLayout } from '../main/flavors/openldap/openldap-layout';
import { openLdapFlavor } from '../main/flavors/openldap/openldap-flavor';
import { tenantPolicyEntry } from '../main/flavors/openldap/openldap-password-policy';
import { applySandboxIsolation } from '../main/flavors/openldap/sandbox/sandbox-isolation';
import { hashSsha } from '../main/flavors/openldap/sandbox/ssha-password';
import { runSlapadd } from '../main/flavors/openldap/sandbox/slapadd';
import { sandboxPaths } from '../main/flavors/openldap/sandbox/sandbox-paths';
import { startSandbox } from '../main/flavors/openldap/sandbox/sandbox';
import { findSlapdBinaries } from '../main/flavors/openldap/sandbox/slapd-binaries';
import { TenantLifecycle } from '../main/lifecycle/tenant-lifecycle';
import { fallbackPasswordPolicy } from '../shared/model/password-policy';

const sizes = (process.env['BENCH_SIZES'] ?? '100,1000').split(',').map(Number);
const otherTenants = Number(process.env['BENCH_OTHER_TENANTS'] ?? 20);
const passwordHash = hashSsha('Bench-Pass-1x');

/** A tenant as the console writes it: entry, containers, system groups (all-users with every mailbox), its policy. */
function tenantLdif(suffix: string, name: string, mailboxes: number): string {
  const layout = openLdapLayout(suffix);
  const domain = `${name}.test`;
  const tenantDn = layout.tenantDn(name);
  const policyDn = layout.tenantPolicyDn(name);
  const mailboxDns = Array.from({ length: mailboxes }, (_, i) => childDn(layout.mailboxesDn(name), 'uid', `${name}-u${i}`));
  const allUsers = childDn(layout.groupsDn(name, 'security'), 'cn', 'all-users');
  const parts = [
    ldifEntry(tenantDn, { objectClass: ['organizationalUnit', 'enclaveTenant'], ou: name, enclaveMailDomain: domain }),
    ldifEntry(policyDn, tenantPolicyEntry(fallbackPasswordPolicy)),
    ...layout.tenantContainers(name).map((container) => ldifEntry(container.dn, container.attributes)),
    ldifEntry(childDn(layout.groupsDn(name, 'security'), 'cn', 'tenant-admins'), { objectClass: 'enclaveGroup', cn: 'tenant-admins', enclaveGroupKind: 'security', member: mailboxDns.slice(0, 1) }),
    ldifEntry(allUsers, { objectClass: 'enclaveGroup', cn: 'all-users', enclaveGroupKind: 'security', member: mailboxDns }),
    ldifEntry(childDn(layout.groupsDn(name, 'distribution'), 'cn', 'Everyone'), { objectClass: 'enclaveGroup', cn: 'Everyone', enclaveGroupKind: 'distribution', mail: `everyone@${domain}`, mailLocalAddress: `everyone@${domain}`, member: mailboxDns.slice(0, 50) }),
  ];
  mailboxDns.forEach((dn, i) => {
    const login = `${name}-u${i}`;
    parts.push(ldifEntry(dn, {
      objectClass: ['inetOrgPerson', 'inetLocalMailRecipient', 'enclaveMailbox'], uid: login, cn: login, sn: login, mail: `${login}@${domain}`, mailLocalAddress: [`${login}@${domain}`, `${login}.alias@${domain}`],
      enclaveMailboxQuotaBytes: String(2 ** 30), userPassword: passwordHash, enclaveAccountState: 'active', pwdPolicySubentry: policyDn,
      // slapadd runs no overlays: the memberof back-links are written here.
      memberOf: i === 0 ? [allUsers, childDn(layout.groupsDn(name, 'security'), 'cn', 'tenant-admins')] : [allUsers],
    }));
  });
  return parts.join('');
}

async function measure(size: number): Promise<Record<string, number>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'enclave-bench-lifecycle-'));
  try {
    const first = await startSandbox({ dataDir, fresh: true, noSync: true });
    const { suffix, url } = first.info;
    await first.stop();
    const ldif = [tenantLdif(suffix, 'leaving', size), ...Array.from({ length: otherTenants }, (_, t) => tenantLdif(suffix, `other${t}`, 50))].join('');
    await runSlapadd((await findSlapdBinaries()).slapadd, ['-q', '-F', sandboxPaths(dataDir).configDir, '-b', suffix], ldif);
    const sandbox = await startSandbox({ dataDir, noSync: true, port: Number(new URL(url).port) });
    try {
      await applySandboxIsolation(sandbox.info);
      const journal = new AuditJournal(join(dataDir, 'journal.jsonl'));
      const profile = { id: 'bench', name: 'bench', urls: [sandbox.info.url], bindDN: sandbox.info.bindDN, tlsMode: 'none' as const, baseDN: suffix, flavor: 'openldap' as const };
      const session = await openDirectorySession(profile, settingsFromProfile(profile, sandbox.info.password), false, () => {}, { journal });
      try {
        return await timeLifecycle(session, openLdapFlavor, dataDir, journal, size);
      } finally {
        await session.connection.dispose();
      }
    } finally {
      await sandbox.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Times the export and the teardown of `tenant` through `session`. */
async function timeLifecycle(session: DirectorySession, flavor: DirectoryFlavorModule, dataDir: string, journal: AuditJournal, size: number): Promise<Record<string, number>> {
  const log = flavor.serverLog(session.services.context);
  const lifecycle = new TenantLifecycle(
    { services: session.services, lifecycle: flavor.lifecycle, flavor: flavor.flavor, bindDN: session.info.bindDN, role: session.info.role },
    {
      dataDir,
      journal,
      timeline: 'reader' in log ? { journalPath: journal.path, server: log.reader, scope: { kind: 'everything' } } : { journalPath: journal.path, server: null, serverNotice: log.notice, scope: { kind: 'everything' } },
      mailboxesCsv: async (tenant) => (await exportMailboxesCsv(session.services, tenant)).csv,
    },
  );
  let started = performance.now();
  const exported = await lifecycle.exportTenant('leaving');
  const exportMs = performance.now() - started;
  started = performance.now();
  const report = await lifecycle.teardown('leaving', 'leaving');
  const teardownMs = performance.now() - started;
  if (report.outcome !== 'complete') throw new Error(`teardown left residue: ${JSON.stringify(report.residue.slice(0, 3))}`);
  const at = (step: string) => Date.parse(report.steps.find((done) => done.step === step)?.at ?? '');
  return {
    mailboxes: size,
    tenantEntries: exported.counts.entries,
    directoryEntriesAfter: report.checked.entriesScanned,
    exportMs: Math.round(exportMs),
    exportFiles: exported.files.length,
    exportBytes: exported.files.reduce((sum, file) => sum + file.bytes, 0),
    teardownMs: Math.round(teardownMs),
    planMs: at('planned') - Date.parse(report.startedAt),
    foreignMembersMs: at('members-removed') - at('planned'),
    removeEntriesMs: at('entries-removed') - at('members-removed'),
    residueCheckMs: at('residue-checked') - at('policies-removed'),
    entriesRemoved: report.removed.entries,
  };
}

/** The same on a Samba AD DC. */
async function measureAd(size: number): Promise<Record<string, number>> {
  const { startSambaTestDc } = await import('../test/harness/samba-test-dc');
  const { openAdSession } = await import('../test/harness/samba-session');
  const { activeDirectoryFlavor } = await import('../main/flavors/active-directory/ad-flavor');
  const dc = await startSambaTestDc();
  const dataDir = await mkdtemp(join(tmpdir(), 'enclave-bench-lifecycle-ad-'));
  try {
    const journal = new AuditJournal(join(dataDir, 'journal.jsonl'));
    // Not journaled per write (Samba has no Enclave schema for the journal's checkpoints): the teardown journals its chunks itself.
    const session = await openAdSession(dc);
    try {
      const { dialect, connection } = session.services.context;
      const make = async (name: string, count: number) => {
        await session.services.tenants.create({ name, settings: { mailDomains: [`${name}.test`] } });
        const users = Array.from({ length: count }, (_, i) => `${name}u${i}`);
        const plain = connection.plainCopy();
        try {
          await Promise.all(users.map((login) => plain.add(dialect.newMailboxDn({ tenant: name, login } as never), { objectClass: ['user'], sAMAccountName: login, sn: login, mail: `${login}@${name}.test`, proxyAddresses: `SMTP:${login}@${name}.test`, 'msDS-cloudExtensionAttribute1': '1073741824' })));
          const allUsers = dialect.groupDn(name, 'security', 'all-users');
          for (let i = 0; i < users.length; i += 200) await plain.modify(allUsers, [addValues('member', users.slice(i, i + 200).map((login) => dialect.newMailboxDn({ tenant: name, login } as never)))]);
        } finally {
          await plain.dispose();
        }
      };
      await make('leaving', size);
      for (let t = 0; t < otherTenants; t += 1) await make(`other${t}`, 50);
      return await timeLifecycle(session, activeDirectoryFlavor, dataDir, journal, size);
    } finally {
      await session.connection.dispose();
    }
  } finally {
    await dc.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const ad = process.env['BENCH_FLAVOR'] === 'ad';
  const results = [];
  for (const size of sizes) results.push(ad ? await measureAd(size) : await measure(size));
  process.stdout.write(`${JSON.stringify({ benchmark: 'lifecycle', flavor: ad ? 'active-directory' : 'openldap', otherTenants, otherMailboxesPerTenant: 50, results }, null, 2)}\n`);
}

await main();
