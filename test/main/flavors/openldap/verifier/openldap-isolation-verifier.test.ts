import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubstringFilter } from 'ldapts';
import type { DirectorySession } from '../../../../../main/app/directory-session';
import { reapplyIsolation } from '../../../../../main/flavors/openldap/isolation/apply-isolation';
import { ConfigConnection } from '../../../../../main/flavors/openldap/config/config-connection';
import { verifyIsolation } from '../../../../../main/flavors/verify-isolation';
import type { IsolationReport } from '../../../../../shared/model/isolation';
import { openSession } from '../../../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../../../harness/test-directory';

let dir: TestDirectory;
let host: DirectorySession;
const tenantNames = ['a.*', 'x,ou=tenants', 'Globex, Inc.', '(.+)'];

const adminSettings = () => ({ urls: [dir.info.url], bindDN: dir.info.bindDN, password: dir.info.password, tlsMode: 'none' as const });
const applyRules = () => reapplyIsolation({ ldapiUrl: dir.info.ldapiUrl }, host.connection, host.services.context.dialect);
const failed = (report: IsolationReport) => report.results.filter((r) => !r.passed);

/** Runs `enclave verify-isolation` against the test directory. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), path.resolve('main/cli/enclave.ts'), 'verify-isolation', '--url', dir.info.url, '--bind-dn', dir.info.bindDN, ...args], {
      env: { ...process.env, ENCLAVE_PASSWORD: dir.info.password, ENCLAVE_DATA_DIR: dir.dataDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = await startTestDirectory();
  host = await openSession(dir);
  for (const [index, name] of tenantNames.entries()) {
    await host.services.tenants.create({ name, settings: { mailDomains: [`t${index}.test`], storagePoolBytes: index % 2 === 0 ? 2 ** 30 : null } });
  }
  await applyRules();
}, 60_000);

afterAll(async () => {
  await host?.connection.dispose();
  await dir?.stop();
});


/** Index of the rule giving tenant admins and helpdesk password resets in tenants. */
async function tenantPasswordRule(config: ConfigConnection, databaseDn: string): Promise<number> {
  const index = (await config.readOrdered(databaseDn, 'olcAccess')).findIndex((rule) => rule.includes('attrs=userPassword') && rule.includes('cn=tenant-admins'));
  expect(index).toBeGreaterThanOrEqual(0);
  return index;
}

describe('#verifyIsolation()', () => {
  it('passes on the generated rules, probing every role in every tenant, and removes its probe accounts', async () => {
    const report = await verifyIsolation({ admin: adminSettings(), suffix: dir.info.suffix });
    expect(failed(report)).toEqual([]);
    expect(report).toMatchObject({ passed: true, tenantCount: 4, failureCount: 0 });
    const rolesByTenant = new Map<string, Set<string>>();
    for (const r of report.results.filter((row) => row.role !== 'host-admin')) {
      const tenant = r.tenant ?? r.targetTenant ?? '';
      rolesByTenant.set(tenant, (rolesByTenant.get(tenant) ?? new Set()).add(r.role));
    }
    for (const name of tenantNames) expect([...(rolesByTenant.get(name) ?? [])].sort(), name).toEqual(['helpdesk', 'tenant-admin', 'tenant-user']);
    const probes = new Set(report.results.map((r) => r.probe));
    for (const escalation of ['create-in-other-tenant', 'create-tenant', 'create-at-suffix', 'move-into-other-tenant', 'join-host-admins', 'join-helpdesk', 'join-other-tenant-admins', 'edit-tenant-settings', 'edit-tenant-limits', 'quota-above-pool', 'foreign-domain-address']) {
      expect(probes, escalation).toContain(`tenant-admin.${escalation}`);
    }
    expect(probes).toContain('tenant-admin.read-password-hash');
    expect(probes).toContain('tenant-admin.read-accesslog');
    const leftovers = await host.connection.search(dir.info.suffix, { filter: new SubstringFilter({ attribute: 'uid', initial: 'zp' }), attributes: ['1.1'] });
    expect(leftovers).toEqual([]);
  });

  it('fails when one rule is removed through cn=config', async () => {
    const config = await ConfigConnection.open({ ldapiUrl: dir.info.ldapiUrl });
    try {
      const { databaseDn } = await config.locate(dir.info.suffix);
      // The rule that lets helpdesk and tenant admins reset passwords in tenants; without it resets are refused.
      await config.deleteOrdered(databaseDn, 'olcAccess', await tenantPasswordRule(config, databaseDn));
    } finally {
      await config.close();
    }
    const report = await verifyIsolation({ admin: adminSettings(), suffix: dir.info.suffix });
    expect(report.passed).toBe(false);
    expect(failed(report).map((r) => r.probe)).toEqual(expect.arrayContaining(['helpdesk.reset-password', 'tenant-admin.reset-password']));
    await applyRules();
  });

  it('reports a leak when a too-broad rule is put in front', async () => {
    const config = await ConfigConnection.open({ ldapiUrl: dir.info.ldapiUrl });
    try {
      const { databaseDn } = await config.locate(dir.info.suffix);
      const rules = await config.readOrdered(databaseDn, 'olcAccess');
      // A plausible mistake: "host admins manage the tenants, users read them", after the password rules.
      const hostAdmins = 'group/enclaveGroup/member.exact="cn=host-admins,ou=groups,ou=host,dc=hosting,dc=test"';
      const afterPasswords = rules.findIndex((rule) => rule.includes('dn.regex') && rule.includes('attrs=userPassword')) + 1;
      await config.replaceOrdered(databaseDn, 'olcAccess', [...rules.slice(0, afterPasswords), `to dn.subtree="ou=tenants,dc=hosting,dc=test" by ${hostAdmins} manage by users read`, ...rules.slice(afterPasswords)]);
    } finally {
      await config.close();
    }
    try {
      const report = await verifyIsolation({ admin: adminSettings(), suffix: dir.info.suffix });
      expect(report.passed).toBe(false);
      const leaks = failed(report).filter((r) => r.actual === 'allowed' && r.expected.includes('invisible'));
      expect(leaks.map((r) => r.probe)).toEqual(expect.arrayContaining(['tenant-user.read-other-tenant', 'tenant-user.lookup-other-address', 'tenant-user.search-from-suffix']));
    } finally {
      await applyRules();
    }
  });

  it('is the CLI command verify-isolation: exit 0 when isolated, 1 with the failing probes when not', async () => {
    const good = await cli(['--json']);
    expect(good.code, good.stderr).toBe(0);
    expect((JSON.parse(good.stdout) as IsolationReport).passed).toBe(true);

    const config = await ConfigConnection.open({ ldapiUrl: dir.info.ldapiUrl });
    try {
      const { databaseDn } = await config.locate(dir.info.suffix);
      await config.deleteOrdered(databaseDn, 'olcAccess', await tenantPasswordRule(config, databaseDn));
    } finally {
      await config.close();
    }
    const bad = await cli([]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/helpdesk\.reset-password/);
    expect(bad.stdout).toMatch(/^FAIL: \d+ probes over 4 tenants/m);
    await applyRules();
  }, 60_000);
});
