/**
 * A tenant's exit package: everything it had in the directory, in forms it can take elsewhere, with the SHA-256 of
 * every file (docs/tenant-lifecycle.md, "Exit package"). Read-only: nothing in the directory changes.
 *
 *   directory/entries.ldif       every entry of the tenant, every attribute the host admin may read
 *   directory/operational.ldif   the server's own attributes of those entries (UUIDs, timestamps, memberOf, policy)
 *   directory/policy-entries.ldif  its password policy where it lives outside the tenant (AD's PSO)
 *   mailboxes.csv                the mailboxes in the bulk-import columns (main/bulk's export)
 *   groups.json, groups.csv      groups and distribution lists with their members
 *   certificates/                each certificate as stored (+ PEM), and index.csv
 *   audit/                       the console journal's and the server log's records of this tenant only
 *   settings/                    the tenant's settings and its password policy
 *   README.txt, manifest.json, SHA256SUMS
 */
import { csvFile } from '../../shared/csv/csv-file';
import type { AuditRecord, AuditSourceChoice } from '../../shared/model/audit';
import { listSeparator } from '../../shared/model/bulk-import';
import type { DirectoryFlavor } from '../../shared/model/hosting';
import type { TenantExitPackage } from '../../shared/model/tenant-lifecycle';
import { toCsv } from '../audit/audit-export';
import { listTimeline, type TimelineSources } from '../audit/audit-timeline';
import type { HostingServices } from '../hosting/hosting-services';
import { findCertificates, writeCertificates } from './certificates';
import { entriesLdif } from './entry-ldif';
import type { FlavorLifecycle } from './flavor-lifecycle';
import { PackageWriter, prepareEmptyFolder } from './package-files';
import { readTenantContents } from './tenant-contents';

/** What an export reads from. */
export interface ExitSources {
  services: HostingServices;
  lifecycle: FlavorLifecycle;
  flavor: DirectoryFlavor;
  /** Who exports (the bound identity). */
  actor: string;
  /** The console journal and the server log, as far as the exporting identity may read them. */
  timeline: TimelineSources;
  /** The tenant's mailboxes in the bulk-import columns (main/bulk's export, handed in by the app). */
  mailboxesCsv(tenant: string): Promise<string>;
}

/** Writes the package of `tenantName` into `folder` (new or empty). */
export async function writeExitPackage(sources: ExitSources, tenantName: string, folder: string): Promise<TenantExitPackage> {
  const started = Date.now();
  const { services, lifecycle } = sources;
  const { dialect } = services.context;
  const contents = await readTenantContents(services, lifecycle, tenantName);
  const tenant = contents.tenant;
  await prepareEmptyFolder(folder);
  const writer = new PackageWriter(folder);
  const notes: string[] = [];

  await writer.write('directory/entries.ldif', entriesLdif(contents.entries));
  await writer.write('directory/operational.ldif', entriesLdif(contents.operational));
  if (contents.outside.length > 0) await writer.write('directory/policy-entries.ldif', entriesLdif(contents.outside));
  await writer.write('mailboxes.csv', await sources.mailboxesCsv(tenant.name));

  const groups = await services.groups.list(tenant.name);
  await writer.write('groups.json', `${JSON.stringify(groups, null, 2)}\n`);
  await writer.write('groups.csv', csvFile(['Kind', 'Name', 'Address', 'Description', 'Members'], groups.map((group) => [group.kind === 'security' ? 'group' : 'list', group.name, group.address ?? '', group.description, group.members.map((member) => member.login).join(` ${listSeparator} `)])));

  const mailboxes = contents.entries.filter((entry) => dialect.classify(entry) === 'mailbox');
  const certificates = findCertificates(mailboxes, lifecycle.certificateAttributes, dialect.conformance.loginAttribute);
  const holders = await writeCertificates(writer, certificates);

  const consoleRecords = await auditRecords(sources.timeline, 'console', tenant.name, notes);
  const serverRecords = await auditRecords(sources.timeline, 'server', tenant.name, notes);
  await writer.write('audit/console-journal.json', `${JSON.stringify(consoleRecords, null, 2)}\n`);
  await writer.write('audit/console-journal.csv', toCsv(consoleRecords));
  if (sources.timeline.server !== null) {
    await writer.write('audit/server-log.json', `${JSON.stringify(serverRecords, null, 2)}\n`);
    await writer.write('audit/server-log.csv', toCsv(serverRecords));
  }

  const policy = dialect.passwordPolicy ? await services.passwordPolicies.get(tenant.name) : null;
  await writer.write('settings/tenant.json', `${JSON.stringify(tenant, null, 2)}\n`);
  if (policy) await writer.write('settings/password-policy.json', `${JSON.stringify(policy, null, 2)}\n`);

  const certificateWarning = holders.length === 0 ? null : {
    message: `${holders.length} mailbox${holders.length === 1 ? ' holds' : 'es hold'} certificates. Mail encrypted to them can only be read with the private keys, which were never in the directory and are not in this package: the tenant must keep its own copies.`,
    mailboxes: holders,
  };
  const createdAt = new Date().toISOString();
  const counts = {
    entries: contents.entries.length + contents.outside.length,
    mailboxes: mailboxes.length,
    groups: groups.filter((group) => group.kind === 'security').length,
    lists: groups.filter((group) => group.kind === 'distribution').length,
    certificates: certificates.length,
    consoleRecords: consoleRecords.length,
    serverRecords: serverRecords.length,
  };
  await writer.write('README.txt', readme(tenant.name, createdAt, counts, certificateWarning?.message ?? null, notes));
  return writer.seal({
    tenant: tenant.name,
    tenantDn: tenant.dn,
    flavor: sources.flavor,
    createdAt,
    createdBy: sources.actor,
    counts,
    certificateWarning,
    notes,
    contentDigest: contents.contentDigest,
    elapsedMs: Date.now() - started,
  });
}

/** Every record of `tenant` in one source, oldest first; what could not be read becomes a note. */
async function auditRecords(timeline: TimelineSources, source: AuditSourceChoice, tenant: string, notes: string[]): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listTimeline(timeline, source, { tenant }, cursor, 1000);
    records.push(...page.items);
    for (const problem of [...page.unavailable, ...page.notices]) if (!notes.includes(problem.message)) notes.push(problem.message);
    if (page.nextCursor === null || page.items.length === 0) break;
    cursor = page.nextCursor;
  }
  return records.reverse();
}

function readme(tenant: string, createdAt: string, counts: TenantExitPackage['counts'], warning: string | null, notes: string[]): string {
  return [
    `Exit package of the tenant "${tenant}", made ${createdAt} by Enclave.`,
    '',
    `directory/entries.ldif      ${counts.entries} entries as the directory held them (user attributes; binary values base64)`,
    'directory/operational.ldif  the server’s own attributes of the same entries (identifiers, timestamps, memberships)',
    'directory/policy-entries.ldif  the tenant’s password policy where the directory keeps it outside the tenant (if any)',
    `mailboxes.csv               ${counts.mailboxes} mailboxes in Enclave’s import columns (no passwords: the directory keeps only hashes)`,
    `groups.json, groups.csv     ${counts.groups} groups and ${counts.lists} distribution lists with their members`,
    `certificates/               ${counts.certificates} certificates as stored, with index.csv`,
    `audit/                      ${counts.consoleRecords} console journal records and ${counts.serverRecords} server log records about this tenant`,
    'settings/                   the tenant’s settings and password policy',
    'manifest.json               every file with its size and SHA-256; SHA256SUMS the same for `sha256sum -c SHA256SUMS`',
    '',
    ...(warning ? [`WARNING: ${warning}`, ''] : []),
    ...notes.map((note) => `Note: ${note}`),
    '',
  ].join('\n');
}
