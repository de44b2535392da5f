/**
 * The names of every call and event across the process boundary. Kept apart from the schemas so the
 * sandboxed preload can expose named calls without bundling them; contract.ts must cover exactly these.
 */
export const callNames = [
  'getSession',
  'listConnections',
  'saveConnection',
  'deleteConnection',
  'testConnection',
  'connect',
  'listTenants',
  'getTenant',
  'createTenant',
  'updateTenant',
  'deleteTenant',
  'listMailboxes',
  'getMailbox',
  'createMailbox',
  'updateMailbox',
  'setMailboxEnabled',
  'resetMailboxPassword',
  'deleteMailbox',
  'listGroups',
  'getGroup',
  'createGroup',
  'updateGroup',
  'deleteGroup',
  'addGroupMembers',
  'removeGroupMembers',
  'searchDirectory',
  'unlockMailbox',
  'getTenantUsage',
  'quotaReport',
  'listAuditRecords',
  'verifyAuditJournal',
  'exportAuditRecords',
  'getAccessRules',
  'verifyIsolation',
  'scanConformance',
  'previewImport',
  'startImport',
  'pauseImport',
  'resumeImport',
  'cancelImport',
  'listImportJobs',
  'exportMailboxesCsv',
  'importTemplateCsv',
  'importReportCsv',
  'listPendingPrimaryGroups',
  'finishPrimaryGroups',
  'getPasswordPolicy',
  'listDeletedMailboxes',
  'restoreMailbox',
  'purgeMailbox',
  'purgeExpiredMailboxes',
  'bulkMailboxes',
] as const;
export type CallName = (typeof callNames)[number];

export const eventNames = ['connectionState', 'sandboxState', 'auditAppended', 'importProgress', 'bulkProgress'] as const;
export type EventName = (typeof eventNames)[number];

/** The Electron IPC channel of a call or event. */
export const ipcChannel = (name: CallName | EventName): string => `enclave:${name}`;

export const isCallName = (name: string): name is CallName => (callNames as readonly string[]).includes(name);
