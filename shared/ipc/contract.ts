/**
 * The one contract between renderer and main: every call with its request schema and response type,
 * every event main pushes. The Electron preload, the IPC gate, the browser host and its client are all
 * derived from this object, so they cannot drift apart.
 */
import { conformanceScanRequest, type ConformanceReport } from '../model/conformance';
import { z } from 'zod';
import type { Result } from '../errors';
import {
  connectRequest,
  connectionProfileSchema,
  saveConnectionRequest,
  type ConnectionState,
  type ConnectionTestReport,
  type SavedConnection,
  type SessionInfo,
} from '../model/connection';
import {
  createGroupRequest,
  createMailboxRequest,
  createTenantRequest,
  deleteTenantRequest,
  groupMembersRequest,
  groupRef,
  listGroupsRequest,
  listMailboxesRequest,
  mailboxRef,
  resetPasswordRequest,
  searchDirectoryRequest,
  setMailboxEnabledRequest,
  listTenantsRequest,
  tenantRef,
  updateGroupRequest,
  updateMailboxRequest,
  updateTenantRequest,
  type Group,
  type Mailbox,
  type MailboxPage,
  type SearchHit,
  type Tenant,
  type TenantMailboxCounts,
  type TenantSummary,
  type TenantUsage,
  type PendingPrimaryGroups,
  type PrimaryGroupFinishReport,
} from '../model/hosting';
import {
  exportAuditRecordsRequest,
  listAuditRecordsRequest,
  type AuditExport,
  type AuditPage,
  type AuditRecord,
  type AuditVerification,
} from '../model/audit';
import { quotaReportRequest, type QuotaReport } from '../model/quota';
import type { MailboxActivity } from '../model/mailbox-activity';
import {
  importCertificateRequest,
  keysReportRequest,
  mailboxCertificatesRequest,
  removeCertificateRequest,
  type CertificateImportResult,
  type KeysReport,
  type MailboxCertificateView,
} from '../model/keys';
import { verifyIsolationRequest, type AccessRulesReport, type IsolationReport } from '../model/isolation';
import {
  importJobRef,
  previewImportRequest,
  startImportRequest,
  type CsvFile,
  type ImportJobInfo,
  type ImportPreview,
  type ImportProgress,
} from '../model/bulk-import';
import {
  adoptPasswordPoliciesRequest,
  updatePasswordPolicyRequest,
  type PasswordPolicyAdoption,
  type TenantPasswordPolicy,
} from '../model/password-policy';
import { exportTenantRequest, teardownTenantRequest, type TeardownReport, type TenantExitPackage, type TenantLifecycleStatus } from '../model/tenant-lifecycle';
import type { CallName, EventName } from './call-names';
import { createServiceAccountRequest, serviceAccountRef, type CreatedServiceAccount, type ServiceAccount } from '../model/service-accounts';
import { purgeExpiredRequest, type DeletedItems, type PurgeReport } from '../model/deleted-items';
import { bulkMailboxesRequest, type BulkMailboxesReport, type BulkProgress } from '../model/bulk-mailboxes';

/** A call: its request schema, and its response type carried only at the type level. */
export interface CallSpec<Req extends z.ZodType = z.ZodType, Res = unknown> {
  request: Req;
  /** Phantom: never read at runtime. */
  readonly response?: Res;
}

const call = <Res>() => <Req extends z.ZodType>(request: Req): CallSpec<Req, Res> => ({ request });
const empty = z.object({}).strict();

export const contract = {
  getSession: call<SessionInfo>()(empty),
  listConnections: call<SavedConnection[]>()(empty),
  saveConnection: call<SavedConnection>()(saveConnectionRequest),
  deleteConnection: call<null>()(z.object({ profileId: connectionProfileSchema.shape.id })),
  testConnection: call<ConnectionTestReport>()(saveConnectionRequest),
  connect: call<SessionInfo>()(connectRequest),

  listTenants: call<TenantSummary[]>()(listTenantsRequest),
  countTenantMailboxes: call<TenantMailboxCounts>()(empty),
  getTenant: call<TenantSummary>()(tenantRef),
  createTenant: call<Tenant>()(createTenantRequest),
  updateTenant: call<Tenant>()(updateTenantRequest),
  deleteTenant: call<null>()(deleteTenantRequest),

  listMailboxes: call<MailboxPage>()(listMailboxesRequest),
  getMailbox: call<Mailbox>()(mailboxRef),
  createMailbox: call<Mailbox>()(createMailboxRequest),
  updateMailbox: call<Mailbox>()(updateMailboxRequest),
  setMailboxEnabled: call<Mailbox>()(setMailboxEnabledRequest),
  resetMailboxPassword: call<null>()(resetPasswordRequest),
  deleteMailbox: call<null>()(mailboxRef),

  listGroups: call<Group[]>()(listGroupsRequest),
  getGroup: call<Group>()(groupRef),
  createGroup: call<Group>()(createGroupRequest),
  updateGroup: call<Group>()(updateGroupRequest),
  deleteGroup: call<null>()(groupRef),
  addGroupMembers: call<Group>()(groupMembersRequest),
  removeGroupMembers: call<Group>()(groupMembersRequest),

  searchDirectory: call<SearchHit[]>()(searchDirectoryRequest),
  unlockMailbox: call<Mailbox>()(mailboxRef),
  getTenantUsage: call<TenantUsage>()(tenantRef),
  quotaReport: call<QuotaReport>()(quotaReportRequest),
  listAuditRecords: call<AuditPage>()(listAuditRecordsRequest),
  verifyAuditJournal: call<AuditVerification>()(empty),
  exportAuditRecords: call<AuditExport>()(exportAuditRecordsRequest),
  getAccessRules: call<AccessRulesReport>()(empty),
  verifyIsolation: call<IsolationReport>()(verifyIsolationRequest),
  scanConformance: call<ConformanceReport>()(conformanceScanRequest),
  previewImport: call<ImportPreview>()(previewImportRequest),
  startImport: call<ImportJobInfo>()(startImportRequest),
  pauseImport: call<ImportJobInfo>()(importJobRef),
  resumeImport: call<ImportJobInfo>()(importJobRef),
  cancelImport: call<ImportJobInfo>()(importJobRef),
  listImportJobs: call<ImportJobInfo[]>()(empty),
  exportMailboxesCsv: call<CsvFile>()(tenantRef),
  importTemplateCsv: call<CsvFile>()(empty),
  importReportCsv: call<CsvFile>()(importJobRef),
  listPendingPrimaryGroups: call<PendingPrimaryGroups>()(empty),
  finishPrimaryGroups: call<PrimaryGroupFinishReport>()(empty),
  keysReport: call<KeysReport>()(keysReportRequest),
  getMailboxCertificates: call<MailboxCertificateView>()(mailboxCertificatesRequest),
  importMailboxCertificate: call<CertificateImportResult>()(importCertificateRequest),
  removeMailboxCertificate: call<MailboxCertificateView>()(removeCertificateRequest),
  getTenantPasswordPolicy: call<TenantPasswordPolicy>()(tenantRef),
  updateTenantPasswordPolicy: call<TenantPasswordPolicy>()(updatePasswordPolicyRequest),
  adoptTenantPasswordPolicies: call<PasswordPolicyAdoption>()(adoptPasswordPoliciesRequest),
  exportTenant: call<TenantExitPackage>()(exportTenantRequest),
  teardownTenant: call<TeardownReport>()(teardownTenantRequest),
  getTenantLifecycle: call<TenantLifecycleStatus>()(tenantRef),
  listServiceAccounts: call<ServiceAccount[]>()(empty),
  /** The generated password is in the answer once; Enclave keeps no copy. */
  createServiceAccount: call<CreatedServiceAccount>()(createServiceAccountRequest),
  deleteServiceAccount: call<null>()(serviceAccountRef),
  /** Used size, message count, last login (from the connection's mail usage source) and lock state. */
  getMailboxActivity: call<MailboxActivity>()(mailboxRef),
  listDeletedMailboxes: call<DeletedItems>()(tenantRef),
  restoreMailbox: call<Mailbox>()(mailboxRef),
  purgeMailbox: call<null>()(mailboxRef),
  purgeExpiredMailboxes: call<PurgeReport>()(purgeExpiredRequest),
  bulkMailboxes: call<BulkMailboxesReport>()(bulkMailboxesRequest),
} satisfies Record<CallName, CallSpec>;

/** Events main pushes to every window; payloads are validated by the type system only (main is trusted). */
export interface EventPayloads {
  connectionState: { state: ConnectionState; url: string | null; message?: string };
  sandboxState: SessionInfo['sandbox'];
  /** A change was journaled (its outcome written): the audit viewer's live tail. */
  auditAppended: AuditRecord;
  importProgress: ImportProgress;
  /** A bulk action on selected mailboxes is under way. */
  bulkProgress: BulkProgress;
}
// Compile-time check that EventPayloads covers exactly the declared event names.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const eventPayloadsCoverEventNames: Exact<keyof EventPayloads, EventName> = true;

export type Contract = typeof contract;
/** What the renderer sends (defaults not yet applied). */
export type CallRequest<N extends CallName> = z.input<Contract[N]['request']>;
/** What main receives after validation (defaults applied). */
export type ParsedRequest<N extends CallName> = z.output<Contract[N]['request']>;
export type CallResponse<N extends CallName> = NonNullable<Contract[N]['response']> extends never
  ? null
  : Exclude<Contract[N]['response'], undefined>;

/** The API the renderer holds: one named async function per call, errors as data. */
export type EnclaveApi = {
  [N in CallName]: (request: CallRequest<N>) => Promise<Result<CallResponse<N>>>;
} & {
  /** Subscribe to a pushed event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};
