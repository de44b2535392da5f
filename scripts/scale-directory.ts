/**
 * A sandbox directory with N tenants of M mailboxes each, written offline with slapadd from the console's own entry
 * builders (the dialect and the layout), so that benchmarks start in seconds at any size. Every tenant has its
 * containers, its own password policy, its two built-in groups (the first mailbox is its admin, all are in
 * all-users) and a storage pool.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ldifEntry } from '../main/directory/ldif';
import { openLdapDialect } from '../main/flavors/openldap/openldap-dialect';
import { openLdapLayout } from '../main/flavors/openldap/openldap-layout';
import { tenantPolicyEntry } from '../main/flavors/openldap/openldap-password-policy';
import { fallbackPasswordPolicy } from '../shared/model/password-policy';
import { startSandbox } from '../main/flavors/openldap/sandbox/sandbox';
import { findSlapdBinaries } from '../main/flavors/openldap/sandbox/slapd-binaries';
import { runSlapadd } from '../main/flavors/openldap/sandbox/slapadd';
import { sandboxPaths } from '../main/flavors/openldap/sandbox/sandbox-paths';
import { hashSsha } from '../main/flavors/openldap/sandbox/ssha-password';
import type { RunningSandbox } from '../main/flavors/openldap/sandbox/sandbox-types';

/** Every scale mailbox's password (hashed once: slapadd skips the password policy). */
export const scalePassword = 'Scale-Bench-Password-1';
export const scaleTenantName = (index: number): string => `Scale tenant ${index}`;
export const scaleDomain = (index: number): string => `scale${index}.test`;
export const scaleLogin = (tenant: number, mailbox: number): string => `s${tenant}m${mailbox}`;

export interface ScaleDirectory {
  sandbox: RunningSandbox;
  buildMs: number;
  entries: number;
  stop(): Promise<void>;
}

/** Starts a sandbox and loads `tenants` × `mailboxes` offline. */
export async function startScaleDirectory(tenants: number, mailboxes: number): Promise<ScaleDirectory> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'enclave-scale-'));
  const first = await startSandbox({ dataDir, fresh: true });
  const { suffix } = first.info;
  const port = Number(new URL(first.info.url).port);
  await first.stop();
  const started = Date.now();
  const { text, entries } = scaleLdif(suffix, tenants, mailboxes);
  const binaries = await findSlapdBinaries();
  await runSlapadd(binaries.slapadd, ['-q', '-F', sandboxPaths(dataDir).configDir, '-b', suffix], text);
  const sandbox = await startSandbox({ dataDir, port });
  return {
    sandbox,
    buildMs: Date.now() - started,
    entries,
    stop: async () => {
      await sandbox.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The LDIF of the tenants (as the console writes them, memberOf back-links by hand: slapadd runs no overlays). */
export function scaleLdif(suffix: string, tenants: number, mailboxes: number): { text: string; entries: number } {
  const dialect = openLdapDialect(suffix);
  const { layout } = dialect;
  const hash = hashSsha(scalePassword);
  const parts: string[] = [];
  for (let t = 0; t < tenants; t += 1) {
    const name = scaleTenantName(t);
    const domain = scaleDomain(t);
    parts.push(ldifEntry(layout.tenantDn(name), dialect.tenantEntry(name, { displayName: `Scale ${t}`, mailDomains: [domain], storagePoolBytes: 100 * 2 ** 30, mailboxLimit: 1000, defaultQuotaBytes: 2 ** 30, allowOvercommit: false })));
    for (const container of layout.tenantContainers(name)) parts.push(ldifEntry(container.dn, container.attributes));
    // Its own password policy, which its mailboxes name (docs/tenant-lifecycle.md).
    parts.push(ldifEntry(openLdapLayout(suffix).tenantPolicyDn(name), tenantPolicyEntry(fallbackPasswordPolicy)));
    const admins = dialect.groupDn(name, 'security', 'tenant-admins');
    const everyone = dialect.groupDn(name, 'security', 'all-users');
    const members: string[] = [];
    for (let m = 0; m < mailboxes; m += 1) {
      const login = scaleLogin(t, m);
      const entry = dialect.mailboxEntry({ tenant: name, login, givenName: 'Scale', surname: `User ${m}`, displayName: '', primaryAddress: `${login}@${domain}`, aliases: [], quotaBytes: 2 ** 30, hiddenFromAddressBook: false, password: hash, enabled: true, groups: [] });
      const dn = dialect.newMailboxDn({ tenant: name, login, givenName: '', surname: '', displayName: '', primaryAddress: '', aliases: [], hiddenFromAddressBook: false, password: '', enabled: true, groups: [] });
      members.push(dn);
      parts.push(ldifEntry(dn, { ...entry, memberOf: m === 0 ? [everyone, admins] : [everyone] }));
    }
    parts.push(ldifEntry(admins, dialect.groupEntry('security', 'tenant-admins', 'Admins of the tenant', null, members.slice(0, 1))));
    parts.push(ldifEntry(everyone, dialect.groupEntry('security', 'all-users', 'Every mailbox of the tenant', null, members)));
  }
  return { text: parts.join(''), entries: parts.length };
}
