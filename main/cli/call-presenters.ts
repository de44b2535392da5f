/** How a call's answer looks in a terminal; with --json every command prints the answer itself as JSON. */
import type { ImportJobInfo } from '../../shared/model/bulk-import';
import type { SavedConnection, SessionInfo } from '../../shared/model/connection';
import type { Group, SearchHit, TenantSummary } from '../../shared/model/hosting';
import type { AccessRulesReport } from '../../shared/model/isolation';
import type { QuotaReport } from '../../shared/model/quota';
import type { CertificateImportResult, KeysReport, MailboxCertificateView } from '../../shared/model/keys';
import type { Presentation } from './call-commands';
import { renderTenants } from './commands';
import { renderCertificateImport, renderCertificates, renderKeysReport } from './keys-commands';
import { renderQuotaReport } from './quota-commands';
import { renderTable } from './table';

/** The text shown for `value` (the call's result); `done` is the sentence of a command whose call answers null. */
export function present(presentation: Exclude<Presentation, 'mailboxes'>, value: unknown, done: string): string {
  switch (presentation) {
    case 'tenants':
      return renderTenants(value as TenantSummary[]);
    case 'groups':
      return renderGroups(value as Group[]);
    case 'search':
      return renderSearch(value as SearchHit[]);
    case 'connections':
      return renderConnections(value as SavedConnection[]);
    case 'import-jobs':
      return renderImportJobs(value as ImportJobInfo[]);
    case 'session':
      return renderSession(value as SessionInfo);
    case 'quota-report':
      return renderQuotaReport(value as QuotaReport);
    case 'access-rules':
      return renderAccessRules(value as AccessRulesReport);
    case 'keys-report':
      return renderKeysReport(value as KeysReport);
    case 'certificates':
      return renderCertificates(value as MailboxCertificateView);
    case 'certificate-import':
      return renderCertificateImport(value as CertificateImportResult);
    case 'csv':
      return (value as { csv: string }).csv.replace(/\r?\n$/, '');
    case 'done':
      return done;
    case 'object':
      return JSON.stringify(value, null, 2);
  }
}

function renderGroups(groups: Group[]): string {
  return renderTable(
    ['NAME', 'ADDRESS', 'MEMBERS', 'DESCRIPTION'],
    groups.map((g) => [`${g.name}${g.system ? ' (system)' : ''}`, g.address ?? '-', g.members.length > 6 ? `${g.members.length} members` : g.members.map((m) => m.login).join(', ') || '-', g.description]),
  );
}

function renderSearch(hits: SearchHit[]): string {
  return renderTable(
    ['TYPE', 'TENANT', 'NAME', 'DISPLAY NAME', 'ADDRESS'],
    hits.map((h) => [h.type === 'group' ? (h.groupKind === 'distribution' ? 'list' : 'group') : h.type, h.tenant, h.name, h.displayName, h.address ?? '-']),
  );
}

function renderConnections(connections: SavedConnection[]): string {
  return renderTable(
    ['NAME', 'ID', 'URLS', 'BIND DN', 'TLS', 'PASSWORD'],
    connections.map((c) => [c.name, c.id, c.urls.join(' '), c.bindDN, c.tlsMode, c.hasSavedPassword ? 'saved' : '-']),
  );
}

function renderImportJobs(jobs: ImportJobInfo[]): string {
  return renderTable(
    ['JOB', 'TENANT', 'STATE', 'DONE', 'CREATED', 'UPDATED', 'FAILED', 'FILE', 'LAST CHANGE'],
    jobs.map((j) => [j.jobId, j.tenant, j.state, `${j.done}/${j.total}`, String(j.created), String(j.updated), String(j.failed), j.fileName, j.updatedAt]),
  );
}

const roleWords = (role: NonNullable<SessionInfo['connection']>['role']): string =>
  role.kind === 'tenant-admin' ? `tenant admin of ${role.tenants.join(', ')}` : role.kind === 'unrecognized' ? 'in no Enclave role group (the server decides everything)' : role.kind.replace('-', ' ');

function renderSession(session: SessionInfo): string {
  const c = session.connection;
  if (!c) return 'Not connected.';
  return [`Server:   ${c.url} (${c.flavor}, suffix ${c.suffix})`, `Bound as: ${c.bindDN}`, `Role:     ${roleWords(c.role)}`].join('\n');
}

function renderAccessRules(report: AccessRulesReport): string {
  const rules = (title: string, list: AccessRulesReport['accessRules']) => [`${title} (${list.length}):`, ...list.map((rule) => `{${rule.index}}${rule.text}`)];
  return [`Generated for ${report.suffix} with ${report.tenantCount} tenants.`, ...rules('Access rules', report.accessRules), ...rules('Constraints', report.constraintRules)].join('\n');
}
